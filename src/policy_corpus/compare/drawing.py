"""The comparison's figures drawn side by side, in worker processes, each shown where it belongs.

Drawing is most of the comparison notebook's time (about two thirds at 124 documents: the
31-panel distinctive-terms figure alone takes 5 s, the indicator charts 0.6 s each), and every
figure is independent of the others. matplotlib draws in one thread, so the figures are handed
to a process pool, as many at once as there are workers, while the notebook goes on to the
next cell. A figure to be shown gets a placeholder in its own cell (an IPython display with an
id); :meth:`FigureDrawer.finish` waits for every figure and replaces each placeholder with the
saved PNG, so the executed notebook, its HTML page and JupyterLab show each figure in the cell
that asked for it, as if it had been drawn there.

concurrent.futures gives the pool; what it does not give is a result shown in an earlier
cell, which is this module's own part.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from policy_corpus.compare import plots
from policy_corpus.run.engine import Engine, ignore_interrupts


def _start_worker() -> None:
    ignore_interrupts()
    # Forked workers inherit the notebook's style; any other start method begins with none.
    if multiprocessing.get_start_method() != "fork":
        plots.use_report_style()


def draw_and_save(
    plot: Callable[..., Any], args: tuple[Any, ...], figures_dir: Path, name: str, svg: bool
) -> list[Path]:
    """Draw ``plot(*args)`` and save it as ``figures_dir/name.png`` (and ``.svg``)."""
    return plots.save_figure(plot(*args), figures_dir, name, svg=svg)


class _Placeholder:
    """What a figure's cell shows until the figure is drawn (replaced then, in place)."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"[figure {self.name}: being drawn]"


@dataclass
class _Pending:
    name: str
    future: Future[list[Path]]
    display: Any | None  # the placeholder's IPython DisplayHandle; None if not shown


class FigureDrawer:
    """Draws figures in worker processes and shows each in the cell that asked for it.

    Args:
        figures_dir: Where the figures are saved (PNG, and SVG if ``svg``).
        svg: Also save every figure as SVG.
        n_jobs: Worker processes; 0 means one per available core, 1 draws each figure in this
            process when asked (nothing runs meanwhile).
    """

    def __init__(self, figures_dir: str | Path, svg: bool = False, n_jobs: int = 0) -> None:
        self.figures_dir = Path(figures_dir)
        self.svg = svg
        self.workers = Engine(n_jobs=n_jobs).workers
        self._pool: ProcessPoolExecutor | None = None
        self._pending: list[_Pending] = []
        self._written: list[Path] = []

    def draw(self, name: str, plot: Callable[..., Any], *args: Any) -> None:
        """Draw and save ``plot(*args)`` as ``name``, without showing it.

        ``plot`` is a module-level function (it is sent to a worker by name), returning a
        matplotlib figure.
        """
        self._submit(name, plot, args, shown=False)

    def show(self, name: str, plot: Callable[..., Any], *args: Any) -> None:
        """Draw and save ``plot(*args)`` as ``name``, and show it in the current cell."""
        self._submit(name, plot, args, shown=True)

    def finish(self) -> list[Path]:
        """Wait for every figure, show each where it was asked for; return the files written.

        Raises:
            Exception: the first figure that could not be drawn raises its error here, after
                the others have been waited for (those drawn are shown and kept).
        """
        first_error: BaseException | None = None
        try:
            for pending in self._pending:
                try:
                    paths = pending.future.result()
                except Exception as err:  # raised once the others are in
                    err.add_note(f"while drawing the figure {pending.name!r}")
                    first_error = first_error or err
                    continue
                self._written += paths
                if pending.display is not None:
                    pending.display.update(plots.shown(paths))
        finally:
            self._pending.clear()
            self._close()
        if first_error is not None:
            raise first_error
        return self._written

    def _submit(
        self, name: str, plot: Callable[..., Any], args: tuple[Any, ...], shown: bool
    ) -> None:
        if self.workers == 1:
            try:
                paths = draw_and_save(plot, args, self.figures_dir, name, self.svg)
            except Exception as err:
                err.add_note(f"while drawing the figure {name!r}")
                raise
            self._written += paths
            if shown:
                _display(plots.shown(paths))
            return
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=self.workers, initializer=_start_worker)
        future = self._pool.submit(draw_and_save, plot, args, self.figures_dir, name, self.svg)
        handle = _display(_Placeholder(name)) if shown else None
        self._pending.append(_Pending(name, future, handle))

    def _close(self) -> None:
        if self._pool is not None:
            # Interrupted (or failed) before every figure was drawn: drop those not started.
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def _display(shown: Any) -> Any | None:
    """Show ``shown`` in the current cell; its display handle, or None outside IPython."""
    from IPython.display import display

    return display(shown, display_id=True)  # type: ignore[no-untyped-call]
