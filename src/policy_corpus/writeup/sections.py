"""The data of each report section, prepared from the contract tables by small pure functions.

Nothing here writes HTML: each function takes tables (and the report's language where a value
is shown) and returns plain records that a template of ``writeup/templates/sections`` renders.
A fact is a row of the indicators table with what readers see of it (``shown``), its theme
(the codebook category) and whether it is trivia (a duration, a denominator). Only a fact whose
role is ``level`` is ever compared or summarised as a level; starting values, increments and
ceilings are shown as such.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from policy_corpus.clean.indicators import PLACE_SUFFIX, QuantityContext, other_label
from policy_corpus.codebook import load_codebook
from policy_corpus.compare import effective_year
from policy_corpus.writeup.numbers import shown_value

#: Themes of achievements, in the order a profile lists them (codebook categories).
THEMES = (
    "funding",
    "treatment",
    "insurance",
    "access",
    "primary_care",
    "workforce",
    "infrastructure",
    "public_health",
    "support",
    "other",
)
#: Status before status: an achievement says more about a region than a plan.
STATUS_ORDER = {"achieved": 0, "policy_rule": 1, "target": 2}
#: Flags that make two levels only partly comparable (the others are notes on single values).
SERIOUS_FLAGS = frozenset(
    {
        "admin_levels",
        "plan_vs_achievement",
        "rule_vs_achievement",
        "plan_vs_rule",
        "different_years",
        "different_periods",
        "different_populations",
        "population_partial",
    }
)
#: Units that are never an achievement on their own (连续2年, 五年).
TRIVIAL_UNITS = frozenset({"year", "month"})
#: Indicators that are denominators of other facts, not achievements (18个贫困区县).
DENOMINATORS = frozenset({"poverty_areas"})
#: Suffixes dropped from a region's name for narrow columns (新疆维吾尔自治区 → 新疆).
_REGION_SUFFIX = re.compile(r"(?:维吾尔自治区|壮族自治区|回族自治区|自治区|特别行政区|省|市)$")
#: A named package: a quoted term that counts its parts (三保险, 两升两降一取消, 1+4+N, 985).
_QUOTED = re.compile(r"“([^”“]{1,14})”")
_NUMERAL = re.compile(r"[0-9一二三四五六七八九十两百千]")
#: National programme names that are measures or slogans, not a region's own package.
_NATIONAL = ("三个一批", "两不愁三保障", "十三五", "二甲")


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """A frame's rows as dicts keyed by column name."""
    return [{str(k): v for k, v in row.items()} for row in frame.to_dict("records")]


def short_name(region_zh: str) -> str:
    """A region's name short enough for a column header; the county or district alone.

    >>> short_name("新疆维吾尔自治区"), short_name("十堰市茅箭区"), short_name("重庆市")
    ('新疆', '茅箭区', '重庆')
    >>> short_name("广西壮族自治区"), short_name("咸宁市")
    ('广西', '咸宁')
    """
    name = re.sub(r"^.+?[市州盟](?=.+[区县旗]$)", "", region_zh)  # 十堰市茅箭区 → 茅箭区
    if name != region_zh:
        return name
    return _REGION_SUFFIX.sub("", name) or region_zh


def regions(documents: pd.DataFrame) -> list[dict[str, Any]]:
    """One record per region: code, names, level, its documents' genres and years."""
    out = []
    for code, docs in documents.sort_values(["region_code", "doc_id"]).groupby(
        "region_code", sort=True
    ):
        first = docs.iloc[0]
        out.append(
            {
                "code": str(code),
                "zh": str(first["region_zh"]),
                "en": str(first["region_en"]),
                "short": short_name(str(first["region_zh"])),
                "level": str(first["admin_level"]),
                "doc_types": sorted(set(docs["doc_type"].astype(str))),
                "years": sorted({str(p)[:4] for p in docs["published"].dropna()}),
                "documents": docs[["doc_id", "title", "doc_type", "published"]].pipe(records),
            }
        )
    return out


