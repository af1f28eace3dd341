"""The write-up: report sections as HTML, built from the contract tables.

Every number the report quotes from a document is registered with :meth:`Report.cite`, which
links it to an entry of the provenance appendix quoting its sentence with the number
highlighted. All text that comes from documents is escaped, so a document that contains
``<script>`` shows it as text. Each section exists in English (Chinese terms kept) and in
Chinese; :data:`SECTIONS` fixes their order and anchors, so the table of contents can be
written before the sections are.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from policy_corpus import __version__
from policy_corpus.compare import display_values, shared_indicators, split_flags
from policy_corpus.contract.paths import PROJECT_DIR, table_path
from policy_corpus.contract.storage import write_atomic, write_csv_for_excel
from policy_corpus.contract.vocabulary import (
    ADMIN_LEVEL_ZH,
    CHECK_ZH,
    DOC_TYPE_ZH,
    REJECT_REASON_ZH,
    SEVERITY_ZH,
    STATUS_EN,
    STATUS_ZH,
    UNIT_ZH,
    label,
    period_label,
    terms,
)
from policy_corpus.run import state
from policy_corpus.run.chain import STAGE_BY_NAME

#: Tables the report cannot be written without (the others it reads may be absent).
REQUIRED_TABLES = ("documents", "indicators", "region_indicators", "region_measures")
#: The summary names at most this many indicators (the comparison section has them all).
MAX_FINDINGS = 8
#: A region profile shows at most this many key numbers, measures and terms.
PROFILE_NUMBERS = 6
PROFILE_MEASURES = 5
PROFILE_TERMS = 6
#: The similarity table shows the most similar pairs of documents, at most this many.
MAX_SIMILAR_PAIRS = 10

#: The report's sections in order: anchor and heading key. The table of contents lists them.
SECTIONS = (
    "summary",
    "corpus",
    "methods",
    "comparison",
    "measures",
    "wording",
    "profiles",
    "issues",
    "unclassified",
    "notes",
    "provenance",
)

#: Tables exported for reuse in reports/tables/, in this order.
EXPORTED_TABLES = (
    "documents",
    "indicators",
    "region_indicators",
    "region_measures",
    "measure_mentions",
    "validation_issues",
    "ingest_issues",
)
#: Tables of the comparison notebook that a run may not have written; exported when present.
OPTIONAL_EXPORTS = ("region_terms", "document_similarity")

TEXT = {
    "en": {
        "title": "Health poverty alleviation (健康扶贫): a comparison of regions",
        "contents": "Contents",
        "summary": "Summary of findings",
        "corpus": "Corpus",
        "methods": "Methods",
        "comparison": "Indicators compared across regions",
        "measures": "Policy measures by region",
        "wording": "Distinctive terms and similar documents",
        "profiles": "Region profiles",
        "issues": "Validation issues",
        "unclassified": "Numbers not matched to a codebook indicator",
        "notes": "Notes on the data",
        "provenance": "Appendix: every number and its source",
        "rejected": "Documents not ingested",
        "none_rejected": "All documents listed in the manifest were ingested.",
        "no_shared": "No comparable indicator is reported by two or more regions.",
        "not_comparable": "{n} further facts belong to indicators the codebook marks not "
        "comparable across regions (counts and money that grow with the size of a region); "
        "they are in the region profiles and in tables/region_indicators.csv.",
        "no_issues": "The domain checks found no issue.",
        "none_unclassified": "Every number matched an indicator of the codebook.",
        "generated": "Generated",
        "version": "code version",
        "documents": "documents",
        "regions": "regions",
        "figure": "Figure",
        "table": "Table",
        "parameters": "Parameters of this run",
        "notebook": "notebook",
        "parameter": "parameter",
        "empty": "(empty)",
        "offset": "offset",
        "back": "back to the text",
        "all_rows": "All rows",
        "n_regions": "{n} regions",
        "one_region": "1 region",
        "no_period": "period unknown",
        "comparison_caption": "Facts of comparable indicators, by indicator",
        "changes_caption": "Values reported as a change over time (从A到B)",
        "heatmap_caption": "Mentions of each codebook measure by region",
        "tool_caption": "Share of supply, demand and environment measures among those each "
        "region mentions",
        "measures_caption": "Measures mentioned by each region, by policy-tool type",
        "terms": "Distinctive terms",
        "terms_caption": "Terms each region uses more than the others (keyness)",
        "terms_figure": "Distinctive terms by region",
        "similarity": "Similar documents",
        "similarity_caption": "The most similar pairs of documents (cosine similarity of "
        "their wording, 0 to 1)",
        "similarity_figure": "Similarity of the documents' wording",
        "no_wording": "The comparison notebook did not compute distinctive terms or document "
        "similarity in this run.",
        "unclassified_caption": "Numbers kept with the noun phrase they measure",
        "issues_caption": "Problems the domain checks found",
        "no_measures": "mentions none of the codebook's measures.",
        "no_numbers": "No number of this region matched a codebook indicator.",
        "key_numbers": "Key numbers",
        "measures_most": "Measures it mentions most",
        "its_terms": "Distinctive terms",
        "similarity_col": "similarity",
        "document_a": "document",
        "document_b": "similar document",
        "caution": "Caution",
    },
    "zh": {
        "title": "健康扶贫地区比较报告",
        "contents": "目录",
        "summary": "主要发现",
        "corpus": "文献语料",
        "methods": "研究方法",
        "comparison": "各地区指标比较",
        "measures": "各地区政策措施",
        "wording": "地区特色用语与相似文献",
        "profiles": "地区概况",
        "issues": "数据校验问题",
        "unclassified": "未归入编码本指标的数字",
        "notes": "数据说明与局限",
        "provenance": "附录：每个数字及其出处",
        "rejected": "未能导入的文献",
        "none_rejected": "清单中的全部文献均已导入。",
        "no_shared": "没有两个及以上地区共同报告的可比指标。",
        "not_comparable": "另有{n}条数据属于编码本标为不可跨地区比较的指标（随地区规模增减的"
        "数量和金额），见地区概况及 tables/region_indicators.csv。",
        "no_issues": "校验未发现问题。",
        "none_unclassified": "所有数字均已归入编码本指标。",
        "generated": "生成时间",
        "version": "代码版本",
        "documents": "篇文献",
        "regions": "个地区",
        "figure": "图",
        "table": "表",
        "parameters": "本次运行参数",
        "notebook": "笔记本",
        "parameter": "参数",
        "empty": "（空）",
        "offset": "位置",
        "back": "返回正文",
        "all_rows": "各行共同",
        "n_regions": "{n}个地区",
        "one_region": "1个地区",
        "no_period": "时期不详",
        "comparison_caption": "可比指标数据（按指标分组）",
        "changes_caption": "以变化形式（从A到B）报告的数值",
        "heatmap_caption": "各地区提及编码本措施的次数",
        "tool_caption": "各地区所提及措施中供给型、需求型、环境型政策工具的占比",
        "measures_caption": "各地区提及的措施数（按政策工具类型）",
        "terms": "地区特色用语",
        "terms_caption": "各地区相对其他地区更常使用的词语（关键度）",
        "terms_figure": "各地区特色用语",
        "similarity": "相似文献",
        "similarity_caption": "用语最相似的文献对（余弦相似度，0至1）",
        "similarity_figure": "文献用语相似度",
        "no_wording": "本次运行的比较笔记本未计算特色用语和文献相似度。",
        "unclassified_caption": "未归类数字及其所指名词短语",
        "issues_caption": "领域校验发现的问题",
        "no_measures": "未提及编码本中的措施。",
        "no_numbers": "该地区没有数字归入编码本指标。",
        "key_numbers": "主要数字",
        "measures_most": "提及最多的措施",
        "its_terms": "特色用语",
        "similarity_col": "相似度",
        "document_a": "文献",
        "document_b": "相似文献",
        "caution": "注意",
    },
}


#: Column headers of the report's tables when the report is in Chinese.
HEADERS_ZH = {
    "region": "地区",
    "level": "行政级别",
    "type": "文献类型",
    "published": "发布日期",
    "issuer": "发布机构",
    "title": "标题",
    "characters": "字数",
    "indicator": "指标",
    "label": "内容",
    "value": "数值",
    "status": "状态",
    "period": "时期",
    "scope": "范围",
    "flags": "可比性提示",
    "measures": "措施数",
    "mentions": "提及次数",
    "supply": "供给型",
    "demand": "需求型",
    "environment": "环境型",
    "source_file": "文件",
    "doc_id": "文献编号",
    "document": "文献",
    "severity": "级别",
    "problem": "问题",
    "table": "数据表",
    "start": "位置",
    "check": "检查项",
    "message": "说明",
    "terms": "特色用语",
    "similar document": "相似文献",
    "similarity": "相似度",
}


def plural(n: int, singular: str, plural_form: str | None = None) -> str:
    """A count with its noun in English.

    >>> plural(1, "mention"), plural(2, "mention"), plural(3, "quantity", "quantities")
    ('1 mention', '2 mentions', '3 quantities')
    """
    return f"{n} {singular if n == 1 else (plural_form or singular + 's')}"


def esc(value: object) -> str:
    """Escape any value for HTML (None and NaN become an empty string)."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return html.escape(str(value))


