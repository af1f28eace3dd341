import math

import jieba
import numpy as np
import pandas as pd
import pytest

from policy_corpus.codebook import load_codebook
from policy_corpus.compare import terms
from policy_corpus.contract.schema import validate_table


@pytest.fixture(scope="module")
def tokenizer():
    return terms.make_tokenizer(["大病集中救治", "家庭医生签约"])


# ── keyness ──────────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("a", "b", "c", "d", "expected"),
    [
        # E1 = 10·4/40 = 1, E2 = 30·4/40 = 3: G² = 2(3 ln 3 + 1 ln 1/3) = 4 ln 3.
        (3, 1, 10, 30, 4 * math.log(3)),
        # E1 = E2 = 5: G² = 2 · 10 ln 2; the rest never uses the term.
        (10, 0, 100, 100, 20 * math.log(2)),
        # Same rate in both (3/10 = 9/30): nothing distinctive.
        (3, 9, 10, 30, 0.0),
        # Used less than in the rest (5/100 < 15/200): negative.
        (5, 15, 100, 200, -0.656670345),
        # Absent from the target: E1 = 1, E2 = 3, G² = 2 · 4 ln(4/3), negative.
        (0, 4, 10, 30, -8 * math.log(4 / 3)),
    ],
)
def test_log_likelihood_matches_hand_computed_values(a, b, c, d, expected):
    got = terms.log_likelihood(np.array([a]), np.array([b]), c, d)
    assert got[0] == pytest.approx(expected, abs=1e-6)


def test_log_likelihood_of_an_empty_corpus_is_zero():
    assert terms.log_likelihood(np.array([0.0]), np.array([0.0]), 0, 0).tolist() == [0.0]


def doc_terms_frame(counts: dict[str, dict[str, int]]) -> pd.DataFrame:
    return pd.DataFrame(
        [(doc, term, n) for doc, terms_ in counts.items() for term, n in terms_.items()],
        columns=["doc_id", "term", "count"],
    )


def documents_frame(regions: dict[str, str]) -> pd.DataFrame:
    """doc_id → region_code; region names are 地区<code>."""
    return pd.DataFrame(
        {
            "doc_id": list(regions),
            "region_code": list(regions.values()),
            "region_zh": [f"地区{code}" for code in regions.values()],
        }
    )


def test_region_terms_ranks_by_keyness_and_counts_the_rest():
    docs = documents_frame({"a1": "110000", "a2": "110000", "b": "120000"})
    counts = doc_terms_frame(
        {
            "a1": {"医疗": 3, "救治": 1},
            "a2": {"签约": 2},
            "b": {"救治": 9, "医疗": 1, "保险": 30},
        }
    )
    table = terms.region_terms_table(counts, docs, top_n=5)
    validate_table("region_terms", table)
    a = table.loc[table["region_code"] == "110000"].set_index("term")
    # The two documents of region 110000 are added up (6 tokens) against 40 in the rest.
    assert a.loc["医疗", ["count", "count_rest"]].tolist() == [3, 1]
    assert a.loc["医疗", "keyness"] == pytest.approx(
        terms.log_likelihood(np.array([3]), np.array([1]), 6, 40)[0], abs=1e-4
    )
    # 救治 is used once (min_count 2) and proportionally less than in the rest: not kept.
    assert "救治" not in a.index
    # 签约 (2 of 6, never in the rest): G² 8.15 ranks above 医疗 (3 of 6, once in 40): 8.00.
    ranked = a.sort_values("rank")
    assert ranked.index.tolist() == ["签约", "医疗"]
    assert ranked["rank"].tolist() == [1, 2]
    assert ranked["keyness"].is_monotonic_decreasing
    assert (table["keyness"] > 0).all()


def test_region_terms_keeps_top_n_and_applies_min_count():
    docs = documents_frame({"a": "110000", "b": "120000"})
    counts = doc_terms_frame({"a": {"甲甲": 5, "乙乙": 4, "丙丙": 3, "丁丁": 1}, "b": {"戊戊": 20}})
    assert terms.region_terms_table(counts, docs, top_n=2)["term"].tolist() == [
        "甲甲",
        "乙乙",
        "戊戊",
    ]
    kept = terms.region_terms_table(counts, docs, top_n=10, min_count=1)
    assert "丁丁" in kept["term"].tolist()


