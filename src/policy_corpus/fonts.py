"""The CJK font every figure, HTML page and PDF uses, brought by pip rather than the system.

No CJK font can be assumed on a reader's or a server's machine, and installing one system-wide
needs root. The project therefore depends on a wheel that ships Noto Sans SC (SIL Open Font
License 1.1) and points matplotlib and WeasyPrint at that file.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pylopdf_fonts_zh_cn

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


def font_face_css(family: str = CJK_FAMILY) -> str:
    """Return an ``@font-face`` rule that loads the bundled font from its file (for WeasyPrint)."""
    return (
        f'@font-face {{ font-family: "{family}"; '
        f'src: url("{cjk_font_path().as_uri()}"); font-weight: 100 900; }}'
    )
