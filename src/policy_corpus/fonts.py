"""The CJK font every figure, HTML page and PDF uses, brought by pip rather than the system.

No CJK font can be assumed on a reader's or a server's machine, and installing one system-wide
needs root. The project therefore depends on a wheel that ships Noto Sans SC (SIL Open Font
License 1.1), points matplotlib at that file and cuts it to the characters a page or PDF shows.
"""

from __future__ import annotations

import base64
import html
import io
import re
import string
import sys
import warnings
from collections.abc import Iterable, Sequence
from pathlib import Path

import pylopdf_fonts_zh_cn

from policy_corpus.contract.storage import write_text_atomic

#: Family name of the bundled font as matplotlib reads it from the file.
CJK_FAMILY = "Noto Sans SC"

#: Font stack for browsers: the bundled family first, then common system CJK fonts.
CSS_FONT_STACK = (
    '"Noto Sans SC", "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", '
    '"Microsoft YaHei", "WenQuanYi Micro Hei", "Hiragino Sans GB", sans-serif'
)

# A glyph missing from the font would print as an empty box; matplotlib only warns about it.
GLYPH_MISSING = r"Glyph \d+ .* missing from (current )?font"


class FontError(RuntimeError):
    """The bundled CJK font cannot be found."""


def cjk_font_path() -> Path:
    """Return the path of the bundled Noto Sans SC font file.

    Raises:
        FontError: the font package is installed but its file is missing.
    """
    path = Path(pylopdf_fonts_zh_cn.sans_path())
    if not path.is_file():
        raise FontError(
            f"CJK font file {path} is missing; reinstall the environment (`make install`)."
        )
    return path


def configure_matplotlib() -> str:
    """Register the CJK font with matplotlib and make it the default family; return its name.

    Call it after ``seaborn.set_theme`` (which resets the font list). A glyph missing from the
    font becomes an error rather than an empty box in a figure.
    """
    from matplotlib import font_manager, rcParams

    font_manager.fontManager.addfont(str(cjk_font_path()))
    rcParams["font.family"] = "sans-serif"
    rcParams["font.sans-serif"] = [CJK_FAMILY, "DejaVu Sans"]
    rcParams["axes.unicode_minus"] = False  # the CJK font has no U+2212 minus sign
    rcParams["svg.fonttype"] = "path"  # SVGs show the glyphs without the font installed
    rcParams["svg.hashsalt"] = "policy-corpus"  # stable element ids: identical runs, identical SVGs
    rcParams["pdf.fonttype"] = 42
    warnings.filterwarnings("error", message=GLYPH_MISSING, category=UserWarning)
    return CJK_FAMILY


#: JupyterLab's font variables, each given the bundled font as its last fallback.
_LAB_SANS = "system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif"
LAB_FONT_VARIABLES = {
    "--jp-ui-font-family": _LAB_SANS,
    "--jp-content-font-family": _LAB_SANS,
    "--jp-code-font-family": "Menlo, Consolas, 'DejaVu Sans Mono', monospace",
}


def write_lab_css(folder: str | Path) -> Path:
    """Write a JupyterLab ``custom.css`` that brings the bundled CJK font; return its path.

    JupyterLab is a page in the user's browser, which on a machine without a CJK font shows
    Chinese as empty boxes. ``make lab`` starts Lab with ``--LabApp.custom_css=True`` and this
    folder as its custom path: the font file is copied beside the CSS, served by Lab itself,
    and added as the last fallback of Lab's fonts (Latin text keeps Lab's own fonts). The
    variables are set on ``body`` because Lab's theme sets them on ``:root`` after this file.
    """
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    font = cjk_font_path()
    copy = target / font.name
    if not copy.exists() or copy.stat().st_size != font.stat().st_size:
        copy.write_bytes(font.read_bytes())
    fallback = f'"{CJK_FAMILY}"'
    variables = "".join(
        f"  {name}: {stack}, {fallback} !important;\n" for name, stack in LAB_FONT_VARIABLES.items()
    )
    face = f'font-family: "{CJK_FAMILY}"; src: url("{font.name}") format("opentype");'
    css = f"@font-face {{ {face} }}\nbody {{\n{variables}}}\n"
    path = target / "custom.css"
    path.write_text(css, encoding="utf-8")
    return path


#: Characters a page shows that its text may not hold: list bullets, and the punctuation that
#: stylesheets and the browser's own rules generate (quotes, ellipses, dashes, anchors).
_GENERATED_CHARACTERS = "•◦▪‣–—…‘’“”«»·¶§†‡"
_CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})")


