"""Reading and writing contract tables: validated first, written atomically.

A table is written to a temporary file beside its target and moved into place with
``os.replace``, so a run that fails half way leaves the previous good table untouched.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pandas as pd

from policy_corpus.paths import table_path
from policy_corpus.schema import conform, validate_table


class WriteError(OSError):
    """A table or report file could not be written; the previous one is left in place."""


def _write_error(target: Path, err: OSError) -> WriteError:
    reason = err.strerror or str(err)
    return WriteError(
        err.errno, f"{target}: cannot write ({reason}); the previous version is left in place"
    )


def _current_umask() -> int:
    # The only portable way to read the umask is to set it and set it back.
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _current_umask()


@contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """Yield a temporary path next to ``target``; move it onto ``target`` if the block succeeds.

    The temporary file is hidden (``.name.XXXX.tmp``), so a process killed before the move
    leaves no file that looks like a table; :func:`remove_stale_temporaries` clears it later.

    Raises:
        WriteError: the folder is not writable, the disk is full, or the move failed; the
            message names ``target`` (the block's own OSError is wrapped the same way).
    """
    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as err:
        raise _write_error(target, err) from err
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        # mkstemp makes the file private (0600); outputs are shared files (a web server, a
        # colleague), so they get the permissions any new file gets under the user's umask.
        os.chmod(tmp, 0o666 & ~_UMASK)
        os.replace(tmp, target)
    except WriteError:
        raise
    except OSError as err:
        raise _write_error(target, err) from err
    finally:
        tmp.unlink(missing_ok=True)


def remove_stale_temporaries(folder: str | Path) -> list[Path]:
    """Delete the temporary files that a killed run left in ``folder`` and its sub-folders."""
    stale = sorted(Path(folder).rglob(".*.tmp"))
    for path in stale:
        path.unlink(missing_ok=True)
    return stale


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
    """Validate and write several contract tables together; return their paths.

    Every table is validated, then written to its temporary file, before any is moved into
    place: a contract error or a write that fails (a full disk) leaves all of the previous
    tables in place, never a mix of old and new.
    """
    checked = {name: validate_table(name, conform(name, frame)) for name, frame in tables.items()}
    targets = [table_path(processed_dir, name) for name in checked]
    with ExitStack() as stack:
        for target, frame in zip(targets, checked.values(), strict=True):
            frame.to_parquet(stack.enter_context(atomic_path(target)), index=False)
    return targets
