import pytest

from policy_corpus.pipeline import (
    STAGES,
    ConfigError,
    RunConfig,
    load_params,
    run_chain,
    stage_parameters,
)


def params_file(tmp_path, text: str):
    path = tmp_path / "params.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_default_params_fit_every_notebook():
    config = RunConfig()
    for stage in STAGES:
        params = stage_parameters(stage, config)
        assert "processed_dir" in params


def test_paths_are_passed_absolute(tmp_path):
    config = RunConfig(processed_dir=tmp_path / "p", params_file=None)
    assert stage_parameters("02_extract", config)["processed_dir"] == str(tmp_path / "p")


def test_unknown_parameter_is_refused_by_name(tmp_path):
    config = RunConfig(params_file=params_file(tmp_path, "01_ingest:\n  simplfy: true\n"))
    with pytest.raises(ConfigError, match="unknown parameter 'simplfy'"):
        stage_parameters("01_ingest", config)


def test_parameter_of_wrong_type_is_refused(tmp_path):
    config = RunConfig(
        params_file=params_file(tmp_path, "04_compare_regions:\n  min_regions: two\n")
    )
    with pytest.raises(ConfigError, match=r"min_regions.*must be int"):
        stage_parameters("04_compare_regions", config)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("01_ingest: [unclosed\n", "cannot read"),
        ("- a\n- b\n", "block of parameters"),
        ("06_extra:\n  x: 1\n", "unknown block"),
    ],
)
def test_broken_params_file(tmp_path, text, message):
    with pytest.raises(ConfigError, match=message):
        load_params(params_file(tmp_path, text))


def test_unknown_stage_is_refused(tmp_path):
    with pytest.raises(ConfigError, match="unknown stage"):
        run_chain(RunConfig(stages=["06_publish"]), log=lambda _: None)
