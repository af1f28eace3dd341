"""The write-up: each report section rendered from its Jinja2 template and its prepared data.

The data of a section comes from the small pure functions of :mod:`sections`; the words of each
language from ``templates/sections/words.yaml``; the HTML from ``templates/sections/<name>.html.j2``
with autoescape on, so a document's ``<script>`` shows as text. A number shown from a document
goes through ``cite``, which links it to the appendix entry quoting its sentence as the source
wrote it (:mod:`quotes`). Each region also gets its own page, ``reports/regions/<code>.html``.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import zlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import jinja2
import numpy as np
import pandas as pd
import pyarrow.compute as pc
import pyarrow.parquet as pq
import yaml
from markupsafe import Markup

from policy_corpus import __version__
from policy_corpus.contract.paths import PROJECT_DIR, RAW_DIR, TEMPLATES_DIR, table_path
from policy_corpus.contract.schema import FIELDS, TABLES
from policy_corpus.contract.storage import (
    ROW_GROUP_ROWS,
    iter_table,
    release_unused_memory,
    write_atomic,
    write_csv_for_excel,
    write_csv_in_parts,
    write_text_atomic,
)
from policy_corpus.contract.vocabulary import label, period_label, terms, worded
from policy_corpus.fonts import CSS_FONT_STACK, embed_shared_font
from policy_corpus.run import state
from policy_corpus.run.background import Background
from policy_corpus.run.chain import CHOICES, STAGE_BY_NAME
from policy_corpus.writeup import quotes, sections, tilemap
from policy_corpus.writeup.numbers import date_label, en_magnitude, zh_magnitude

#: Tables the report cannot be written without (the others it reads may be absent).
REQUIRED_TABLES = ("documents", "indicators", "region_indicators", "region_measures")
#: The report's sections in order (anchor = heading key); the table of contents lists them.
SECTIONS = (
    "findings",
    "profiles",
    "comparison",
    "measures",
    "corpus",
    "wording",
    "methods",
    "notes",
    "provenance",
    "about",
)
#: The columns of region_indicators that a one-line comparison reads (sections.comparison,
#: sections.compared_spread and the cited ends): every comparable fact becomes a record, and
#: with all columns they took over 100 MB at 10,000 documents.
COMPACT_COMPARISON_COLUMNS = [
    "indicator_id",
    "indicator_zh",
    "indicator_en",
    "region_code",
    "doc_id",
    "start",
    "value",
    "unit",
    "display_value",
    "comparable",
    "flags",
    "scope",  # a figure of one place inside a region is not compared (sections.region_wide)
]
#: Up to this many regions, the report holds full profiles; beyond, one line each and a page.
FULL_PROFILES_UP_TO = 8
#: From this many regions on, a finding gives a distribution instead of every value.
MANY_REGIONS = 6
#: Rows of long tables shown in the report (the rest are in reports/tables/).
MAX_ROWS = 40
MAX_CHANGES = 4
#: Rows of the timeline in a report of many regions (each region's changes are on its page).
MAX_TIMELINE = 24
SECTION_TEMPLATES = TEMPLATES_DIR / "sections"
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
#: Tables the report only counts (the candidates of the extraction): read their row count, not
#: their rows (377,000 rows at 10,000 documents).
COUNTED_TABLES = ("quantities",)
#: A table with more rows than this is left out of tables.xlsx (its CSV has every row): a sheet
#: of hundreds of thousands of rows is not read in Excel, and writing it costs about 15 s per
#: million cells. The workbook's guide sheet says where the table is.
WORKBOOK_MAX_ROWS = 20_000
#: Tables of the comparison notebook that a run may not have written; exported when present.
OPTIONAL_EXPORTS = ("region_terms", "document_similarity")
#: Columns whose codes the workbook shows in words (vocabulary of vocabulary.csv).
WORDED_COLUMNS = {
    "status": "status",
    "admin_level": "admin_level",
    "doc_type": "doc_type",
    "tool_type": "tool_type",
    "severity": "severity",
    "check": "check",
    "reject_reason": "reject_reason",
}


#: The languages of the report: those its word catalogue has (the runner checks against it).
LANGUAGES = CHOICES["language"]


def words(language: str) -> dict[str, str]:
    """The catalogue of the report's words in ``language`` (en or zh).

    >>> words("zh")["findings"], words("en")["findings"]
    ('主要发现', 'Findings')
    """
    catalogue = yaml.safe_load((SECTION_TEMPLATES / "words.yaml").read_text(encoding="utf-8"))
    return {key: str(value[language]) for key, value in catalogue.items()}


def environment() -> jinja2.Environment:
    """The Jinja2 environment of the section templates: autoescape on, undefined is an error."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(SECTION_TEMPLATES)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def flags_in_words(frame: pd.DataFrame, language: str) -> pd.DataFrame:
    """The frame with its list of flag codes as words, for CSV and Excel readers.

    >>> frame = pd.DataFrame({"flags": [["period_unknown", "approx_value"]]})
    >>> flags_in_words(frame, "zh")["flags"][0]
    '时期不详；约数'
    """
    if "flags" not in frame:
        return frame
    return frame.assign(flags=[worded("flag", codes, language) for codes in frame["flags"]])


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


