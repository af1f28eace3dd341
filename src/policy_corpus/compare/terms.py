"""Distinctive terms per region and document similarity, from jieba word segmentation.

Every document is cut into words with a private jieba tokenizer that knows the codebook's
measure names and indicator words (so 大病集中救治 and 家庭医生签约 stay one term). Stop words,
single characters, numerals and the regions' own names are dropped: what is left is the
vocabulary each region uses to describe its 健康扶贫 work.

Two views are built from the same counts:

- :func:`region_terms_table`: the terms a region uses markedly more than the rest of the
  corpus, by Dunning's log-likelihood (G²);
- :func:`document_similarity_table`: the cosine similarity of the documents' TF-IDF vectors,
  each document's nearest neighbours (sparse vectors, never a documents × documents matrix).

>>> tokenizer = make_tokenizer(["大病集中救治"])
>>> extract_terms("实施大病集中救治，救治病种扩大到33种。", tokenizer)
['大病集中救治', '救治', '病种', '扩大']
"""

from __future__ import annotations

import logging
import re
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import cast

import jieba
import numpy as np
import pandas as pd
from scipy import sparse

from policy_corpus.codebook import Codebook
from policy_corpus.contract.storage import iter_table, release_unused_memory
from policy_corpus.run.engine import Engine


def _words(text: str) -> frozenset[str]:
    """The whitespace-separated words of a text, as a set (for word lists written as prose)."""
    return frozenset(text.split())


#: Words that say nothing about a region's policy: function words, connectives and the
#: boilerplate verbs and adverbs of Chinese official writing. Single characters are dropped
#: anyway and need not be listed.
STOP_WORDS = _words(
    """
    我们 他们 你们 自己 这个 那个 这些 那些 这样 那样 这种 一个 一些 一批 一项 一种 其中 其他 其它
    以及 以上 以下 以来 以后 之后 之前 之间 之一 同时 并且 而且 或者 还是 但是 因为 所以 因此
    如果 虽然 对于 关于 由于 通过 根据 按照 为了 作为 进行 开展 实施 实行 推进 推动 加强 加大
    加快 做好 抓好 切实 积极 认真 全面 深入 不断 进一步 有效 有力 扎实 持续 确保 实现 提高 提升
    完善 建立 健全 落实 坚持 围绕 按照 已经 目前 当前 今年 去年 明年 全年 年度 工作 方面 情况
    问题 有关 相关 主要 重点 各级 各地 各类 有序 共计 累计 合计 分别 其余 左右 以内 达到 超过
    不少 不足 所有 每个 每年 每人 是否 没有 可以 能够 需要 应当 必须 要求 方式 内容 意见 通知
    部门 单位 全部 日前 截至 截止 任务 记者 报道 来源 编辑 责任编辑
    """
)

# Numerals, written in figures or characters, with an optional ordinal prefix and classifier,
# and the enumerators of official prose (一是, 二是 …).
_NUMERAL = re.compile(
    r"^第?[〇零一二两三四五六七八九十百千万亿点余多几]+(?:[个年月日种项家人次批条类是]|万元|亿元)?$"
)
# A region speaking of itself (我省, 该区, 全市, 各县): says who wrote, not what they did.
_SELF_REFERENCE = re.compile(r"^[我该本全各][省市区县州]$")
# Units written after numbers.
_UNIT_WORDS = _words("万元 亿元 万人 人次 万人次 平方米 百分点 个百分点")
_CJK_WORD = re.compile(r"^[\u4e00-\u9fff]{2,}$")
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")

TERM_COUNT_COLUMNS = ["doc_id", "term", "count"]


def codebook_words(codebook: Codebook) -> list[str]:
    """The words of a codebook that segmentation must keep whole, longest first.

    They are the measures' labels and names, the indicators' labels, and the literal runs of
    Chinese characters in the indicators' patterns (``(?:专项|集中)救治.{0,8}病种`` gives 专项,
    集中, 救治, 病种).
    """
    words: set[str] = set()
    for measure in codebook.measures:
        words.update((measure.zh, *measure.names))
    for indicator in codebook.indicators:
        words.add(indicator.zh)
        for pattern in indicator.patterns:
            words.update(_CJK_RUN.findall(pattern.pattern))
    return sorted((w for w in words if _CJK_WORD.match(w)), key=lambda w: (-len(w), w))