def test_a_single_region_has_nothing_to_contrast():
    docs = documents_frame({"a": "110000"})
    table = terms.region_terms_table(doc_terms_frame({"a": {"医疗": 3}}), docs, top_n=5)
    assert table.empty
    validate_table("region_terms", table.astype({"count": "int64"}))


# ── similarity ───────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("doc_b", "expected"),
    [
        ({"医疗": 2, "救治": 1}, 1.0),  # identical
        ({"医疗": 4, "救治": 2}, 1.0),  # same proportions, twice as long
        ({"保险": 3, "签约": 1}, 0.0),  # disjoint
        ({}, 0.0),  # no terms at all
    ],
)
def test_similarity_of_identical_proportional_disjoint_and_empty_documents(doc_b, expected):
    counts = doc_terms_frame({"a": {"医疗": 2, "救治": 1}, "b": doc_b})
    table = terms.document_similarity_table(counts, ["b", "a"])
    validate_table("document_similarity", table)
    assert table[["doc_id_a", "doc_id_b"]].values.tolist() == [["a", "b"]]
    assert table["similarity"].iat[0] == pytest.approx(expected)


def test_similarity_is_between_zero_and_one_and_symmetric():
    counts = doc_terms_frame(
        {"a": {"医疗": 2, "救治": 1}, "b": {"医疗": 1, "保险": 3}, "c": {"救治": 1, "保险": 1}}
    )
    matrix = terms.similarity_matrix(counts, ["a", "b", "c"])
    assert np.allclose(matrix.values, matrix.values.T)
    assert np.allclose(np.diag(matrix.values), 1.0)
    assert ((matrix.values >= 0) & (matrix.values <= 1)).all()
    assert 0 < matrix.at["a", "b"] < 1
    assert len(terms.document_similarity_table(counts, ["a", "b", "c"])) == 3


def random_doc_terms(n_docs: int, seed: int = 7) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    vocabulary = [f"词{i:03d}" for i in range(60)]
    return doc_terms_frame(
        {
            f"d{d:03d}": {
                str(t): int(rng.integers(1, 5))
                for t in rng.choice(vocabulary, int(rng.integers(0, 12)), replace=False)
            }
            for d in range(n_docs)
        }
    )


def test_similarity_keeps_each_documents_nearest_neighbours_in_blocks(monkeypatch):
    counts = random_doc_terms(40)
    ids = [f"d{d:03d}" for d in range(40)]
    monkeypatch.setattr(terms, "SIMILARITY_BLOCK", 7)  # several blocks, the last one short
    table = terms.document_similarity_table(counts, ids, neighbours=3)
    validate_table("document_similarity", table)
    dense = terms.similarity_matrix(counts, ids).round(4)
    expected = set()
    for a in ids:
        others = dense.loc[a].drop(a)
        # Ties go to the lower doc_id, as in the table.
        nearest = sorted(others.index, key=lambda b: (-others[b], b))[:3]
        expected |= {tuple(sorted((a, b))) for b in nearest}
    assert set(map(tuple, table[["doc_id_a", "doc_id_b"]].values.tolist())) == expected
    for a, b, value in table.itertuples(index=False):
        assert value == pytest.approx(dense.at[a, b], abs=1e-4)
    assert len(table) <= 40 * 3
    assert (table["doc_id_a"] < table["doc_id_b"]).all()


def test_region_similarity_is_regions_by_regions():
    counts = doc_terms_frame(
        {"a1": {"医疗": 2}, "a2": {"救治": 2}, "b": {"医疗": 1, "救治": 1}, "c": {"保险": 1}}
    )
    docs = documents_frame({"a1": "110000", "a2": "110000", "b": "120000", "c": "130000"})
    matrix = terms.region_similarity_matrix(counts, docs)
    assert list(matrix.index) == list(matrix.columns) == ["110000", "120000", "130000"]
    assert np.allclose(matrix.values, matrix.values.T)
    # 110000's two documents together use 医疗 and 救治 alike, as 120000's one does.
    assert matrix.at["110000", "120000"] == pytest.approx(1.0)
    assert matrix.at["110000", "130000"] == pytest.approx(0.0)