def documents_by_region(documents: pd.DataFrame) -> list[dict[str, Any]]:
    """One line per region: its number of documents, of each type, the years and characters.

    >>> docs = pd.DataFrame({"region_code": ["1", "1", "2"], "doc_type": ["plan", "summary",
    ...     "plan"], "published": ["2019-05", "2020-01-02", None], "n_chars": [10, 20, 5]})
    >>> documents_by_region(docs)[0]
    {'region_code': '1', 'n_documents': 2, 'types': {'plan': 1, 'summary': 1}, \
'years': '2019–2020', 'n_chars': 30}
    """
    out = []
    for code, group in documents.groupby("region_code", sort=True):
        years = sorted({str(p)[:4] for p in group["published"].dropna()})
        out.append(
            {
                "region_code": str(code),
                "n_documents": len(group),
                "types": {str(k): int(v) for k, v in group["doc_type"].value_counts().items()},
                "years": "" if not years else "–".join(dict.fromkeys([years[0], years[-1]])),
                "n_chars": int(group["n_chars"].sum()),
            }
        )
    return out


def is_trivia(indicator_id: str, unit: object) -> bool:
    """Whether a fact is too slight to stand as an achievement (a duration, a denominator).

    >>> is_trivia("other", "year"), is_trivia("poverty_areas", "county")
    (True, True)
    >>> is_trivia("other", "person"), is_trivia("other", "percent")
    (True, False)
    """
    if unit in TRIVIAL_UNITS or indicator_id in DENOMINATORS:
        return True
    return indicator_id == "other" and unit not in ("percent", "yuan", "person_time")


def themes_of_indicators() -> dict[str, str]:
    """indicator_id → theme (the codebook category)."""
    return {i.id: i.category for i in load_codebook().indicators}


def facts(
    indicators: pd.DataFrame, language: str, themes: dict[str, str] | None = None
) -> pd.DataFrame:
    """The indicators table with ``shown`` (the value for readers), ``theme`` and ``trivia``."""
    if indicators.empty:
        return indicators.assign(shown=[], theme=[], trivia=[])
    themes = themes_of_indicators() if themes is None else themes
    frame = indicators.reset_index(drop=True)
    shown = [shown_value(row, language) for row in frame.itertuples(index=False)]
    theme = [themes.get(str(i), "other") for i in frame["indicator_id"]]
    theme = [t if t in THEMES else "other" for t in theme]
    trivia = [
        is_trivia(str(i), u) for i, u in zip(frame["indicator_id"], frame["unit"], strict=True)
    ]
    return frame.assign(shown=shown, theme=theme, trivia=trivia, occurrence=_occurrence(frame))


def _occurrence(frame: pd.DataFrame) -> pd.Series | int:
    """Which occurrence of its text in its sentence each fact is (至少有1名 … 至少有1名: 0, 1)."""
    if "sentence" not in frame or "start" not in frame:
        return 0
    ordered = frame.sort_values(["doc_id", "start"])
    return (
        ordered.groupby(["doc_id", "sentence", "text"], sort=False).cumcount().reindex(frame.index)
    )