def make_tokenizer(words: Iterable[str] = ()) -> jieba.Tokenizer:
    """Return a private, quiet jieba tokenizer that knows ``words`` (a user dictionary).

    A private ``jieba.Tokenizer`` rather than the module-level one, so that the words added
    here do not leak into other code that segments text in the same process.

    Args:
        words: terms to keep whole (see :func:`codebook_words`).
    """
    # jieba announces "Building prefix dict…" on stderr at DEBUG level when a tokenizer is
    # initialised; that is noise in a notebook's output, so only warnings get through.
    logging.getLogger("jieba").setLevel(logging.WARNING)
    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    for word in words:
        # A high frequency makes the user word win against the splits of the main dictionary.
        tokenizer.add_word(word, freq=100_000)
    tokenizer.check_initialized()  # load the dictionary now, not on the first cut
    return tokenizer


def is_content_term(term: str, exclude: frozenset[str] = frozenset()) -> bool:
    """Whether a token is a term worth counting.

    Kept: two or more Chinese characters, not a stop word, numeral, enumerator (一是), unit
    (万元) or self-reference (我省, 该区), and not in ``exclude``.

    >>> words = ["医疗", "的", "33", "三个", "第二", "工作", "5G", "一是", "该区", "万元", "救治"]
    >>> [t for t in words if is_content_term(t)]
    ['医疗', '救治']
    """
    return (
        bool(_CJK_WORD.match(term))
        and term not in STOP_WORDS
        and not _NUMERAL.match(term)
        and not _SELF_REFERENCE.match(term)
        and term not in _UNIT_WORDS
        and term not in exclude
    )


def extract_terms(
    text: str, tokenizer: jieba.Tokenizer, exclude: frozenset[str] = frozenset()
) -> list[str]:
    """Cut a text into words and keep the content terms, in order of occurrence.

    Words come from jieba's dictionary and the user words only (no HMM guessing of new
    words): the guessed words of a press report are mostly people's names (穆塔里), which say
    who was quoted, not what a region did.
    """
    return [t for t in tokenizer.lcut(text, HMM=False) if is_content_term(t, exclude)]


def region_name_terms(region_names: Iterable[str], tokenizer: jieba.Tokenizer) -> frozenset[str]:
    """The terms that make up the regions' own names (十堰市茅箭区 → 十堰市, 茅箭区, 十堰, 茅箭).

    A region's name is trivially distinctive of it, so these terms are left out of the
    keyness and similarity counts.
    """
    parts: set[str] = set()
    for name in region_names:
        parts.add(name)
        parts.update(tokenizer.lcut(name, HMM=False))
        parts.update(tokenizer.lcut_for_search(name, HMM=False))
        # Without its administrative suffix: 重庆市 → 重庆, 十堰市 → 十堰.
        parts.update(re.sub(r"(?:维吾尔)?(?:自治区|省|市|区|县|州)$", "", p) for p in list(parts))
    return frozenset(p for p in parts if len(p) >= 2)


def document_terms(documents: pd.DataFrame, tokenizer: jieba.Tokenizer) -> pd.DataFrame:
    """Count the content terms of every document.

    Args:
        documents: the documents table (doc_id, region_zh, text).
        tokenizer: from :func:`make_tokenizer`.

    Returns:
        One row per document and term: doc_id, term, count; sorted by doc_id, then by count
        (descending) and term. A document without terms has no row.
    """
    return document_terms_in_parts([documents], documents["region_zh"].unique(), tokenizer)


