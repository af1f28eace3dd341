import pandas as pd

from policy_corpus.ingest.summary import corpus_by_region, refused_files


def documents() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "doc_id": ["a", "b", "c"],
            "region_code": ["650000", "210000", "210000"],
            "region_zh": ["新疆维吾尔自治区", "辽宁省", "辽宁省"],
            "region_en": ["Xinjiang", "Liaoning", "Liaoning"],
            "admin_level": ["province"] * 3,
            "doc_type": ["news", "plan", "plan"],
            "published": ["2019-10-15", "2019", "2019-04"],
            "n_chars": [100, 2000, 500],
        }
    )


def test_the_corpus_is_counted_by_region_genre_and_year_in_region_code_order():
    table = corpus_by_region(documents())
    assert table["region_code"].tolist() == ["210000", "650000"]
    assert table[["year", "n_documents", "n_chars"]].values.tolist() == [
        ["2019", 2, 2500],
        ["2019", 1, 100],
    ]
    assert table["doc_type"].tolist() == ["work plan", "news report"]


def test_refused_files_list_errors_first_with_the_reason_whole():
    issues = pd.DataFrame(
        {
            "source_file": ["b.txt", "a.txt"],
            "doc_id": ["b", "a"],
            "severity": ["warning", "error"],
            "problem": ["odd header", "not in any supported encoding (tried UTF-8, GB18030)"],
        }
    )
    table = refused_files(issues)
    assert table["source_file"].tolist() == ["a.txt", "b.txt"]
    assert table["problem"].iat[0] == "not in any supported encoding (tried UTF-8, GB18030)"
