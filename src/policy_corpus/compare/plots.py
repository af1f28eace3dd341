"""Figures for the comparison and the report: one style, one colour per region, Chinese labels.

Every figure is saved as PNG (for the notebook pages) in ``reports/figures/``, and as SVG too
(for print and reuse) when asked.
"""

from __future__ import annotations

import colorsys
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import PIL.Image
import seaborn as sns
from matplotlib.artist import Artist
from matplotlib.axis import Tick
from matplotlib.backend_bases import FigureCanvasBase
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.text import Text
from matplotlib.ticker import PercentFormatter
from matplotlib.transforms import Bbox

from policy_corpus.compare import ROLE_FLAGS
from policy_corpus.contract import vocabulary
from policy_corpus.contract.storage import write_atomic
from policy_corpus.contract.vocabulary import DOC_TYPE_ZH, STATUS_ZH, UNIT_ZH
from policy_corpus.fonts import configure_matplotlib
from policy_corpus.ingest.manifest import PROVINCE_PREFIXES

#: region_code → RGB colour, from :func:`region_palette`.
Palette = dict[str, tuple[float, float, float]]

#: Policy-tool types in the order of the stacked bars, with their labels.
TOOL_TYPE_LABELS = {
    code: f"{zh} {vocabulary.labels('tool_type', 'en')[code]}"
    for code, zh in vocabulary.labels("tool_type", "zh").items()
}

#: Label of a fact without a stated period.
NA = "时期不详"

#: The figures' cost must grow with what a reader can take in, not with the corpus.
#: A documents × documents heatmap beyond this many documents is unreadable: regions instead.
MAX_HEATMAP_DOCUMENTS = 15
#: Cells of a heatmap are annotated with their value up to this many rows or columns.
MAX_ANNOTATED = 15
#: Bars (or arrows) in one chart; beyond it, one per region and status (the latest).
MAX_BARS = 40
#: Shared indicators that get a chart of their own, the most widely reported first.
MAX_INDICATOR_FIGURES = 8


def use_report_style() -> None:
    """Apply the seaborn theme, then the CJK font (in that order: set_theme resets fonts)."""
    sns.set_theme(style="whitegrid", context="notebook")
    configure_matplotlib()


#: Hue step between provinces, in turns: the golden angle spreads any few provinces far apart.
GOLDEN_TURN = 0.381966
#: Lightness of a prefecture or county by its prefecture digits (province level: 0.45).
SUB_LIGHTNESS = (0.3, 0.58, 0.38, 0.66)


def region_colour(region_code: str) -> tuple[float, float, float]:
    """The colour of one region, computed from its code alone (GB/T 2260, 6 digits).

    The province (first two digits) gives the hue, so a city is drawn in its province's hue; a
    prefecture or county is lighter or darker by its prefecture digits, its hue nudged by its
    county digits. Nothing depends on the other regions of a run: adding one never changes
    another's colour.

    >>> region_colour("650000") == region_colour("650000") != region_colour("210000")
    True
    """
    prefixes = sorted(PROVINCE_PREFIXES)
    province = prefixes.index(region_code[:2]) if region_code[:2] in prefixes else 0
    hue = province * GOLDEN_TURN
    if region_code[2:] == "0000" or not region_code[2:].isdigit():
        return colorsys.hls_to_rgb(hue % 1, 0.45, 0.7)
    lightness = SUB_LIGHTNESS[int(region_code[2:4]) % len(SUB_LIGHTNESS)]
    county = int(region_code[4:6])
    if county:  # a prefecture (xxxx00) keeps its province's hue exactly
        hue += (county % 5 - 2) * 0.025
    return colorsys.hls_to_rgb(hue % 1, lightness, 0.75)


def region_palette(region_codes: Iterable[str]) -> Palette:
    """Give each region its colour (:func:`region_colour`): the same in every figure and run.

    >>> sorted(region_palette(["650000", "210000"]))
    ['210000', '650000']
    """
    return {code: region_colour(code) for code in sorted(set(region_codes))}


def clear_figures(figures_dir: str | Path) -> None:
    """Remove the figures of an earlier run, so that a report never shows a stale one."""
    for path in Path(figures_dir).glob("*"):
        if path.suffix in (".png", ".svg"):
            path.unlink()


