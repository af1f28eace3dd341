"""Where the work over documents runs: in this process, on the local cores, or on Dask.

Every stage that works document by document (ingest, extract, clean) hands chunks of documents
to :meth:`Engine.map`, which yields the results in document order whatever ran them, so the
tables are the same, row for row, as a serial run's. ``local`` uses a process pool on this
machine's cores; ``dask`` sends the same chunks to a ``dask.distributed`` cluster, for corpora
beyond one machine. At most a few chunks per worker are in flight, and
:func:`run_by_document_from` reads the chunks from the tables' files as they are needed, so a
large corpus streams through without any table being held whole.
"""

from __future__ import annotations

import math
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Protocol, TypeVar

import pandas as pd
from tqdm.std import tqdm

from policy_corpus.contract import storage

T = TypeVar("T")
R = TypeVar("R")
R_co = TypeVar("R_co", covariant=True)


class _Pending(Protocol[R_co]):
    """A result to come: a concurrent.futures or a dask.distributed future."""

    def result(self) -> R_co: ...


ENGINES = ("local", "dask")
#: Chunks in flight per worker: enough to keep every worker busy, few enough to stream.
IN_FLIGHT_PER_WORKER = 2
MAX_CHUNK = 64


class EngineError(ValueError):
    """An engine parameter is wrong, or the chosen engine cannot be used here."""


