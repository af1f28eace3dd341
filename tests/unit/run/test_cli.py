import argparse

from policy_corpus.run.cli import build_parser


def test_every_option_of_run_has_help():
    parser = build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    run = commands.choices["run"]
    options = [a for a in run._actions if a.option_strings]
    assert len(options) > 10
    assert [a.option_strings for a in options if not a.help] == []