#: Resolution of the PNG files (the HTML and PDF show them).
DPI = 150
#: zlib's fastest level: measured on the 124-document figures, level 6 (Pillow's default) took
#: 1.7 times as long to write them for 5 % fewer bytes; most of a PNG's time is the filtering.
PNG_OPTIONS = {"compress_level": 1}


def save_figure(fig: Figure, figures_dir: str | Path, name: str, svg: bool = False) -> list[Path]:
    """Save a figure as PNG, and as SVG if ``svg`` (atomically), and close it; return the paths.

    Most of a large figure's cost is its text, measured each time the figure is laid out; see
    :func:`_save_png` for why the PNG is one draw. An SVG is one more.
    """
    folder = Path(figures_dir)
    paths = [write_atomic(folder / f"{name}.png", partial(_save_png, fig))]
    if svg:
        paths.append(write_atomic(folder / f"{name}.svg", partial(_save_svg, fig)))
    _release_renderer(fig)  # a notebook's variable keeps the figure, not its pixels
    plt.close(fig)
    return paths


def _release_renderer(fig: Figure) -> None:
    """Let go of the pixel buffer a figure's Agg canvas keeps for its next draw.

    At the figure's full size (the 31-region terms figure: 1,900 × 8,500 pixels, 62 MB) a
    notebook variable holding the figure would keep it after it is saved. The next draw makes
    a new one, so nothing drawn changes.
    """
    canvas = fig.canvas
    if isinstance(canvas, FigureCanvasAgg) and "renderer" in vars(canvas):
        del canvas.renderer
        canvas._lastKey = None
    # Every text keeps the renderer of its last draw; None is its state before any draw.
    for text in fig.findobj(Text):
        text._renderer = None  # type: ignore[attr-defined]


def _save_png(fig: Figure, path: Path) -> None:
    """Draw the figure once at :data:`DPI` and write its pixels as PNG.

    ``savefig`` would lay the figure out in a pass of its own, with a renderer of its own,
    then draw it with another: the text measured twice, and most of a large figure's cost is
    its text. Drawn on its canvas, layout and pixels share one renderer and its cache of text
    extents. Constrained layout keeps axes, tick labels, legends and colour bars inside the
    figure but not the width of titles and axis labels (:func:`_wrapped` fits them); a figure
    with text outside its edges all the same is drawn again by ``savefig`` at the larger box,
    so that nothing is cut off.
    """
    canvas = fig.canvas
    if type(canvas) is FigureCanvasBase:  # a closed figure: draw it as pyplot's Agg did
        canvas = FigureCanvasAgg(fig)
    if not isinstance(canvas, FigureCanvasAgg):  # an interactive backend draws its own way
        fig.savefig(path, format="png", dpi=DPI, bbox_inches="tight")
        return
    fig.set_dpi(DPI)
    canvas.draw()  # type: ignore[no-untyped-call]
    box = _text_box(fig, canvas.get_renderer())  # type: ignore[no-untyped-call]
    if box is not None:
        fig.set_layout_engine("none")  # laid out already: savefig draws without a layout pass
        fig.savefig(path, format="png", dpi=DPI, bbox_inches=box, pil_kwargs=PNG_OPTIONS)
        return
    # The figures are opaque: RGB, without the alpha channel, is the same image with a quarter
    # fewer bytes to filter and compress (matplotlib's imsave always writes RGBA).
    pixels = np.asarray(canvas.buffer_rgba())[..., :3]  # type: ignore[no-untyped-call]
    PIL.Image.fromarray(pixels).save(path, format="png", dpi=(DPI, DPI), **PNG_OPTIONS)


def _text_box(fig: Figure, renderer: Any) -> Bbox | None:
    """The box in inches holding the figure and all its text, if some text sticks out; else None.

    Reads the extents the draw just measured (cached by its renderer). Tick labels are left
    out: the layout places the drawn ones, and those of ticks beyond the axis are not drawn.
    """
    texts = [t for t in _texts(fig) if t.get_visible() and t.get_text()]
    extents = [fig.bbox, *(text.get_window_extent(renderer) for text in texts)]
    union = Bbox.union(extents)
    if union.x0 >= 0 and union.y0 >= 0 and union.x1 <= fig.bbox.x1 and union.y1 <= fig.bbox.y1:
        return None
    inches = union.transformed(fig.dpi_scale_trans.inverted())
    return inches.padded(float(plt.rcParams["savefig.pad_inches"]))