def document_terms_in_parts(
    parts: Iterable[pd.DataFrame], region_names: Iterable[str], tokenizer: jieba.Tokenizer
) -> pd.DataFrame:
    """:func:`document_terms` over the documents given a part at a time (doc_id and text).

    Only one part's text is held at a time (the text of 10,000 documents is over 50 million
    characters); the table is the same as :func:`document_terms` gives for the whole.

    Args:
        parts: the documents in parts, each with doc_id and text.
        region_names: the names of every region of the corpus (region_zh), left out.
        tokenizer: from :func:`make_tokenizer`.
    """
    exclude = region_name_terms(region_names, tokenizer)
    counted = (
        (str(doc_id), Counter(extract_terms(str(text), tokenizer, exclude)))
        for part in parts
        for doc_id, text in zip(part["doc_id"], part["text"], strict=True)
    )
    return _term_table(counted)


def _term_table(counted: Iterable[tuple[str, Mapping[str, int]]]) -> pd.DataFrame:
    """The table of :func:`document_terms` from each document's term counts, in order."""
    # Terms and documents are kept as integer codes while counting, and the table's doc_id
    # and term are categoricals: one Python tuple per (document, term) took 470 MB at 10,000
    # documents (2.9 million rows), string columns over 300 MB; codes take 12 bytes a row.
    vocabulary: dict[str, int] = {}
    doc_codes, term_codes, counts = array("i"), array("i"), array("q")
    doc_ids: list[str] = []
    for doc_id, terms_counted in counted:
        doc_codes.extend([len(doc_ids)] * len(terms_counted))
        doc_ids.append(doc_id)
        term_codes.extend(vocabulary.setdefault(term, len(vocabulary)) for term in terms_counted)
        counts.extend(terms_counted.values())
    frame = pd.DataFrame(
        {
            "doc_id": _sorted_categorical(np.frombuffer(doc_codes, dtype=np.int32), doc_ids),
            "term": _sorted_categorical(
                np.frombuffer(term_codes, dtype=np.int32), list(vocabulary)
            ),
            "count": np.frombuffer(counts, dtype=np.int64).copy(),
        }
    )
    frame = frame.sort_values(
        ["doc_id", "count", "term"], ascending=[True, False, True]
    ).reset_index(drop=True)
    release_unused_memory()
    return frame


#: Documents whose text is held at once while their terms are counted (a row group of the
#: documents table), and sent to a worker at a time.
TEXT_PART = 256

#: A worker's tokenizer and the terms of the regions' names, made once per process.
_WORKER_TOKENIZER: dict[
    tuple[tuple[str, ...], tuple[str, ...]], tuple[jieba.Tokenizer, frozenset[str]]
] = {}


#: A part's term counts as a worker sends them back: the part's doc_ids, its distinct terms,
#: and one (document, term, count) triple per row as three integer arrays (positions in the
#: two lists). Arrays cross between processes in a few bytes a row; a dict per document would
#: be unpickled into millions of strings in the main process.
PartCounts = tuple[list[str], list[str], np.ndarray, np.ndarray, np.ndarray]


def _count_part(
    words: tuple[str, ...], region_names: tuple[str, ...], part: tuple[list[str], list[str]]
) -> PartCounts:
    """In a worker: the term counts of a part's documents (see :data:`PartCounts`)."""
    key = (words, region_names)
    if key not in _WORKER_TOKENIZER:
        _WORKER_TOKENIZER.clear()
        tokenizer = make_tokenizer(words)
        _WORKER_TOKENIZER[key] = (tokenizer, region_name_terms(region_names, tokenizer))
    tokenizer, exclude = _WORKER_TOKENIZER[key]
    doc_ids, texts = part
    vocabulary: dict[str, int] = {}
    doc_codes, term_codes, counts = array("i"), array("i"), array("q")
    for i, text in enumerate(texts):
        counted = Counter(extract_terms(text, tokenizer, exclude))
        doc_codes.extend([i] * len(counted))
        term_codes.extend(vocabulary.setdefault(term, len(vocabulary)) for term in counted)
        counts.extend(counted.values())
    return (
        doc_ids,
        list(vocabulary),
        np.frombuffer(doc_codes, dtype=np.int32),
        np.frombuffer(term_codes, dtype=np.int32),
        np.frombuffer(counts, dtype=np.int64),
    )


