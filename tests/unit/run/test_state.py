import json
import os

from policy_corpus.run import state


def test_file_hash_is_of_content_not_time(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("健康扶贫", encoding="utf-8")
    before = state.file_hash(path)
    os.utime(path, (1, 1))
    assert state.file_hash(path) == before
    path.write_text("健康扶贫。", encoding="utf-8")
    assert state.file_hash(path) != before


def test_missing_file_and_folder_hash_as_missing(tmp_path):
    assert state.file_hash(tmp_path / "nope") == "missing"
    assert state.folder_hash(tmp_path / "nope") == "missing"


def test_folder_hash_sees_names_and_content_but_not_scratch_files(tmp_path):
    (tmp_path / "a.txt").write_text("a")
    before = state.folder_hash(tmp_path)
    (tmp_path / ".a.txt.123.tmp").write_text("half written")
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "__pycache__" / "m.pyc").write_bytes(b"\0")
    assert state.folder_hash(tmp_path) == before
    (tmp_path / "a.txt").rename(tmp_path / "b.txt")
    assert state.folder_hash(tmp_path) != before


def test_folder_hash_with_patterns(tmp_path):
    (tmp_path / "f.png").write_bytes(b"png")
    only_png = state.folder_hash(tmp_path, ["*.png"])
    (tmp_path / "f.svg").write_text("<svg/>")
    assert state.folder_hash(tmp_path, ["*.png"]) == only_png
    assert state.folder_hash(tmp_path) != only_png


def test_digest_ignores_key_order():
    assert state.digest({"a": 1, "b": [1, 2]}) == state.digest({"b": [1, 2], "a": 1})
    assert state.digest({"a": 1}) != state.digest({"a": 2})


def test_package_versions_name_python_and_the_dependencies():
    versions = state.package_versions()
    assert {"python", "policy-corpus", "pandas", "papermill"} <= set(versions)


def test_manifest_round_trip_and_unreadable_manifest(tmp_path):
    path = tmp_path / "run.json"
    manifest = {"format": state.FORMAT_VERSION, "stages": {"01_ingest": {"key": "k"}}}
    state.save_manifest(path, manifest)
    assert state.load_manifest(path) == manifest
    assert [p.name for p in tmp_path.iterdir()] == ["run.json"]
    path.write_text("{not json")
    assert state.load_manifest(path) == {}
    path.write_text(json.dumps({"format": 999}))
    assert state.load_manifest(path) == {}
    assert state.load_manifest(tmp_path / "absent.json") == {}


def test_outputs_unchanged(tmp_path):
    table = tmp_path / "t.parquet"
    table.write_bytes(b"v1")
    folder = tmp_path / "figures"
    folder.mkdir()
    (folder / "f.png").write_bytes(b"png")
    recorded = {str(table): state.file_hash(table), f"{folder}/": state.folder_hash(folder)}
    assert state.outputs_unchanged(recorded)
    (folder / "f.png").write_bytes(b"other")
    assert not state.outputs_unchanged(recorded)
    (folder / "f.png").write_bytes(b"png")
    table.unlink()
    assert not state.outputs_unchanged(recorded)
    optional = tmp_path / "optional.parquet"
    assert state.outputs_unchanged({str(optional): "missing"})
    optional.write_bytes(b"new")
    assert not state.outputs_unchanged({str(optional): "missing"})
