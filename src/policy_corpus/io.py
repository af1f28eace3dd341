"""Reading and writing contract tables: validated first, written atomically.

A table is written to a temporary file beside its target and moved into place with
``os.replace``, so a run that fails half way leaves the previous good table untouched.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from policy_corpus.paths import table_path
from policy_corpus.schema import conform, validate_table


@contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """Yield a temporary path next to ``target``; move it onto ``target`` if the block succeeds."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def write_atomic(target: str | Path, write: Callable[[Path], object]) -> Path:
    """Call ``write(tmp_path)`` and move the result onto ``target`` atomically."""
    with atomic_path(target) as tmp:
        write(tmp)
    return Path(target)


def write_table(table: str, frame: pd.DataFrame, processed_dir: str | Path) -> Path:
    """Validate a contract table and write it atomically as parquet; return its path.

    Raises:
        ContractError: the frame does not satisfy the table's schema (nothing is written).
    """
    frame = validate_table(table, conform(table, frame))
    target = table_path(processed_dir, table)
    return write_atomic(target, lambda tmp: frame.to_parquet(tmp, index=False))


def read_table(table: str, processed_dir: str | Path) -> pd.DataFrame:
    """Read a contract table written by an earlier notebook.

    Raises:
        FileNotFoundError: the table is missing, with a hint about which notebook writes it.
    """
    path = table_path(processed_dir, table)
    if not path.exists():
        raise FileNotFoundError(
            f"{path} does not exist: run the notebook that writes '{table}' first "
            "(or `make report` for the whole chain)."
        )
    return pd.read_parquet(path)


def write_csv_for_excel(frame: pd.DataFrame, target: str | Path) -> Path:
    """Write a CSV in UTF-8 with BOM, which Excel opens with Chinese intact."""
    return write_atomic(
        target,
        lambda tmp: frame.to_csv(tmp, index=False, encoding="utf-8-sig", lineterminator="\r\n"),
    )


def write_tables(processed_dir: str | Path, **tables: pd.DataFrame) -> list[Path]:
    """Validate and write several contract tables; return their paths.

    Every table is validated before any is written, so a contract error leaves all of the
    previous tables in place.
    """
    checked = {name: validate_table(name, conform(name, frame)) for name, frame in tables.items()}
    return [write_table(name, frame, processed_dir) for name, frame in checked.items()]