def _merge_parts(parts: Iterable[PartCounts]) -> pd.DataFrame:
    """The table of :func:`document_terms` from the parts' counts, in the parts' order."""
    vocabulary: dict[str, int] = {}
    doc_ids: list[str] = []
    docs, terms_, counts = [], [], []
    for part_ids, part_terms, doc_codes, term_codes, part_counts in parts:
        to_global = np.array(
            [vocabulary.setdefault(term, len(vocabulary)) for term in part_terms], dtype=np.int32
        )
        docs.append(doc_codes + np.int32(len(doc_ids)))
        terms_.append(to_global[term_codes] if len(term_codes) else term_codes)
        counts.append(part_counts)
        doc_ids.extend(part_ids)
    empty32 = np.empty(0, dtype=np.int32)
    frame = pd.DataFrame(
        {
            "doc_id": _sorted_categorical(np.concatenate([empty32, *docs]), doc_ids),
            "term": _sorted_categorical(np.concatenate([empty32, *terms_]), list(vocabulary)),
            "count": np.concatenate([np.empty(0, dtype=np.int64), *counts]),
        }
    )
    frame = frame.sort_values(
        ["doc_id", "count", "term"], ascending=[True, False, True]
    ).reset_index(drop=True)
    release_unused_memory()
    return frame


def corpus_terms(
    processed_dir: str | Path,
    documents: pd.DataFrame,
    words: Sequence[str],
    engine: Engine | None = None,
) -> pd.DataFrame:
    """:func:`document_terms` of the corpus, its text read from the documents table in parts.

    The parts are segmented by ``engine``'s workers (by default a process per core), each
    with its own tokenizer: jieba's dictionary never enters this process, and 10,000
    documents are cut in parallel (about 75 s in one process). The table is the same as
    :func:`document_terms` gives with ``make_tokenizer(words)``.

    Args:
        processed_dir: the folder of the contract tables.
        documents: the documents table without its text (for the regions' names).
        words: the words to keep whole (:func:`codebook_words`).
        engine: where the parts are segmented (default: all cores of this machine).
    """
    engine = engine or Engine(n_jobs=0)
    region_names = tuple(sorted({str(name) for name in documents["region_zh"]}))
    parts = (
        (part["doc_id"].astype(str).tolist(), part["text"].astype(str).tolist())
        for part in iter_table("documents", processed_dir, TEXT_PART, columns=["doc_id", "text"])
    )
    return _merge_parts(engine.map(partial(_count_part, tuple(words), region_names), parts))


def _sorted_categorical(codes: np.ndarray, labels: list[str]) -> pd.Categorical[str]:
    """``labels[codes]`` as a categorical whose categories are the labels in sorted order.

    >>> list(_sorted_categorical(np.array([0, 1, 0]), ["b", "a"]).categories)
    ['a', 'b']
    """
    order = np.argsort(np.array(labels, dtype=object), kind="stable")
    rank = np.empty(len(labels), dtype=np.int32)
    rank[order] = np.arange(len(labels), dtype=np.int32)
    categories = pd.Index([labels[i] for i in order], dtype="str")
    sorted_codes: np.ndarray = rank[codes] if len(codes) else codes.astype(np.int32)
    dtype = pd.CategoricalDtype(categories=categories)
    return cast("pd.Categorical[str]", pd.Categorical.from_codes(sorted_codes, dtype=dtype))