def highlight(sentence: str, number_text: str) -> str:
    """Escape a sentence and mark the first occurrence of the number in it.

    >>> highlight("签约率达<98.80%>", "98.80%")
    '签约率达&lt;<mark>98.80%</mark>&gt;'
    """
    before, found, after = sentence.partition(number_text)
    if not found:
        return esc(sentence)
    return f"{esc(before)}<mark>{esc(found)}</mark>{esc(after)}"


def _cell(
    column: str,
    value: object,
    numeric: Sequence[str],
    markup: Sequence[str],
    nowrap: Sequence[str] = (),
) -> str:
    classes = " ".join(
        name for name, on in (("num", column in numeric), ("nw", column in nowrap)) if on
    )
    css = f' class="{classes}"' if classes else ""
    return f"<td{css}>{value if column in markup else esc(value)}</td>"


def _head(columns: Iterable[str], headers: dict[str, str], numeric: Sequence[str]) -> str:
    num = ' class="num"'
    cells = "".join(
        f"<th{num if c in numeric else ''}>{esc(headers.get(c, c))}</th>" for c in columns
    )
    return f"<thead><tr>{cells}</tr></thead>"


def html_table(
    frame: pd.DataFrame,
    caption: str = "",
    numeric: tuple[str, ...] = (),
    markup: tuple[str, ...] = (),
    headers: dict[str, str] | None = None,
    nowrap: tuple[str, ...] = (),
) -> str:
    """A readable HTML table; numeric columns right-aligned, ``nowrap`` ones kept on a line.

    Every cell is escaped except those of the ``markup`` columns, which hold HTML this module
    built from escaped parts (links to the provenance appendix).
    """
    body = _body_rows(frame, numeric, markup, nowrap)
    return _table("", caption, _head(frame.columns, headers or {}, numeric), body)


def _body_rows(
    frame: pd.DataFrame, numeric: tuple[str, ...], markup: tuple[str, ...], nowrap: tuple[str, ...]
) -> list[str]:
    columns = list(frame.columns)
    return [
        "<tr>"
        + "".join(_cell(c, v, numeric, markup, nowrap) for c, v in zip(columns, row, strict=True))
        + "</tr>"
        for row in frame.itertuples(index=False)
    ]


def _table(css_class: str, caption: str, head: str, body: list[str]) -> str:
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    attribute = f' class="{css_class}"' if css_class else ""
    return f"<table{attribute}>{cap}{head}<tbody>{''.join(body)}</tbody></table>"


def grouped_table(
    groups: Sequence[tuple[str, pd.DataFrame]],
    caption: str = "",
    numeric: tuple[str, ...] = (),
    markup: tuple[str, ...] = (),
    headers: dict[str, str] | None = None,
    nowrap: tuple[str, ...] = (),
) -> str:
    """One table whose rows come in groups, each under a full-width header row.

    The group headers are HTML built from escaped parts; the cells follow :func:`html_table`.
    """
    if not groups:
        return ""
    columns = list(groups[0][1].columns)
    body = []
    for header, frame in groups:
        body.append(f'<tr class="group"><th colspan="{len(columns)}">{header}</th></tr>')
        body += _body_rows(frame, numeric, markup, nowrap)
    return _table("grouped", caption, _head(columns, headers or {}, numeric), body)


def flags_in_words(frame: pd.DataFrame, language: str) -> pd.DataFrame:
    """The frame with its list of flag codes as words, for CSV and Excel readers.

    >>> frame = pd.DataFrame({"flags": [["period_unknown", "approx_value"]]})
    >>> flags_in_words(frame, "zh")["flags"][0]
    '时期不详；约数'
    """
    if "flags" not in frame:
        return frame
    joiner = "；" if language == "zh" else "; "
    words = [
        joiner.join(label("flag", str(c), language) for c in codes) for codes in frame["flags"]
    ]
    return frame.assign(flags=words)


