"""Compare the contract tables of two runs, table by table and value by value.

Usage: .venv/bin/python scripts/compare_tables.py BEFORE_DIR AFTER_DIR

A refactoring that changes no result must leave every table equal. Flags written before step 7
as prose ("plan vs achievement; period unknown") are mapped to today's codes first, so a run
from before the codes were introduced can be compared with one after. Exit 0 when all tables
are equal.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pandas as pd

from policy_corpus.contract.vocabulary import terms

#: Prose flags of the old form ("different periods (2019/2020)") to their code.
_PROSE_TO_CODE = {term.en: term.code for term in terms("flag")}


def flags_as_codes(prose: str) -> list[str]:
    """Codes of an old prose flag string; details in parentheses are dropped."""
    parts = [re.sub(r"\s*\(.*\)$", "", part) for part in prose.split("; ") if part]
    return [_PROSE_TO_CODE[part] for part in parts]


def comparable(frame: pd.DataFrame) -> pd.DataFrame:
    """A frame with list columns as tuples, so that frames compare value by value."""
    if "flags" not in frame:
        return frame
    flags = frame["flags"]
    if flags.map(lambda v: isinstance(v, str)).all():
        flags = flags.map(flags_as_codes)
    return frame.assign(flags=flags.map(lambda codes: tuple(str(c) for c in codes)))


def main(before: Path, after: Path) -> int:
    """Print one line per table; return the number of tables that differ."""
    differ = 0
    names = sorted(
        {p.name for p in before.glob("*.parquet")} | {p.name for p in after.glob("*.parquet")}
    )
    for name in names:
        if not (before / name).exists() or not (after / name).exists():
            print(f"{name}: only in {'after' if (after / name).exists() else 'before'}")
            differ += 1
            continue
        old = comparable(pd.read_parquet(before / name))
        new = comparable(pd.read_parquet(after / name))
        try:
            pd.testing.assert_frame_equal(old, new, check_dtype=False)
        except AssertionError as err:
            differ += 1
            print(f"{name}: DIFFERS\n  {str(err).splitlines()[0]}")
        else:
            print(f"{name}: equal ({len(new)} rows)")
    return differ


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(1 if main(Path(sys.argv[1]), Path(sys.argv[2])) else 0)