def _with_year(frame: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    published = documents.set_index("doc_id")["published"]
    years = [
        effective_year(p, published.get(d)) or ""
        for p, d in zip(frame["period"], frame["doc_id"], strict=True)
    ]
    return frame.assign(year=years)


# --- findings --------------------------------------------------------------------------------


@dataclass
class SharedIndicator:
    """An indicator whose level two or more regions report, with how far they agree."""

    indicator_id: str
    zh: str
    en: str
    unit: str
    by_status: list[tuple[str, list[dict[str, Any]]]]
    n_regions: int
    agree: bool
    low: dict[str, Any]
    high: dict[str, Any]
    median: float
    ratio: float | None
    flags: list[str] = field(default_factory=list)
    many: bool = False
    points: list[dict[str, Any]] = field(default_factory=list)
    #: How many values the median is of: the achieved ones when some regions report targets
    #: or rules beside them (a plan's goal is not a level), else all of them.
    n_median: int = 0


#: A scope that is one named place inside a region (朗措县 of a prefecture's county table):
#: its figure is that place's, not the region's, and is not compared across regions. Scopes
#: of kinds (贫困县, 18个贫困区县, 全区) are not places.
SUB_AREA = re.compile(
    r"^(?!.*(?:贫困|深度|重点|所有|各|全|试点|示范|该|本|农村|城市))[\u4e00-\u9fff]{1,8}"
    + PLACE_SUFFIX
    + "$"
)


def region_wide(frame: pd.DataFrame) -> pd.Series:
    """Rows whose figure stands for their region, not for one place inside it.

    >>> scopes = pd.DataFrame({"scope": ["朗措县", "贫困人口", None, "全区", "18个贫困区县"]})
    >>> region_wide(scopes).tolist()
    [False, True, True, True, True]
    """
    if "scope" not in frame.columns:
        return pd.Series(True, index=frame.index)
    place = frame["scope"].astype("string").str.match(SUB_AREA.pattern).fillna(False)
    return ~place.astype(bool)


def one_level_per_region(levels: pd.DataFrame) -> pd.DataFrame:
    """Each region's own value of one indicator: achieved before rules before targets, latest.

    >>> frame = pd.DataFrame({"region_code": ["1", "1", "2"], "status": ["target", "achieved",
    ...     "target"], "year": ["2020", "2019", "2019"], "start": [5, 9, 1]})
    >>> one_level_per_region(frame)["start"].tolist()
    [9, 1]
    """
    ranked = levels.assign(
        _s=levels["status"].map(STATUS_ORDER).fillna(3), _y=levels["year"].astype(str)
    ).sort_values(["region_code", "_s", "_y", "start"], ascending=[True, True, False, True])
    return ranked.drop_duplicates("region_code").drop(columns=["_s", "_y"])


def shared_indicators(
    fact_frame: pd.DataFrame,
    region_indicators: pd.DataFrame,
    documents: pd.DataFrame,
    min_regions: int = 2,
    many: int = 6,
) -> list[SharedIndicator]:
    """Comparable indicators whose level (never a start value, step or ceiling) ≥2 regions give.

    Each region counts once (:func:`one_level_per_region`); values are grouped by status; the
    spread says where they agree and by how much they differ; with ``many`` regions or more the
    report gives the median and the regions at each end instead of every value.
    """
    if fact_frame.empty or region_indicators.empty:
        return []
    comparable = set(
        region_indicators.loc[region_indicators["comparable"].astype(bool), "indicator_id"]
    )
    flags_by_key = {
        (str(d), int(s)): list(f)
        for d, s, f in zip(
            region_indicators["doc_id"],
            region_indicators["start"],
            region_indicators["flags"],
            strict=True,
        )
    }
    levels = fact_frame.loc[
        fact_frame["indicator_id"].isin(comparable)
        & (fact_frame["role"] == "level")
        & region_wide(fact_frame)
    ]
    levels = _with_year(levels, documents)
    out = []
    for (indicator_id, unit), group in levels.groupby(["indicator_id", "unit"], sort=True):
        chosen = one_level_per_region(group)
        if chosen["region_code"].nunique() < min_regions:
            continue
        rows = chosen.sort_values(["value", "region_code"]).pipe(records)
        by_status = [
            (status, [r for r in rows if r["status"] == status])
            for status in STATUS_ORDER
            if any(r["status"] == status for r in rows)
        ]
        values = [float(r["value"]) for r in rows]
        achieved = [float(r["value"]) for r in rows if r["status"] == "achieved"]
        median_of = achieved or values
        flags = sorted(
            {f for r in rows for f in flags_by_key.get((str(r["doc_id"]), int(r["start"])), [])}
            & SERIOUS_FLAGS
        )
        low, high = rows[0], rows[-1]
        out.append(
            SharedIndicator(
                indicator_id=str(indicator_id),
                zh=str(rows[0]["indicator_zh"]),
                en=str(rows[0]["indicator_en"]),
                unit=str(unit),
                by_status=by_status,
                n_regions=len(rows),
                agree=min(values) == max(values),
                low=low,
                high=high,
                median=statistics.median(median_of),
                ratio=max(values) / min(values) if min(values) > 0 else None,
                flags=flags,
                many=len(rows) >= many,
                points=dot_points(rows) if len(rows) >= many else [],
                n_median=len(median_of),
            )
        )
    return sorted(out, key=lambda s: (-s.n_regions, s.indicator_id))


def rule_changes(fact_frame: pd.DataFrame, documents: pd.DataFrame) -> list[dict[str, Any]]:
    """Every rule or level a document gives as a change (从A提高到B): from, to, when, where.

    Sorted by year, then region; planned changes (targets) keep their status.
    """
    if fact_frame.empty:
        return []
    changes = fact_frame.loc[fact_frame["change_from"].notna() & (fact_frame["role"] == "level")]
    changes = _with_year(changes, documents).sort_values(["year", "region_code", "doc_id", "start"])
    # Two documents of a region stating the same change are one change of that region.
    same = ["region_code", "indicator_id", "change_from", "value", "unit", "period", "status"]
    return changes.drop_duplicates(same).pipe(records)


def grouped_changes(changes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The same change (indicator, from, to, status) made by several regions, as one line.

    Each line keeps its first fact (to cite), the regions in order, and the years; lines come
    in order of their first year, the most widely made first within a year.

    >>> rows = [{"indicator_id": "x", "change_from": 50.0, "value": 60.0, "unit": "percent",
    ...          "status": "policy_rule", "region_code": c, "year": y}
    ...         for c, y in [("11", "2019"), ("12", "2020"), ("13", "2019")]]
    >>> [(g["regions"], g["years"]) for g in grouped_changes(rows)]
    [(['11', '12', '13'], '2019–2020')]
    """
    groups: dict[tuple[Any, ...], dict[str, Any]] = {}
    for c in changes:
        key = (c["indicator_id"], c["change_from"], c["value"], c["unit"], c["status"])
        group = groups.setdefault(key, {"fact": c, "regions": [], "years": set()})
        if c["region_code"] not in group["regions"]:
            group["regions"].append(c["region_code"])
        if c.get("year"):
            group["years"].add(str(c["year"]))
    out = []
    for group in groups.values():
        years = sorted(group["years"])
        span = "" if not years else "–".join(dict.fromkeys([years[0], years[-1]]))
        out.append({**group, "regions": sorted(group["regions"]), "years": span})
    return sorted(out, key=lambda g: (g["years"][:4] or "9999", -len(g["regions"])))


@dataclass
class MeasureSpread:
    """How widely one codebook measure is reported: done, only planned, absent, by region."""

    measure_id: str
    zh: str
    en: str
    tool_type: str
    done: list[str]
    planned: list[str]
    absent: list[str]


def measure_spread(region_measures: pd.DataFrame) -> list[MeasureSpread]:
    """Per measure, the regions that report it done, those that only plan it, and the rest.

    Region codes; most widespread (done, then planned) first.
    """
    if region_measures.empty:
        return []
    out = []
    for (measure_id, zh, en, tool), group in region_measures.groupby(
        ["measure_id", "measure_zh", "measure_en", "tool_type"], sort=True
    ):
        done = sorted(group.loc[group["n_done"] > 0, "region_code"].astype(str))
        planned = sorted(
            group.loc[(group["n_mentions"] > 0) & (group["n_done"] == 0), "region_code"].astype(str)
        )
        absent = sorted(group.loc[group["n_mentions"] == 0, "region_code"].astype(str))
        out.append(
            MeasureSpread(str(measure_id), str(zh), str(en), str(tool), done, planned, absent)
        )
    return sorted(out, key=lambda m: (-len(m.done) - len(m.planned), -len(m.done), m.measure_id))


def measure_findings(spread: list[MeasureSpread], n_regions: int) -> dict[str, list[MeasureSpread]]:
    """Measures every region reports, measures only planned anywhere, measures of one region."""
    every = [m for m in spread if len(m.done) + len(m.planned) == n_regions]
    only_planned = [m for m in spread if not m.done and m.planned]
    single = [m for m in spread if len(m.done) + len(m.planned) == 1]
    return {"every": every, "only_planned": only_planned, "single": single}


# --- region profiles -------------------------------------------------------------------------


#: Words that say when, where or how much was put in, not what the number is (今年全区投资,
#: 累计投入资金): a phrase made only of them is not shown.
GENERIC_WORDS = re.compile(
    r"今年|去年|当年|目前|截至|全(?:区|市|省|县|州|国)|该(?:区|市|县|省)|累计|先后|共计?|合计"
    r"|投入|投资|资金|经费|筹集|争取|安排|统筹|拨付|实现|完成|达到?|并|积极|已"
)


def as_written(fact: dict[str, Any]) -> str:
    """The noun phrase the sentence gives the number (乡镇卫生院 for 乡镇卫生院180所), or "".

    A codebook label is wider than many numbers it classifies (building work: facilities, floor
    area, beds); the source's own words say which. Nothing when the label already holds them,
    when the fact is unclassified (its label is the phrase) or its sentence is not at hand.

    >>> as_written({"sentence": "改扩建县级医院24所、乡镇卫生院180所", "text": "180所",
    ...             "unit": "institution", "indicator_id": "facilities_built",
    ...             "indicator_zh": "医疗卫生机构新建、改扩建与标准化建设"})
    '乡镇卫生院'
    """
    sentence, text = fact.get("sentence"), fact.get("text")
    if fact.get("indicator_id") == "other" or not isinstance(sentence, str) or not text:
        return ""
    at = _nth(sentence, str(text), int(fact.get("occurrence", 0) or 0))
    if at < 0:
        return ""
    context = QuantityContext(sentence, at, at + len(str(text)))
    unit = fact.get("unit")
    phrase = other_label(context, unit if isinstance(unit, str) else None)
    zh = str(fact.get("indicator_zh", ""))
    if phrase == "未分类数量" or len(GENERIC_WORDS.sub("", phrase)) < 2 or phrase in zh:
        return ""
    return phrase


def _nth(text: str, part: str, n: int) -> int:
    """Offset of the n-th (from 0) occurrence of ``part`` in ``text``, the last one if fewer."""
    at = found = text.find(part)
    while n > 0 and found >= 0:
        found = text.find(part, found + 1)
        at = found if found >= 0 else at
        n -= 1
    return at


def achievements(
    fact_frame: pd.DataFrame, region_code: str, per_theme: int | None = None
) -> list[tuple[str, list[dict[str, Any]]]]:
    """A region's achieved levels by theme, trivia left out, every theme in :data:`THEMES` order.

    Within a theme, facts follow the document; ``per_theme`` keeps the largest amounts of money
    and people first when the profile must stay short. One pass over the region's facts (a
    filter per theme cost a quarter of a second per region at 1,000 documents).
    """
    if fact_frame.empty:
        return []
    own = fact_frame.loc[
        (fact_frame["region_code"] == region_code)
        & (fact_frame["status"] == "achieved")
        & (fact_frame["role"] == "level")
        & ~fact_frame["trivia"].astype(bool)
    ]
    own = own.sort_values(["doc_id", "start"]).drop_duplicates(
        ["theme", "indicator_id", "value", "unit", "period"]
    )
    if per_theme is not None:
        weight = own["unit"].map({"yuan": 0, "person": 1, "person_time": 2}).fillna(3)
        own = (
            own.assign(_w=weight)
            .sort_values(["_w", "value"], ascending=[True, False], kind="stable")
            .groupby("theme", sort=False)
            .head(per_theme)
            .sort_values(["doc_id", "start"])
            .drop(columns="_w")
        )
    by_theme: dict[str, list[dict[str, Any]]] = {}
    for row in own.pipe(records):
        by_theme.setdefault(str(row["theme"]), []).append(row)
    return [(theme, by_theme[theme]) for theme in THEMES if theme in by_theme]


def rules_and_targets(fact_frame: pd.DataFrame, region_code: str) -> list[dict[str, Any]]:
    """A region's policy rules and targets (levels, not trivia), in document order."""
    if fact_frame.empty:
        return []
    own = fact_frame.loc[
        (fact_frame["region_code"] == region_code)
        & fact_frame["status"].isin(["policy_rule", "target"])
        & (fact_frame["role"] == "level")
        & ~fact_frame["trivia"].astype(bool)
    ]
    return own.sort_values(["doc_id", "start"]).pipe(records)


def not_levels(fact_frame: pd.DataFrame, region_code: str) -> list[dict[str, Any]]:
    """A region's starting values, amounts of change and ceilings, in document order."""
    if fact_frame.empty:
        return []
    own = fact_frame.loc[
        (fact_frame["region_code"] == region_code) & (fact_frame["role"] != "level")
    ]
    return own.sort_values(["doc_id", "start"]).pipe(records)


def approach(
    region_measures: pd.DataFrame,
    measure_mentions: pd.DataFrame,
    doc_ids: Iterable[str],
    region_code: str,
) -> list[dict[str, Any]]:
    """The measures a region reports, done ones first, each with the sentence that says so.

    The evidence of a measure done is its first mention as done; of a planned one, its first.
    """
    if region_measures.empty:
        return []
    own = region_measures.loc[
        (region_measures["region_code"] == region_code) & (region_measures["n_mentions"] > 0)
    ]
    first: dict[str, dict[str, Any]] = {}
    first_done: dict[str, dict[str, Any]] = {}
    if not measure_mentions.empty:
        mentions = measure_mentions.loc[measure_mentions["doc_id"].isin(set(doc_ids))]
        mentions = mentions.sort_values(["doc_id", "start"])
        first = {r["measure_id"]: r for r in mentions.drop_duplicates("measure_id").pipe(records)}
        done_rows = mentions.loc[mentions["measure_status"] == "done"]
        first_done = {
            r["measure_id"]: r for r in done_rows.drop_duplicates("measure_id").pipe(records)
        }
    out = []
    for m in own.itertuples(index=False):
        done = int(str(m.n_done)) > 0
        out.append(
            {
                "measure_id": m.measure_id,
                "zh": m.measure_zh,
                "en": m.measure_en,
                "done": done,
                "n_mentions": int(str(m.n_mentions)),
                "evidence": (first_done if done else first).get(str(m.measure_id)),
            }
        )
    return sorted(out, key=lambda a: (not a["done"], -a["n_mentions"], a["measure_id"]))


#: Where an excerpt may be cut: after punctuation, so that no word is cut in two (点对… for 点对点).
EXCERPT_BREAK = re.compile(r"[，,、；;：:。！!？?\s“”]")
#: How far a cut may move to reach punctuation.
EXCERPT_SLACK = 12


def excerpt(sentence: str, start: int, end: int, width: int = 40) -> str:
    """The part of a sentence around a span, with … where it was cut, cut at punctuation.

    >>> excerpt("一二三四五六七八九十", 4, 6, 2)
    '…三四五六七八…'
    >>> excerpt("采取包干负责、点对点、面对面方式,向群众宣传政策", 8, 10, 5)
    '…点对点、面对面方式,…'
    """
    left = _cut_at_punctuation(sentence, max(0, start - width), 0, start)
    right = _cut_at_punctuation(sentence, min(len(sentence), end + width), end, len(sentence))
    return ("…" if left else "") + sentence[left:right] + ("…" if right < len(sentence) else "")


def _cut_at_punctuation(sentence: str, cut: int, low: int, high: int) -> int:
    """The position just after the punctuation nearest ``cut`` (within the slack), else ``cut``."""
    if cut in (0, len(sentence)):
        return cut
    window = range(max(low, cut - EXCERPT_SLACK), min(high, cut + EXCERPT_SLACK) + 1)
    after_breaks = [i for i in window if i > 0 and EXCERPT_BREAK.match(sentence, i - 1)]
    return min(after_breaks, key=lambda i: abs(i - cut)) if after_breaks else cut


def named_packages(text: str, limit: int = 8) -> list[dict[str, str]]:
    """A document's own named packages (quoted terms that count their parts), with its sentence.

    Consecutive quoted parts (“三保险”“两救助”“两基金”) form one name.

    >>> named_packages("实行“两升两降一取消”办法。落实“三保险”“两救助”“两基金”。")[1]["name"]
    '三保险两救助两基金'
    >>> [p["name"] for p in named_packages("按照“三个一批”行动。“985”政策。")]
    ['985']
    """
    out: list[dict[str, str]] = []
    seen = set()
    for sentence in re.split(r"(?<=[。！？；\n])", text):
        matches = list(_QUOTED.finditer(sentence))
        i = 0
        while i < len(matches):
            name, j = matches[i].group(1), i
            while j + 1 < len(matches) and matches[j + 1].start() == matches[j].end():
                j += 1
                name += matches[j].group(1)
            i = j + 1
            if not _NUMERAL.search(name) or any(n in name for n in _NATIONAL) or name in seen:
                continue
            seen.add(name)
            out.append({"name": name, "sentence": sentence.strip()})
            if len(out) >= limit:
                return out
    return out


# --- comparison ------------------------------------------------------------------------------


@dataclass
class Compared:
    """One comparable indicator in the comparison: its facts, verdict and shared flags."""

    indicator_id: str
    zh: str
    en: str
    verdict: str  # comparable, partly, not
    rows: list[dict[str, Any]]
    flags: list[str]


def verdict(level_regions: int, flags: Iterable[str]) -> str:
    """comparable, partly or not: levels of ≥2 regions, and whether serious flags stand between.

    >>> verdict(2, []), verdict(2, ["different_years"]), verdict(1, [])
    ('comparable', 'partly', 'not')
    """
    if level_regions < 2:
        return "not"
    return "partly" if set(flags) & SERIOUS_FLAGS else "comparable"


def comparison(
    region_indicators: pd.DataFrame, fact_frame: pd.DataFrame, with_sentences: bool = True
) -> list[Compared]:
    """Comparable indicators reported by two or more regions, each with a verdict.

    ``with_sentences=False`` leaves the sentences out of the rows (a report of many regions
    cites two rows per indicator and looks their sentences up; 200,000 rows with sentences
    took 200 MB at 10,000 documents).
    """
    if region_indicators.empty:
        return []
    if not with_sentences:
        region_indicators = region_indicators.drop(columns=["sentence"], errors="ignore")
    shown = {
        (str(d), int(s)): (v, r, t)
        for d, s, v, r, t in zip(
            fact_frame["doc_id"],
            fact_frame["start"],
            fact_frame["shown"],
            fact_frame["role"],
            fact_frame["text"],
            strict=True,
        )
    }
    comparable = region_indicators.loc[
        region_indicators["comparable"].astype(bool) & region_wide(region_indicators)
    ]
    out = []
    for indicator_id, group in comparable.groupby("indicator_id", sort=True):
        if group["region_code"].nunique() < 2:
            continue
        rows = []
        for r in group.sort_values(["region_code", "start"]).pipe(records):
            # The number as the sentence writes it (text) is what the appendix highlights.
            value, role, text = shown.get(
                (str(r["doc_id"]), int(r["start"])), (r["display_value"], "level", "")
            )
            rows.append(
                {**r, "shown": value, "role": role, "text": text, "flags": list(r["flags"])}
            )
        levels = [r for r in rows if r["role"] == "level"]
        # A start, step or ceiling in a unit no level has (7类 of 7类9种 → 32种: the categories
        # of a list counted in diseases) is not a second value of the same thing: it stays on
        # its region's page.
        level_units = {r.get("unit") for r in levels}
        if levels:
            rows = [r for r in rows if r["role"] == "level" or r.get("unit") in level_units]
        n_level_regions = len({r["region_code"] for r in levels})
        flags = sorted({f for r in levels for f in r["flags"]} & SERIOUS_FLAGS)
        out.append(
            Compared(
                str(indicator_id),
                str(rows[0]["indicator_zh"]),
                str(rows[0]["indicator_en"]),
                verdict(n_level_regions, flags),
                rows,
                flags,
            )
        )
    order = {"comparable": 0, "partly": 1, "not": 2}
    return sorted(out, key=lambda c: (order[c.verdict], c.indicator_id))


@dataclass
class ComparedSpread:
    """One compared indicator in a line, for a report of many regions.

    Its levels' spread in their commonest unit, and what else was reported (every row is on
    the region pages).
    """

    compared: Compared
    unit: str
    n_regions: int
    n_values: int
    median: float | None
    low: dict[str, Any] | None
    high: dict[str, Any] | None
    other_roles: dict[str, int]


def compared_spread(compared: Compared) -> ComparedSpread:
    """The spread of one compared indicator's levels (never a start value, step or ceiling).

    Levels in other units than the commonest are counted with the other roles under ``unit``,
    since they cannot share a median with it.

    >>> rows = [{"role": "level", "unit": "percent", "value": v, "region_code": c}
    ...         for v, c in [(80.0, "1"), (90.0, "2"), (70.0, "2")]]
    >>> rows.append({"role": "cap", "unit": "percent", "value": 10.0, "region_code": "3"})
    >>> s = compared_spread(Compared("x", "x", "x", "comparable", rows, []))
    >>> s.n_regions, s.median, s.low["value"], s.high["value"], s.other_roles
    (2, 80.0, 70.0, 90.0, {'cap': 1})
    """
    levels = [r for r in compared.rows if r["role"] == "level"]
    regions_by_unit: dict[str, set[str]] = {}
    for r in levels:
        regions_by_unit.setdefault(str(r["unit"]), set()).add(str(r["region_code"]))
    unit = max(sorted(regions_by_unit), key=lambda u: len(regions_by_unit[u]), default="")
    shown = sorted(
        (r for r in levels if str(r["unit"]) == unit),
        key=lambda r: (float(r["value"]), str(r["region_code"])),
    )
    others: dict[str, int] = {}
    for r in compared.rows:
        if r["role"] != "level" or str(r["unit"]) != unit:
            role = str(r["role"]) if r["role"] != "level" else "unit"
            others[role] = others.get(role, 0) + 1
    return ComparedSpread(
        compared=compared,
        unit=unit,
        n_regions=len(regions_by_unit.get(unit, ())),
        n_values=len(shown),
        median=statistics.median(float(r["value"]) for r in shown) if shown else None,
        low=shown[0] if shown else None,
        high=shown[-1] if shown else None,
        other_roles=others,
    )


def distribution(values: list[float]) -> dict[str, float]:
    """Median and range of a list of values.

    >>> distribution([25.0, 30.0, 32.0, 33.0])
    {'median': 31.0, 'low': 25.0, 'high': 33.0}
    """
    return {"median": statistics.median(values), "low": min(values), "high": max(values)}


def dot_positions(values: list[float], width: float = 300.0, pad: float = 10.0) -> list[float]:
    """X positions of values on a line of ``width`` pixels (a dot plot), with ``pad`` each side.

    >>> dot_positions([0.0, 5.0, 10.0], 120.0, 10.0)
    [10.0, 60.0, 110.0]
    """
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    return [round(pad + (v - low) / span * (width - 2 * pad), 1) for v in values]


def profile(
    region: dict[str, Any],
    fact_frame: pd.DataFrame,
    region_measures: pd.DataFrame,
    measure_mentions: pd.DataFrame,
    texts: Mapping[str, str],
    full: bool,
) -> dict[str, Any]:
    """Everything a region's profile shows, from its own documents and facts.

    Measures done and planned with evidence, its own named packages, achievements by theme,
    rules and targets, and two headline figures.

    ``full`` is the region's own page (every fact); otherwise the short form of the report.
    """
    doc_ids = [str(d["doc_id"]) for d in region["documents"]]
    measures = approach(region_measures, measure_mentions, doc_ids, region["code"])
    evidence = []
    for m in measures if full else [m for m in measures if m["done"]][:4]:
        e = m["evidence"]
        if e is None:
            continue
        at = str(e["sentence"]).find(str(e["text"]))
        at = max(at, 0)
        quote = excerpt(str(e["sentence"]), at, at + len(str(e["text"])), 60 if full else 30)
        evidence.append({**m, "quote": quote})
    packages = [p for d in doc_ids for p in named_packages(texts.get(d, ""), 12 if full else 4)]
    by_theme = achievements(fact_frame, region["code"], None if full else 3)
    rules = rules_and_targets(fact_frame, region["code"])
    headline = [f for _, rows in achievements(fact_frame, region["code"], 1) for f in rows][:2]
    others = not_levels(fact_frame, region["code"]) if full else []
    return {
        "region": region,
        "done": [m for m in measures if m["done"]],
        "planned": [m for m in measures if not m["done"]],
        "evidence": evidence,
        "packages": packages,
        "achievements": by_theme,
        "rules": rules if full else rules[:6],
        "headline": headline,
        "others": others,
    }


def largest_money(fact_frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Each region's largest achieved sum of money invested (a level), largest first."""
    if fact_frame.empty:
        return []
    money = fact_frame.loc[
        (fact_frame["unit"] == "yuan")
        & (fact_frame["theme"] == "funding")
        & (fact_frame["status"] == "achieved")
        & (fact_frame["role"] == "level")
        & ~fact_frame["trivia"].astype(bool)
    ]
    top = money.sort_values("value", ascending=False).drop_duplicates("region_code")
    return top.pipe(records)


def dot_points(rows: list[dict[str, Any]], width: float = 320.0) -> list[dict[str, Any]]:
    """Dots of a distribution: x, status and, for the two ends, a label (region and value)."""
    xs = dot_positions([float(r["value"]) for r in rows], width)
    return [
        {"x": x, "kind": r["status"], "label": f"{short_name(str(r['region_zh']))} {r['shown']}"}
        for x, r in zip(xs, rows, strict=True)
    ]