def code_version() -> str:
    """Package version and, in a git checkout, the commit."""
    try:
        commit = subprocess.run(
            ["git", "-C", str(PROJECT_DIR), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return __version__
    return f"{__version__} ({commit})"


def read_optional(processed_dir: Path, table: str) -> pd.DataFrame:
    """Read a table that an earlier stage may legitimately not have written."""
    path = table_path(processed_dir, table)
    return pd.read_parquet(path) if path.exists() else pd.DataFrame()


def _shown_path(value: object) -> str:
    """A parameter value for readers: paths inside the project relative to it."""
    text = str(value)
    try:
        path = Path(text)
        if path.is_absolute() and path.is_relative_to(PROJECT_DIR):
            return str(path.relative_to(PROJECT_DIR))
    except (OSError, ValueError):
        pass
    return text


@dataclass
class Report:
    """The tables the write-up draws on, and the numbers it has shown so far."""

    processed_dir: Path
    reports_dir: Path
    language: str
    tables: dict[str, pd.DataFrame]
    cited: list[dict[str, object]] = field(default_factory=list)
    figure_count: int = 0
    table_count: int = 0
    _cite_numbers: dict[tuple[str, int, str], int] = field(default_factory=dict, repr=False)

    @classmethod
    def load(
        cls, processed_dir: str | Path, reports_dir: str | Path, language: str = "en"
    ) -> Report:
        """Read every table the report needs.

        Raises:
            ValueError: ``language`` is not 'en' or 'zh'.
            FileNotFoundError: a required table is missing (run the earlier notebooks).
        """
        if language not in TEXT:
            raise ValueError(f"language must be one of {', '.join(TEXT)}, got {language!r}")
        processed = Path(processed_dir)
        tables = {}
        # The tables are those the chain declares for this stage, and no others.
        for name in STAGE_BY_NAME["05_writeup"].reads:
            path = table_path(processed, name)
            if name in REQUIRED_TABLES and not path.exists():
                raise FileNotFoundError(f"{path} is missing: run notebooks 01–04 first.")
            tables[name] = read_optional(processed, name)
        return cls(processed, Path(reports_dir), language, tables)

    # --- helpers ---------------------------------------------------------------------------

    @property
    def zh(self) -> bool:
        """Whether the report is entirely in Chinese."""
        return self.language == "zh"

    def t(self, key: str) -> str:
        """A label in the report's language."""
        return TEXT[self.language][key]

    def mentions(self, n: int) -> str:
        """A count of mentions in the report's language."""
        return f"{n}次" if self.language == "zh" else plural(n, "mention")

    def table(self, name: str) -> pd.DataFrame:
        """A table, or an empty frame when this run has none."""
        frame = self.tables.get(name)
        return pd.DataFrame() if frame is None else frame

    def label(self, zh: str, en: str) -> str:
        """A term in Chinese, with its English gloss when the report is in English."""
        return zh if self.zh else f"{zh} ({en})"

    def heading(self, key: str) -> str:
        """A section heading with the anchor the table of contents links to."""
        return f'<h2 id="{key}">{esc(self.t(key))}</h2>'

    def status(self, status: str) -> str:
        """A status label in the report's language."""
        return (STATUS_ZH if self.zh else STATUS_EN).get(status, status)

    def period(self, period: object) -> str:
        """A period label in the report's language."""
        if period is None or (isinstance(period, float) and pd.isna(period)):
            return ""
        return period_label(str(period), self.language)

    def flags(self, codes: Iterable[str]) -> str:
        """Comparability flags (codes) in words, joined, in the report's language."""
        return ("；" if self.zh else "; ").join(label("flag", c, self.language) for c in codes)

    def level(self, admin_level: str) -> str:
        """An administrative level in the report's language."""
        return ADMIN_LEVEL_ZH.get(admin_level, admin_level) if self.zh else admin_level

    def doc_type(self, doc_type: str) -> str:
        """A document genre in the report's language."""
        return DOC_TYPE_ZH.get(doc_type, doc_type) if self.zh else doc_type

    def sentence_end(self) -> str:
        """The full stop of the report's language."""
        return "。" if self.zh else "."

    def _quantity_text(self, doc_id: str, start: int) -> str | None:
        """The number as written in the document, from the indicators table."""
        indicators = self.table("indicators")
        if indicators.empty or "text" not in indicators:
            return None
        match = indicators.loc[(indicators["doc_id"] == doc_id) & (indicators["start"] == start)]
        return None if match.empty else str(match["text"].iat[0])

    def cite(self, row: Any, shown: str) -> str:
        """Show a number and register it for the provenance appendix; return a linked span.

        A number shown twice (in the comparison and in a region profile) has one appendix
        entry; only its first appearance is the target of the appendix's link back.
        """
        key = (str(row.doc_id), int(row.start), shown)
        if key in self._cite_numbers:
            number = self._cite_numbers[key]
            return f'<a href="#fact-{number}">{esc(shown)}</a>'
        number = len(self.cited) + 1
        self._cite_numbers[key] = number
        text = getattr(row, "text", None)
        if not isinstance(text, str) or not text:
            text = self._quantity_text(key[0], key[1]) or shown
        self.cited.append(
            {
                "n": number,
                "shown": shown,
                "doc_id": row.doc_id,
                "start": row.start,
                "text": text,
                "sentence": row.sentence,
            }
        )
        return f'<a href="#fact-{number}" id="cite-{number}">{esc(shown)}</a>'

    def figure(self, name: str, caption: str) -> str:
        """Embed a figure from reports/figures as a numbered, captioned image (self-contained).

        A figure the comparison notebook did not draw in this run is left out.
        """
        path = self.reports_dir / "figures" / f"{name}.png"
        if not path.exists():
            return ""
        self.figure_count += 1
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        return (
            f'<figure><img alt="{esc(caption)}" src="data:image/png;base64,{data}"/>'
            f"<figcaption>{self.t('figure')} {self.figure_count}. {esc(caption)}</figcaption>"
            "</figure>"
        )

    def headers(self) -> dict[str, str]:
        """Column headers of the report's language (column names in English)."""
        return HEADERS_ZH if self.zh else {}

    def numbered_table(
        self,
        frame: pd.DataFrame,
        caption: str,
        numeric: tuple[str, ...] = (),
        markup: tuple[str, ...] = (),
        nowrap: tuple[str, ...] = (),
    ) -> str:
        """A table with a numbered caption."""
        self.table_count += 1
        caption = f"{self.t('table')} {self.table_count}. {caption}"
        return html_table(frame, caption, numeric, markup, self.headers(), nowrap)

    def regions(self) -> pd.DataFrame:
        """One row per region of the corpus (code, names, level), sorted by code."""
        docs = self.table("documents")
        return (
            docs[["region_code", "region_zh", "region_en", "admin_level"]]
            .drop_duplicates("region_code")
            .sort_values("region_code")
            .reset_index(drop=True)
        )

    def mentioned_measures(self) -> pd.DataFrame:
        """Per measure: how many regions mention it and how often, most widespread first."""
        measures = self.table("region_measures")
        if measures.empty:
            return pd.DataFrame(columns=["measure_zh", "measure_en", "regions", "mentions"])
        present = measures.loc[measures["n_mentions"] > 0]
        return (
            present.groupby(["measure_id", "measure_zh", "measure_en"])
            .agg(regions=("region_code", "nunique"), mentions=("n_mentions", "sum"))
            .reset_index()
            .sort_values(["regions", "mentions", "measure_id"], ascending=[False, False, True])
        )

    # --- title and contents ----------------------------------------------------------------

    def run_parameters(self) -> list[tuple[str, str, str]]:
        """(notebook, parameter, value) of the run that made these tables, from its record.

        The runner records every stage's parameters in ``reports_dir/run.json`` before the
        write-up runs (and re-runs the write-up when any of them changes), so the report states
        how its tables were made. Parameters that only say where the work ran (n_jobs, engine,
        scheduler) are left out. The write-up's own parameters are those it was built with.
        """
        record = state.load_manifest(self.reports_dir / state.RUN_MANIFEST).get("stages", {})
        by_stage = state.recorded_parameters(record)
        writeup = next((name for name in by_stage if name.endswith("_writeup")), "05_writeup")
        by_stage[writeup] = {
            "processed_dir": str(self.processed_dir),
            "reports_dir": str(self.reports_dir),
            "language": self.language,
        }
        return [
            (stage, key, self.t("empty") if value == "" else _shown_path(value))
            for stage, params in sorted(by_stage.items())
            for key, value in params.items()
        ]

    def _parameters_table(self) -> str:
        """The run's parameters, one line per notebook."""
        by_notebook: dict[str, list[str]] = {}
        for notebook, key, value in self.run_parameters():
            by_notebook.setdefault(notebook, []).append(f"{key} = {value}")
        if not by_notebook:
            return ""
        frame = pd.DataFrame(
            {
                "notebook": list(by_notebook),
                "parameter": [" · ".join(v) for v in by_notebook.values()],
            }
        )
        headers = {k: self.t(k) for k in ("notebook", "parameter")}
        table = html_table(frame, self.t("parameters"), headers=headers, nowrap=("notebook",))
        return f'<div class="params">{table}</div>'

    def title_block(self) -> str:
        """Title, corpus size, run date, code version and the parameters of the run."""
        docs = self.table("documents")
        now = dt.date.today().isoformat()
        n_regions = docs["region_code"].nunique() if not docs.empty else 0
        sep = "" if self.zh else " "
        parts = [
            f"<h1>{esc(self.t('title'))}</h1>",
            f'<p class="meta">{len(docs)}{sep}{self.t("documents")} · '
            f"{n_regions}{sep}{self.t('regions')} · "
            f"{self.t('generated')} {now} · {self.t('version')} {esc(code_version())}</p>",
        ]
        parts.append(self._parameters_table())
        return "".join(parts)

    def toc(self) -> str:
        """The table of contents, linking to every section."""
        items = "".join(f'<li><a href="#{key}">{esc(self.t(key))}</a></li>' for key in SECTIONS)
        return f'<nav class="toc"><h2>{self.t("contents")}</h2><ol>{items}</ol></nav>'

    # --- summary ---------------------------------------------------------------------------

    def _overview(self) -> str:
        docs = self.table("documents")
        indicators = self.table("indicators")
        quantities = self.table("quantities")
        years = sorted(str(p)[:4] for p in docs["published"].dropna())
        span = "" if not years else years[0] if years[0] == years[-1] else f"{years[0]}–{years[-1]}"
        levels = docs["admin_level"].value_counts()
        matched = (
            indicators.loc[indicators["indicator_id"] != "other"]
            if not indicators.empty
            else indicators
        )
        n_candidates = len(quantities) if not quantities.empty else len(indicators)
        n_indicator_ids = matched["indicator_id"].nunique() if not matched.empty else 0
        comparable = self.table("region_indicators")
        n_comparable = int(comparable["comparable"].sum()) if not comparable.empty else 0
        if self.zh:
            level_text = "、".join(
                f"{ADMIN_LEVEL_ZH.get(str(k), str(k))}{v}篇" for k, v in levels.items()
            )
            return (
                f"<p>语料共{len(docs)}篇文献，来自{docs['region_code'].nunique()}个地区"
                f"（{level_text}），发布于{span}年。文中共找到{n_candidates}个数字，其中"
                f"{len(indicators)}个为数量；{len(matched)}个归入编码本的{n_indicator_ids}项指标，"
                f"其中{n_comparable}条属于可跨地区比较的指标（见"
                f'<a href="#methods">研究方法</a>）。下列每个数字都链接到附录中的原文句子。</p>'
            )
        level_text = ", ".join(f"{v} {k}-level" for k, v in levels.items())
        return (
            f"<p>The corpus holds {len(docs)} documents from {docs['region_code'].nunique()} "
            f"regions ({level_text}), published {span}. Of {n_candidates} numerals found in "
            f"them, {len(indicators)} are quantities; {len(matched)} of these were matched to "
            f"{n_indicator_ids} indicators of the codebook, and {n_comparable} belong to "
            f'indicators that can be compared across regions (see <a href="#methods">Methods</a>'
            "). Every number below links to its sentence in the appendix.</p>"
        )

    def summary(self) -> str:
        """Findings written from the data: who reports what for each shared indicator."""
        items = []
        for _, rows in shared_indicators(self.table("region_indicators"), 2)[:MAX_FINDINGS]:
            name = self.label(str(rows["indicator_zh"].iat[0]), str(rows["indicator_en"].iat[0]))
            shared, _ = split_flags(rows["flags"].tolist())
            shared = [f for f in shared if f != "not_comparable"]
            n = rows["region_code"].nunique()
            parts = []
            for r in rows.itertuples():
                period = self.period(r.period) or self.t("no_period")
                if self.zh:
                    parts.append(
                        f"{esc(r.region_zh)}{self.cite(r, str(r.display_value))}"
                        f"（{esc(self.status(str(r.status)))}，{esc(period)}）"
                    )
                else:
                    parts.append(
                        f"{esc(r.region_zh)} {self.cite(r, str(r.display_value))}"
                        f" ({esc(self.status(str(r.status)))}, {esc(period)})"
                    )
            caution = (
                f" {self.t('caution')}{'：' if self.zh else ': '}{esc(self.flags(shared))}"
                f"{self.sentence_end()}"
                if shared
                else ""
            )
            if self.zh:
                items.append(
                    f"<li><b>{esc(name)}</b>：{n}个地区报告了该指标——{'；'.join(parts)}。"
                    f"{caution}</li>"
                )
            else:
                items.append(
                    f"<li><b>{esc(name)}</b> is reported by {n} regions: {'; '.join(parts)}."
                    f"{caution}</li>"
                )
        if not items:
            items.append(f"<li>{self.t('no_shared')}</li>")
        return (
            self.heading("summary")
            + self._overview()
            + f"<ul>{''.join(items)}</ul>"
            + self._measures_sentence()
        )

    def _measures_sentence(self) -> str:
        top = self.mentioned_measures().head(3)
        if top.empty:
            return ""
        n_regions = self.table("region_measures")["region_code"].nunique()
        if self.zh:
            names = "、".join(
                f"{esc(r.measure_zh)}（{r.regions}/{n_regions}个地区，共{r.mentions}次）"
                for r in top.itertuples()
            )
            return (
                f'<p>提及地区最多的措施是{names}（见<a href="#measures">各地区政策措施</a>）。</p>'
            )
        names = "; ".join(
            f"{esc(self.label(str(r.measure_zh), str(r.measure_en)))}: {r.regions} of "
            f"{n_regions} regions, {r.mentions} mentions"
            for r in top.itertuples()
        )
        return (
            f"<p>The measures most regions mention are {names} (see "
            f'<a href="#measures">Policy measures by region</a>).</p>'
        )

    # --- corpus and methods ----------------------------------------------------------------

    def corpus_section(self) -> str:
        """The documents, and the ones that could not be ingested and why."""
        docs = self.table("documents")
        shown = pd.DataFrame(
            {
                "region": docs["region_zh"],
                "level": docs["admin_level"].map(self.level),
                "type": docs["doc_type"].map(self.doc_type),
                "published": docs["published"],
                "issuer": docs["issuer"],
                "title": docs["title"],
                "characters": docs["n_chars"].map(lambda n: f"{n:,}"),
            }
        )
        parts = [
            self.heading("corpus"),
            self.numbered_table(
                shown, self.t("corpus"), ("characters",), nowrap=("level", "type", "published")
            ),
        ]
        issues = self.table("ingest_issues")
        parts.append(f"<h3>{self.t('rejected')}</h3>")
        if issues.empty:
            parts.append(f"<p>{self.t('none_rejected')}</p>")
        else:
            if self.zh and "severity" in issues:
                issues = issues.assign(
                    severity=issues["severity"].map(lambda s: SEVERITY_ZH.get(s, s))
                )
            parts.append(self.numbered_table(issues, self.t("rejected")))
        return "".join(parts)

    def methods_section(self) -> str:
        """What was extracted and how, what the codebook is, what the flags mean."""
        quantities = self.table("quantities")
        rejected = (
            quantities.loc[~quantities["is_quantity"].astype(bool)]
            if not quantities.empty
            else quantities
        )
        reasons: dict[str, int] = (
            {str(k): int(v) for k, v in rejected["reject_reason"].value_counts().head(5).items()}
            if not rejected.empty
            else {}
        )
        n_measures = self.table("region_measures").get("measure_id", pd.Series()).nunique()
        n_indicators = self.table("indicators").get("indicator_id", pd.Series()).nunique()
        converted = self.table("documents").get("converted_to_simplified", pd.Series(dtype=bool))
        n_converted = int(converted.fillna(False).astype(bool).sum())
        if self.zh:
            reason_text = "、".join(
                f"{REJECT_REASON_ZH.get(str(k), str(k))}{v}个" for k, v in reasons.items()
            )
            paragraphs = [
                "<p><b>文献处理。</b>每篇文献按其编码（UTF-8、GB18030、Big5、UTF-16，或Word、带文字层"
                "的PDF）读入，网页去除导航、版权等模板内容，并做NFKC规范化（全角数字和标点转为半角）"
                f"；繁体文献转换为简体（本次{n_converted}篇）。文献清单提供地区、行政级别、文献类型和"
                "发布日期。正文切分为句子，此后所有位置均指向这份规范化文本。</p>",
                "<p><b>数字提取。</b>阿拉伯数字和中文数字（三千五百万、百分之八十）均为候选，计算数值时"
                "换算量级（1878.59万元即18,785,900元），单位统一为规范单位，并记录限定词：约、近、余"
                "为约数，以上、超过为下限，以内、不超过为上限，3至5为区间。日期、文号、章节编号、"
                "电话、编号、序数以及口号中的数字（如“三个一批”）不计为数量，并记录原因"
                + (f"（本次：{reason_text}）" if reason_text else "")
                + "。</p>",
                "<p><b>编码本。</b>编码本是随代码提供的YAML文件，列出健康扶贫的指标和政策措施"
                f"（本次语料中出现{n_indicators}项指标，编码本含{n_measures}项措施）。每项指标有"
                "上下文词语和可用单位：数字所在分句或其前40字内出现某指标的词语、且单位相符，"
                "即归入该指标；无一匹配的数字标为“其他”，以其前面的名词短语为内容，"
                "在“未归入编码本指标的数字”一节列出。每条数据还标注状态（已实现、目标、政策规定，"
                "依据句中的提示词、章节标题和文献类型判断，方案类文献的数字默认为目标）、"
                "时期和范围（所覆盖的人群或地区）。比率、比例和政策参数标为可跨地区比较；"
                "随地区规模增减的数量和金额不作比较。措施在文中出现其名称或变体即计为一次提及，"
                "并按Rothwell与Zegveld的分类分为供给型、需求型和环境型政策工具。</p>",
                "<p><b>可比性提示。</b>比较表每行注明该数值与其他地区数值比较时的问题：</p>",
            ]
            meanings = "".join(
                f"<li><b>{esc(term.zh)}</b>：{esc(term.meaning_zh)}</li>" for term in terms("flag")
            )
            checks = (
                "<p><b>数据校验。</b>每个数字都经过领域检查：百分比超过100（变化值除外）、数值为负、"
                "单位与指标不符、比例以金额表示，以及同一地区同一时期同一指标出现不同的已实现数值。"
                "有问题的数字不删除，而在“数据校验问题”一节列出。</p>"
            )
        else:
            reason_text = ", ".join(f"{v} {k}" for k, v in reasons.items())
            paragraphs = [
                "<p><b>Documents.</b> Each document is decoded from its encoding (UTF-8, GB18030, "
                "Big5, UTF-16; Word files and PDFs with a text layer), web pages are stripped "
                "of navigation and other boilerplate, and the text is normalised with NFKC "
                "(full-width digits and punctuation become ASCII); documents in Traditional "
                f"characters are converted to Simplified ({n_converted} in this run). The "
                "manifest gives each document its region, administrative level, genre and date. "
                "The text is split into sentences; every offset in the report refers to this "
                "normalised text.</p>",
                "<p><b>Numbers.</b> Every numeral, Arabic or Chinese (三千五百万, 百分之八十), "
                "is a candidate. Its value is computed with magnitudes applied (1878.59万元 is "
                "18,785,900 yuan), its unit mapped to a canonical unit, and its qualifier kept: "
                "约, 近, 余 make it approximate (≈), 以上, 超过 a lower bound (≥), 以内, 不超过 "
                "an upper bound (≤), 3至5 a range. Dates, document numbers, section numbers, "
                "phone numbers, identifiers, ordinals and numerals inside slogans (三个一批) "
                "are not quantities; each is kept with the reason"
                + (f" (in this run: {reason_text})" if reason_text else "")
                + ".</p>",
                "<p><b>Codebook.</b> The codebook is a set of YAML files shipped with the code "
                "that lists the indicators and policy measures of 健康扶贫 (this corpus matched "
                f"{n_indicators} indicators; the codebook has {n_measures} measures). An indicator "
                "has context words and the units it can take: a number whose clause, or the 40 "
                "characters before it, contains an indicator's words, and whose unit fits, is "
                "assigned to that indicator. A number no indicator matches is kept as 'other', "
                "labelled with the noun phrase before it, and listed in its own section. Each fact "
                "also gets a status (achieved, target, or policy rule, from cue words in the "
                "sentence, its section heading and the document's genre: a plan's numbers are "
                "targets unless the text says otherwise), a period and a scope (the population or "
                "area covered). Rates, ratios and rule parameters are marked comparable across "
                "regions; counts and money, which grow with a region's size, are not compared. A "
                "measure is mentioned wherever one of its names or spellings occurs; measures are "
                "typed as supply, demand or environment policy tools (after Rothwell and "
                "Zegveld).</p>",
                "<p><b>Comparability flags.</b> Each row of the comparison says what makes its "
                "value hard to compare with the other regions':</p>",
            ]
            meanings = "".join(
                f"<li><b>{esc(term.en)}</b>: {esc(term.meaning_en)}</li>" for term in terms("flag")
            )
            checks = (
                "<p><b>Validation.</b> Every number goes through domain checks: a percentage above "
                "100 that is not a change, a negative value, a unit the indicator does not take, a "
                "ratio given in money, and one region reporting different achieved values for the "
                "same indicator and period. Nothing is dropped: the issues are listed in their own "
                "section next to the numbers.</p>"
            )
        return self.heading("methods") + "".join(paragraphs) + f"<ul>{meanings}</ul>" + checks

    # --- comparison ------------------------------------------------------------------------

    def comparison_section(self) -> str:
        """The facts of comparable indicators, grouped by indicator, with their flags; figures.

        Flags every row of an indicator shares are said once in its group header; each row
        keeps its own. Facts of indicators the codebook marks not comparable (counts specific
        to one programme, for instance) stay out of the table; the note says how many and where.
        """
        every = self.table("region_indicators")
        facts = every.loc[every["comparable"]] if not every.empty else every
        groups = []
        if not facts.empty:
            units_per_indicator = facts.groupby("indicator_id")["unit"].nunique()
            for (indicator_id, _), rows in facts.groupby(
                ["indicator_id", "unit"], sort=False, dropna=False
            ):
                groups.append(
                    self._comparison_group(rows, units_per_indicator[str(indicator_id)] > 1)
                )
        parts = [self.heading("comparison")]
        if groups:
            self.table_count += 1
            caption = f"{self.t('table')} {self.table_count}. {self.t('comparison_caption')}"
            parts.append(
                grouped_table(
                    groups,
                    caption,
                    markup=("value", "flags"),
                    headers=self.headers(),
                    nowrap=("region", "value", "status", "period"),
                )
            )
        else:
            parts.append(f"<p>{self.t('no_shared')}</p>")
        parts.append(
            f'<p class="meta">{self.t("not_comparable").format(n=len(every) - len(facts))}</p>'
        )
        for path in sorted((self.reports_dir / "figures").glob("indicator_*.png")):
            indicator_id = path.stem.removeprefix("indicator_")
            match = facts.loc[facts["indicator_id"] == indicator_id] if not facts.empty else facts
            if not match.empty:
                caption = self.label(
                    str(match["indicator_zh"].iat[0]), str(match["indicator_en"].iat[0])
                )
                parts.append(self.figure(path.stem, caption))
        parts.append(self.figure("changes_over_time", self.t("changes_caption")))
        return "".join(parts)

    def _comparison_group(self, rows: pd.DataFrame, show_unit: bool) -> tuple[str, pd.DataFrame]:
        shared, own = split_flags(rows["flags"].tolist())
        name = self.label(str(rows["indicator_zh"].iat[0]), str(rows["indicator_en"].iat[0]))
        unit = rows["unit"].iat[0]
        if show_unit and isinstance(unit, str):
            name += f" [{UNIT_ZH.get(unit, unit) if self.zh else unit}]"
        n = rows["region_code"].nunique()
        regions = self.t("n_regions" if n != 1 else "one_region").format(n=n)
        header = f"{esc(name)} · {esc(regions)}"
        if shared:
            colon = "：" if self.zh else ": "
            header += (
                f'<span class="shared-flags">{esc(self.t("all_rows"))}{colon}'
                f"{esc(self.flags(shared))}</span>"
            )
        frame = pd.DataFrame(
            {
                "region": rows["region_zh"].tolist(),
                "value": [self.cite(r, str(r.display_value)) for r in rows.itertuples()],
                "status": rows["status"].map(self.status).tolist(),
                "period": rows["period"].map(self.period).tolist(),
                "scope": rows["scope"].tolist(),
                "flags": [f'<span class="flags">{esc(self.flags(o))}</span>' for o in own],
            }
        )
        return header, frame

    # --- measures and wording --------------------------------------------------------------

    def measures_section(self) -> str:
        """The measure heatmap, the policy-tool shares and the measures each region mentions."""
        measures = self.table("region_measures")
        present = measures.loc[measures["n_mentions"] > 0]
        counts = (
            present.groupby("region_zh", sort=False)
            .agg(measures=("measure_id", "nunique"), mentions=("n_mentions", "sum"))
            .rename_axis("region")
            .reset_index()
        )
        numeric: tuple[str, ...] = ("measures", "mentions")
        if "tool_type" in present:
            by_tool = present.groupby(["region_zh", "tool_type"])["measure_id"].nunique()
            for tool in ("supply", "demand", "environment"):
                counts[tool] = [int(by_tool.get((region, tool), 0)) for region in counts["region"]]
            numeric += ("supply", "demand", "environment")
        caption = self.t("measures_caption")
        return (
            self.heading("measures")
            + self.figure("measures_by_region", self.t("heatmap_caption"))
            + self.figure("tool_type_shares", self.t("tool_caption"))
            + self.numbered_table(counts, caption, numeric, nowrap=("region",))
        )

    def wording_section(self) -> str:
        """Distinctive terms per region and the most similar documents, when computed."""
        parts = [self.heading("wording")]
        terms = self.table("region_terms")
        figure = self.figure("distinctive_terms", self.t("terms_figure"))
        if figure or not terms.empty:
            parts.append(f"<h3>{self.t('terms')}</h3>{figure}")
        if not terms.empty:
            rows = []
            for region, group in terms.sort_values(["region_code", "rank"]).groupby(
                "region_zh", sort=False
            ):
                top = group.head(PROFILE_TERMS)
                listed = "、".join(
                    f"{t.term} ({t.count})" if not self.zh else f"{t.term}（{t.count}）"
                    for t in top.itertuples()
                )
                rows.append({"region": region, "terms": listed})
            parts.append(self.numbered_table(pd.DataFrame(rows), self.t("terms_caption")))
        similarity = self.table("document_similarity")
        figure = self.figure("document_similarity", self.t("similarity_figure"))
        if figure or not similarity.empty:
            parts.append(f"<h3>{self.t('similarity')}</h3>{figure}")
        if not similarity.empty:
            docs = self.table("documents").set_index("doc_id")

            def name(doc_id: object) -> str:
                if doc_id not in docs.index:
                    return str(doc_id)
                return f"{docs.at[doc_id, 'region_zh']!s}《{docs.at[doc_id, 'title']!s}》"

            pairs = similarity.loc[similarity["doc_id_a"] != similarity["doc_id_b"]]
            pair_key = [
                tuple(sorted((str(a), str(b))))
                for a, b in zip(pairs["doc_id_a"], pairs["doc_id_b"], strict=True)
            ]
            pairs = pairs.loc[~pd.Series(pair_key, index=pairs.index).duplicated()]
            pairs = pairs.sort_values("similarity", ascending=False).head(MAX_SIMILAR_PAIRS)
            shown = pd.DataFrame(
                {
                    "document": pairs["doc_id_a"].map(name),
                    "similar document": pairs["doc_id_b"].map(name),
                    "similarity": pairs["similarity"].map(lambda s: f"{s:.2f}"),
                }
            )
            parts.append(self.numbered_table(shown, self.t("similarity_caption"), ("similarity",)))
        if len(parts) == 1:
            parts.append(f"<p>{self.t('no_wording')}</p>")
        return "".join(parts)

    # --- profiles --------------------------------------------------------------------------

    def profiles_section(self) -> str:
        """One short profile per region: documents, key numbers, measures and terms."""
        parts = [self.heading("profiles")]
        for region in self.regions().itertuples():
            parts.append(self._profile(region))
        return "".join(parts)

    def _profile(self, region: Any) -> str:
        code = region.region_code
        docs = self.table("documents")
        own_docs = docs.loc[docs["region_code"] == code]
        level = self.level(str(region.admin_level))
        title = (
            f"{region.region_zh}（{level}）"
            if self.zh
            else f"{region.region_zh} ({region.region_en}, {level})"
        )
        doc_list = "; ".join(
            f"《{esc(d.title)}》 ({esc(self.doc_type(str(d.doc_type)))}, {esc(d.published)})"
            if not self.zh
            else f"《{esc(d.title)}》（{esc(self.doc_type(str(d.doc_type)))}，{esc(d.published)}）"
            for d in own_docs.itertuples()
        )
        indicators = self.table("indicators")
        own_numbers = (
            indicators.loc[indicators["region_code"] == code]
            if not indicators.empty
            else indicators
        )
        n_matched = (
            int((own_numbers["indicator_id"] != "other").sum()) if not own_numbers.empty else 0
        )
        if self.zh:
            intro = (
                f"<p>{len(own_docs)}篇文献：{doc_list}。共提取{len(own_numbers)}个数量，"
                f"其中{n_matched}个归入编码本指标。</p>"
            )
        else:
            intro = (
                f"<p>{plural(len(own_docs), 'document')}: {doc_list}. "
                f"{plural(len(own_numbers), 'quantity', 'quantities')} "
                f"extracted, {n_matched} matched to codebook indicators.</p>"
            )
        parts = [f'<h3 id="region-{esc(code)}">{esc(title)}</h3>', intro]
        facts = self.table("region_indicators")
        facts = facts.loc[facts["region_code"] == code] if not facts.empty else facts
        colon = "：" if self.zh else ": "
        if facts.empty:
            parts.append(f"<p>{self.t('no_numbers')}</p>")
        else:
            ranked = facts.assign(
                _c=~facts["comparable"].astype(bool), _s=facts["status"] != "achieved"
            ).sort_values(["_c", "_s", "indicator_id", "start"])
            chosen = ranked.drop_duplicates("indicator_id").head(PROFILE_NUMBERS)
            numbers = []
            for r in chosen.itertuples():
                name = self.label(str(r.indicator_zh), str(r.indicator_en))
                period = self.period(r.period)
                details = [x for x in (self.status(str(r.status)), period) if x]
                value = self.cite(r, str(r.display_value))
                if self.zh:
                    numbers.append(f"<li>{esc(name)}：{value}（{esc('，'.join(details))}）</li>")
                else:
                    numbers.append(f"<li>{esc(name)}: {value} ({esc(', '.join(details))})</li>")
            parts.append(f"<p><b>{self.t('key_numbers')}</b>{colon}</p><ul>{''.join(numbers)}</ul>")
        measures = self.table("region_measures")
        own_measures = (
            measures.loc[(measures["region_code"] == code) & (measures["n_mentions"] > 0)]
            .sort_values(["n_mentions", "measure_id"], ascending=[False, True])
            .head(PROFILE_MEASURES)
            if not measures.empty
            else measures
        )
        if own_measures.empty:
            parts.append(f"<p>{esc(region.region_zh)} {self.t('no_measures')}</p>")
        else:
            listed = ("、" if self.zh else "; ").join(
                f"{esc(self.label(str(m.measure_zh), str(m.measure_en)))} "
                f"({esc(self.mentions(int(str(m.n_mentions))))})"
                if not self.zh
                else f"{esc(m.measure_zh)}（{esc(self.mentions(int(str(m.n_mentions))))}）"
                for m in own_measures.itertuples()
            )
            parts.append(f"<p><b>{self.t('measures_most')}</b>{colon}{listed}</p>")
        terms = self.table("region_terms")
        if not terms.empty:
            own_terms = terms.loc[terms["region_code"] == code].sort_values("rank")
            if not own_terms.empty:
                listed = "、".join(esc(t) for t in own_terms["term"].head(PROFILE_TERMS))
                parts.append(f"<p><b>{self.t('its_terms')}</b>{colon}{listed}</p>")
        return f'<section class="profile">{"".join(parts)}</section>'

    # --- issues, unclassified numbers, notes -----------------------------------------------

    def unclassified_section(self) -> str:
        """The numbers no codebook indicator matched, with their own labels: nothing disappears."""
        indicators = self.table("indicators")
        other = indicators.loc[indicators["indicator_id"] == "other"]
        shown = pd.DataFrame(
            {
                "region": other["region_zh"],
                "label": other["indicator_zh"],
                "value": [
                    self.cite(row, shown)
                    for row, shown in zip(other.itertuples(), display_values(other), strict=True)
                ],
                "status": other["status"].map(self.status),
                "period": other["period"].map(self.period),
            }
        )
        if shown.empty:
            return self.heading("unclassified") + f"<p>{self.t('none_unclassified')}</p>"
        return self.heading("unclassified") + self.numbered_table(
            shown,
            self.t("unclassified_caption"),
            markup=("value",),
            nowrap=("region", "value", "status", "period"),
        )

    def issues_section(self) -> str:
        """What the domain checks found."""
        issues = self.table("validation_issues")
        if issues.empty:
            return self.heading("issues") + f"<p>{self.t('no_issues')}</p>"
        shown = pd.DataFrame(
            {
                "doc_id": issues["doc_id"],
                "start": issues["start"].map(lambda s: "" if pd.isna(s) else str(int(s))),
                "check": issues["check"].map(lambda c: CHECK_ZH.get(c, c) if self.zh else c),
                "severity": issues["severity"].map(
                    lambda s: SEVERITY_ZH.get(s, s) if self.zh else s
                ),
                "message": issues["message"],
            }
        )
        return self.heading("issues") + self.numbered_table(
            shown, self.t("issues_caption"), ("start",), nowrap=("check", "severity")
        )

    def notes_section(self) -> str:
        """Limitations and caveats, with the numbers of this corpus that make them matter."""
        docs = self.table("documents")
        indicators = self.table("indicators")
        n_plans = int(docs["doc_type"].isin(["plan", "priorities"]).sum())
        levels = docs["admin_level"].nunique()
        years = sorted({str(p)[:4] for p in docs["published"].dropna()})
        n_numbers = len(indicators)
        n_no_period = int(indicators["period"].isna().sum()) if n_numbers else 0
        n_other = int((indicators["indicator_id"] == "other").sum()) if n_numbers else 0
        n_issues = len(self.table("validation_issues"))

        def share(n: int) -> str:
            return f"{100 * n / n_numbers:.0f}%" if n_numbers else "0%"

        if self.zh:
            notes = [
                f"语料中{len(docs)}篇文献有{n_plans}篇是工作方案或工作要点：其中的数字多为目标或"
                "政策规定，不是已实现的成果；比较表的“状态”一列区分二者。",
                f"文献来自{levels}个行政级别、{len(years)}个年份（{'、'.join(years)}）：省级比率与"
                "区县比率、不同年份的数值不宜直接比较，比较表逐行注明。",
                f"{n_numbers}个数量中有{n_no_period}个（{share(n_no_period)}）无法确定时期，"
                f"{n_other}个（{share(n_other)}）未归入编码本指标。",
                f"校验发现{n_issues}个问题，见“数据校验问题”一节；有问题的数字仍保留在表中。",
                "数字均按文献原文记录，未作推算，也未在不同人群或地区之间换算。",
                "提取和分类基于规则，可能遗漏或误判；任何数字引用前请核对附录中的原句。",
                "措施“提及”只说明文献写到了该措施，不说明其实施程度；文献篇幅和类型影响提及次数。",
            ]
        else:
            notes = [
                f"{n_plans} of the {len(docs)} documents are work plans or priorities: their "
                "numbers are mostly targets or rule parameters, not achievements; the status "
                "column of the comparison tells them apart.",
                f"The documents come from {levels} administrative levels and {len(years)} years "
                f"({', '.join(years)}): a province's rate and a county's, or two different "
                "years, do not compare directly; the comparison flags say so on every row.",
                f"Of {n_numbers} quantities, {n_no_period} ({share(n_no_period)}) have no period "
                f"the text states, and {n_other} ({share(n_other)}) match no codebook indicator.",
                f"The domain checks raised {n_issues} issue(s) (see Validation issues); the "
                "numbers concerned stay in the tables.",
                "Numbers are taken as the documents state them; nothing is imputed or converted "
                "between populations or areas.",
                "Extraction and classification are rule-based and can miss or misread a number: "
                "check the quoted sentence in the appendix before citing one.",
                "A mention of a measure says that a document names it, not how far it was carried "
                "out; longer documents and summaries mention more.",
            ]
        items = "".join(f"<li>{esc(note)}</li>" for note in notes)
        return self.heading("notes") + f"<ul>{items}</ul>"

    # --- appendix and exports --------------------------------------------------------------

    def provenance_section(self) -> str:
        """Every number shown above, with its document and the quoted sentence."""
        docs = self.table("documents").set_index("doc_id")
        items = []
        for fact in self.cited:
            doc_id = str(fact["doc_id"])
            region = docs.at[doc_id, "region_zh"] if doc_id in docs.index else ""
            title = docs.at[doc_id, "title"] if doc_id in docs.index else ""
            quote = highlight(str(fact["sentence"]), str(fact["text"]))
            items.append(
                f'<li id="fact-{fact["n"]}"><b>{esc(fact["shown"])}</b> — '
                f"{esc(region)}, 《{esc(title)}》 "
                f"({esc(doc_id)}, {self.t('offset')} {esc(fact['start'])}) "
                f'<a class="back" href="#cite-{fact["n"]}" title="{self.t("back")}">↩</a>'
                f"<blockquote>{quote}</blockquote></li>"
            )
        return self.heading("provenance") + f'<ol class="provenance">{"".join(items)}</ol>'

    def export_tables(self) -> list[Path]:
        """Write the tables for reuse: CSV (UTF-8 with BOM) each, and one Excel workbook.

        region_terms and document_similarity are included when the comparison wrote them.
        """
        out = self.reports_dir / "tables"
        written = []
        frames = {}
        names = list(EXPORTED_TABLES)
        names += [n for n in OPTIONAL_EXPORTS if table_path(self.processed_dir, n).exists()]
        for name in names:
            frame = self.tables.get(name)
            if frame is None:
                frame = read_optional(self.processed_dir, name)
            if name == "documents":
                frame = frame.drop(columns="text")
            frame = flags_in_words(frame, self.language)
            frames[name] = frame
            written.append(write_csv_for_excel(frame, out / f"{name}.csv"))

        def workbook(tmp: Path) -> None:
            with pd.ExcelWriter(tmp, engine="openpyxl") as writer:
                for name, frame in frames.items():
                    frame.to_excel(writer, sheet_name=name[:31], index=False)

        written.append(write_atomic(out / "tables.xlsx", workbook))
        return written
