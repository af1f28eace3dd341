"""Figures drawn by worker processes, each shown in the cell that asked for it."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import pytest

from policy_corpus.compare import drawing, plots


def bars(values: list[int], title: str) -> plt.Figure:
    figure, axes = plt.subplots(figsize=(3, 2))
    axes.bar(range(len(values)), values)
    axes.set_title(title)
    return figure


def broken(title: str) -> plt.Figure:
    raise KeyError(f"no column {title!r}")


class FakeHandle:
    """What IPython's display(..., display_id=True) returns: updated in place later."""

    def __init__(self, shown: object) -> None:
        self.shown = [shown]

    def update(self, shown: object) -> None:
        self.shown.append(shown)


@pytest.fixture
def displays(monkeypatch) -> list[FakeHandle]:
    handles: list[FakeHandle] = []

    def display(shown: object) -> FakeHandle:
        handles.append(FakeHandle(shown))
        return handles[-1]

    monkeypatch.setattr(drawing, "_display", display)
    return handles


@pytest.fixture(autouse=True)
def style():
    plots.use_report_style()


def test_workers_draw_the_same_pixels_as_this_process(tmp_path, displays):
    serial = drawing.FigureDrawer(tmp_path / "serial", n_jobs=1)
    parallel = drawing.FigureDrawer(tmp_path / "parallel", n_jobs=2)
    for drawer in (serial, parallel):
        drawer.show("first", bars, [3, 1, 2], "三个县 three counties")
        drawer.draw("second", bars, [5, 8], "两个市")
    written = {drawer: drawer.finish() for drawer in (serial, parallel)}
    assert [p.name for p in written[parallel]] == ["first.png", "second.png"]
    for name in ("first.png", "second.png"):
        drawn_here, drawn_by_worker = (tmp_path / run / name for run in ("serial", "parallel"))
        assert drawn_here.read_bytes() == drawn_by_worker.read_bytes()


def test_a_shown_figure_replaces_its_placeholder_once_drawn(tmp_path, displays):
    drawer = drawing.FigureDrawer(tmp_path, n_jobs=2)
    drawer.show("shown", bars, [1, 2], "t")
    drawer.draw("saved only", bars, [1], "t")
    assert len(displays) == 1  # only the figure asked to be shown
    assert "being drawn" in repr(displays[0].shown[0])
    drawer.finish()
    _placeholder, figure = displays[0].shown
    assert isinstance(figure, plots.SavedFigure) and figure.png == tmp_path / "shown.png"
    png, size = figure._repr_png_()
    assert png.startswith(b"\x89PNG") and size["width"] > 0


def test_drawn_in_this_process_a_figure_is_shown_at_once(tmp_path, displays):
    drawer = drawing.FigureDrawer(tmp_path, n_jobs=1)
    drawer.show("now", bars, [1, 2], "t")
    assert isinstance(displays[0].shown[0], plots.SavedFigure)
    assert drawer.finish() == [tmp_path / "now.png"]


@pytest.mark.parametrize("n_jobs", [1, 2])
def test_a_figure_that_cannot_be_drawn_fails_and_the_others_are_kept(tmp_path, displays, n_jobs):
    drawer = drawing.FigureDrawer(tmp_path, n_jobs=n_jobs)
    drawer.show("good", bars, [1, 2], "t")
    with pytest.raises(KeyError, match="no column 'share'") as caught:
        drawer.show("bad", broken, "share")
        drawer.show("after", bars, [2], "t")
        drawer.finish()
    assert "while drawing the figure 'bad'" in caught.value.__notes__
    assert (tmp_path / "good.png").exists()
    assert not (tmp_path / "bad.png").exists()


def test_svg_too_when_asked(tmp_path: Path, displays):
    drawer = drawing.FigureDrawer(tmp_path, svg=True, n_jobs=2)
    drawer.draw("vector", bars, [1, 2], "t")
    assert sorted(p.name for p in drawer.finish()) == ["vector.png", "vector.svg"]