def log_likelihood(
    count: np.ndarray, count_rest: np.ndarray, total: float, total_rest: float
) -> np.ndarray:
    """Signed log-likelihood keyness (Dunning's G²) of terms in a target against a reference.

    For a term seen ``a`` times among the ``c`` tokens of the target and ``b`` times among the
    ``d`` tokens of the rest, the counts expected if both used it at the same rate are
    ``E1 = c(a+b)/(c+d)`` and ``E2 = d(a+b)/(c+d)``, and ``G² = 2(a ln(a/E1) + b ln(b/E2))``
    (a term with a zero count contributes 0). G² rather than chi-square because it stays
    reliable for the small counts of a corpus of a few documents (Dunning 1993; Rayson and
    Garside 2000). The sign is negative when the target uses the term less than the rest, so
    that sorting puts the overused terms first. G² > 3.84 is p < 0.05 with one degree of
    freedom, but with a handful of documents the value is best read as a ranking.

    Args:
        count: the term's count in the target (one value per term).
        count_rest: its count in the rest of the corpus.
        total: number of tokens of the target.
        total_rest: number of tokens of the rest.

    >>> log_likelihood(np.array([10.0]), np.array([0.0]), 100.0, 100.0).round(4).tolist()
    [13.8629]
    """
    a = np.asarray(count, dtype="float64")
    b = np.asarray(count_rest, dtype="float64")
    grand = total + total_rest
    if grand == 0:
        return np.zeros_like(a)
    expected_a = total * (a + b) / grand
    expected_b = total_rest * (a + b) / grand
    with np.errstate(divide="ignore", invalid="ignore"):
        part_a = np.where(a > 0, a * np.log(a / expected_a), 0.0)
        part_b = np.where(b > 0, b * np.log(b / expected_b), 0.0)
    g2 = 2.0 * (part_a + part_b)
    overused = a * total_rest >= b * total  # a/c >= b/d without dividing by zero
    return np.where(overused, g2, -g2)


def region_terms_table(
    doc_terms: pd.DataFrame, documents: pd.DataFrame, top_n: int, min_count: int = 2
) -> pd.DataFrame:
    """Build region_terms: the ``top_n`` most distinctive terms of each region.

    Steps: add up the term counts of each region's documents; for every region and term,
    compare its count with its count in all other regions by :func:`log_likelihood`; keep
    the terms the region uses more than the rest (keyness > 0) and at least ``min_count``
    times (a word used once says little about a region); rank them by keyness, then count,
    then term.

    Args:
        doc_terms: from :func:`document_terms`.
        documents: the documents table (doc_id, region_code, region_zh).
        top_n: how many terms to keep per region.
        min_count: the fewest uses in the region for a term to be kept.

    Returns:
        Columns region_code, region_zh, term, count (in the region), count_rest (in the other
        regions), keyness (G², positive), rank (1 = most distinctive); sorted by region_code
        and rank. With a single region there is nothing to contrast and the table is empty.
    """
    regions = documents[["doc_id", "region_code", "region_zh"]]
    # A terms × regions matrix summed from integer codes: merging and grouping the (document,
    # term) rows by their strings held over 300 MB more at 10,000 documents.
    region_of = dict(zip(regions["doc_id"], regions["region_code"].astype(str), strict=True))
    region_codes, region_index = pd.factorize(doc_terms["doc_id"].map(region_of), sort=True)
    term_codes, term_index = pd.factorize(doc_terms["term"], sort=True)
    known = region_codes >= 0
    matrix = sparse.coo_array(
        (
            doc_terms["count"].to_numpy(dtype=float)[known],
            (term_codes[known], region_codes[known]),
        ),
        shape=(len(term_index), len(region_index)),
    ).toarray()
    totals = matrix.sum(axis=0)
    grand = float(totals.sum())
    row_sums = matrix.sum(axis=1)
    parts = []
    for i, code in enumerate(region_index):
        own = matrix[:, i]
        rest = row_sums - own
        keep = own >= min_count  # a term used fewer times is never kept: skip its rows now
        keyness = log_likelihood(own[keep], rest[keep], float(totals[i]), grand - float(totals[i]))
        parts.append(
            pd.DataFrame(
                {
                    "region_code": code,
                    "term": pd.Series(np.asarray(term_index, dtype=object)[keep], dtype="str"),
                    "count": own[keep].astype("int64"),
                    "count_rest": rest[keep].astype("int64"),
                    "keyness": keyness,
                }
            )
        )
    columns = ["region_code", "region_zh", "term", "count", "count_rest", "keyness", "rank"]
    if not parts:
        return pd.DataFrame(columns=columns)
    scored = pd.concat(parts, ignore_index=True)
    kept = scored.loc[(scored["keyness"] > 0) & (scored["count"] >= min_count)]
    kept = kept.sort_values(
        ["region_code", "keyness", "count", "term"], ascending=[True, False, False, True]
    )
    top = kept.groupby("region_code").head(top_n).copy()
    top["rank"] = top.groupby("region_code").cumcount().astype("int64") + 1
    top["keyness"] = top["keyness"].round(4)
    names = regions.drop_duplicates("region_code").set_index("region_code")["region_zh"]
    top["region_zh"] = top["region_code"].map(names)
    release_unused_memory()
    return top[columns].reset_index(drop=True)