def _texts(artist: Artist) -> Iterator[Text]:
    """The texts drawn with ``artist`` (itself included), except tick labels."""
    if isinstance(artist, Text):
        yield artist
    for child in artist.get_children():
        if not isinstance(child, Tick):
            yield from _texts(child)


#: The part of a figure's width a title over its axes may take: the rest is the tick labels'.
TITLE_WIDTH = 0.55
#: Width of a character other than a Chinese one, in ems (an estimate for wrapping).
NARROW_EM = 0.55


def _wrapped(text: str, inches: float, points: float) -> str:
    """``text`` broken at its spaces into lines of at most about ``inches`` at ``points`` size.

    The width is estimated from the characters (a Chinese character one em, others about
    half an em): layout makes room for a title's height but not for its width, so a long
    title is broken before it is drawn. A word longer than a line keeps a line of its own.

    >>> _wrapped("重特大疾病医疗救助比例 Payment ratio of medical assistance", 3.0, 12).splitlines()
    ['重特大疾病医疗救助比例 Payment', 'ratio of medical assistance']
    """
    em = points / 72
    lines: list[str] = []
    for word in text.split(" "):
        line = f"{lines[-1]} {word}" if lines else word
        if lines and _ems(line) * em <= inches:
            lines[-1] = line
        else:
            lines.append(word)
    return "\n".join(lines)


def _ems(text: str) -> float:
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else NARROW_EM for c in text)


def _title_points() -> float:
    """The style's title font size in points."""
    return float(FontProperties(size=plt.rcParams["axes.titlesize"]).get_size_in_points())


def _save_svg(fig: Figure, path: Path) -> None:
    # No creation date in the file, so that two runs on the same inputs give the same figures.
    fig.savefig(path, format="svg", dpi=DPI, metadata={"Date": None})


def _subplots(*args: Any, **kwargs: Any) -> tuple[Figure, Any]:
    """``plt.subplots`` laid out as drawn: titles, labels, legends and colour bars inside.

    Constrained layout places them when the figure is drawn, with that draw's renderer. The
    alternatives each measure the text again: ``tight_layout()`` when called, and
    ``bbox_inches="tight"`` in a pass of its own before every file.
    """
    return plt.subplots(*args, layout="constrained", **kwargs)


