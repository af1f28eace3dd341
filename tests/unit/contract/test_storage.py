import pandas as pd
import pytest

from policy_corpus.contract import storage
from policy_corpus.contract.schema import ContractError


def sentences(text: str = "abc") -> pd.DataFrame:
    return pd.DataFrame(
        [{"doc_id": "d", "sentence_id": 0, "start": 0, "end": 3, "text": text, "section": ""}]
    )


def test_write_then_read_round_trip(tmp_path):
    storage.write_table("sentences", sentences("健康扶贫"), tmp_path)
    back = storage.read_table("sentences", tmp_path)
    assert back["text"].tolist() == ["健康扶贫"]


def test_invalid_table_leaves_previous_good_table(tmp_path):
    storage.write_table("sentences", sentences("old"), tmp_path)
    bad = sentences().assign(start="not a number")
    with pytest.raises(ContractError):
        storage.write_table("sentences", bad, tmp_path)
    assert storage.read_table("sentences", tmp_path)["text"].tolist() == ["old"]
    assert [p.name for p in tmp_path.iterdir()] == ["sentences.parquet"]


def test_failed_write_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "x.bin"
    target.write_text("previous")

    def explode(tmp):
        tmp.write_text("half")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        storage.write_atomic(target, explode)
    assert target.read_text() == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["x.bin"]


def test_write_tables_validates_all_before_writing_any(tmp_path):
    with pytest.raises(ContractError):
        storage.write_tables(tmp_path, sentences=sentences(), documents=pd.DataFrame({"x": [1]}))
    assert list(tmp_path.iterdir()) == []


def test_missing_table_names_the_notebook_to_run(tmp_path):
    with pytest.raises(FileNotFoundError, match="documents"):
        storage.read_table("documents", tmp_path)


def test_csv_for_excel_has_bom_and_chinese(tmp_path):
    path = storage.write_csv_for_excel(pd.DataFrame({"地区": ["辽宁省"]}), tmp_path / "t.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert "辽宁省" in raw.decode("utf-8-sig")


def test_written_files_are_readable_by_others_as_umask_allows(tmp_path):
    import os
    import stat

    path = storage.write_atomic(tmp_path / "shared.txt", lambda tmp: tmp.write_text("x"))
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~mask


def test_arrow_allocates_with_malloc_unless_the_user_chose(monkeypatch):
    import pyarrow as pa

    assert pa.default_memory_pool().backend_name == "system"  # set on import
    try:
        other = pa.mimalloc_memory_pool()
    except NotImplementedError:  # an Arrow built without mimalloc
        other = pa.jemalloc_memory_pool()
    pa.set_memory_pool(other)
    monkeypatch.setenv(storage.ARROW_POOL_ENV, other.backend_name)
    storage.use_system_allocator()
    assert pa.default_memory_pool().backend_name == other.backend_name  # the user's choice
    monkeypatch.delenv(storage.ARROW_POOL_ENV)
    storage.use_system_allocator()
    assert pa.default_memory_pool().backend_name == "system"
