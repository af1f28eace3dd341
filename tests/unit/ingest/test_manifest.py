import shutil

import pytest

from policy_corpus.ingest.manifest import ManifestError, check_manifest, read_manifest

HEADER = "doc_id,source_file,region_zh,region_en,region_code,admin_level,doc_type,published\n"
GOOD = "a,a.txt,示例县,Example,130102,county,news,2020-04\n"


def raw_dir(tmp_path, rows: str, files=("a.txt",)):
    for name in files:
        (tmp_path / name).write_text("健康扶贫。", encoding="utf-8")
    (tmp_path / "manifest.csv").write_text(HEADER + rows, encoding="utf-8")
    return tmp_path


def test_good_manifest_has_no_problems(tmp_path):
    rows, problems = check_manifest(read_manifest(raw_dir(tmp_path, GOOD)), tmp_path)
    assert rows["doc_id"].tolist() == ["a"]
    assert problems == []


def test_manifest_with_bom_from_excel_is_read(tmp_path):
    (tmp_path / "manifest.csv").write_bytes(b"\xef\xbb\xbf" + (HEADER + GOOD).encode())
    assert read_manifest(tmp_path).columns[0] == "doc_id"


def test_missing_manifest_is_an_error(tmp_path):
    with pytest.raises(ManifestError, match="no manifest"):
        read_manifest(tmp_path)


def test_missing_column_is_named(tmp_path):
    (tmp_path / "manifest.csv").write_text("doc_id,source_file\na,a.txt\n", encoding="utf-8")
    with pytest.raises(ManifestError, match="region_zh"):
        read_manifest(tmp_path)


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ("a,a.txt,示例县,Example,13010,county,news,2020\n", "6-digit"),
        ("a,a.txt,示例县,Example,130102,village,news,2020\n", "admin_level"),
        ("a,a.txt,示例县,Example,130102,county,news,2020-13\n", "published"),
        ("a,a.txt,示例县,Example,130102,county,news,15/10/2019\n", "published"),
        ("a,missing.txt,示例县,Example,130102,county,news,2020\n", "not found"),
        (",a.txt,示例县,Example,130102,county,news,2020\n", "empty doc_id"),
    ],
)
def test_bad_rows_are_reported_not_kept(tmp_path, row, problem):
    rows, problems = check_manifest(read_manifest(raw_dir(tmp_path, row)), tmp_path)
    assert rows.empty
    assert any(problem in p.problem for p in problems), problems


def test_a_genre_outside_the_vocabulary_is_kept_as_other_with_a_warning(tmp_path):
    row = "a,a.txt,示例县,Example,130102,county,bulletin,2020\n"
    rows, problems = check_manifest(read_manifest(raw_dir(tmp_path, row)), tmp_path)
    assert rows["doc_type"].tolist() == ["other"]
    assert [(p.doc_id, p.severity) for p in problems] == [("a", "warning")]
    assert "doc_type 'bulletin' is not one of" in problems[0].problem
    assert problems[0].problem.endswith("read as other")


def test_duplicate_id_and_unlisted_file(tmp_path):
    rows, problems = check_manifest(
        read_manifest(raw_dir(tmp_path, GOOD + GOOD, files=("a.txt", "b.txt"))), tmp_path
    )
    assert rows["doc_id"].tolist() == ["a"]
    kinds = sorted((p.source_file, p.severity) for p in problems)
    assert kinds == [("a.txt", "error"), ("b.txt", "warning")]


def test_seed_manifest_is_valid(tmp_path):
    from policy_corpus.contract.paths import RAW_DIR

    shutil.copytree(RAW_DIR, tmp_path / "raw")
    rows, problems = check_manifest(read_manifest(tmp_path / "raw"), tmp_path / "raw")
    assert len(rows) == 5
    assert problems == []