class SavedFigure:
    """A saved PNG that a notebook shows as it shows a figure, without drawing it again.

    Shown at half its pixel size, as large as the inline backend would draw the figure.
    """

    def __init__(self, png: Path) -> None:
        self.png = png

    def _repr_png_(self) -> tuple[bytes, dict[str, int]]:
        data = self.png.read_bytes()
        # The PNG header's IHDR chunk holds the width and height (big-endian, bytes 16-24).
        width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
        return data, {"width": width // 2, "height": height // 2}


def shown(paths: Sequence[Path]) -> SavedFigure:
    """The PNG of :func:`save_figure`'s ``paths``, for a notebook cell to show."""
    return SavedFigure(paths[0])


def plot_measure_heatmap(
    region_measures: pd.DataFrame,
    palette: Palette | None = None,
    groups: Sequence[str] = (),
) -> Figure:
    """Heatmap of measure mentions: measures grouped by framework group × regions.

    Up to :data:`MAX_ANNOTATED` regions each cell shows its count; beyond, a colour bar reads
    the counts and the columns narrow.

    Measures no region mentions are left out. Groups follow ``groups`` (the codebook's order,
    e.g. ``codebook.groups``; groups not listed come after them), separated by white lines;
    regions follow their codes, and their names take their colour from ``palette``.

    Args:
        region_measures: the region_measures table.
        palette: region_code → colour (:func:`region_palette`); None leaves the names black.
        groups: framework groups in the order to show them.
    """
    rank = {group: i for i, group in enumerate(groups)}
    frame = region_measures.assign(
        row=region_measures["framework_group"] + " · " + region_measures["measure_zh"],
        group_rank=region_measures["framework_group"].map(lambda g: rank.get(g, len(rank))),
    )
    table = frame.pivot_table(
        index=["group_rank", "framework_group", "row"],
        columns="region_code",
        values="n_mentions",
        aggfunc="sum",
        fill_value=0,
    )
    table = table.loc[table.sum(axis=1) > 0].sort_index()
    names = _region_names(region_measures)
    height = max(3.0, 0.32 * len(table) + 1.8)
    # Counts are written in the cells while a reader can take them in; beyond, the colour says
    # it and the cells narrow (31 regions of written counts made a figure 44 inches wide).
    annotate = table.shape[1] <= MAX_ANNOTATED
    column = 1.3 if annotate else 0.45
    fig, ax = _subplots(figsize=(column * max(3, table.shape[1]) + 4.0, height))
    sns.heatmap(
        table.droplevel([0, 1]),
        annot=annotate,
        fmt="d",
        cmap="Blues",
        cbar=not annotate,
        cbar_kws={"label": "提及次数 Mentions", "shrink": 0.5},
        linewidths=0.5,
        ax=ax,
    )
    group_of_row = table.index.get_level_values("framework_group").tolist()
    for y in range(1, len(group_of_row)):
        if group_of_row[y] != group_of_row[y - 1]:
            ax.axhline(y, color="0.25", linewidth=1.5)
    ax.set_xticklabels([names[code] for code in table.columns])
    _colour_region_labels(ax.get_xticklabels(), list(table.columns), palette)
    ax.set_xlabel("地区 Region")
    ax.set_ylabel("框架分组 · 措施 Framework group · measure")
    ax.set_title("各地区健康扶贫措施提及次数 Mentions of measures by region")
    ax.tick_params(axis="x", rotation=30 if annotate else 60)
    plt.setp(ax.get_xticklabels(), ha="right", rotation_mode="anchor")
    return fig


def plot_tool_type_shares(shares: pd.DataFrame, palette: Palette) -> Figure:
    """Stacked horizontal bars: the share of supply, demand and environment tools per region.

    Args:
        shares: from :func:`policy_corpus.compare.tool_type_shares` (one row per region).
        palette: region_code → colour; it marks the region names, while the three tool types
            get colours of their own so that they are not mistaken for regions.
    """
    rows = shares.sort_values("region_code").reset_index(drop=True)
    colours = sns.color_palette("crest", len(TOOL_TYPE_LABELS))
    fig, ax = _subplots(figsize=(9, 0.6 * len(rows) + 2.0))
    left = np.zeros(len(rows))
    positions = np.arange(len(rows))
    for (tool, label), colour in zip(TOOL_TYPE_LABELS.items(), colours, strict=True):
        values = rows[tool].to_numpy(dtype="float64")
        ax.barh(positions, values, left=left, color=colour, label=label, edgecolor="white")
        for y, (start, width) in enumerate(zip(left, values, strict=True)):
            if width >= 0.06:
                ax.text(
                    start + width / 2,
                    y,
                    f"{width:.0%}",
                    ha="center",
                    va="center",
                    color="white",
                    fontsize=9,
                )
        left = left + values
    labels = [
        f"{name}（{n} 项 measures）"
        for name, n in zip(rows["region_zh"], rows["n_measures"], strict=True)
    ]
    ax.set_yticks(list(positions), labels)
    _colour_region_labels(ax.get_yticklabels(), rows["region_code"].tolist(), palette)
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_xlabel("所提及措施中的占比 Share of the measures mentioned")
    ax.set_ylabel("地区 Region")
    ax.set_title("政策工具类型构成 Policy-tool types by region")
    ax.legend(
        title="工具类型 Tool type",
        loc="upper center",
        bbox_to_anchor=(0.5, -0.14 - 0.02 * max(0, 6 - len(rows))),
        ncol=len(TOOL_TYPE_LABELS),
        frameon=False,
    )
    ax.grid(axis="y", visible=False)
    return fig


def plot_changes_over_time(changes: pd.DataFrame, palette: Palette) -> Figure:
    """Arrows from the earlier to the later value of every change a document states.

    One panel per indicator and unit (a disease count and a ratio share no axis); one arrow
    per fact, in its region's colour, labelled with the region, status and period. Axes start
    at 0, so the length of an arrow is the size of the change relative to the level.

    Args:
        changes: from :func:`policy_corpus.compare.changes_over_time`.
        palette: region_code → colour.
    """
    if changes.empty:
        return _message_figure(
            "政策随时间的变化 Changes over time",
            "没有文件给出“从A提高到B”式的变化 No document states a change",
        )
    panels = [
        (key, latest_per_region(rows))
        for key, rows in changes.groupby(["indicator_id", "unit"], sort=True)
    ]
    heights = [len(rows) + 1.2 for _, rows in panels]
    fig, axes = _subplots(
        len(panels),
        1,
        figsize=(9, 0.55 * sum(heights) + 1.0),
        gridspec_kw={"height_ratios": heights},
        squeeze=False,
    )
    for ax, ((_, unit), rows) in zip(axes[:, 0], panels, strict=True):
        rows = rows.reset_index(drop=True)
        top = float(max(rows["value"].max(), rows["change_from"].max()))
        for y, row in rows.iterrows():
            colour = palette[str(row["region_code"])]
            ax.annotate(
                "",
                xy=(row["value"], y),
                xytext=(row["change_from"], y),
                arrowprops={"arrowstyle": "-|>", "color": colour, "lw": 2.2, "mutation_scale": 16},
            )
            ax.plot([row["change_from"]], [y], "o", mfc="white", mec=colour, mew=2, ms=7)
            ax.text(row["value"], y, f"  {row['display_value']}", va="center", fontsize=9)
        ax.set_yticks(list(rows.index), [_fact_label(row) for _, row in rows.iterrows()])
        _colour_region_labels(ax.get_yticklabels(), rows["region_code"].tolist(), palette)
        ax.set_ylim(len(rows) - 0.4, -0.6)
        ax.set_xlim(0, top * 1.35)
        ax.set_xlabel(f"{UNIT_ZH.get(str(unit), str(unit))} ({unit})")
        title = f"{rows['indicator_zh'].iat[0]} {rows['indicator_en'].iat[0]}"
        width = TITLE_WIDTH * fig.get_figwidth()
        ax.set_title(_wrapped(title, width, 11), fontsize=11, loc="left")
        ax.grid(axis="y", visible=False)
    fig.suptitle("政策随时间的变化（起点 ○ → 终点）Changes stated in the documents (from ○ to ▶)")
    return fig


def plot_distinctive_terms(
    region_terms: pd.DataFrame, regions: pd.DataFrame, palette: Palette, ncols: int = 3
) -> Figure:
    """Small multiples: one panel per region, bars of keyness (G²) with the term as label.

    Every region of ``regions`` gets a panel, also one without distinctive terms (it says so),
    so that a new document's region is never missing from the figure.

    Args:
        region_terms: the region_terms table.
        regions: one row per region (region_code, region_zh, region_en), e.g.
            :func:`policy_corpus.compare.regions_table`.
        palette: region_code → colour.
        ncols: panels per row.
    """
    regions = regions.sort_values("region_code").reset_index(drop=True)
    n = len(regions)
    ncols = max(1, min(ncols, n))
    nrows = max(1, -(-n // ncols))
    per_panel = max(3, int(region_terms.groupby("region_code").size().max()) if n else 3)
    panel_height = 0.26 * per_panel + 1.2
    label_room = _tick_label_room(region_terms["term"].astype(str).unique(), points=9)
    panel_width = max(4.2, label_room + 2.8)  # bars at least 2.5 in wide beside the longest term
    fig, axes = plt.subplots(
        nrows, ncols, figsize=(panel_width * ncols, panel_height * nrows + 0.8), squeeze=False
    )
    for ax, (_, region) in zip(axes.flat, regions.iterrows(), strict=False):
        code = str(region["region_code"])
        rows = region_terms.loc[region_terms["region_code"] == code].sort_values("rank")
        ax.set_title(f"{region['region_zh']}\n{region['region_en']}", fontsize=10)
        if rows.empty:
            ax.text(0.5, 0.5, "无显著词语\nno distinctive term", ha="center", va="center")
            ax.set_axis_off()
            continue
        positions = np.arange(len(rows))
        ax.barh(positions, rows["keyness"], color=palette[code])
        ax.set_yticks(list(positions), rows["term"].tolist())
        ax.set_ylim(per_panel - 0.5, -0.5)
        ax.tick_params(axis="y", labelsize=9)
        ax.set_xlabel("对数似然 G² keyness", fontsize=9)
        ax.grid(axis="y", visible=False)
    for ax in list(axes.flat)[n:]:
        ax.set_axis_off()
    title = "各地区特征词（相对其他地区）Distinctive terms of each region against the rest"
    _lay_out_panels(fig, title, nrows, ncols, panel_height, label_room)
    return fig


def _tick_label_room(labels: Iterable[str], points: float) -> float:
    """Inches left of an axis for the widest of ``labels`` at ``points`` size and its tick."""
    renderer = RendererAgg(1, 1, DPI)  # type: ignore[no-untyped-call]  # the saved resolution
    font = FontProperties(size=points)
    measure = renderer.get_text_width_height_descent
    widths = [float(measure(t, font, False)[0]) for t in labels]  # type: ignore[no-untyped-call]
    tick = float(plt.rcParams["ytick.major.pad"] + plt.rcParams["ytick.major.size"]) / 72
    # Hinting makes text a few per cent wider or narrower at one resolution than another.
    return max(widths, default=0.0) / DPI * 1.05 + tick + 0.05


def _lay_out_panels(
    fig: Figure, title: str, nrows: int, ncols: int, panel_height: float, label_room: float
) -> None:
    """Place the figure's ``title`` and its panels from the sizes of their text, not by layout.

    Each panel has a two-line title, an x axis with its label, and ``label_room`` inches for
    its y tick labels (:func:`_tick_label_room`). Constrained layout measures every tick label
    of every panel, twice: with a panel a region, that was half of the largest figure's time
    (2.6 of 4.9 s at 31 regions). The panels hold the same kinds of text at the same sizes, so
    their room is known beforehand.
    """
    width, height = fig.get_size_inches()
    # Inches: the figure's title (``gap`` below the top edge), a panel's two-line 10 pt title,
    # its x ticks and label, and the margin between panels and at the edges.
    heading, above, below, gap = 0.45, 0.45, 0.5, 0.15
    fig.suptitle(title, y=1 - gap / height, va="top")
    panel_width = width / ncols
    fig.subplots_adjust(
        left=label_room / width,
        right=1 - gap / width,
        top=1 - (heading + above) / height,
        bottom=below / height,
        wspace=(label_room + gap) / (panel_width - label_room - gap),
        hspace=(above + below) / (panel_height - above - below),
    )


def plot_document_similarity(
    matrix: pd.DataFrame, documents: pd.DataFrame, palette: Palette
) -> Figure:
    """Heatmap of the cosine similarity of the documents' TF-IDF vectors.

    Documents are labelled with their region, year and genre and ordered by region code;
    the labels take their region's colour. The diagonal (a document with itself) is left
    blank.

    Args:
        matrix: square frame indexed by doc_id on both axes
            (:func:`policy_corpus.compare.terms.similarity_matrix`).
        documents: the documents table (doc_id, region_code, region_zh, published, doc_type).
        palette: region_code → colour.
    """
    docs = documents.loc[documents["doc_id"].isin(matrix.index)].sort_values(
        ["region_code", "doc_id"]
    )
    order = docs["doc_id"].tolist()
    labels = [
        f"{region}（{str(published)[:4]}，{DOC_TYPE_ZH.get(str(doc_type), str(doc_type))}）"
        for region, published, doc_type in zip(
            docs["region_zh"], docs["published"], docs["doc_type"], strict=True
        )
    ]
    codes = docs["region_code"].astype(str).tolist()
    return _similarity_heatmap(
        matrix.loc[order, order],
        labels,
        codes,
        palette,
        cell=1.1,
        annotate=True,
        rotation=35,
        axis="文件 Document",
        title="文件用词相似度（TF-IDF）Similarity of the documents' vocabulary",
    )


def plot_region_similarity(matrix: pd.DataFrame, regions: pd.DataFrame, palette: Palette) -> Figure:
    """Heatmap of the cosine similarity of the regions' vocabularies (TF-IDF).

    For corpora with more documents than a documents heatmap can show: regions × regions,
    so its size follows the regions, not the documents. The diagonal is left blank.

    Args:
        matrix: square frame indexed by region_code on both axes
            (:func:`policy_corpus.compare.terms.region_similarity_matrix`).
        regions: one row per region (region_code, region_zh).
        palette: region_code → colour.
    """
    codes = [str(c) for c in sorted(matrix.index)]
    names = _region_names(regions)
    labels = [names.get(code, code) for code in codes]
    return _similarity_heatmap(
        matrix.loc[codes, codes],
        labels,
        codes,
        palette,
        cell=0.32,
        annotate=len(codes) <= MAX_ANNOTATED,
        rotation=60,
        axis="地区 Region",
        title="地区用词相似度（TF-IDF）Similarity of the regions' vocabulary",
    )


def _similarity_heatmap(
    matrix: pd.DataFrame,
    labels: list[str],
    codes: list[str],
    palette: Palette,
    *,
    cell: float,
    annotate: bool,
    rotation: int,
    axis: str,
    title: str,
) -> Figure:
    """A square similarity heatmap, its diagonal blank, its labels in their region's colour.

    ``cell`` is the figure inches per row, so the figure grows with what it shows.
    """
    shown = matrix.to_numpy(dtype="float64").copy()
    np.fill_diagonal(shown, np.nan)
    size = cell * len(labels) + 3.5
    fig, ax = _subplots(figsize=(size + 1.5, size))
    sns.heatmap(
        pd.DataFrame(shown, index=labels, columns=labels),
        annot=annotate,
        fmt=".2f",
        cmap="Blues",
        vmin=0,
        vmax=1,
        square=True,
        linewidths=0.5,
        cbar_kws={"label": "余弦相似度 Cosine similarity", "shrink": 0.7},
        ax=ax,
    )
    _colour_region_labels(ax.get_xticklabels(), codes, palette)
    _colour_region_labels(ax.get_yticklabels(), codes, palette)
    ax.tick_params(axis="x", rotation=rotation)
    plt.setp(ax.get_xticklabels(), ha="right", rotation_mode="anchor")
    ax.grid(visible=False)
    ax.set_xlabel(axis)
    ax.set_ylabel(axis)
    ax.set_title(title)
    return fig


def latest_per_region(rows: pd.DataFrame, max_rows: int = MAX_BARS) -> pd.DataFrame:
    """At most about ``max_rows`` facts of one chart: all if few, else one per region and status.

    A chart of hundreds of bars says nothing; the table keeps every fact. The fact kept is
    the one with the latest period (a stated period before none), then the last in the
    documents, so the choice is the same on every run.
    """
    if len(rows) <= max_rows:
        return rows
    ordered = rows.assign(_period=rows["period"].fillna("")).sort_values(
        ["region_code", "status", "_period", "doc_id", "start"], kind="stable"
    )
    kept = ordered.drop_duplicates(["region_code", "status"], keep="last")
    return kept.drop(columns="_period").sort_index()


def _region_names(frame: pd.DataFrame) -> dict[str, str]:
    return dict(zip(frame["region_code"].astype(str), frame["region_zh"].astype(str), strict=True))


def _colour_region_labels(
    labels: Iterable[Text], codes: Sequence[str], palette: Palette | None
) -> None:
    """Give each tick label its region's colour (a darker shade, to stay legible)."""
    if palette is None:
        return
    for label, code in zip(labels, codes, strict=True):
        label.set_color(_darker(palette[code]))


def _darker(colour: tuple[float, float, float], factor: float = 0.8) -> tuple[float, float, float]:
    return (colour[0] * factor, colour[1] * factor, colour[2] * factor)


def _lighter(colour: tuple[float, float, float], share: float = 0.65) -> tuple[float, float, float]:
    """``colour`` mixed with ``share`` of white."""
    return (
        colour[0] + (1 - colour[0]) * share,
        colour[1] + (1 - colour[1]) * share,
        colour[2] + (1 - colour[2]) * share,
    )


def not_a_level(flags: object) -> str | None:
    """The flag saying what a fact is instead of a level (a start, a change, a ceiling), or None.

    >>> not_a_level(["population_unknown", "role_cap"]), not_a_level(["population_unknown"])
    ('role_cap', None)
    """
    if not isinstance(flags, list | tuple | np.ndarray):  # no flags (None, or NaN from a file)
        return None
    return next((f for f in ROLE_FLAGS.values() if f in flags), None)


def _fact_label(row: pd.Series) -> str:
    status = STATUS_ZH.get(str(row["status"]), str(row["status"]))
    period = row["period"] if isinstance(row["period"], str) else NA
    return f"{row['region_zh']}（{status}，{period}）"


def _message_figure(title: str, message: str) -> Figure:
    fig, ax = _subplots(figsize=(8, 2))
    ax.text(0.5, 0.5, message, ha="center", va="center")
    ax.set_axis_off()
    ax.set_title(title)
    return fig


def plot_indicator_bars(rows: pd.DataFrame, palette: Palette, title: str) -> Figure:
    """Horizontal bars of one indicator's values by region, coloured by region.

    ``rows`` holds one indicator in one unit (region_indicators rows); the label of each bar
    carries the region, status and period so that a plan is never read as an achievement.
    Beyond :data:`MAX_BARS` facts, one per region and status is shown
    (:func:`latest_per_region`) and the title says how many of how many.
    """
    shown = latest_per_region(rows)
    if len(shown) < len(rows):
        title = f"{title}（{len(shown)}/{len(rows)}：各地区每类最新 latest per region and status）"
    rows = shown.reset_index(drop=True)
    labels = [
        f"{region}（{STATUS_ZH.get(status, status)}，{period if isinstance(period, str) else NA}）"
        for region, status, period in zip(
            rows["region_zh"].tolist(),
            rows["status"].tolist(),
            rows["period"].tolist(),
            strict=True,
        )
    ]
    fig, ax = _subplots(figsize=(8, 0.55 * len(rows) + 1.6))
    # Numeric positions: two facts of one region with the same status and period must get two
    # bars, not one bar drawn over the other as a categorical axis would do.
    positions = range(len(rows))
    colours = [palette[code] for code in rows["region_code"]]
    bars = ax.barh(positions, rows["value"], color=colours)
    ax.set_yticks(list(positions), labels)
    roles = (
        [not_a_level(flags) for flags in rows["flags"]] if "flags" in rows else [None] * len(rows)
    )
    for y, (value, shown, role) in enumerate(
        zip(rows["value"], rows["display_value"], roles, strict=True)
    ):
        # A starting value, an amount of change or a rule's ceiling is not a level: its bar is
        # hatched and pale, and its label says what it is, so it is not read beside the others
        # as one.
        what = f"（{vocabulary.label('flag', role, 'zh')}）" if role else ""
        ax.text(value, y, f" {shown}{what}", va="center", fontsize=9)
        if role:
            bars[y].set(facecolor=_lighter(colours[y]), edgecolor=colours[y], hatch="///")
    ax.invert_yaxis()
    unit = str(rows["unit"].iloc[0])
    ax.set_xlabel(f"{UNIT_ZH.get(unit, unit)} ({unit})")
    width = TITLE_WIDTH * fig.get_figwidth()
    ax.set_title(_wrapped(title, width, _title_points()))
    ax.margins(x=0.25)
    _colour_region_labels(ax.get_yticklabels(), rows["region_code"].astype(str).tolist(), palette)
    caution = common_flags(rows["flags"].tolist()) if "flags" in rows else ""
    if caution:
        # Anchored below the x-axis label, so the two never overlap whatever the label's size.
        ax.annotate(
            _wrapped(f"比较须谨慎 Caution: {caution}", width, 8.5),
            xy=(0.5, 0),
            xycoords=ax.xaxis.label,
            xytext=(0, -6),
            textcoords="offset points",
            ha="center",
            va="top",
            fontsize=8.5,
            color="0.3",
        )
    return fig


def common_flags(flags: Sequence[Sequence[str]]) -> str:
    """The comparability flags every fact of a chart carries, in Chinese and English.

    >>> common_flags([["plan_vs_achievement", "period_unknown"], ["plan_vs_achievement"]])
    '目标与实际混合 plan vs achievement'
    """
    lists = [list(codes) for codes in flags]
    if not lists:
        return ""
    shared = [f for f in lists[0] if all(f in other for other in lists[1:])]
    return "; ".join(
        f"{vocabulary.label('flag', f, 'zh')} {vocabulary.label('flag', f, 'en')}" for f in shared
    )