def shown_characters(text: str) -> set[str]:
    r"""Every character a page made from ``text`` (HTML with its CSS) may show.

    Beside the text's own characters: those written as HTML references (``&middot;``,
    ``&#24066;``) or as CSS escapes (``content: "\2022"``), printable ASCII, and the
    punctuation browsers and WeasyPrint generate.
    """
    codes = (int(code, 16) for code in _CSS_ESCAPE.findall(text))
    escaped = {chr(code) for code in codes if code <= sys.maxunicode}
    return (
        set(text)
        | set(html.unescape(text))
        | escaped
        | set(string.printable)
        | set(_GENERATED_CHARACTERS)
    )


def cut_font(text: str) -> bytes:
    """The bundled font cut to the characters of ``text`` (and printable ASCII), as OpenType.

    One cut serves a page's ``@font-face`` (wrapped as WOFF by :func:`woff_font_css`) and the
    PDF (embedded as it is): fontTools' subsetting is most of the cost of either, and the
    full font has 31,000 glyphs where a report uses about 2,000.
    """
    from fontTools import subset  # type: ignore[import-untyped]
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

    # fontTools' default layout features are those browsers apply to text by default (locl,
    # ccmp, kern, the vertical forms...); keeping every feature of the font ("*", as before)
    # made each cut 0.4 s slower and the subset a fifth larger for features no page asks for.
    options = subset.Options()
    options.name_IDs = ["*"]
    options.hinting = False
    options.notdef_outline = True
    # Glyphs with their subroutines inlined: as fast to cut, and smaller once a few thousand
    # glyphs no longer share the full font's subroutines (report: 113 rather than 119 kB).
    options.desubroutinize = True
    # Glyph bounds are not recomputed: the full font's bounding box still holds every glyph of
    # the subset, and recomputing runs each kept glyph's outline program (a third of the time).
    font = TTFont(str(cjk_font_path()), recalcTimestamp=False, recalcBBoxes=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="".join(sorted(shown_characters(text))))
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue()


def woff_font_css(font: bytes, family: str = CJK_FAMILY) -> str:
    """An ``@font-face`` rule carrying ``font`` (a cut from :func:`cut_font`) as WOFF.

    The font travels inside the page as a data URI, so the page needs no font on the reader's
    machine and no request to a font server.
    """
    from fontTools.ttLib import TTFont

    # WOFF (zlib) rather than WOFF2: fontTools compresses WOFF2 with Brotli at its slowest
    # setting, which took longer than the cut itself (0.8 s of 2 s for a report) to save
    # about a tenth of the bytes. Every browser reads WOFF. Loaded lazily, the tables are
    # copied and compressed, not parsed again (10 ms).
    wrapped = TTFont(io.BytesIO(font), lazy=True, recalcTimestamp=False, recalcBBoxes=False)
    wrapped.flavor = "woff"
    buffer = io.BytesIO()
    wrapped.save(buffer, reorderTables=False)
    # One weight: browsers synthesise bold.
    return data_font_face(buffer.getvalue(), "font/woff", "font-display: block;", family)


def data_font_face(font: bytes, media_type: str, descriptors: str, family: str = CJK_FAMILY) -> str:
    """An ``@font-face`` rule for ``family`` whose source is ``font`` itself, as a data URI."""
    data = base64.b64encode(font).decode("ascii")
    return (
        f'@font-face {{ font-family: "{family}"; src: url("data:{media_type};base64,{data}"); '
        f"{descriptors} }}"
    )


def font_subset_css(text: str, family: str = CJK_FAMILY) -> str:
    """An ``@font-face`` rule carrying the bundled font, cut to the characters of ``text``.

    The subset is about 110 kB (WOFF) for a report.
    """
    return woff_font_css(cut_font(text), family)


def with_style(html: str, css: str) -> str:
    """The page with ``css`` as the last stylesheet of its ``<head>`` (so it wins ties).

    >>> with_style("<html><head></head><body></body></html>", "p { color: red; }")
    '<html><head><style type="text/css">p { color: red; }</style></head><body></body></html>'
    """
    style = f'<style type="text/css">{css}</style>'
    head_end = html.find("</head>")
    if head_end < 0:
        return style + html
    return html[:head_end] + style + html[head_end:]


def embed_shared_font(pages: Sequence[Path], characters: Iterable[str]) -> None:
    """Give written HTML pages that go together one font subset, cut for ``characters``.

    ``characters``: those of all the pages, gathered while they were written. Each page
    carries the subset (it must show Chinese when opened alone, and a browser refuses a font
    file beside a page opened from disk), but it is cut once, not once a page: cutting is
    most of the cost of a page, and the 31 region pages of a corpus share most of their
    characters. The pages are rewritten atomically.
    """
    css = font_subset_css("".join(sorted(set(characters))))
    for page in pages:
        write_text_atomic(page, with_style(page.read_text(encoding="utf-8"), css))


if __name__ == "__main__":  # `python -m policy_corpus.fonts DIR`, used by `make lab`
    import sys

    print(write_lab_css(sys.argv[1]))