#: Neighbours kept per document in document_similarity: each document's most similar others.
#: A reader sees the closest pairs; all n² pairs would grow with the square of the corpus.
#: Five keep every pair among the corpus's ten most similar (the report's list): a pair
#: missing from both its documents' five nearest has ten pairs more similar than itself.
NEIGHBOURS = 5
#: Documents per block of the similarity product: a block's row of similarities is dense
#: (block × documents), so memory stays flat however large the corpus.
SIMILARITY_BLOCK = 256


def tfidf_vectors(doc_terms: pd.DataFrame, doc_ids: Sequence[str]) -> sparse.csr_array:
    """TF-IDF vectors of ``doc_ids``, L2-normalised, as a sparse documents × terms matrix.

    tf is the raw count; idf is the smoothed ``ln((1 + n) / (1 + df)) + 1`` (as scikit-learn's
    default), so a term in every document still weighs 1 rather than 0 and two documents that
    share only common words are not orthogonal. n counts the documents with terms. A
    document without any term (or without rows) gets a zero row.
    """
    rows = pd.Index(doc_ids)
    # From the categorical codes of doc_id and term (document_terms), without grouping or
    # materialising 2.9 million strings: the sparse constructor sums repeated pairs.
    doc_cat = doc_terms["doc_id"].astype("category").cat
    term_cat = doc_terms["term"].astype("category").cat
    doc_codes = doc_cat.codes.to_numpy()
    doc_index = np.where(doc_codes >= 0, rows.get_indexer(doc_cat.categories)[doc_codes], -1)
    keep = doc_index >= 0
    n_terms = len(term_cat.categories)
    counts = sparse.csr_array(
        (
            doc_terms["count"].to_numpy(dtype="float64")[keep],
            (doc_index[keep], term_cat.codes.to_numpy()[keep]),
        ),
        shape=(len(rows), n_terms),
    )
    counts.sum_duplicates()
    df = np.bincount(counts.indices, minlength=n_terms)
    n_docs = int((np.diff(counts.indptr) > 0).sum())
    idf = np.log((1.0 + n_docs) / (1.0 + df)) + 1.0
    # Weighted and scaled in place (each value times its term's idf, then times its row's
    # 1 / norm: what multiplying by the diagonal matrices gives), not through a new matrix
    # per step: 35 MB each at 10,000 documents.
    matrix = counts
    matrix.data *= idf[matrix.indices]
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1))).ravel()
    matrix.data *= np.repeat(1.0 / np.where(norms > 0, norms, 1.0), np.diff(matrix.indptr))
    return matrix


def similarity_matrix(doc_terms: pd.DataFrame, doc_ids: Iterable[str]) -> pd.DataFrame:
    """Cosine similarity of the documents' TF-IDF vectors, a square frame indexed by doc_id.

    Dense: for the few documents a heatmap can show (see :func:`document_similarity_table`
    for any corpus). A document without any term is similar to none (0), itself included.

    Args:
        doc_terms: from :func:`document_terms`.
        doc_ids: the documents to include, in the order of the rows and columns.
    """
    order = list(doc_ids)
    vectors = tfidf_vectors(doc_terms, order)
    # Rows are unit vectors, so their dot products are the cosines.
    cosine = np.clip((vectors @ vectors.T).toarray(), 0.0, 1.0)
    return pd.DataFrame(cosine, index=order, columns=order)


