"""Tables as a researcher reads them in a notebook: numbers as people write them.

pandas' default display cuts tables to a few rows, long text to "…" and large numbers to
scientific notation (6.904000e+07). :func:`show` renders a table with pandas' Styler
(plain HTML, works offline and in the notebooks' HTML pages): numbers with thousands separators
and no spurious decimals, shares as percentages, text wrapped rather than cut. A table of a
large corpus is shown up to :data:`MAX_SHOWN_ROWS` rows, and the caption says how many there
are: a notebook holding 100,000 rendered rows would take minutes to save and open.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

import pandas as pd
from pandas.io.formats.style import Styler
from pandas.io.formats.style_render import CSSDict

from policy_corpus.contract.vocabulary import format_number

#: Rows of a table shown in a notebook; the caption says so when there are more.
MAX_SHOWN_ROWS = 300
#: Cell styles: text wraps (a validation message is read whole), numbers align right.
TABLE_STYLES: list[CSSDict] = [
    {"selector": "td", "props": "text-align: left; vertical-align: top; white-space: pre-line;"},
    {"selector": "th", "props": "text-align: left; vertical-align: bottom;"},
    {"selector": "caption", "props": "caption-side: top; text-align: left; font-weight: bold;"},
]


@dataclass(frozen=True)
class Note:
    """A sentence shown instead of an empty table ("No file was refused.")."""

    text: str

    def _repr_html_(self) -> str:
        return f"<p><em>{escape(self.text)}</em></p>"

    def __str__(self) -> str:
        return self.text


def format_cell(value: Any) -> str:
    """One number or text for reading: ``69040000.0`` → ``69,040,000``; missing → empty.

    >>> format_cell(69040000.0), format_cell(0.5652), format_cell(None), format_cell("辽宁")
    ('69,040,000', '0.57', '', '辽宁')
    """
    if value is None or (not isinstance(value, str | list) and pd.isna(value)):
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return format_number(float(value))
    return str(value)


def format_percent(value: Any) -> str:
    """A share from 0 to 1 as a percentage.

    >>> format_percent(0.565217), format_percent(1.0), format_percent(None)
    ('56.5%', '100%', '')
    """
    if value is None or pd.isna(value):
        return ""
    return f"{float(value) * 100:.1f}".rstrip("0").rstrip(".") + "%"


def show(
    frame: pd.DataFrame,
    caption: str,
    percent: Sequence[str] = (),
    empty: str = "",
    max_rows: int = MAX_SHOWN_ROWS,
) -> Styler | Note:
    """The table formatted for reading (its first ``max_rows`` rows), or ``empty`` if it has none.

    Args:
        frame: The table to show.
        caption: What the table is, shown above it.
        percent: Columns holding shares from 0 to 1, shown as percentages.
        empty: The sentence to show when the table has no rows.
        max_rows: Rows shown at most; the caption then gives the number of rows in all.
    """
    if frame.empty and empty:
        return Note(empty)
    if len(frame) > max_rows:
        caption = f"{caption} (the first {max_rows:,} of {len(frame):,} rows)"
        frame = frame.head(max_rows)
    formatters: dict[Any, Callable[[object], str] | str | None] = {
        column: format_percent if column in percent else format_cell for column in frame.columns
    }
    return (
        frame.style.hide(axis="index")
        .format(formatters)
        .set_caption(caption)
        .set_table_styles(TABLE_STYLES)
    )