def available_cores() -> int:
    """The cores this process may run on (fewer than the machine's under a CPU limit)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@dataclass(frozen=True)
class Engine:
    """How to run work over chunks of documents.

    Attributes:
        n_jobs: Worker processes; 0 means all available cores, 1 runs in this process.
        kind: ``local`` (a process pool here) or ``dask`` (a ``dask.distributed`` cluster).
        scheduler: The Dask scheduler's address; empty starts a LocalCluster for the run.
        chunk_size: Documents per chunk; 0 chooses about four chunks per worker, at most 64.
    """

    n_jobs: int = 1
    kind: str = "local"
    scheduler: str = ""
    chunk_size: int = 0

    def __post_init__(self) -> None:
        if self.kind not in ENGINES:
            raise EngineError(f"engine must be one of {', '.join(ENGINES)}, got {self.kind!r}")
        if self.n_jobs < 0:
            raise EngineError(f"n_jobs must be 0 (all cores) or more, got {self.n_jobs}")
        if self.chunk_size < 0:
            raise EngineError(f"chunk_size must be 0 (automatic) or more, got {self.chunk_size}")

    @property
    def workers(self) -> int:
        """The number of workers the local engine starts."""
        return self.n_jobs or available_cores()

    def chunk_length(self, n_items: int) -> int:
        """Items per chunk for ``n_items`` items."""
        if self.chunk_size:
            return self.chunk_size
        return max(1, min(MAX_CHUNK, math.ceil(n_items / (self.workers * 4))))

    def map(
        self, func: Callable[[T], R], chunks: Iterable[T], total: int = 0, label: str = ""
    ) -> Iterator[R]:
        """Apply ``func`` to every chunk; yield the results in the order of the chunks.

        ``func`` must be a module-level function (or a ``functools.partial`` of one) so that it
        can be sent to another process. With ``total`` (the number of chunks), progress is
        shown as the results come back (see :func:`progress`).
        """
        if self.kind == "dask":
            results = _map_dask(func, chunks, self.scheduler, self.workers)
        elif self.workers == 1:
            results = map(func, chunks)
        else:
            results = _map_local(func, chunks, self.workers)
        yield from progress(results, total, label) if total else results


SERIAL = Engine(n_jobs=1)

#: Where progress goes: ``bar`` (a live tqdm bar), ``lines`` (a line every
#: :data:`LINE_SECONDS`, for logs and the runner) or ``off``. Unset: a bar on a terminal or in
#: Jupyter, lines otherwise. ``policy-corpus run`` sets ``lines`` for its kernels.
PROGRESS_ENV = "POLICY_CORPUS_PROGRESS"
#: Progress lines start with this, so that the runner can pass them on and nothing else.
PROGRESS_PREFIX = "progress: "
LINE_SECONDS = 5.0
#: A progress line: chunks done of the total, elapsed and time left, rate.
LINE_FORMAT = "{n_fmt}/{total_fmt} chunks ({percentage:.0f} %) [{elapsed}<{remaining}, {rate_fmt}]"


def progress_mode(stream: IO[str]) -> str:
    """How progress is shown on ``stream``: ``bar``, ``lines`` or ``off`` (see PROGRESS_ENV)."""
    chosen = os.environ.get(PROGRESS_ENV, "")
    if chosen in ("bar", "lines", "off"):
        return chosen
    in_jupyter = "ipykernel" in sys.modules
    return "bar" if in_jupyter or stream.isatty() else "lines"


def progress(
    results: Iterable[R], total: int, label: str, stream: IO[str] | None = None
) -> Iterator[R]:
    """Yield ``results``, showing chunks done of ``total``, the rate and the time left.

    On a terminal or in JupyterLab a tqdm bar updates in place; elsewhere (a log file, the
    runner's output) a line is written every :data:`LINE_SECONDS` and at the end, so a long
    run can be followed without filling the log.
    """
    stream = stream or sys.stderr
    mode = progress_mode(stream)
    if mode == "bar":
        yield from tqdm(results, total=total, desc=label, unit="chunk", file=stream)
        return
    started = last = time.monotonic()
    for done, result in enumerate(results, start=1):
        yield result
        now = time.monotonic()
        if mode == "lines" and (now - last >= LINE_SECONDS or done == total):
            last = now
            meter = tqdm.format_meter(
                done, total, now - started, unit="chunk", bar_format=LINE_FORMAT
            )
            stream.write(f"{PROGRESS_PREFIX}{label} {meter}\n")
            stream.flush()


def _in_order(submit: Callable[[T], _Pending[R]], chunks: Iterable[T], window: int) -> Iterator[R]:
    """Submit chunks keeping at most ``window`` in flight; yield results in submission order."""
    pending: deque[_Pending[R]] = deque()
    for chunk in chunks:
        pending.append(submit(chunk))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def _map_local(func: Callable[[T], R], chunks: Iterable[T], workers: int) -> Iterator[R]:
    iterator = iter(chunks)
    first = next(iterator, None)
    second = next(iterator, None)
    if first is None:
        return
    if second is None:  # one chunk: starting processes would only cost time
        yield func(first)
        return
    with ProcessPoolExecutor(max_workers=workers, initializer=ignore_interrupts) as pool:
        everything = _prepend([first, second], iterator)
        yield from _in_order(
            lambda chunk: pool.submit(func, chunk), everything, workers * IN_FLIGHT_PER_WORKER
        )


def ignore_interrupts() -> None:
    """Make a worker process ignore Ctrl-C: its parent handles it and stops the pool."""
    # Workers forked from a Jupyter kernel inherit its SIGINT handler; when the kernel is
    # interrupted or shut down, the signal goes to the whole process group. The main process
    # handles the interrupt (and shuts the pool down); the workers must not react themselves.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _prepend(first: Sequence[T], rest: Iterator[T]) -> Iterator[T]:
    yield from first
    yield from rest


#: Seconds to wait for a Dask scheduler to answer, and for it to have a worker.
CONNECT_SECONDS = 10


def connect(scheduler: str, timeout: float = CONNECT_SECONDS) -> Any:
    """A ``dask.distributed`` client of the scheduler at ``scheduler``, with a worker ready.

    Raises:
        EngineError: the scheduler cannot be reached, or has no worker, within ``timeout``
            seconds (without a worker, the work would wait forever).
    """
    from dask.distributed import Client

    try:
        client = Client(scheduler, timeout=timeout)
    except (OSError, TimeoutError) as err:
        raise EngineError(
            f"cannot reach the Dask scheduler at {scheduler!r} within {timeout:g} s ({err}). "
            f"Start one with `dask scheduler` and workers with `dask worker {scheduler}`, or "
            "leave scheduler empty to start a local cluster."
        ) from None
    try:
        client.wait_for_workers(1, timeout=timeout)
    except (OSError, TimeoutError):
        client.close()
        raise EngineError(
            f"the Dask scheduler at {scheduler!r} has no worker after {timeout:g} s: "
            f"start one with `dask worker {scheduler}`."
        ) from None
    return client


def _map_dask(
    func: Callable[[T], R], chunks: Iterable[T], scheduler: str, workers: int
) -> Iterator[R]:
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as err:
        raise EngineError(
            "engine 'dask' needs dask.distributed: pip install 'dask[distributed]'"
        ) from err
    if scheduler:
        client = connect(scheduler)
        cluster = None
    else:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, dashboard_address=None)
        client = Client(cluster)
    try:
        n_workers = max(1, len(client.scheduler_info().get("workers", {})))
        # pure=False: every chunk is its own task, even if two chunks happen to be equal.
        yield from _in_order(
            lambda chunk: client.submit(func, chunk, pure=False),
            chunks,
            n_workers * IN_FLIGHT_PER_WORKER,
        )
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


# --- chunks of documents -----------------------------------------------------------------------


def chunks_of(items: Sequence[T], size: int) -> Iterator[list[T]]:
    """Consecutive slices of ``size`` items.

    >>> list(chunks_of([1, 2, 3, 4, 5], 2))
    [[1, 2], [3, 4], [5]]
    """
    for start in range(0, len(items), size):
        yield list(items[start : start + size])


def concat_tables(frames: Iterable[pd.DataFrame], empty: pd.DataFrame) -> pd.DataFrame:
    """Concatenate per-chunk tables with a fresh index (``empty`` if there are none)."""
    frames = [frame for frame in frames if not frame.empty]
    if not frames:
        return empty
    return pd.concat(frames, ignore_index=True)


def run_by_document_from(
    func: Callable[[dict[str, pd.DataFrame]], Any],
    processed_dir: str | Path,
    engine: Engine | None = None,
    *tables: str,
    label: str = "",
) -> Iterator[Any]:
    """Run ``func`` on chunks of documents, each with its rows of ``tables``; results in order.

    The chunks are read from the tables' files as they go: only the chunks in flight are in
    memory, never a whole table (see
    :func:`policy_corpus.contract.storage.read_by_document`). Progress is shown under
    ``label`` (chunks done of the total, rate, time left: :func:`progress`).
    """
    engine = engine or SERIAL
    n_documents = storage.count_rows("documents", processed_dir)
    size = engine.chunk_length(n_documents)
    chunks = storage.read_by_document(processed_dir, size, *tables)
    label = f"{label or 'documents'} ({n_documents:,} documents)"
    return engine.map(func, chunks, total=math.ceil(n_documents / size), label=label)
