"""The data contract: every column declared once, every table's columns and key declared once.

Column and table names are a public interface (see DESIGN.md): notebooks, tests and researchers'
own code rely on them. :func:`validate_table` checks a frame against its declaration before it
is written, and fails loudly, naming the table, the column and the offending rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from policy_corpus.contract.vocabulary import TERMS

ADMIN_LEVELS = ("province", "prefecture", "county", "district")
DOC_TYPES = ("news", "plan", "summary", "priorities", "other")
UNITS = (
    "yuan",
    "yuan_per_person",
    "yuan_per_person_year",
    "percent",
    "percentage_point",
    "person",
    "person_time",
    "person_per_10k_population",
    "household",
    "institution",
    "county",
    "township",
    "village",
    "disease",
    "disease_category",
    "item",
    "time",
    "copy",
    "bed",
    "m2",
    "year",
    "month",
)
QUALIFIERS = ("exact", "approx", "at_least", "at_most", "range")
#: How an end of a bounded value holds: 不低于80% includes 80 (inclusive), 超过80% does not.
BOUND_KINDS = ("inclusive", "exclusive")
STATUSES = ("achieved", "target", "policy_rule")
#: What a number is in its sentence; only levels are compared as levels (DESIGN.md).
ROLES = ("level", "from_value", "increment", "cap")
#: The shared period vocabulary (DESIGN.md); a period of the same kind with months is allowed
#: too (as-of-2020-09, cumulative-to-2020-09, 2020-09, 2020Q3, 2020-01/2020-09).
PERIOD_PATTERN = (
    r"^(?:\d{4}(?:H[12]|Q[1-4]|-yoy|-\d{4}|-\d{2}(?:/\d{4}-\d{2})?)?"
    r"|(?:pre|as-of|cumulative-to)-\d{4}(?:-\d{2})?|initial|annual|ongoing|unspecified)$"
)
MEASURE_STATUSES = ("planned", "done")
SEVERITIES = ("error", "warning")
#: Vocabularies whose codes are declared by their wording in vocabulary.csv: a code the
#: stages write without a wording there breaks the contract, so no reader sees a bare code.
FLAG_CODES = tuple(TERMS["flag"])
REJECT_REASONS = tuple(TERMS["reject_reason"])
TOOL_TYPES = tuple(TERMS["tool_type"])
CHECKS = tuple(TERMS["check"])


@dataclass(frozen=True)
class Field:
    """One column: its pandas dtype, whether it may be null, and what it means."""

    #: A pandas dtype, or "list" for a list of codes (stored as a parquet list of strings).
    dtype: str
    description: str
    nullable: bool = False
    isin: tuple[str, ...] | None = None
    pattern: str | None = None


FIELDS: dict[str, Field] = {
    # documents
    "doc_id": Field("str", "Stable identifier of a document, from the manifest."),
    "source_file": Field("str", "File name inside data/raw/."),
    "sha256": Field("str", "SHA-256 of the raw file's bytes.", pattern=r"^[0-9a-f]{64}$"),
    "encoding": Field("str", "Encoding the raw bytes were decoded with (python codec name)."),
    "region_zh": Field("str", "Region name in Chinese."),
    "region_en": Field("str", "Region name in English."),
    "region_code": Field("str", "GB/T 2260 administrative division code.", pattern=r"^\d{6}$"),
    "admin_level": Field("str", "Administrative level of the region.", isin=ADMIN_LEVELS),
    "doc_type": Field("str", "Genre of the document.", isin=DOC_TYPES),
    "published": Field(
        "str",
        "Publication date, full or partial (2020, 2020-04, 2020-04-29).",
        pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$",
    ),
    "issuer": Field("str", "Issuing body or publisher.", nullable=True),
    "doc_number": Field("str", "Official document number (文号).", nullable=True),
    "title": Field("str", "Title of the document."),
    "text": Field("str", "Clean normalised text; every offset downstream refers to it."),
    "n_chars": Field("int64", "Number of characters of text."),
    "converted_to_simplified": Field(
        "bool", "True when the document was Traditional Chinese and converted (OpenCC t2s)."
    ),
    # sentences
    "sentence_id": Field("int64", "Position of the sentence in its document, from 0."),
    "section": Field("str", "Heading path of the section the sentence is in (may be empty)."),
    # offsets, shared by sentences, quantities and measure mentions
    "start": Field("int64", "Start offset into documents.text (inclusive)."),
    "end": Field("int64", "End offset into documents.text (exclusive)."),
    # quantities
    "is_quantity": Field("bool", "True for a quantity; False for a rejected numeral."),
    "reject_reason": Field(
        "str",
        "Why a numeral is not a quantity (date, doc_number…; worded in vocabulary.csv).",
        True,
        isin=REJECT_REASONS,
    ),
    "value": Field("float64", "Value in the canonical unit, magnitudes applied.", True),
    "value_max": Field("float64", "Upper bound of a range.", True),
    "unit": Field("str", "Canonical unit.", True, isin=UNITS),
    "unit_text": Field("str", "Unit or classifier as written.", True),
    "kind": Field("str", "money, percent, count, rate, duration or number.", True),
    "qualifier": Field("str", "exact, approx, at_least, at_most or range.", True, QUALIFIERS),
    # Added for ranges and open bounds (issue 14): the qualifier says which ends exist, these
    # say whether each end includes its number. The lower end is `value` (at_least, range), the
    # upper end `value` for at_most and `value_max` for a range.
    "lower_bound": Field(
        "str",
        "Lower end: inclusive (不低于, 以上, 至) or exclusive (超过, 余); null if none.",
        True,
        BOUND_KINDS,
    ),
    "upper_bound": Field(
        "str",
        "Upper end: inclusive (不超过, 以下, 以内) or exclusive (不足, 低于); null if none.",
        True,
        BOUND_KINDS,
    ),
    "change_from": Field("float64", "Earlier value when the text says 从A提高到B.", True),
    "sentence": Field("str", "The sentence the span is in."),
    # indicators
    "indicator_id": Field("str", "Codebook indicator id, or 'other'."),
    "indicator_zh": Field("str", "Indicator label in Chinese."),
    "indicator_en": Field("str", "Indicator label in English."),
    "status": Field("str", "achieved, target or policy_rule.", isin=STATUSES),
    "role": Field(
        "str",
        "What the number is in its sentence: level (the indicator's value), from_value (the A "
        "of 从A提高到B, 最初的A), increment (an amount of change: 增加了35元) or cap (the "
        "ceiling of a rule: 最高支付比例70%).",
        isin=ROLES,
    ),
    "period": Field(
        "str",
        "Period the number refers to: 2019, 2020H1, 2018-2019 (a span), pre-2019 (in force "
        "before the change of 2019), initial (the programme-start value), as-of-2020-09 (a "
        "stock at a date), cumulative-to-2020-09, annual, 2020-yoy, ongoing (a standing "
        "requirement) or unspecified (the text says nothing).",
        pattern=PERIOD_PATTERN,
    ),
    "scope": Field("str", "Population or area the number covers.", True),
    # measures
    "measure_id": Field("str", "Codebook measure id."),
    "measure_zh": Field("str", "Measure name in Chinese."),
    "measure_en": Field("str", "Measure name in English."),
    "framework_group": Field("str", "The documents' own framework group (看得起病 …)."),
    "tool_type": Field("str", "Policy-tool type: supply, demand or environment.", isin=TOOL_TYPES),
    "measure_status": Field(
        "str",
        "planned (in a work plan or list of priorities, or in a sentence of intent: 将, 要, 力争, "
        "计划, 下一步) or done (reported as carried out).",
        isin=MEASURE_STATUSES,
    ),
    "n_done": Field("int64", "Number of mentions that report the measure as done (not planned)."),
    "n_mentions": Field("int64", "Number of mentions."),
    "n_documents": Field("int64", "Number of documents."),
    # ingest issues
    "problem": Field("str", "What is wrong with a raw file or its manifest row."),
    # validation issues
    "table": Field("str", "Contract table the issue is about."),
    "check": Field("str", "Name of the check that raised the issue.", isin=CHECKS),
    "severity": Field("str", "error or warning.", isin=SEVERITIES),
    "message": Field("str", "What is wrong, for a reader."),
    # region comparison
    "display_value": Field("str", "Value as shown to readers, with its qualifier (≈, ≥, ≤)."),
    "comparable": Field("bool", "Whether the codebook marks the indicator comparable."),
    "flags": Field(
        "list",
        "Codes of the reasons a comparison across regions is shaky (a list; their wording is "
        "in policy_corpus/contract/vocabulary.csv, vocabulary 'flag').",
        isin=FLAG_CODES,
    ),
    # distinctive terms
    "term": Field("str", "A word from jieba segmentation (codebook terms kept whole)."),
    "count": Field("int64", "Number of uses of the term in the region's documents."),
    "count_rest": Field("int64", "Number of uses of the term in the other regions' documents."),
    "keyness": Field(
        "float64", "Log-likelihood (Dunning G²) of the term in the region against the rest."
    ),
    "rank": Field("int64", "Rank of the term in its region by keyness, from 1."),
    # document similarity
    "doc_id_a": Field("str", "First document of a pair (the smaller doc_id)."),
    "doc_id_b": Field("str", "Second document of a pair (the larger doc_id)."),
    "similarity": Field("float64", "Cosine similarity of the two documents' TF-IDF vectors."),
}

QUANTITY_COLUMNS = [
    "doc_id",
    "start",
    "end",
    "text",
    "is_quantity",
    "reject_reason",
    "value",
    "value_max",
    "unit",
    "unit_text",
    "kind",
    "qualifier",
    "change_from",
    "sentence",
]
#: How each end of a bounded value holds (issue 14). In the quantities table only, after the
#: columns above, so that the indicators table and the code that builds it are unchanged; join
#: on (doc_id, start) to bring them to an indicator.
BOUND_COLUMNS = ["lower_bound", "upper_bound"]


@dataclass(frozen=True)
class Table:
    """A contract table: its columns in order and its key."""

    columns: tuple[str, ...]
    key: tuple[str, ...]
    description: str
    #: Columns that may be null in this table although the field is not nullable elsewhere.
    nullable: tuple[str, ...] = ()


TABLES: dict[str, Table] = {
    "documents": Table(
        (
            "doc_id",
            "source_file",
            "sha256",
            "encoding",
            "region_zh",
            "region_en",
            "region_code",
            "admin_level",
            "doc_type",
            "published",
            "issuer",
            "doc_number",
            "title",
            "text",
            "n_chars",
            "converted_to_simplified",
        ),
        ("doc_id",),
        "One row per ingested document.",
    ),
    "sentences": Table(
        ("doc_id", "sentence_id", "start", "end", "text", "section"),
        ("doc_id", "sentence_id"),
        "One row per sentence; text == documents.text[start:end].",
    ),
    "quantities": Table(
        (*QUANTITY_COLUMNS, *BOUND_COLUMNS),
        ("doc_id", "start"),
        "One row per numeral candidate, quantities and rejected ones.",
    ),
    "measure_mentions": Table(
        ("doc_id", "measure_id", "start", "end", "text", "sentence", "measure_status"),
        ("doc_id", "measure_id", "start"),
        "One row per codebook measure per sentence that mentions it, planned or done.",
    ),
    "indicators": Table(
        (
            *QUANTITY_COLUMNS,
            "region_code",
            "region_zh",
            "indicator_id",
            "indicator_zh",
            "indicator_en",
            "status",
            "role",
            "period",
            "scope",
        ),
        ("doc_id", "start"),
        "One row per quantity fact, classified into a codebook indicator.",
    ),
    "ingest_issues": Table(
        ("source_file", "doc_id", "severity", "problem"),
        (),
        "One row per raw file or manifest row that could not be ingested, or ingested with a "
        "warning; the write-up lists them.",
        nullable=("source_file", "doc_id"),
    ),
    "validation_issues": Table(
        ("table", "doc_id", "start", "check", "severity", "message"),
        (),
        "One row per problem a domain check found; nothing is dropped silently.",
        nullable=("doc_id", "start"),
    ),
    "region_indicators": Table(
        (
            "region_code",
            "region_zh",
            "region_en",
            "admin_level",
            "indicator_id",
            "indicator_zh",
            "indicator_en",
            "value",
            "value_max",
            "unit",
            "qualifier",
            "change_from",
            "display_value",
            "status",
            "period",
            "scope",
            "comparable",
            "flags",
            "doc_id",
            "start",
            "sentence",
        ),
        ("region_code", "indicator_id", "doc_id", "start"),
        "Region × indicator facts for comparison, with comparability flags.",
    ),
    "region_measures": Table(
        (
            "region_code",
            "region_zh",
            "region_en",
            "measure_id",
            "measure_zh",
            "measure_en",
            "framework_group",
            "tool_type",
            "n_mentions",
            "n_documents",
            "n_done",
        ),
        ("region_code", "measure_id"),
        "Region × measure presence: mention counts (0 where a region never mentions it); a "
        "measure with mentions but none done is only planned.",
    ),
    "region_terms": Table(
        ("region_code", "region_zh", "term", "count", "count_rest", "keyness", "rank"),
        ("region_code", "term"),
        "The most distinctive terms of each region against the rest of the corpus (G² > 0).",
    ),
    "document_similarity": Table(
        ("doc_id_a", "doc_id_b", "similarity"),
        ("doc_id_a", "doc_id_b"),
        "Cosine similarity of TF-IDF term vectors: each document's nearest neighbours (five), "
        "one row per unordered pair; every pair when the corpus has six documents or fewer.",
    ),
}


class ContractError(ValueError):
    """A table does not satisfy its declared schema."""


def is_nullable(table: str, name: str) -> bool:
    """Whether a column of a table may hold nulls."""
    return FIELDS[name].nullable or name in TABLES[table].nullable


def column_dtype(table: str, name: str) -> str:
    """The pandas dtype of a column in a table."""
    dtype = FIELDS[name].dtype
    if dtype == "list":
        return "object"
    # A nullable integer needs pandas' nullable Int64 (int64 cannot hold a missing value).
    return "Int64" if dtype == "int64" and is_nullable(table, name) else dtype


def _column(table: str, name: str) -> pa.Column:
    field = FIELDS[name]
    checks: list[pa.Check] = []
    if field.dtype == "list":
        checks.append(_codes_check(field.isin or ()))
    elif field.isin is not None:
        checks.append(pa.Check.isin(list(field.isin)))
    if field.pattern is not None:
        checks.append(pa.Check.str_matches(field.pattern))
    # Text columns are coerced so that object columns and pandas' own string dtype both pass;
    # numbers and booleans are not, because coercing would hide a wrong type.
    return pa.Column(
        column_dtype(table, name),
        checks=checks,
        nullable=is_nullable(table, name),
        coerce=field.dtype == "str",
        name=name,
    )


def _codes_check(allowed: tuple[str, ...]) -> pa.Check:
    """Each value is a list (or array) of codes from ``allowed``."""
    known = set(allowed)

    def is_code_list(value: object) -> bool:
        if isinstance(value, str) or not hasattr(value, "__iter__"):
            return False
        return all(isinstance(code, str) and code in known for code in value)

    return pa.Check(is_code_list, element_wise=True, error=f"a list of codes from {sorted(known)}")


def list_columns(table: str) -> list[str]:
    """The columns of a table that hold lists of codes."""
    return [name for name in TABLES[table].columns if FIELDS[name].dtype == "list"]


def pandera_schema(table: str) -> pa.DataFrameSchema:
    """Build the pandera schema of a contract table from the declarations above."""
    spec = TABLES[table]
    return pa.DataFrameSchema(
        {name: _column(table, name) for name in spec.columns},
        strict=True,
        ordered=True,
        unique=list(spec.key) or None,
        name=table,
    )


def empty_table(table: str) -> pd.DataFrame:
    """Return an empty frame with the table's columns and dtypes."""
    return pd.DataFrame(
        {name: pd.Series(dtype=column_dtype(table, name)) for name in TABLES[table].columns}
    )


