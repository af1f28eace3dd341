"""The write-up: report sections as HTML, built from the contract tables.

Every number the report shows is registered with :meth:`Report.cite`, which links it to an
entry of the provenance appendix quoting its sentence with the number highlighted. All text
that comes from documents is escaped, so a document that contains ``<script>`` shows it as text.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from policy_corpus import __version__
from policy_corpus.compare import display_values, shared_indicators
from policy_corpus.io import write_atomic, write_csv_for_excel
from policy_corpus.labels import ADMIN_LEVEL_ZH, STATUS_EN, STATUS_ZH
from policy_corpus.paths import PROJECT_DIR, table_path

#: The summary names at most this many indicators (the comparison section has them all).
MAX_FINDINGS = 8

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

TEXT = {
    "en": {
        "title": "Health poverty alleviation (健康扶贫): a comparison of regions",
        "corpus": "Corpus",
        "summary": "Summary of findings",
        "comparison": "Indicators compared across regions",
        "measures": "Policy measures by region",
        "issues": "Validation issues",
        "provenance": "Appendix: every number and its source",
        "rejected": "Documents not ingested",
        "none_rejected": "All documents listed in the manifest were ingested.",
        "no_shared": "No comparable indicator is reported by two or more regions.",
        "not_comparable": "{n} further facts belong to indicators the codebook marks not "
        "comparable across regions; they are in tables/region_indicators.csv.",
        "no_issues": "The domain checks found no issue.",
        "unclassified": "Numbers not matched to a codebook indicator",
        "none_unclassified": "Every number matched an indicator of the codebook.",
        "generated": "Generated",
        "version": "code version",
        "documents": "documents",
        "regions": "regions",
        "figure": "Figure",
        "table": "Table",
    },
    "zh": {
        "title": "健康扶贫地区比较报告",
        "corpus": "文献语料",
        "summary": "主要发现",
        "comparison": "各地区指标比较",
        "measures": "各地区政策措施",
        "issues": "数据校验问题",
        "provenance": "附录：每个数字及其出处",
        "rejected": "未能导入的文献",
        "none_rejected": "清单中的全部文献均已导入。",
        "no_shared": "没有两个及以上地区共同报告的可比指标。",
        "not_comparable": "另有{n}条数据属于编码本标为不可跨地区比较的指标，"
        "见 tables/region_indicators.csv。",
        "no_issues": "校验未发现问题。",
        "unclassified": "未归入编码本指标的数字",
        "none_unclassified": "所有数字均已归入编码本指标。",
        "generated": "生成时间",
        "version": "代码版本",
        "documents": "篇文献",
        "regions": "个地区",
        "figure": "图",
        "table": "表",
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
    "source_file": "文件",
    "doc_id": "文献编号",
    "severity": "级别",
    "problem": "问题",
    "table": "数据表",
    "start": "位置",
    "check": "检查项",
    "message": "说明",
}

#: Comparability flags in Chinese (the flags are written in English in region_indicators).
FLAGS_ZH = (
    ("indicator not comparable across regions", "该指标不宜跨地区比较"),
    ("different administrative levels", "行政级别不同"),
    ("plan vs achievement", "目标与实际混合"),
    ("different periods", "时期不同"),
    ("different populations or areas", "人群或范围不同"),
    ("a change over time, not a level", "为变化值而非水平值"),
    ("approx value", "约数"),
    ("at_least value", "下限值"),
    ("at_most value", "上限值"),
    ("range value", "区间值"),
    ("period unknown", "时期不详"),
    ("; ", "；"),
)


def flags_in_chinese(flags: str) -> str:
    """Translate a comparability flag string for the Chinese report.

    >>> flags_in_chinese("plan vs achievement; period unknown")
    '目标与实际混合；时期不详'
    """
    for english, chinese in FLAGS_ZH:
        flags = flags.replace(english, chinese)
    return flags


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


def html_table(
    frame: pd.DataFrame,
    caption: str = "",
    numeric: tuple[str, ...] = (),
    markup: tuple[str, ...] = (),
    headers: dict[str, str] | None = None,
) -> str:
    """A readable HTML table; numeric columns right-aligned.

    Every cell is escaped except those of the ``markup`` columns, which hold HTML this module
    built from escaped parts (links to the provenance appendix).
    """
    headers = headers or {}
    head = "".join(f"<th>{esc(headers.get(c, c))}</th>" for c in frame.columns)
    body = []
    for row in frame.itertuples(index=False):
        cells = []
        for column, value in zip(frame.columns, row, strict=True):
            css = ' class="num"' if column in numeric else ""
            cells.append(f"<td{css}>{value if column in markup else esc(value)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    return f"<table>{cap}<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


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
        for name in ("documents", "indicators", "region_indicators", "region_measures"):
            path = table_path(processed, name)
            if not path.exists():
                raise FileNotFoundError(f"{path} is missing: run notebooks 01–04 first.")
            tables[name] = pd.read_parquet(path)
        for name in ("ingest_issues", "validation_issues", "measure_mentions"):
            tables[name] = read_optional(processed, name)
        return cls(processed, Path(reports_dir), language, tables)

    def t(self, key: str) -> str:
        """A label in the report's language."""
        return TEXT[self.language][key]

    def label(self, zh: str, en: str) -> str:
        """A term in Chinese, with its English gloss when the report is in English."""
        return zh if self.language == "zh" else f"{zh} ({en})"

    def cite(self, row: Any, shown: str) -> str:
        """Show a number and register it for the provenance appendix; return a linked span."""
        number = len(self.cited) + 1
        self.cited.append(
            {
                "n": number,
                "shown": shown,
                "doc_id": row.doc_id,
                "start": row.start,
                "text": getattr(row, "text", shown),
                "sentence": row.sentence,
            }
        )
        return f'<a href="#fact-{number}" id="cite-{number}">{esc(shown)}</a>'

    def figure(self, name: str, caption: str) -> str:
        """Embed a figure from reports/figures as a numbered, captioned image (self-contained)."""
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

    def numbered_table(
        self,
        frame: pd.DataFrame,
        caption: str,
        numeric: tuple[str, ...] = (),
        markup: tuple[str, ...] = (),
    ) -> str:
        """A table with a numbered caption."""
        self.table_count += 1
        caption = f"{self.t('table')} {self.table_count}. {caption}"
        return html_table(
            frame, caption, numeric, markup, HEADERS_ZH if self.language == "zh" else {}
        )

    # --- sections -------------------------------------------------------------------------

    def title_block(self) -> str:
        """Title, corpus size, run date, code version."""
        docs = self.tables["documents"]
        today = dt.date.today().isoformat()
        return (
            f"<h1>{esc(self.t('title'))}</h1>"
            f'<p class="meta">{len(docs)} {self.t("documents")} · '
            f"{docs['region_code'].nunique()} {self.t('regions')} · "
            f"{self.t('generated')} {today} · {self.t('version')} {esc(code_version())}</p>"
        )

    def summary(self) -> str:
        """Findings written from the data: for each compared indicator, who reports what."""
        items = []
        for _, rows in shared_indicators(self.tables["region_indicators"], 2)[:MAX_FINDINGS]:
            name = self.label(str(rows["indicator_zh"].iat[0]), str(rows["indicator_en"].iat[0]))
            parts = [
                f"{esc(r.region_zh)} {self.cite(r, str(r.display_value))}"
                f" ({esc(self.status(str(r.status)))}, {esc(r.period) or '?'})"
                for r in rows.itertuples()
            ]
            items.append(f"<li><b>{esc(name)}</b>: {'; '.join(parts)}.</li>")
        if not items:
            items.append(f"<li>{self.t('no_shared')}</li>")
        return f"<h2>{self.t('summary')}</h2><ul>{''.join(items)}</ul>"

    def status(self, status: str) -> str:
        """A status label in the report's language."""
        return (STATUS_ZH if self.language == "zh" else STATUS_EN).get(status, status)

    def corpus_section(self) -> str:
        """The documents, and the ones that could not be ingested and why."""
        docs = self.tables["documents"]
        shown = pd.DataFrame(
            {
                "region": docs["region_zh"],
                "level": docs["admin_level"].map(lambda x: ADMIN_LEVEL_ZH.get(x, x)),
                "type": docs["doc_type"],
                "published": docs["published"],
                "issuer": docs["issuer"],
                "title": docs["title"],
                "characters": docs["n_chars"],
            }
        )
        parts = [
            f"<h2>{self.t('corpus')}</h2>",
            self.numbered_table(shown, self.t("corpus"), ("characters",)),
        ]
        issues = self.tables["ingest_issues"]
        parts.append(f"<h3>{self.t('rejected')}</h3>")
        if issues.empty:
            parts.append(f"<p>{self.t('none_rejected')}</p>")
        else:
            parts.append(self.numbered_table(issues, self.t("rejected")))
        return "".join(parts)

    def comparison_section(self) -> str:
        """The facts of comparable indicators with their flags, and the indicator figures.

        Facts of indicators the codebook marks not comparable (counts specific to one
        programme, for instance) stay out of the table; the note says how many and where they are.
        """
        every = self.tables["region_indicators"]
        facts = every.loc[every["comparable"]]
        rows = pd.DataFrame(
            {
                "indicator": [
                    self.label(z, e)
                    for z, e in zip(facts["indicator_zh"], facts["indicator_en"], strict=True)
                ],
                "region": facts["region_zh"],
                "value": [self.cite(r, str(r.display_value)) for r in facts.itertuples()],
                "status": facts["status"].map(self.status),
                "period": facts["period"],
                "scope": facts["scope"],
                "flags": facts["flags"].map(flags_in_chinese if self.language == "zh" else str),
            }
        )
        parts = [
            f"<h2>{self.t('comparison')}</h2>",
            self.numbered_table(rows, self.t("comparison"), markup=("value",)),
            f'<p class="meta">{self.t("not_comparable").format(n=len(every) - len(facts))}</p>',
        ]
        for path in sorted((self.reports_dir / "figures").glob("indicator_*.png")):
            indicator_id = path.stem.removeprefix("indicator_")
            match = facts.loc[facts["indicator_id"] == indicator_id]
            if not match.empty:
                caption = self.label(
                    str(match["indicator_zh"].iat[0]), str(match["indicator_en"].iat[0])
                )
                parts.append(self.figure(path.stem, caption))
        return "".join(parts)

    def measures_section(self) -> str:
        """The measure heatmap and the count of measures each region mentions."""
        measures = self.tables["region_measures"]
        present = measures.loc[measures["n_mentions"] > 0]
        counts = (
            present.groupby("region_zh")
            .agg(measures=("measure_id", "nunique"), mentions=("n_mentions", "sum"))
            .rename_axis("region")
            .reset_index()
        )
        return (
            f"<h2>{self.t('measures')}</h2>"
            + self.figure("measures_by_region", self.t("measures"))
            + self.numbered_table(counts, self.t("measures"), ("measures", "mentions"))
        )

    def unclassified_section(self) -> str:
        """The numbers no codebook indicator matched, with their own labels: nothing disappears."""
        indicators = self.tables["indicators"]
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
                "period": other["period"],
            }
        )
        title = self.t("unclassified")
        if shown.empty:
            return f"<h2>{title}</h2><p>{self.t('none_unclassified')}</p>"
        return f"<h2>{title}</h2>" + self.numbered_table(shown, title, markup=("value",))

    def issues_section(self) -> str:
        """What the domain checks found."""
        issues = self.tables["validation_issues"]
        body = (
            f"<p>{self.t('no_issues')}</p>"
            if issues.empty
            else self.numbered_table(issues, self.t("issues"))
        )
        return f"<h2>{self.t('issues')}</h2>{body}"

    def provenance_section(self) -> str:
        """Every number shown above, with its document and the quoted sentence."""
        docs = self.tables["documents"].set_index("doc_id")
        items = []
        for fact in self.cited:
            doc = docs.loc[str(fact["doc_id"])]
            quote = highlight(str(fact["sentence"]), str(fact["text"]))
            items.append(
                f'<li id="fact-{fact["n"]}"><b>{esc(fact["shown"])}</b> — '
                f"{esc(doc['region_zh'])}, 《{esc(doc['title'])}》 "
                f"({esc(fact['doc_id'])}, offset {esc(fact['start'])}): "
                f"<blockquote>{quote}</blockquote></li>"
            )
        return f"<h2>{self.t('provenance')}</h2><ol>{''.join(items)}</ol>"

    def export_tables(self) -> list[Path]:
        """Write the tables for reuse: CSV (UTF-8 with BOM) each, and one Excel workbook."""
        out = self.reports_dir / "tables"
        written = []
        frames = {}
        for name in EXPORTED_TABLES:
            frame = self.tables.get(name)
            if frame is None:
                frame = read_optional(self.processed_dir, name)
            if name == "documents":
                frame = frame.drop(columns="text")
            frames[name] = frame
            written.append(write_csv_for_excel(frame, out / f"{name}.csv"))

        def workbook(tmp: Path) -> None:
            with pd.ExcelWriter(tmp, engine="openpyxl") as writer:
                for name, frame in frames.items():
                    frame.to_excel(writer, sheet_name=name[:31], index=False)

        written.append(write_atomic(out / "tables.xlsx", workbook))
        return written
