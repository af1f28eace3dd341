"""Stage 04 (notebooks/04_compare_regions.ipynb): region comparison tables.

Indicator facts with comparability flags, and measure presence; distinctive terms are in
:mod:`policy_corpus.compare.terms`, figures in :mod:`policy_corpus.compare.plots`.

A comparison is only as good as its weakest pair of numbers, so every fact carries the reasons
its comparison with other regions is shaky, instead of a bare ranking.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow.parquet as pq

from policy_corpus.codebook import TOOL_TYPES, Codebook
from policy_corpus.contract.paths import table_path
from policy_corpus.contract.schema import TABLES
from policy_corpus.contract.storage import read_table, release_unused_memory
from policy_corpus.contract.vocabulary import format_quantity

REGION_COLUMNS = ["region_code", "region_zh", "region_en", "admin_level"]
#: The documents' columns the comparison reads, all but the text (50 MB at 10,000 documents),
#: which only the term counts need.
DOCUMENT_COLUMNS = [c for c in TABLES["documents"].columns if c != "text"]


def regions_table(documents: pd.DataFrame) -> pd.DataFrame:
    """One row per region in the corpus, sorted by region code."""
    return (
        documents[REGION_COLUMNS]
        .drop_duplicates("region_code")
        .sort_values("region_code")
        .reset_index(drop=True)
    )


#: Populations and areas a ``scope`` can name, as (pattern, label) pairs; the first match wins.
#: Scopes that differ only in wording (贫困人口, 建档立卡贫困人口, 农村贫困人口) fall into one
#: class, so only a real difference of population (all residents vs registered poor) is flagged.
POPULATION_CLASSES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"特困|低保|低收入"), "特困低保 low-income groups"),
    (
        re.compile(r"贫困(?:人口|户|患者|群众|对象|家庭|妇女|儿童)|建档立卡"),
        "贫困人口 registered poor",
    ),
    (re.compile(r"贫困(?:区县|县市区|县|乡镇|村|地区)|南疆四地州"), "贫困地区 poor areas"),
    (re.compile(r"农村居民|农村户籍"), "农村居民 rural residents"),
    (re.compile(r"^全(?:自治区|省|市|区|县|州)$|城乡居民"), "全体居民 all residents"),
)

#: Status pairs and the flag that mixing them raises.
STATUS_MIXES: tuple[tuple[frozenset[str], str], ...] = (
    (frozenset({"target", "achieved"}), "plan_vs_achievement"),
    (frozenset({"policy_rule", "achieved"}), "rule_vs_achievement"),
    (frozenset({"target", "policy_rule"}), "plan_vs_rule"),
)

_YEAR = re.compile(r"(?:19|20)\d\d")

#: Roles (indicators.role) other than a level, and why such a fact is not set beside levels.
ROLE_FLAGS = {"from_value": "role_from_value", "increment": "role_increment", "cap": "role_cap"}


def population_class(scope: object) -> str | None:
    """Return the population class a scope belongs to; None when the scope is not stated.

    A scope that matches no class is its own class, so that it is never taken to be the same
    population as another.

    >>> population_class("建档立卡贫困人口"), population_class("全区")
    ('贫困人口 registered poor', '全体居民 all residents')
    >>> population_class("18个贫困区县")
    '贫困地区 poor areas'
    """
    if scope is None or (isinstance(scope, float) and pd.isna(scope)) or str(scope) == "":
        return None
    for pattern, label in POPULATION_CLASSES:
        if pattern.search(str(scope)):
            return label
    return str(scope)


def effective_year(period: object, published: object) -> str | None:
    """The year a fact refers to: the last year in its period, else its document's year.

    >>> effective_year("2018-2019", "2019-10-15"), effective_year(None, "2020-04-29")
    ('2019', '2020')
    >>> effective_year("annual", None) is None
    True
    """
    for value in (period, published):
        if isinstance(value, str):
            years = _YEAR.findall(value)
            if years:
                return str(years[-1])
    return None


def comparison_flags(group: pd.DataFrame, comparable: bool) -> list[list[str]]:
    """Return, for each fact of one indicator, the codes of why comparing it is shaky.

    The codes and their wording are in :mod:`policy_corpus.contract.vocabulary` (vocabulary
    ``flag``). Flags shared by the whole group (every fact carries them):

    - ``not_comparable``: the codebook says the indicator scales with the size of the region
      or the length of the period (counts, money);
    - ``admin_levels``: a province's rate beside a district's;
    - ``plan_vs_achievement``, ``rule_vs_achievement``, ``plan_vs_rule``: the statuses
      (target, achieved, policy_rule) are mixed;
    - ``different_periods``: the stated periods differ; else ``different_years`` when the
      years differ once a fact without a period is dated by its document;
    - ``different_populations``: the scopes fall into different population classes (see
      :data:`POPULATION_CLASSES`), e.g. all residents vs registered poor; else
      ``population_partial`` when some facts name none.

    Flags of one fact: ``change_not_level`` (a change_from or a percentage-point value),
    ``<qualifier>_value``, ``period_unknown``, ``population_unknown``.

    Args:
        group: the rows of one indicator in one unit, with admin_level, status, period, scope,
            qualifier, change_from, unit and optionally published (the document's date).
        comparable: whether the codebook marks the indicator comparable across regions.

    Returns:
        One list of codes per row, in the order of ``group``; empty when nothing is shaky.
    """
    shared: list[str] = []
    if not comparable:
        shared.append("not_comparable")
    if group["admin_level"].dropna().nunique() > 1:
        shared.append("admin_levels")
    statuses = set(group["status"].dropna())
    shared.extend(code for pair, code in STATUS_MIXES if pair <= statuses)
    stated = group["period"].notna() & (group["period"] != "unspecified")
    published = group["published"] if "published" in group else pd.Series(None, group.index)
    years = {
        year
        for period, date in zip(group["period"], published, strict=True)
        if (year := effective_year(period, date)) is not None
    }
    if group.loc[stated, "period"].nunique() > 1:
        shared.append("different_periods")
    elif len(years) > 1:
        shared.append("different_years")
    classes = [population_class(scope) for scope in group["scope"]]
    known = {c for c in classes if c is not None}
    if len(known) > 1:
        shared.append("different_populations")
    elif known and None in classes:
        # 70% for the registered poor beside a ratio for no stated population may be a
        # comparison of two populations: say so on every fact, not only the unstated one.
        shared.append("population_partial")
    flags = []
    for is_change, unit, qualifier, has_period, population in zip(
        group["change_from"].notna().tolist(),
        group["unit"].tolist(),
        group["qualifier"].fillna("exact").tolist(),
        stated.tolist(),
        classes,
        strict=True,
    ):
        own = list(shared)
        if is_change or unit == "percentage_point":
            own.append("change_not_level")
        if qualifier != "exact":
            own.append(f"{qualifier}_value")
        if not has_period:
            own.append("period_unknown")
        if population is None:
            own.append("population_unknown")
        flags.append(own)
    if "role" in group:
        for own, role in zip(flags, group["role"], strict=True):
            if str(role) in ROLE_FLAGS:
                own.append(ROLE_FLAGS[str(role)])
    return flags


def split_flags(flags: Sequence[Sequence[str]]) -> tuple[list[str], list[list[str]]]:
    """Split the flag codes of a group's rows into those every row has and each row's own.

    >>> split_flags([["different_periods", "period_unknown"], ["different_periods"]])
    (['different_periods'], [['period_unknown'], []])
    >>> split_flags([["approx_value"]])
    ([], [['approx_value']])
    """
    lists = [[str(code) for code in codes] for codes in flags]
    if len(lists) < 2:
        return [], lists
    shared = [f for f in lists[0] if all(f in other for other in lists[1:])]
    return shared, [[f for f in own if f not in shared] for own in lists]


def _optional(value: Any) -> float | None:
    return None if pd.isna(value) else float(str(value))


def display_values(facts: pd.DataFrame) -> list[str]:
    """Each fact's value as readers see it: unit, qualifier sign, range, change."""
    columns = ["value", "unit", "qualifier", "value_max", "change_from"]
    return [
        format_quantity(
            _optional(value),
            None if pd.isna(unit) else str(unit),
            None if pd.isna(qualifier) else str(qualifier),
            _optional(value_max),
            _optional(change_from),
        )
        for value, unit, qualifier, value_max, change_from in facts[columns].itertuples(index=False)
    ]


def region_indicators_table(
    indicators: pd.DataFrame,
    documents: pd.DataFrame,
    comparable: Mapping[str, bool],
) -> pd.DataFrame:
    """Build region_indicators: one row per indicator fact of a codebook indicator, by region.

    Facts classified as ``other`` are left out (the report lists them separately). Each row
    keeps its document and offset, so the reader can go back to the sentence.

    Args:
        indicators: the indicators table.
        documents: the documents table (for region names and administrative level).
        comparable: indicator_id → whether the codebook marks it comparable.
    """
    # Sorted once, and the document's columns looked up rather than merged: at 10,000
    # documents every copy of the facts (their sentences) costs over 100 MB.
    facts = indicators.loc[indicators["indicator_id"] != "other"]
    facts = facts.sort_values(["indicator_id", "region_code", "doc_id", "start"])
    facts = facts.reset_index(drop=True)
    by_doc = documents.set_index("doc_id")
    for column in ("region_en", "admin_level"):
        facts[column] = facts["doc_id"].map(by_doc[column])
    if facts.empty:
        return facts.assign(
            display_value="", comparable=False, flags=pd.Series(index=facts.index, dtype=object)
        )
    facts["display_value"] = display_values(facts)
    facts["comparable"] = facts["indicator_id"].map(lambda i: bool(comparable.get(i, False)))
    # The flags need a few columns only: group those, not the facts with their sentences.
    keys = ["indicator_id", "unit", *(["role"] if "role" in facts else [])]
    needed = [*keys, *FLAG_COLUMNS, "comparable"]
    narrow = facts[[c for c in dict.fromkeys(needed) if c in facts]].assign(
        published=facts["doc_id"].map(by_doc["published"])
    )
    flags: dict[int, list[str]] = {}
    # A starting value, an increment or a cap is grouped apart, never set beside the levels.
    for _, group in narrow.groupby(keys, dropna=False):
        codes = comparison_flags(group, bool(group["comparable"].iat[0]))
        flags.update(zip(group.index, codes, strict=True))
    facts["flags"] = pd.Series(flags, dtype=object)
    return facts


#: The columns of a group of facts that :func:`comparison_flags` reads.
FLAG_COLUMNS = (
    "region_code",
    "admin_level",
    "status",
    "period",
    "scope",
    "change_from",
    "unit",
    "qualifier",
    "role",
    "value",
    "value_max",
)


def region_tables(
    processed_dir: str | Path, documents: pd.DataFrame, codebook: Codebook
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """region_indicators and region_measures, from the indicators and measure_mentions files.

    The two input tables are read here and let go on return: at 10,000 documents they hold
    about 300 MB the rest of the comparison does not need.
    """
    region_indicators = _region_indicators_from_file(processed_dir, documents, codebook)
    # Only what the counts need: the mentions' sentences and text were 120 MB at 10,000 docs.
    mentions = read_table("measure_mentions", processed_dir, columns=MENTION_COLUMNS)
    region_measures = region_measures_table(mentions, documents, measure_catalogue(codebook))
    release_unused_memory()
    return region_indicators, region_measures


def _region_indicators_from_file(
    processed_dir: str | Path, documents: pd.DataFrame, codebook: Codebook
) -> pd.DataFrame:
    """:func:`region_indicators_table` of the indicators file, built without the sentences.

    The facts are read, sorted and flagged without their sentences (a third of the table at
    10,000 documents, and most of what a copy of it costs); each kept fact's sentence is then
    taken from the file's column in Arrow, in the table's order. The table is the same.
    """
    path = table_path(processed_dir, "indicators")
    columns = [c for c in pq.ParquetFile(path).schema_arrow.names if c != "sentence"]
    facts = read_table("indicators", processed_dir, columns=columns)
    facts[_ROW] = np.arange(len(facts))
    table = region_indicators_table(facts, documents, comparability(codebook))
    release_unused_memory()
    rows = table.pop(_ROW).to_numpy()
    sentences = pq.read_table(path, columns=["sentence"]).column("sentence").take(rows)
    table["sentence"] = sentences.to_pandas().set_axis(table.index)
    del sentences
    release_unused_memory()
    return table


#: The columns of measure_mentions that region_measures counts.
MENTION_COLUMNS = ["doc_id", "measure_id", "measure_status"]

#: A fact's row in the indicators file, while region_indicators is built without sentences.
_ROW = "_row"


def region_measures_table(
    mentions: pd.DataFrame, documents: pd.DataFrame, measures: Sequence[Mapping[str, str]]
) -> pd.DataFrame:
    """Build region_measures: every region × every codebook measure, with mention counts.

    Absent measures get 0 mentions rather than no row, so a heatmap shows what a region does
    not mention as clearly as what it does. ``n_done`` counts the mentions that report the
    measure as done: a measure with mentions but none done is only planned.

    Args:
        mentions: the measure_mentions table.
        documents: the documents table.
        measures: codebook measures as mappings with measure_id, measure_zh, measure_en,
            framework_group and tool_type.
    """
    regions = regions_table(documents)[["region_code", "region_zh", "region_en"]]
    catalogue = pd.DataFrame(list(measures))
    grid = regions.merge(catalogue, how="cross")
    located = mentions.merge(documents[["doc_id", "region_code"]], on="doc_id", how="left")
    located["done"] = located["measure_status"] == "done"
    counts = (
        located.groupby(["region_code", "measure_id"])
        .agg(
            n_mentions=("doc_id", "size"), n_documents=("doc_id", "nunique"), n_done=("done", "sum")
        )
        .reset_index()
    )
    table = grid.merge(counts, on=["region_code", "measure_id"], how="left")
    numbers = ["n_mentions", "n_documents", "n_done"]
    table[numbers] = table[numbers].fillna(0).astype("int64")
    return table.sort_values(["region_code", "measure_id"]).reset_index(drop=True)


def tool_type_shares(region_measures: pd.DataFrame) -> pd.DataFrame:
    """Share of supply / demand / environment tools among the measures each region mentions.

    One row per region (every region of ``region_measures``, also one that mentions no
    measure: its shares are 0). A measure counts once however often it is mentioned, so a
    share says how a region's repertoire of measures is composed, not how much it talks.

    Args:
        region_measures: the region_measures table.

    Returns:
        Columns region_code, region_zh, region_en, supply, demand, environment (shares from 0
        to 1, summing to 1 unless the region mentions nothing) and n_measures, sorted by
        region_code.
    """
    regions = (
        region_measures[["region_code", "region_zh", "region_en"]]
        .drop_duplicates("region_code")
        .set_index("region_code")
    )
    present = region_measures.loc[region_measures["n_mentions"] > 0]
    counts = (
        present.groupby(["region_code", "tool_type"])
        .size()
        .unstack(fill_value=0)
        .reindex(index=regions.index, columns=list(TOOL_TYPES), fill_value=0)
    )
    total = counts.sum(axis=1)
    shares = counts.div(total.where(total > 0), axis=0).fillna(0.0)
    return (
        regions.join(shares)
        .assign(n_measures=total.astype("int64"))
        .sort_index()
        .reset_index()
        .rename_axis(columns=None)
    )


def changes_over_time(region_indicators: pd.DataFrame) -> pd.DataFrame:
    """The facts that state a change (从9种扩大到33种, 50% → 60%), one row per change.

    Returns:
        The region_indicators rows with a change_from, sorted by indicator, unit and region;
        the columns of region_indicators are kept.
    """
    changes = region_indicators.loc[region_indicators["change_from"].notna()]
    return changes.sort_values(
        ["indicator_id", "unit", "region_code", "doc_id", "start"]
    ).reset_index(drop=True)


def shared_indicators(
    region_indicators: pd.DataFrame, min_regions: int
) -> list[tuple[str, pd.DataFrame]]:
    """Comparable indicators (in one unit) that at least ``min_regions`` regions report.

    Returns (indicator_id, rows) pairs, the most widely reported first; a chart of them is a
    side-by-side view, with the flags on every row saying how far it can be trusted.
    """
    # Without the sentences: the charts do not show them, and at 10,000 documents a copy of
    # every comparable fact with its sentence took 200 MB.
    facts = region_indicators.loc[region_indicators["comparable"]].drop(
        columns=["sentence"], errors="ignore"
    )
    groups = [
        (str(key[0]), rows.reset_index(drop=True))
        for key, rows in facts.groupby(["indicator_id", "unit"])
        if rows["region_code"].nunique() >= min_regions
    ]
    return sorted(groups, key=lambda pair: -pair[1]["region_code"].nunique())


def comparability(codebook: Codebook) -> dict[str, bool]:
    """indicator_id → whether the codebook marks the indicator comparable across regions."""
    return {indicator.id: indicator.comparable for indicator in codebook.indicators}


def measure_catalogue(codebook: Codebook) -> list[dict[str, str]]:
    """The codebook's measures as rows of the region_measures columns they fill."""
    return [
        {
            "measure_id": m.id,
            "measure_zh": m.zh,
            "measure_en": m.en,
            "framework_group": m.group,
            "tool_type": m.tool_type,
        }
        for m in codebook.measures
    ]
