"""Every location the project reads or writes, in one place.

The defaults point into the repository; every notebook takes its input and output folders as
parameters, so tests and batch runs can point the chain somewhere else.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parents[1]
#: The repository root when the package is installed in editable mode from a checkout.
PROJECT_DIR = PACKAGE_DIR.parents[1]

RAW_DIR = PROJECT_DIR / "data" / "raw"
PROCESSED_DIR = PROJECT_DIR / "data" / "processed"
REPORTS_DIR = PROJECT_DIR / "reports"
NOTEBOOKS_DIR = PROJECT_DIR / "notebooks"
CONFIG_FILE = PROJECT_DIR / "config" / "params.yaml"

CODEBOOK_DIR = PACKAGE_DIR / "codebook"
TEMPLATES_DIR = PACKAGE_DIR / "writeup" / "templates"

MANIFEST_NAME = "manifest.csv"


def table_path(processed_dir: str | Path, table: str) -> Path:
    """Return the parquet file of a contract table inside ``processed_dir``.

    >>> table_path("/tmp/p", "documents").name
    'documents.parquet'
    """
    return Path(processed_dir) / f"{table}.parquet"
