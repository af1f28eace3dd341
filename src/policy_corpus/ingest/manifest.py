"""The manifest: one row of metadata per raw document, checked before anything is read.

A researcher edits ``data/raw/manifest.csv`` by hand (often in Excel), so every problem is
reported with the row and the file it concerns, and one bad row never stops the others.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from policy_corpus.contract.schema import ADMIN_LEVELS, DOC_TYPES

REQUIRED_COLUMNS = (
    "doc_id",
    "source_file",
    "region_zh",
    "region_en",
    "region_code",
    "admin_level",
    "doc_type",
    "published",
)
OPTIONAL_COLUMNS = ("issuer", "doc_number", "title")

_REGION_CODE = re.compile(r"^\d{6}$")
#: The first two digits of every GB/T 2260 code: the 34 provincial-level divisions (31
#: provinces, autonomous regions and municipalities; Taiwan 71, Hong Kong 81, Macao 82).
PROVINCE_PREFIXES = frozenset(
    str(n) for n in (*range(11, 16), 21, 22, 23, *range(31, 38), *range(41, 47), *range(50, 55))
) | frozenset(str(n) for n in (*range(61, 66), 71, 81, 82))
_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
# Files in the raw folder that are not documents.
_NOT_DOCUMENTS = {"manifest.csv", "readme.md", "readme.txt", ".gitkeep"}


class ManifestError(ValueError):
    """The manifest as a whole cannot be used (missing, unreadable, or missing columns)."""


@dataclass(frozen=True)
class RowProblem:
    """A manifest row or raw file that cannot be ingested as it is."""

    source_file: str | None
    doc_id: str | None
    severity: str
    problem: str


def is_partial_date(text: str) -> bool:
    """Whether ``text`` is a real date, full or partial: 2020, 2020-04 or 2020-04-29.

    >>> [is_partial_date(x) for x in ["2020", "2020-04", "2020-04-29", "2020-02-30", "20/4"]]
    [True, True, True, False, False]
    """
    match = _PARTIAL_DATE.match(text)
    if not match:
        return False
    year, month, day = (int(g) if g else 1 for g in match.groups())
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def region_code_problems(code: str) -> list[str]:
    """Check a region code against GB/T 2260 without a copy of the code list.

    A code is 6 digits, and its first two must name one of the 34 provincial-level divisions
    (:data:`PROVINCE_PREFIXES`). The rest is not looked up: the list is revised every year and
    a document may well use a code retired since, so the check catches typos and made-up codes
    (990101, 000000, 123456), not stale ones.

    >>> region_code_problems("420302"), region_code_problems("990101")
    ([], ["region_code '990101': 99 is not a GB/T 2260 province code (11-65, 71, 81, 82)"])
    """
    if not code:
        return []
    if not _REGION_CODE.match(code):
        return [f"region_code {code!r} is not a 6-digit GB/T 2260 code"]
    if code[:2] not in PROVINCE_PREFIXES:
        return [
            f"region_code {code!r}: {code[:2]} is not a GB/T 2260 province code (11-65, 71, 81, 82)"
        ]
    return []


def read_manifest(raw_dir: str | Path) -> pd.DataFrame:
    """Read ``manifest.csv`` from the raw folder as text (no type guessing, BOM tolerated).

    Raises:
        ManifestError: the file is missing, cannot be parsed, or lacks required columns.
    """
    path = Path(raw_dir) / "manifest.csv"
    if not path.is_file():
        raise ManifestError(f"{path}: no manifest; add one row per document (see README).")
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (UnicodeDecodeError, pd.errors.ParserError) as err:
        raise ManifestError(f"{path}: cannot be read as UTF-8 CSV: {err}") from None
    frame.columns = [c.strip() for c in frame.columns]
    missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    if missing:
        raise ManifestError(f"{path}: missing column(s) {', '.join(missing)}")
    for column in OPTIONAL_COLUMNS:
        if column not in frame.columns:
            frame[column] = ""
    return frame.map(str.strip)


def row_problems(row: pd.Series, raw_dir: Path) -> list[str]:
    """Return what is wrong with one manifest row (empty when the row is usable)."""
    problems = [f"empty {column}" for column in REQUIRED_COLUMNS if not row[column]]
    problems += region_code_problems(row["region_code"])
    if row["admin_level"] and row["admin_level"] not in ADMIN_LEVELS:
        problems.append(
            f"admin_level {row['admin_level']!r} is not one of {', '.join(ADMIN_LEVELS)}"
        )
    if row["published"] and not is_partial_date(row["published"]):
        problems.append(
            f"published {row['published']!r} is not a date like 2020, 2020-04, 2020-04-29"
        )
    if row["source_file"] and not (raw_dir / row["source_file"]).is_file():
        problems.append(f"file {row['source_file']!r} not found in {raw_dir}")
    return problems


def with_known_doc_types(manifest: pd.DataFrame) -> tuple[pd.DataFrame, list[RowProblem]]:
    """The manifest with a doc_type outside the vocabulary read as ``other``, and a warning each.

    A genre the vocabulary lacks (a statistical bulletin, a work report, a policy Q&A) is no
    reason to lose the document: ``other`` makes the status of its numbers come from their own
    words (达到…, 确保…) rather than from the genre.
    """
    unknown = (manifest["doc_type"] != "") & ~manifest["doc_type"].isin(DOC_TYPES)
    warnings = [
        RowProblem(
            row["source_file"] or None,
            row["doc_id"] or None,
            "warning",
            f"doc_type {row['doc_type']!r} is not one of {', '.join(DOC_TYPES)}; read as other",
        )
        for _, row in manifest.loc[unknown].iterrows()
    ]
    return manifest.assign(doc_type=manifest["doc_type"].mask(unknown, "other")), warnings


def check_manifest(
    manifest: pd.DataFrame, raw_dir: str | Path
) -> tuple[pd.DataFrame, list[RowProblem]]:
    """Split the manifest into usable rows and problems.

    Returns:
        The usable rows, and one problem per rejected row, per duplicate id, and per raw file
        that has no row (a warning: it is not ingested).
    """
    raw_dir = Path(raw_dir)
    problems: list[RowProblem] = []
    keep: list[int] = []
    seen_ids: set[str] = set()
    manifest, other_types = with_known_doc_types(manifest)
    problems += other_types
    for index, row in manifest.iterrows():
        found = row_problems(row, raw_dir)
        if row["doc_id"] in seen_ids:
            found.append(f"duplicate doc_id {row['doc_id']!r} (an earlier row has it)")
        seen_ids.add(row["doc_id"])
        if found:
            problems.append(
                RowProblem(
                    row["source_file"] or None, row["doc_id"] or None, "error", "; ".join(found)
                )
            )
        else:
            keep.append(int(str(index)))
    listed = set(manifest["source_file"])
    for path in sorted(raw_dir.iterdir()):
        unlisted = path.name not in listed and path.name.lower() not in _NOT_DOCUMENTS
        if path.is_file() and unlisted and not path.name.startswith("."):
            problems.append(
                RowProblem(path.name, None, "warning", "no manifest row; file not ingested")
            )
    return manifest.loc[keep].reset_index(drop=True), problems