def by_key(frame: pd.DataFrame, keys: pd.Series | None) -> dict[str, pd.DataFrame]:
    """The rows of ``frame`` split by ``keys`` (one value per row), in one pass."""
    if frame.empty or keys is None:
        return {}
    return {str(key): group for key, group in frame.groupby(keys.to_numpy(), sort=False)}


class CompressedTexts(Mapping[str, str]):
    """The documents' texts by doc_id, each held zlib-compressed and decoded when asked for.

    The report quotes from the texts (a region's named packages, the paragraph of a cited
    number) but reads few at a time: held compressed, the texts of 10,000 documents take about
    half their UTF-8 size, and a third of what the text column and its Python strings took.
    """

    def __init__(self, parts: Iterable[pd.DataFrame]) -> None:
        self._packed: dict[str, bytes] = {}
        for part in parts:
            for doc_id, text in zip(part["doc_id"], part["text"], strict=True):
                self._packed[str(doc_id)] = zlib.compress(str(text).encode("utf-8"), 1)

    def __getitem__(self, doc_id: str) -> str:
        return zlib.decompress(self._packed[doc_id]).decode("utf-8")

    def __iter__(self) -> Iterator[str]:
        return iter(self._packed)

    def __len__(self) -> int:
        return len(self._packed)


#: Documents read at a time when the texts are packed (a row group of the documents table).
TEXT_PART = 256


def row_count(path: Path) -> int:
    """The rows of a parquet table, from its footer (0 when it does not exist)."""
    return pq.ParquetFile(path).metadata.num_rows if path.exists() else 0


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


#: Joins a fact's flag codes while they are read (no code contains it).
_FLAG_SEPARATOR = "\x1f"


def read_region_indicators(path: Path) -> pd.DataFrame:
    """region_indicators for the report: without the sentences, each list of flags held once.

    The report takes a fact's sentence from the indicators (the same sentence, same key). The
    flags, read as they are stored, are one array of strings per row (212,000 at 10,000
    documents, about 90 MB); the rows share a few hundred combinations, so each combination
    is one tuple that its rows share.
    """
    names = [c for c in pq.ParquetFile(path).schema_arrow.names if c != "sentence"]
    table = pq.read_table(path, columns=names)
    if "flags" not in names:
        whole: pd.DataFrame = table.to_pandas()
        return whole
    frame: pd.DataFrame = table.drop_columns(["flags"]).to_pandas()
    joined = pc.binary_join(table["flags"], _FLAG_SEPARATOR).combine_chunks()
    encoded = pc.dictionary_encode(joined)
    combinations = encoded.dictionary.to_pylist()
    shared = np.empty(len(combinations) + 1, dtype=object)
    for i, codes in enumerate(combinations):
        shared[i] = tuple(codes.split(_FLAG_SEPARATOR)) if codes else ()
    shared[-1] = ()  # a row without a list
    positions = encoded.indices.fill_null(len(combinations)).to_numpy(zero_copy_only=False)
    flags = pd.Series(shared[positions], index=frame.index, dtype=object)
    frame.insert(names.index("flags"), "flags", flags)
    return frame


