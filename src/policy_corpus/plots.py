"""Figures for the comparison and the report: one style, one colour per region, Chinese labels.

Every figure is saved as PNG (for the HTML and PDF) and SVG (for print and reuse) in
``reports/figures/``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure

from policy_corpus.fonts import configure_matplotlib
from policy_corpus.io import write_atomic
from policy_corpus.labels import STATUS_ZH, UNIT_ZH


def use_report_style() -> None:
    """Apply the seaborn theme, then the CJK font (in that order: set_theme resets fonts)."""
    sns.set_theme(style="whitegrid", context="notebook")
    configure_matplotlib()


def region_palette(region_codes: Iterable[str]) -> dict[str, tuple[float, float, float]]:
    """Give each region a colour that stays the same in every figure of a run.

    Colours follow the sorted region codes, so adding a document does not reshuffle them more
    than needed.

    >>> sorted(region_palette(["650000", "210000"]))
    ['210000', '650000']
    """
    codes = sorted(set(region_codes))
    colours = sns.color_palette("tab10" if len(codes) <= 10 else "husl", len(codes))
    return dict(zip(codes, colours, strict=True))


def clear_figures(figures_dir: str | Path) -> None:
    """Remove the figures of an earlier run, so that a report never shows a stale one."""
    for path in Path(figures_dir).glob("*"):
        if path.suffix in (".png", ".svg"):
            path.unlink()


def save_figure(fig: Figure, figures_dir: str | Path, name: str) -> list[Path]:
    """Save a figure as PNG and SVG (atomically) and close it; return the two paths."""
    paths = [
        write_atomic(Path(figures_dir) / f"{name}.png", lambda tmp: _save(fig, tmp, "png")),
        write_atomic(Path(figures_dir) / f"{name}.svg", lambda tmp: _save(fig, tmp, "svg")),
    ]
    plt.close(fig)
    return paths


def _save(fig: Figure, path: Path, fmt: str) -> None:
    fig.savefig(path, format=fmt, dpi=150, bbox_inches="tight")


def plot_measure_heatmap(region_measures: pd.DataFrame) -> Figure:
    """Heatmap of measure mentions: measures (grouped by framework group) × regions, with counts."""
    table = region_measures.assign(
        row=region_measures["framework_group"] + " · " + region_measures["measure_zh"]
    ).pivot_table(
        index="row", columns="region_zh", values="n_mentions", aggfunc="sum", fill_value=0
    )
    table = table.loc[table.sum(axis=1) > 0].sort_index()
    height = max(3.0, 0.32 * len(table) + 1.5)
    fig, ax = plt.subplots(figsize=(1.4 * max(3, table.shape[1]) + 3.5, height))
    sns.heatmap(table, annot=True, fmt="d", cmap="Blues", cbar=False, linewidths=0.5, ax=ax)
    ax.set_xlabel("地区 Region")
    ax.set_ylabel("框架分组 · 措施 Framework group · measure")
    ax.set_title("各地区健康扶贫措施提及次数 Mentions of measures by region")
    ax.tick_params(axis="x", rotation=30)
    return fig


def plot_indicator_bars(
    rows: pd.DataFrame, palette: dict[str, tuple[float, float, float]], title: str
) -> Figure:
    """Horizontal bars of one indicator's values by region, coloured by region.

    ``rows`` holds one indicator in one unit (region_indicators rows); the label of each bar
    carries the region, status and period so that a plan is never read as an achievement.
    """
    labels = [
        f"{region}（{STATUS_ZH.get(status, status)}，{period if isinstance(period, str) else '?'}）"
        for region, status, period in zip(
            rows["region_zh"].tolist(),
            rows["status"].tolist(),
            rows["period"].tolist(),
            strict=True,
        )
    ]
    fig, ax = plt.subplots(figsize=(8, 0.55 * len(rows) + 1.6))
    # Numeric positions: two facts of one region with the same status and period must get two
    # bars, not one bar drawn over the other as a categorical axis would do.
    positions = range(len(rows))
    ax.barh(positions, rows["value"], color=[palette[code] for code in rows["region_code"]])
    ax.set_yticks(list(positions), labels)
    for y, (value, shown) in enumerate(zip(rows["value"], rows["display_value"], strict=True)):
        ax.text(value, y, f" {shown}", va="center", fontsize=9)
    ax.invert_yaxis()
    unit = str(rows["unit"].iloc[0])
    ax.set_xlabel(UNIT_ZH.get(unit, unit))
    ax.set_title(title)
    ax.margins(x=0.25)
    return fig
