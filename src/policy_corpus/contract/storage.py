"""Reading and writing contract tables: validated first, written atomically.

A table is written to a temporary file beside its target and moved into place with
``os.replace``, so a run that fails half way leaves the previous good table untouched.

The stages over documents (ingest, extract, clean) stream: :class:`TableWriter` validates and
appends a table chunk by chunk, and :func:`read_by_document` reads input tables chunk by chunk
of documents, so the main process never holds a whole table however large the corpus.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, ExitStack, contextmanager, suppress
from functools import partial
from pathlib import Path
from types import TracebackType

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from policy_corpus.contract.paths import table_path
from policy_corpus.contract.schema import (
    TABLES,
    ContractError,
    conform,
    empty_table,
    list_columns,
    validate_table,
)


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


def write_text_atomic(target: str | Path, text: str) -> Path:
    """Write ``text`` (UTF-8) to ``target`` atomically; return the path."""
    return write_atomic(target, partial(_write_text, text=text))


def _write_text(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def _to_parquet(table: str, frame: pd.DataFrame, path: Path) -> None:
    # pyarrow infers each column's type from its values; a list column of an empty table has
    # none, so tables with list columns are written with the declared schema.
    schema = _arrow_schema(table) if list_columns(table) else None
    frame.to_parquet(path, index=False, schema=schema)


def write_table(table: str, frame: pd.DataFrame, processed_dir: str | Path) -> Path:
    """Validate a contract table and write it atomically as parquet; return its path.

    Raises:
        ContractError: the frame does not satisfy the table's schema (nothing is written).
    """
    frame = validate_table(table, conform(table, frame))
    target = table_path(processed_dir, table)
    return write_atomic(target, lambda tmp: _to_parquet(table, frame, tmp))


#: Arrow's own setting for its allocator; when it is set, the user's choice is kept.
ARROW_POOL_ENV = "ARROW_DEFAULT_MEMORY_POOL"


def use_system_allocator() -> None:
    """Make Arrow allocate with the C library's malloc instead of its bundled mimalloc.

    mimalloc keeps the segments of freed buffers that are partly in use, and
    :func:`release_unused_memory` cannot return them: the write-up at 10,000 documents held
    about 120 MB more with it (peak 980 MB in one process, against 846 MB with malloc; its
    tables' memory is the same, 254 MB, either way). Called when the package is imported,
    unless ``ARROW_DEFAULT_MEMORY_POOL`` chooses an allocator.
    """
    if not os.environ.get(ARROW_POOL_ENV):
        pa.set_memory_pool(pa.system_memory_pool())


use_system_allocator()


def release_unused_memory() -> None:
    """Give the memory Arrow has freed back to the system.

    Arrow's allocator (mimalloc) keeps freed blocks for reuse: after building a table from
    one of 200,000 rows, a process kept 225 MB it no longer used, and its peak grew with the
    corpus. Called after the steps that read or build large tables.
    """
    pa.default_memory_pool().release_unused()


def read_table(
    table: str, processed_dir: str | Path, columns: Sequence[str] | None = None
) -> pd.DataFrame:
    """Read a contract table written by an earlier notebook (only ``columns``, if given).

    Raises:
        FileNotFoundError: the table is missing, with a hint about which notebook writes it.
    """
    path = _existing_table(table, processed_dir)
    return pd.read_parquet(path, columns=list(columns) if columns is not None else None)


def _existing_table(table: str, processed_dir: str | Path) -> Path:
    path = table_path(processed_dir, table)
    if not path.exists():
        raise FileNotFoundError(
            f"{path} does not exist: run the notebook that writes '{table}' first "
            "(or `make report` for the whole chain)."
        )
    return path


def write_csv_for_excel(frame: pd.DataFrame, target: str | Path) -> Path:
    """Write a CSV in UTF-8 with BOM, which Excel opens with Chinese intact."""
    return write_atomic(
        target,
        lambda tmp: frame.to_csv(tmp, index=False, encoding="utf-8-sig", lineterminator="\r\n"),
    )


def write_csv_in_parts(parts: Iterable[pd.DataFrame], target: str | Path) -> Path:
    """Write a CSV as :func:`write_csv_for_excel` does, from a table given a part at a time.

    The file is the same as the whole table's would be (one BOM, one header); only one part is
    held at a time.
    """

    def write(tmp: Path) -> None:
        with tmp.open("w", encoding="utf-8-sig", newline="") as handle:
            for i, part in enumerate(parts):
                part.to_csv(handle, index=False, header=i == 0, lineterminator="\r\n")

    return write_atomic(target, write)


def write_tables(
    processed_dir: str | Path,
    chunks: Iterable[Mapping[str, pd.DataFrame]] | None = None,
    /,
    **tables: pd.DataFrame,
) -> list[Path]:
    """Validate and write several contract tables together; return their paths.

    The tables are given whole, as keywords, or as a stream of ``chunks``: mappings of table
    name to that chunk's rows (see :func:`write_chunks`), which a stage over documents yields
    so that no table is ever held whole.

    Every table is validated, then written to its temporary file, before any is moved into
    place: a contract error or a write that fails (a full disk) leaves all of the previous
    tables in place, never a mix of old and new.
    """
    if chunks is not None:
        if tables:
            raise TypeError("write_tables takes whole tables or a stream of chunks, not both")
        return write_chunks(processed_dir, chunks)
    checked = {name: validate_table(name, conform(name, frame)) for name, frame in tables.items()}
    targets = [table_path(processed_dir, name) for name in checked]
    with ExitStack() as stack:
        for (name, frame), target in zip(checked.items(), targets, strict=True):
            _to_parquet(name, frame, stack.enter_context(atomic_path(target)))
    return targets


# --- streaming: tables written and read chunk by chunk -----------------------------------------

#: Rows per parquet row group. Row groups are cut by row count, not where the chunks of work
#: end, so a table's bytes do not depend on n_jobs or the engine (an incremental run compares
#: bytes). Documents carry their whole text, so fewer of them make a group.
ROW_GROUP_ROWS = 16_384
ROW_GROUP_ROWS_BY_TABLE = {"documents": 256}


def _arrow_schema(table: str) -> pa.Schema:
    # Built from the contract's empty table, so that every chunk (even one whose nullable text
    # column holds only nulls) is stored with the same types, and reads back as a whole
    # table written by pandas would.
    schema = pa.Schema.from_pandas(validate_table(table, empty_table(table)), preserve_index=False)
    # An empty object column says nothing of its type: lists of codes are declared as such.
    for name in list_columns(table):
        at = schema.get_field_index(name)
        schema = schema.set(at, pa.field(name, pa.list_(pa.string())))
    return schema


class TableWriter(AbstractContextManager["TableWriter"]):
    """Write one contract table chunk by chunk, atomically.

    Each chunk is validated against the contract (:func:`validate_table`) and appended to a
    hidden temporary parquet file; the file replaces the table only when the ``with`` block
    ends without an exception. An exception leaves the previous table and no temporary file.
    Use: ``with TableWriter("sentences", processed_dir) as writer:`` then ``writer.write(chunk)``
    for each chunk. To write several tables all or nothing, use :func:`write_chunks`.

    Raises:
        ContractError: a chunk breaks the contract, or repeats a key of an earlier chunk.
        WriteError: the file cannot be written or moved into place (names the table).
    """

    def __init__(self, table: str, processed_dir: str | Path, rows_per_group: int = 0) -> None:
        self.table = table
        self.target = table_path(processed_dir, table)
        self.rows = 0
        self._rows_per_group = rows_per_group or ROW_GROUP_ROWS_BY_TABLE.get(table, ROW_GROUP_ROWS)
        self._schema = _arrow_schema(table)
        self._key = list(TABLES[table].key)
        self._earlier_doc_ids: set[str] = set()
        self._earlier_keys: set[int] = set()
        self._pending: list[pa.Table] = []
        self._pending_rows = 0
        self._atomic: AbstractContextManager[Path] | None = None
        self._tmp = self.target
        self._open = False
        self._parquet: pq.ParquetWriter | None = None

    def __enter__(self) -> TableWriter:
        self._atomic = atomic_path(self.target)
        self._tmp = self._atomic.__enter__()
        self._open = True
        return self

    def write(self, frame: pd.DataFrame) -> None:
        """Validate one chunk and append it (in row groups of a fixed number of rows)."""
        if not self._open:
            raise RuntimeError("TableWriter.write outside its with block")
        frame = validate_table(self.table, conform(self.table, frame))
        self._check_keys_across_chunks(frame)
        if frame.empty:  # nothing to store, and its dtypes are the empty table's, not the data's
            return
        self._pending.append(pa.Table.from_pandas(frame, schema=self._schema, preserve_index=False))
        self._pending_rows += len(frame)
        self.rows += len(frame)
        if self._pending_rows >= self._rows_per_group:
            self._flush(whole_groups_only=True)

    def _check_keys_across_chunks(self, frame: pd.DataFrame) -> None:
        # validate_table checked the key within the chunk. The stages' chunks partition the
        # documents, so a key that contains doc_id is unique across chunks when no document
        # comes back in a later chunk: checking doc_ids is enough, and costs one small set.
        # Any other key is remembered by its hash (a hash collision can only refuse a table).
        if not self._key or frame.empty:
            return
        if "doc_id" in self._key:
            doc_ids = set(frame["doc_id"])
            again = sorted(doc_ids & self._earlier_doc_ids)
            self._earlier_doc_ids |= doc_ids
        else:
            hashes = pd.util.hash_pandas_object(frame[self._key], index=False)
            again = sorted(frame.loc[hashes.isin(self._earlier_keys).to_numpy(), self._key[0]])
            self._earlier_keys.update(hashes.tolist())
        if again:
            raise ContractError(
                f"table '{self.table}' breaks its contract: key {', '.join(self._key)} repeats "
                f"rows of an earlier chunk ({', '.join(map(str, again[:10]))})"
            )

    def _flush(self, whole_groups_only: bool) -> None:
        # One contiguous buffer: parquet pages would otherwise end where the chunks of work
        # ended, and the bytes would depend on n_jobs.
        pending = pa.concat_tables(self._pending).combine_chunks()
        rows = pending.num_rows
        if whole_groups_only:
            rows -= rows % self._rows_per_group
        try:
            if self._parquet is None:
                # The file keeps the pandas dtypes of the first rows (the empty table's if
                # none), as a whole frame written by pandas would: reading it back gives the
                # same frame. The footer holds no timestamp: the same rows, the same bytes.
                schema = self._schema.with_metadata(self._pending[0].schema.metadata)
                self._parquet = pq.ParquetWriter(self._tmp, schema)
            self._parquet.write_table(pending.slice(0, rows), row_group_size=self._rows_per_group)
        except OSError as err:
            raise _write_error(self.target, err) from err
        rest = pending.slice(rows)
        self._pending, self._pending_rows = [rest], rest.num_rows

    def finish(self) -> None:
        """Write the last rows and the file's footer; the table is moved on leaving the block."""
        if not self._open:
            return
        self._open = False
        if self._pending_rows or self._parquet is None:  # an empty table still has columns
            self._pending.append(self._schema.empty_table())
            self._flush(whole_groups_only=False)
        parquet, self._parquet = self._parquet, None
        assert parquet is not None
        try:
            parquet.close()
        except OSError as err:
            raise _write_error(self.target, err) from err

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> bool | None:
        assert self._atomic is not None
        if exc is None:
            try:
                self.finish()
            except BaseException as err:
                self._release()
                # atomic_path deletes the file and raises (a WriteError for an OSError).
                if not self._atomic.__exit__(type(err), err, err.__traceback__):
                    raise
                return None
        else:
            self._release()
        return self._atomic.__exit__(exc_type, exc, traceback)

    def _release(self) -> None:
        """Close the file after a failure; it is deleted, so a failing close does not matter."""
        self._open = False
        parquet, self._parquet = self._parquet, None
        if parquet is not None:
            with suppress(OSError):
                parquet.close()


def write_chunks(
    processed_dir: str | Path, chunks: Iterable[Mapping[str, pd.DataFrame]]
) -> list[Path]:
    """Write a stage's tables from a stream of chunks, all or nothing; return their paths.

    Each chunk maps table names to that chunk's rows; a table is opened the first time it
    appears (a stage declares its tables with a first chunk of empty frames). Every table's
    file is complete before any replaces its target, so a contract error, a failing write or
    an exception in the stream leaves all of the previous tables and no temporary file.
    """
    writers: dict[str, TableWriter] = {}
    with ExitStack() as stack:
        for chunk in chunks:
            for name, frame in chunk.items():
                if name not in writers:
                    writers[name] = stack.enter_context(TableWriter(name, processed_dir))
                writers[name].write(frame)
        for writer in writers.values():
            writer.finish()
    return [writer.target for writer in writers.values()]


def count_rows(table: str, processed_dir: str | Path) -> int:
    """The number of rows of a table, from its parquet footer (the rows are not read)."""
    return int(pq.ParquetFile(_existing_table(table, processed_dir)).metadata.num_rows)


def iter_table(
    table: str, processed_dir: str | Path, rows: int, columns: Sequence[str] | None = None
) -> Iterator[pd.DataFrame]:
    """A table's rows in order, ``rows`` at a time (the last part may be shorter).

    Only ``columns`` are read, if given.

    Raises:
        FileNotFoundError: the table is missing (see :func:`read_table`).
    """
    file = pq.ParquetFile(_existing_table(table, processed_dir))
    read = list(columns) if columns is not None else None
    schema = file.schema_arrow
    if read is not None:
        schema = pa.schema([schema.field(name) for name in read], metadata=schema.metadata)
    pending: list[pa.RecordBatch] = []
    n_pending = 0
    # Batches end where row groups end, so they are put together again into parts of `rows`.
    for batch in file.iter_batches(batch_size=rows, columns=read):
        pending.append(batch)
        n_pending += batch.num_rows
        while n_pending >= rows:
            buffered = pa.Table.from_batches(pending, schema=schema)
            yield buffered.slice(0, rows).to_pandas()
            rest = buffered.slice(rows)
            pending, n_pending = rest.to_batches(), rest.num_rows
    if n_pending:
        yield pa.Table.from_batches(pending, schema=schema).to_pandas()


def read_preview(table: str, processed_dir: str | Path, rows: int = 10) -> pd.DataFrame:
    """The first ``rows`` rows of a table, for a notebook to show (the rest is not read)."""
    first = next(iter_table(table, processed_dir, rows), None)
    return first if first is not None else read_table(table, processed_dir)


class _RowsOfDocuments:
    """The rows of a table keyed by doc_id, read in order and handed out chunk by chunk."""

    def __init__(self, table: str, processed_dir: str | Path, rows: int) -> None:
        self.table = table
        self._parts = iter_table(table, processed_dir, rows)
        self._head = empty_table(table)

    def take(self, doc_ids: set[str]) -> pd.DataFrame:
        """The rows of ``doc_ids``: the run of rows from here that belong to them."""
        taken: list[pd.DataFrame] = []
        while True:
            if self._head.empty:
                part = next(self._parts, None)
                if part is None:
                    break
                self._head = part
            outside = ~self._head["doc_id"].isin(doc_ids).to_numpy()
            # The table is in document order, so the chunk's rows end at the first other row.
            end = int(np.argmax(outside)) if outside.any() else len(self._head)
            taken.append(self._head.iloc[:end])
            self._head = self._head.iloc[end:]
            if not self._head.empty:
                break
        if not taken:
            return self._head.iloc[0:0]
        return (
            pd.concat(taken, ignore_index=True)
            if len(taken) > 1
            else taken[0].reset_index(drop=True)
        )

    def left_over(self) -> list[str]:
        """doc_ids of rows that no chunk took (the first few)."""
        rest = [self._head, *(part for part, _ in zip(self._parts, range(3), strict=False))]
        return list(dict.fromkeys(doc for part in rest for doc in part["doc_id"]))[:10]


def read_by_document(
    processed_dir: str | Path, size: int, *tables: str, rows: int = ROW_GROUP_ROWS
) -> Iterator[dict[str, pd.DataFrame]]:
    """Chunks of ``size`` documents from the documents table, each with its rows of ``tables``.

    The documents are read a chunk at a time and every other table (keyed by doc_id and, as
    the stages write them, in document order) is read alongside, ``rows`` rows at a time, so
    no table is loaded whole.

    Raises:
        FileNotFoundError: a table is missing.
        ValueError: a table has rows of documents that are not in documents, or not in their
            order (found when the documents are all read, before anything is written).
    """
    others = [_RowsOfDocuments(table, processed_dir, rows) for table in tables]
    for documents in iter_table("documents", processed_dir, size):
        doc_ids = set(documents["doc_id"])
        chunk = {"documents": documents}
        for other in others:
            chunk[other.table] = other.take(doc_ids)
        yield chunk
    for other in others:
        stray = other.left_over()
        if stray:
            raise ValueError(
                f"{other.table} has rows of documents that are not in documents, or not in "
                f"the documents' order: {stray}"
            )