def evidence_sentences_only(mentions: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """The measure mentions with a sentence only where a profile may quote it as evidence.

    A profile quotes, for each measure a region reports, its first mention, or its first
    mention as done (:func:`sections.approach`); the other sentences (55 MB at 10,000
    documents) are never shown. The CSV export reads the table from its file.
    """
    region_of = dict(zip(documents["doc_id"], documents["region_code"].astype(str), strict=True))
    region = mentions["doc_id"].map(region_of)
    ordered = mentions.assign(_region=region).sort_values(["doc_id", "start"], kind="stable")
    first = ordered.drop_duplicates(["_region", "measure_id"]).index
    done = ordered.loc[ordered["measure_status"] == "done"]
    first_done = done.drop_duplicates(["_region", "measure_id"]).index
    quoted = mentions.index.isin(first.union(first_done))
    return mentions.assign(sentence=mentions["sentence"].where(quoted))


@dataclass
class Citations:
    """The numbers a page has shown, each with one appendix entry (first shown, first listed)."""

    entries: list[dict[str, Any]] = field(default_factory=list)
    index: dict[tuple[str, int], int] = field(default_factory=dict)

    def cite(self, fact: dict[str, Any]) -> Markup:
        """A link from a shown number to its appendix entry; registers it on first sight."""
        key = (str(fact["doc_id"]), int(fact["start"]))
        shown = str(fact.get("shown") or fact.get("display_value") or fact.get("text", ""))
        if key in self.index:
            return Markup('<a href="#fact-{}">{}</a>').format(self.index[key], shown)
        number = len(self.entries) + 1
        self.index[key] = number
        self.entries.append({"n": number, **fact, "shown": shown})
        return Markup('<a href="#fact-{0}" id="cite-{0}">{1}</a>').format(number, shown)


def citation_records(
    entries: list[dict[str, Any]],
    documents: pd.DataFrame,
    raw_dir: Path | None,
    texts: Mapping[str, str] | None = None,
) -> list[dict[str, Any]]:
    """Appendix entries: region, title, paragraph, address, and the sentence verbatim.

    The sentence is split around the number; it is the normalised sentence when the raw file
    cannot be read. The documents' texts are ``texts`` (doc_id → text) when given, else
    ``documents``' text column.
    """
    docs = documents.set_index("doc_id")
    out: list[dict[str, Any]] = [{} for _ in entries]
    # Taken document by document (a region page cites thousands of numbers from hundreds of
    # documents): each document's text and raw file are decoded once, not once per number.
    order = sorted(range(len(entries)), key=lambda i: str(entries[i]["doc_id"]))
    current: tuple[str, Any, str, str | None] | None = None
    for i in order:
        entry = entries[i]
        doc_id = str(entry["doc_id"])
        if current is None or current[0] != doc_id:
            doc = docs.loc[doc_id] if doc_id in docs.index else None
            if doc is None:
                text = ""
            elif texts is not None:
                text = texts.get(doc_id, "")
            else:
                text = str(doc["text"])
            raw = None
            if doc is not None and raw_dir is not None:
                raw = quotes.raw_text(str(raw_dir / str(doc["source_file"])))
            current = (doc_id, doc, text, raw)
        _, doc, text, raw = current
        sentence = str(entry.get("sentence", ""))
        number = str(entry.get("text") or "")
        start = int(entry["start"])
        # The occurrence of the sentence that holds the number (it may begin before it by at
        # most its own length): the number's place in it picks the right one of two equal
        # numbers (至少有1名 … 至少有1名).
        window = (max(0, start - len(sentence)), start + len(sentence))
        sentence_start = text.rfind(sentence, *window) if sentence else -1
        at = int(entry["start"]) - sentence_start if sentence_start >= 0 else None
        q = quotes.quote(raw, sentence, number, at)
        address = doc.get("url") if doc is not None and "url" in doc else None
        out[i] = {
            "n": entry["n"],
            "shown": entry["shown"],
            "region": str(doc["region_zh"]) if doc is not None else "",
            "title": str(doc["title"]) if doc is not None else doc_id,
            "paragraph": quotes.paragraph_number(text, int(entry["start"])),
            "address": address if isinstance(address, str) and address else None,
            "before": q.before,
            "number": q.number,
            "after": q.after,
        }
    return out


@dataclass(frozen=True)
class FilesMeanwhile:
    """The region pages and the exported tables, being written by child processes."""

    pages: Background[list[Path]]
    tables: Background[list[Path]]

    def result(self) -> tuple[list[Path], list[Path]]:
        """(region pages, exported tables) once both are written.

        Raises:
            Exception: the first child's error, once both have ended.
        """
        try:
            pages = self.pages.result()
        finally:
            tables = self.tables.result()  # waited for even when the pages failed
        return pages, tables


@dataclass
class Writeup:
    """The tables of a write-up, its language, and the numbers its pages have cited."""

    processed_dir: Path
    reports_dir: Path
    language: str
    tables: dict[str, pd.DataFrame]
    citations: Citations = field(default_factory=Citations)

    @classmethod
    def load(
        cls, processed_dir: str | Path, reports_dir: str | Path, language: str = "en"
    ) -> Writeup:
        """Read every table the report needs.

        Raises:
            ValueError: ``language`` is not 'en' or 'zh'.
            FileNotFoundError: a required table is missing (run the earlier notebooks).
        """
        if language not in LANGUAGES:
            raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, got {language!r}")
        processed = Path(processed_dir)
        tables = {}
        for name in STAGE_BY_NAME["05_writeup"].reads:
            path = table_path(processed, name)
            if name in REQUIRED_TABLES and not path.exists():
                raise FileNotFoundError(f"{path} is missing: run notebooks 01–04 first.")
            if name in COUNTED_TABLES:
                tables[name] = pd.DataFrame(index=range(row_count(path)))
            elif name == "documents":  # the texts are packed apart (Writeup._texts)
                columns = [c for c in pq.ParquetFile(path).schema_arrow.names if c != "text"]
                tables[name] = pd.read_parquet(path, columns=columns)
            elif name == "region_indicators":
                tables[name] = read_region_indicators(path)
            else:
                tables[name] = read_optional(processed, name)
        documents = tables["documents"]
        if not tables["measure_mentions"].empty:
            tables["measure_mentions"] = evidence_sentences_only(
                tables["measure_mentions"], documents
            )
        release_unused_memory()
        return cls(processed, Path(reports_dir), language, tables)

    # --- what every section draws on ---------------------------------------------------------

    def table(self, name: str) -> pd.DataFrame:
        """A table, or an empty frame when this run has none."""
        frame = self.tables.get(name)
        return pd.DataFrame() if frame is None else frame

    @property
    def zh(self) -> bool:
        """Whether the report is entirely in Chinese."""
        return self.language == "zh"

    @cached_property
    def words(self) -> dict[str, str]:
        """The report's words in its language."""
        return words(self.language)

    @cached_property
    def regions(self) -> list[dict[str, Any]]:
        """One record per region (sections.regions)."""
        return sections.regions(self.table("documents"))

    @cached_property
    def facts(self) -> pd.DataFrame:
        """Every quantity fact with what readers see of it (sections.facts).

        It replaces the indicators table it extends (the same rows, more columns), so that
        the report does not hold the facts twice (125 MB at 10,000 documents).
        """
        frame = sections.facts(self.table("indicators"), self.language)
        if "indicators" in self.tables:
            self.tables["indicators"] = frame
            release_unused_memory()
        return frame

    @cached_property
    def changes(self) -> list[dict[str, Any]]:
        """The rules and levels stated as changes (sections.rule_changes), for two sections."""
        return sections.rule_changes(self.facts, self.table("documents"))

    @cached_property
    def grouped_changes(self) -> list[dict[str, Any]]:
        """The same change made by several regions, as one line (sections.grouped_changes)."""
        return sections.grouped_changes(self.changes)

    @cached_property
    def run_record(self) -> dict[str, dict[str, Any]]:
        """Stage → parameters, from the run record (reports_dir/run.json)."""
        record = state.load_manifest(self.reports_dir / state.RUN_MANIFEST).get("stages", {})
        by_stage = state.recorded_parameters(record)
        writeup = next((name for name in by_stage if name.endswith("_writeup")), "05_writeup")
        by_stage[writeup] = {
            "processed_dir": str(self.processed_dir),
            "reports_dir": str(self.reports_dir),
            "language": self.language,
        }
        return by_stage

    @cached_property
    def raw_dir(self) -> Path | None:
        """Where the raw files are (the ingest stage's parameter), for verbatim quotations."""
        for stage, params in self.run_record.items():
            if stage.endswith("_ingest") and params.get("raw_dir"):
                return Path(str(params["raw_dir"]))
        return RAW_DIR if RAW_DIR.exists() else None

    def _globals(self, citations: Citations) -> dict[str, Any]:
        names = {r["code"]: r["short"] for r in self.regions}
        language = self.language
        return {
            "w": self.words,
            "zh": self.zh,
            "cite": citations.cite,
            "vocab": lambda vocabulary, code: label(vocabulary, str(code), language),
            "period": lambda p: period_label(None if pd.isna(p) else str(p), language),
            "rname": lambda code: names.get(str(code), str(code)),
            "amount": lambda v, unit: (
                zh_magnitude(float(v), unit) if language == "zh" else en_magnitude(float(v), unit)
            ),
            "as_written": sections.as_written,
            "date": lambda d: date_label(d, language),
            "name_of": lambda f: (
                f["indicator_zh"]
                if language == "zh" or f["indicator_id"] == "other"
                else f["indicator_en"]
            ),
        }

    @cached_property
    def _environment(self) -> jinja2.Environment:
        """One environment for every section and region page, so each template is parsed once."""
        env = environment()
        env.filters["flag"] = lambda code: label("flag", str(code), self.language)
        # SVG text does not take the page's font: named on each <svg>, the bundled font draws
        # it (in the PDF, any other font would be embedded whole: see render.write_pdf).
        env.globals["font_stack"] = CSS_FONT_STACK
        # The ingest stage words its problems in English; the Chinese report points to the table.
        env.tests["match_english"] = lambda text: bool(re.search(r"[A-Za-z]{3,}", str(text)))
        return env

    def render(self, template: str, registry: Citations | None = None, **data: Any) -> str:
        """Render one section template with the report's words and ``data``."""
        env = self._environment
        env.globals.update(self._globals(registry or self.citations))
        return env.get_template(template).render(**data)

    # --- sections ----------------------------------------------------------------------------

    def section(self, name: str) -> str:
        """The HTML of one section (``cover`` or one of :data:`SECTIONS`)."""
        data = getattr(self, f"_{name}")()
        return self.render(f"{name}.html.j2", **data)

    def _basics(self) -> dict[str, Any]:
        docs = self.table("documents")
        years = sorted({str(p)[:4] for p in docs["published"].dropna()})
        span = "" if not years else years[0] if len(years) == 1 else f"{years[0]}–{years[-1]}"
        if self.zh:
            span += "年"
        levels = docs.drop_duplicates("region_code")["admin_level"].value_counts()
        sep = "、" if self.zh else ", "
        level_text = sep.join(
            f"{label('admin_level', str(k), 'zh')}{v}个"
            if self.zh
            else f"{v} {_plural(label('admin_level', str(k)), int(v))}"
            for k, v in levels.items()
        )
        return {
            "n_documents": len(docs),
            "regions": self.regions,
            "years": span,
            "levels": level_text,
            "n_plans": int(docs["doc_type"].isin(["plan", "priorities"]).sum()),
        }

    def _cover(self) -> dict[str, Any]:
        return {**self._basics(), "sections": SECTIONS}

    def _findings(self) -> dict[str, Any]:
        shared = sections.shared_indicators(
            self.facts, self.table("region_indicators"), self.table("documents"), many=MANY_REGIONS
        )
        changes = self.changes
        money = sections.largest_money(self.facts)
        spread = sections.measure_spread(self.table("region_measures"))
        return {
            **self._basics(),
            "shared": shared,
            "changes": changes,
            "grouped": self.grouped_changes,
            "many": self.many_regions,
            "max_changes": MAX_CHANGES,
            "money": money[:5],
            "money_more": max(0, len(money) - 5),
            "measures": sections.measure_findings(spread, len(self.regions)),
        }

    @cached_property
    def _texts(self) -> Mapping[str, str]:
        """doc_id → text: from the documents table when it holds them, else packed from the file.

        :meth:`load` leaves the text out of the documents table (50 MB at 10,000 documents, and
        as much again as Python strings); it is read here a part at a time and kept compressed.
        """
        docs = self.table("documents")
        if "text" in docs:
            return dict(zip(docs["doc_id"].astype(str), docs["text"].astype(str), strict=True))
        path = table_path(self.processed_dir, "documents")
        if not path.exists():
            return {}
        return CompressedTexts(
            iter_table("documents", self.processed_dir, TEXT_PART, ["doc_id", "text"])
        )

    @cached_property
    def _facts_by_region(self) -> dict[str, Any]:
        """Each region's row positions in the facts, found once.

        A filter per profile cost regions × facts; the rows are taken when a profile needs
        them, not copied for every region.
        """
        if self.facts.empty:
            return {}
        return {str(k): v for k, v in self.facts.groupby("region_code").indices.items()}

    @cached_property
    def _mentions_by_region(self) -> dict[str, pd.DataFrame]:
        mentions = self.table("measure_mentions")
        if mentions.empty:
            return {}
        docs = self.table("documents")
        region_of = dict(zip(docs["doc_id"], docs["region_code"].astype(str), strict=True))
        return by_key(mentions, mentions["doc_id"].map(region_of))

    def _profile(self, region: dict[str, Any], full: bool) -> dict[str, Any]:
        code = region["code"]
        return sections.profile(
            region,
            self.facts.iloc[self._facts_by_region.get(code, [])],
            self.table("region_measures"),
            self._mentions_by_region.get(code, pd.DataFrame()),
            self._texts,
            full,
        )

    def _profiles(self) -> dict[str, Any]:
        compact = len(self.regions) > FULL_PROFILES_UP_TO
        return {
            "compact": compact,
            "profiles": [self._profile(r, full=False) for r in self.regions],
        }

    @property
    def many_regions(self) -> bool:
        """Whether the report gives distributions and one line per item instead of every row."""
        return len(self.regions) >= MANY_REGIONS

    def _comparison(self) -> dict[str, Any]:
        compact = self.many_regions
        region_indicators = self.table("region_indicators")
        if compact:  # one line per indicator: its rows need only what that line reads
            region_indicators = region_indicators.reindex(columns=COMPACT_COMPARISON_COLUMNS)
        if not compact and "sentence" not in region_indicators and not region_indicators.empty:
            # Read without them (read_region_indicators): a fact's sentence is the indicators'.
            keys = pd.MultiIndex.from_arrays(
                [region_indicators["doc_id"], region_indicators["start"]]
            )
            sentences = self.facts.set_index(["doc_id", "start"])["sentence"]
            region_indicators = region_indicators.assign(
                sentence=sentences.reindex(keys).to_numpy()
            )
        compared = sections.comparison(region_indicators, self.facts, with_sentences=not compact)
        changes = self.changes
        spreads = [sections.compared_spread(c) for c in compared]
        if compact:  # the rows cited (the two ends) get their sentence back
            sentences = self.facts.set_index(["doc_id", "start"])["sentence"]
            for spread in spreads:
                for row in (spread.low, spread.high):
                    if row is not None:
                        row["sentence"] = sentences.get((row["doc_id"], row["start"]), "")
        return {
            "compared": compared,
            "compact": compact,
            "spreads": spreads,
            "changes": changes,
            "grouped": self.grouped_changes,
            "max_changes": MAX_TIMELINE if self.many_regions else len(changes),
            "flag_terms": [t for t in terms("flag") if t.code != "not_comparable"],
        }

    def _measures(self) -> dict[str, Any]:
        spread = sections.measure_spread(self.table("region_measures"))
        codes = [r["code"] for r in self.regions]
        map_tiles = []
        if tilemap.spans_provinces(codes) >= tilemap.MIN_PROVINCES:
            done: dict[str, list[str]] = {code: [] for code in codes}
            for m in spread:
                for code in m.done:
                    done[code].append(m.measure_id)
            map_tiles = tilemap.tiles(done, self.language)
        return {
            "regions": self.regions,
            "spread": spread,
            "tiles": map_tiles,
            "n_measures": len(spread),
            "map_width": max((t["x"] + t["size"] for t in map_tiles), default=0),
            "map_height": max((t["y"] + t["size"] for t in map_tiles), default=0),
        }

    def _corpus(self) -> dict[str, Any]:
        docs = self.table("documents").sort_values(["region_code", "published", "doc_id"])
        issues = self.table("ingest_issues")
        columns = ["region_code", "doc_type", "published", "title", "issuer", "doc_number"]
        shown = (
            docs.reindex(columns=columns)
            .astype(object)
            .where(docs.reindex(columns=columns).notna(), "")
        )
        shown["n_chars"] = docs["n_chars"].astype(int)
        problems = issues.reindex(columns=["source_file", "doc_id", "severity", "problem"])
        return {
            "documents": shown.to_dict("records"),
            "ingest_issues": []
            if issues.empty
            else problems.astype(object).where(problems.notna(), "").to_dict("records"),
            "max_rows": MAX_ROWS * 2,
            "by_region": sections.documents_by_region(docs) if self.many_regions else [],
        }

    def _wording(self) -> dict[str, Any]:
        region_terms = self.table("region_terms")
        listed = []
        if not region_terms.empty:
            for code, group in region_terms.sort_values(["region_code", "rank"]).groupby(
                "region_code", sort=True
            ):
                listed.append((code, list(group["term"].head(8))))
        similarity = self.table("document_similarity")
        pairs = []
        if not similarity.empty:
            docs = self.table("documents").set_index("doc_id")

            def name(doc_id: object) -> str:
                if doc_id not in docs.index:
                    return str(doc_id)
                region = sections.short_name(str(docs.at[doc_id, "region_zh"]))
                return f"{region}《{docs.at[doc_id, 'title']!s}》"

            distinct = similarity.loc[similarity["doc_id_a"] < similarity["doc_id_b"]]
            top = distinct.sort_values("similarity", ascending=False).head(10)
            pairs = [
                (name(a), name(b), float(s))
                for a, b, s in zip(top["doc_id_a"], top["doc_id_b"], top["similarity"], strict=True)
            ]
        return {"terms": listed, "pairs": pairs}

    def _methods(self) -> dict[str, Any]:
        quantities = self.table("quantities")
        indicators = self.table("indicators")
        converted = self.table("documents").get("converted_to_simplified", pd.Series(dtype=bool))
        return {
            "n_converted": int(converted.fillna(False).astype(bool).sum()),
            "n_candidates": len(quantities) or len(indicators),
            "n_quantities": len(indicators),
            "n_matched": int((indicators["indicator_id"] != "other").sum())
            if len(indicators)
            else 0,
            "many": MANY_REGIONS,
        }

    def _notes(self) -> dict[str, Any]:
        docs = self.table("documents")
        indicators = self.table("indicators")
        issues = self.table("validation_issues")
        region_of = (
            dict(zip(indicators["doc_id"], indicators["region_zh"], strict=True))
            if not indicators.empty
            else {}
        )
        shown_issues = [
            {**i, "region": sections.short_name(str(region_of.get(i["doc_id"], "")))}
            for i in ([] if issues.empty else issues.to_dict("records"))
        ]
        periods = indicators["period"] if not indicators.empty else pd.Series(dtype=str)
        return {
            **self._basics(),
            "n_levels": docs["admin_level"].nunique(),
            "n_years": len({str(p)[:4] for p in docs["published"].dropna()}),
            "n_numbers": len(indicators),
            "n_no_period": int((periods.isna() | (periods == "unspecified")).sum()),
            "n_other": int((indicators["indicator_id"] == "other").sum()) if len(indicators) else 0,
            "issues": shown_issues,
            "max_rows": MAX_ROWS // 2,
        }

    def _provenance(self) -> dict[str, Any]:
        return {
            "citations": citation_records(
                self.citations.entries, self.table("documents"), self.raw_dir, self._texts
            )
        }

    def _about(self) -> dict[str, Any]:
        parameters = [
            (
                stage,
                [
                    f"{key} = {self.words['empty'] if value == '' else _shown_path(value)}"
                    for key, value in params.items()
                ],
            )
            for stage, params in sorted(self.run_record.items())
        ]
        return {
            "today": dt.date.today().isoformat(),
            "version": code_version(),
            "parameters": parameters,
        }

    # --- region pages and exports ------------------------------------------------------------

    def start_writing_files(self) -> FilesMeanwhile:
        """Start writing the region pages and the exported tables, each in a child process.

        Nothing the report's sections show is read from these files: on two cores they are
        written while the sections are built. What the sections, the pages and the export
        all read (the facts with what readers see of them, the regions, the cited texts) is
        computed first, here, and inherited by the forked children (see
        :mod:`policy_corpus.run.background`), which would otherwise each compute it again
        (1.4 s at 1,000 documents). Call this right after :meth:`load`.
        """
        _ = (self.regions, self.facts, self._facts_by_region, self._mentions_by_region, self._texts)
        return FilesMeanwhile(
            Background(self.write_region_pages, name="writing the region pages"),
            Background(self.export_tables, name="writing the tables for reuse"),
        )

    def write_region_pages(self) -> list[Path]:
        """One page per region, reports/regions/<code>.html, with every fact and its sentence."""
        # The report's stylesheet, its font variable given (the report gets it from nbconvert).
        stylesheet = (TEMPLATES_DIR / "report_zh" / "report.css").read_text(encoding="utf-8")
        css = Markup(f":root {{ --jp-content-font-family: {CSS_FONT_STACK}; }}\n{stylesheet}")
        out = self.reports_dir / "regions"
        written = []
        characters: set[str] = set()  # of all the pages, for their one font subset
        for region in self.regions:
            citations = Citations()
            data = self._profile(region, full=True)
            self.render(
                "region_page.html.j2",
                citations,
                p=data,
                css=css,
                citations=[],
            )
            # The appendix lists what the profile cited: render again with the entries known.
            records = citation_records(
                citations.entries, self.table("documents"), self.raw_dir, self._texts
            )
            page = self.render(
                "region_page.html.j2", Citations(), p=data, css=css, citations=records
            )
            target = out / f"{region['code']}.html"
            written.append(write_text_atomic(target, page))
            characters.update(page)
            release_unused_memory()  # the region's rows, taken from Arrow's columns
        # Read anywhere: the CJK font, cut once for all the pages. The pages were written
        # without it and are rewritten: holding them until their characters are known would
        # keep every page, every fact of every region with its sentence, in memory at once
        # (about 7,000 facts a page at 10,000 documents).
        embed_shared_font(written, characters)
        return written

    def export_tables(self) -> list[Path]:
        """Write the tables for reuse: CSV (UTF-8 with BOM) each, and one Excel workbook.

        The workbook's first sheet explains every column; sheets have frozen headers, filters
        and widths.
        """
        out = self.reports_dir / "tables"
        if "indicators" in self.tables:
            # The indicators are exported with what readers see of them, whether or not the
            # sections were built first in this process (the export may run in a child).
            self.facts  # noqa: B018 (computed for its effect: it extends the indicators)
        written = []
        frames = {}
        left_out: dict[str, int] = {}
        names = list(EXPORTED_TABLES)
        names += [n for n in OPTIONAL_EXPORTS if table_path(self.processed_dir, n).exists()]
        for name in names:
            frame = self.tables.get(name)
            path = table_path(self.processed_dir, name)
            # The report holds some tables without columns it does not show (the documents'
            # text, sentences): the exports are read from the files, as they were written.
            extended = name == "indicators" and frame is not None and "shown" in frame
            if path.exists():
                rows = row_count(path)
                parts = self._export_parts(name, extended)
                if rows > WORKBOOK_MAX_ROWS:
                    # Too long for the workbook: its CSV is written a part at a time (a whole
                    # table's CSV text and worded copy took 100 MB more at 10,000 documents).
                    left_out[name] = rows
                    worded_parts = (flags_in_words(p, self.language) for p in parts)
                    written.append(write_csv_in_parts(worded_parts, out / f"{name}.csv"))
                    continue
                frame = pd.concat(list(parts), ignore_index=True) if rows else None
            if frame is None:
                frame = read_optional(self.processed_dir, name)
            if name == "documents":
                frame = frame.drop(columns="text", errors="ignore")
            # The report's bookkeeping is not exported (as in _export_parts).
            frame = flags_in_words(frame.drop(columns="occurrence", errors="ignore"), self.language)
            frames[name] = frame
            written.append(write_csv_for_excel(frame, out / f"{name}.csv"))
        written.append(
            write_atomic(
                out / "tables.xlsx",
                lambda tmp: write_workbook(tmp, frames, self.language, left_out),
            )
        )
        return written

    def _export_parts(self, name: str, extended: bool) -> Iterator[pd.DataFrame]:
        """A table's rows for its CSV, read from its file a part at a time.

        As the whole table would be exported: the documents without their text, flags in
        words, and the indicators with what readers see of them when the report has added it
        (:attr:`facts`).
        """
        themes = sections.themes_of_indicators() if extended else None
        names = pq.ParquetFile(table_path(self.processed_dir, name)).schema_arrow.names
        # The documents without their text, which is not exported (not even read: 150 MB).
        columns = [c for c in names if c != "text"] if name == "documents" else None
        for part in iter_table(name, self.processed_dir, ROW_GROUP_ROWS, columns):
            if extended:
                # What readers see of each fact, not the report's own bookkeeping (occurrence).
                part = sections.facts(part, self.language, themes).drop(columns="occurrence")
            yield part


def column_guide(names: list[str], left_out: dict[str, int] | None = None) -> pd.DataFrame:
    """One row per column of the exported tables: table, column, what it means (schema).

    ``left_out``: tables too long for the workbook (name → rows), whose columns are listed
    with the CSV file that holds them.
    """
    left_out = left_out or {}
    rows = [
        {
            "table": name,
            "column": column,
            "description": FIELDS[column].description,
            "where": f"tables/{name}.csv only ({left_out[name]:,} rows)"
            if name in left_out
            else f"this workbook and tables/{name}.csv",
        }
        for name in [*names, *left_out]
        for column in TABLES[name].columns
        if column != "text" or name != "documents"
    ]
    return pd.DataFrame(rows)


def readable(frame: pd.DataFrame, language: str) -> pd.DataFrame:
    """Codes of the worded vocabularies as words; periods as readers write them."""
    out = frame.copy()
    for column, vocabulary in WORDED_COLUMNS.items():
        if column in out:
            out[column] = out[column].map(
                lambda c, v=vocabulary: c if not isinstance(c, str) else label(v, c, language)
            )
    if "period" in out:
        out["period"] = out["period"].map(
            lambda p: period_label(p, language) or p if isinstance(p, str) else p
        )
    return out


def write_workbook(
    path: Path,
    frames: dict[str, pd.DataFrame],
    language: str,
    left_out: dict[str, int] | None = None,
) -> None:
    """tables.xlsx: a guide sheet, then one sheet per table, headers frozen and filtered.

    A table longer than :data:`WORKBOOK_MAX_ROWS` has no sheet; the guide names its CSV.
    ``left_out`` names tables already left out (name → rows), in the order of the export.
    Written with XlsxWriter, which streams cells to the file (openpyxl built the whole
    workbook in memory first: 30 s for 60,000 rows at 1,000 documents).
    """
    left_out = {
        **(left_out or {}),
        **{n: len(f) for n, f in frames.items() if len(f) > WORKBOOK_MAX_ROWS},
    }
    frames = {n: f for n, f in frames.items() if n not in left_out}
    guide = column_guide(list(frames), left_out)
    with pd.ExcelWriter(path, engine="xlsxwriter") as writer:
        sheets = {"columns": guide, **{n: readable(f, language) for n, f in frames.items()}}
        for name, frame in sheets.items():
            frame.to_excel(writer, sheet_name=name[:31], index=False)
            sheet = writer.sheets[name[:31]]
            sheet.freeze_panes(1, 0)
            if len(frame.columns):
                sheet.autofilter(0, 0, len(frame), len(frame.columns) - 1)
            for i, column in enumerate(frame.columns):
                cells = frame[column].head(200).map(lambda v: len(str(v)))
                width = max([len(str(column)), *cells.tolist()]) if len(frame) else len(column)
                sheet.set_column(i, i, min(max(width + 2, 8), 60))


def _plural(noun: str, count: int) -> str:
    """An English noun for ``count`` of it (1 province, 31 provinces, 2 counties).

    >>> _plural("province", 31), _plural("county", 2), _plural("district", 1)
    ('provinces', 'counties', 'district')
    """
    if count == 1:
        return noun
    return noun[:-1] + "ies" if noun.endswith("y") else noun + "s"