def region_similarity_matrix(doc_terms: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Cosine similarity of the regions' vocabularies, a square frame indexed by region_code.

    A region's vector is the sum of its documents' unit TF-IDF vectors (each document weighs
    the same, however long), so the matrix is regions × regions whatever the corpus size.
    """
    ids = documents["doc_id"].astype(str).tolist()
    codes = documents["region_code"].astype(str)
    regions = sorted(codes.unique())
    membership = sparse.csr_array(
        (np.ones(len(ids)), (pd.Index(regions).get_indexer(codes), np.arange(len(ids)))),
        shape=(len(regions), len(ids)),
    )
    summed = membership @ tfidf_vectors(doc_terms, ids)
    norms = np.sqrt(np.asarray(summed.multiply(summed).sum(axis=1))).ravel()
    unit = sparse.diags_array(1.0 / np.where(norms > 0, norms, 1.0)) @ summed
    cosine = np.clip((unit @ unit.T).toarray(), 0.0, 1.0)
    return pd.DataFrame(cosine, index=regions, columns=regions)


def _nearest(cosine: np.ndarray, first: int, k: int) -> Iterator[tuple[int, int, float]]:
    """(i, j, similarity) of the ``k`` nearest neighbours j of each row i of a block.

    Rows are documents ``first``, ``first + 1``, …; a document is not its own neighbour.
    Similarities are rounded first so that ties (e.g. several zeros) go to the lower index
    whatever the floating-point noise: the table is the same on every machine.
    """
    rounded = np.round(np.clip(cosine, 0.0, 1.0), 4)
    rounded[np.arange(len(rounded)), np.arange(first, first + len(rounded))] = -1.0
    k = min(k, rounded.shape[1] - 1)
    order = np.argsort(-rounded, axis=1, kind="stable")[:, :k]
    for offset, neighbours in enumerate(order):
        for j in neighbours:
            yield first + offset, int(j), float(rounded[offset, j])


def document_similarity_table(
    doc_terms: pd.DataFrame, doc_ids: Iterable[str], neighbours: int = NEIGHBOURS
) -> pd.DataFrame:
    """Build document_similarity: each document with its ``neighbours`` most similar others.

    The cosine similarity of TF-IDF vectors is computed a block of documents at a time from
    sparse vectors, and only each document's nearest neighbours are kept: the table grows with
    the corpus, not with its square. A pair appears once, whichever document it is a
    neighbour of. With at most ``neighbours + 1`` documents every pair is there.

    Args:
        doc_terms: from :func:`document_terms`.
        doc_ids: every document of the corpus (documents.doc_id).
        neighbours: how many neighbours to keep per document.

    Returns:
        One row per unordered pair, doc_id_a < doc_id_b: doc_id_a, doc_id_b, similarity (0 to
        1, rounded to 4 decimals); sorted by doc_id_a, doc_id_b.
    """
    ids = sorted(set(doc_ids))
    vectors = tfidf_vectors(doc_terms, ids)
    transposed = sparse.csc_array(vectors.T)
    pairs: dict[tuple[int, int], float] = {}
    for first in range(0, len(ids), SIMILARITY_BLOCK):
        block = (vectors[first : first + SIMILARITY_BLOCK] @ transposed).toarray()
        for i, j, value in _nearest(block, first, neighbours):
            pairs[(min(i, j), max(i, j))] = value
    keys = sorted(pairs)
    return pd.DataFrame(
        {
            "doc_id_a": pd.Series([ids[i] for i, _ in keys], dtype="str"),
            "doc_id_b": pd.Series([ids[j] for _, j in keys], dtype="str"),
            "similarity": pd.Series([pairs[k] for k in keys], dtype="float64"),
        }
    )