def conform(table: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Put a frame's columns in contract order and give empty frames the declared dtypes.

    Float columns that hold only nulls arrive as ``object``; they are cast to float64 here
    (a non-numeric value still fails loudly). Columns that are not declared are dropped.

    Raises:
        ContractError: the frame lacks a declared column.
    """
    columns = list(TABLES[table].columns)
    if frame.empty:
        return empty_table(table)
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ContractError(f"table '{table}' lacks column(s) {', '.join(missing)}")
    frame = frame.loc[:, columns].reset_index(drop=True)
    for name in frame.columns:
        if frame[name].dtype != object:
            continue
        dtype = column_dtype(table, name)
        if dtype == "float64":
            frame[name] = frame[name].astype("float64")
        elif dtype == "Int64":
            frame[name] = frame[name].astype("Int64")
    return frame


def validate_table(table: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Check a frame against its contract and return it; raise ContractError naming the rows.

    Raises:
        ContractError: a column is missing, extra, of the wrong type, out of its vocabulary, or
            the key is not unique. The message lists up to ten failure cases.
    """
    try:
        return pandera_schema(table).validate(frame, lazy=True)
    except SchemaErrors as err:
        cases = err.failure_cases
        lines = [
            f"- column {row.column!r}, row {row.index}: {row.failure_case!r} fails "
            f"{str(row.check)[:60]}"
            for row in cases.head(10).itertuples()
        ]
        more = f"\n… and {len(cases) - 10} more" if len(cases) > 10 else ""
        raise ContractError(
            f"table '{table}' breaks its contract ({len(cases)} failure(s)):\n"
            + "\n".join(lines)
            + more
        ) from None