# ── segmentation ─────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("token", "kept"),
    [
        ("医疗", True),
        ("大病集中救治", True),
        ("的", False),  # single character
        ("工作", False),  # stop word
        ("33", False),
        ("三个", False),  # numeral with classifier
        ("第二", False),
        ("二十", False),
        ("一是", False),  # enumerator
        ("我省", False),  # self-reference
        ("全区", False),
        ("万元", False),  # unit
        ("5G", False),
        ("Health", False),
    ],
)
def test_content_terms(token, kept):
    assert terms.is_content_term(token) is kept


def test_user_words_stay_whole_in_a_private_tokenizer(tokenizer):
    words = terms.extract_terms("全面落实大病集中救治和家庭医生签约服务", tokenizer)
    assert "大病集中救治" in words and "家庭医生签约" in words
    # The module-level tokenizer does not learn the private tokenizer's words.
    assert jieba.dt.FREQ.get("家庭医生签约", 0) < 100_000


def test_tokenizer_is_quiet(capfd):
    terms.make_tokenizer(["健康扶贫"])
    _, err = capfd.readouterr()
    assert "prefix dict" not in err and "Loading model" not in err


def test_codebook_words_include_measure_names_and_indicator_words():
    words = terms.codebook_words(load_codebook())
    for word in ("大病集中救治", "三个一批", "住院费用报销比例", "救治病种"):
        assert word in words, word


def test_region_names_are_not_terms(tokenizer):
    parts = terms.region_name_terms(["十堰市茅箭区", "新疆维吾尔自治区"], tokenizer)
    assert {"十堰", "茅箭", "茅箭区", "新疆"} <= parts


def test_document_terms_counts_terms_without_region_names(tokenizer):
    documents = pd.DataFrame(
        {
            "doc_id": ["a"],
            "region_zh": ["重庆市"],
            "text": ["重庆市实施大病集中救治，大病集中救治病种扩大到33种。"],
        }
    )
    counts = terms.document_terms(documents, tokenizer).set_index("term")["count"].to_dict()
    assert counts["大病集中救治"] == 2
    assert not {"重庆", "重庆市", "33"} & set(counts)


def test_term_counts_in_parts_are_those_of_the_whole(tokenizer):
    documents = pd.DataFrame(
        {
            "doc_id": ["a", "b", "c"],
            "region_zh": ["重庆市", "辽宁省", "重庆市"],
            "text": [
                "重庆市实施大病集中救治，大病集中救治病种扩大到33种。",
                "辽宁省推进家庭医生签约服务，救治贫困患者。",
                "开展远程医疗，家庭医生签约服务覆盖贫困人口。",
            ],
        }
    )
    whole = terms.document_terms(documents, tokenizer)
    parts = terms.document_terms_in_parts(
        [documents.iloc[:1], documents.iloc[1:]], documents["region_zh"].unique(), tokenizer
    )
    pd.testing.assert_frame_equal(parts, whole)
    assert set(whole["doc_id"]) == {"a", "b", "c"}


def test_corpus_terms_counted_by_workers_are_those_of_one_process(tmp_path, monkeypatch):
    from policy_corpus.run.engine import Engine

    texts = [
        "重庆市实施大病集中救治，大病集中救治病种扩大到33种。",
        "辽宁省推进家庭医生签约服务，救治贫困患者。",
        "开展远程医疗，家庭医生签约服务覆盖贫困人口。",
        "",
        "新疆维吾尔自治区落实先诊疗后付费，贫困人口住院费用报销比例达到90%。",
    ]
    documents = pd.DataFrame(
        {
            "doc_id": [f"d{i}" for i in range(len(texts))],
            "region_zh": ["重庆市", "辽宁省", "重庆市", "辽宁省", "新疆维吾尔自治区"],
            "text": texts,
        }
    )
    documents.to_parquet(tmp_path / "documents.parquet", row_group_size=2)
    words = ["大病集中救治", "家庭医生签约"]
    whole = terms.document_terms(documents, terms.make_tokenizer(words))
    monkeypatch.setattr(terms, "TEXT_PART", 2)  # three parts, so the pool is used
    by_workers = terms.corpus_terms(
        tmp_path, documents.drop(columns="text"), words, Engine(n_jobs=2)
    )
    pd.testing.assert_frame_equal(by_workers, whole)
    assert "大病集中救治" in set(by_workers["term"])
