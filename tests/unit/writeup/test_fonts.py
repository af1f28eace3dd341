import io
import warnings

import matplotlib.pyplot as plt
import pytest
from fontTools.ttLib import TTFont

from policy_corpus.fonts import (
    CJK_FAMILY,
    cjk_font_path,
    configure_matplotlib,
    cut_font,
    shown_characters,
)


def test_bundled_font_covers_the_characters_of_the_genre():
    cmap = TTFont(cjk_font_path(), fontNumber=0).getBestCmap()
    for char in "健康扶贫新疆维吾尔自治区茅箭区咸宁市重庆辽宁报销比例％":
        assert ord(char) in cmap, char


def test_matplotlib_draws_chinese_without_missing_glyphs():
    configure_matplotlib()
    fig, ax = plt.subplots()
    ax.set_title("新疆维吾尔自治区 健康扶贫")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig.savefig(io.BytesIO(), format="png")
    plt.close(fig)
    assert plt.rcParams["font.sans-serif"][0] == CJK_FAMILY


def test_a_missing_glyph_is_an_error_not_an_empty_box():
    configure_matplotlib()
    fig, ax = plt.subplots()
    ax.set_title("ཀ")  # Tibetan: in neither the CJK font nor the fallback
    with pytest.raises(UserWarning, match="missing from"):
        fig.savefig(io.BytesIO(), format="png")
    plt.close(fig)


def test_the_cut_holds_what_the_page_shows_and_little_else():
    page = '<p>健康&middot;扶贫&#24066;</p><style>li::before { content: "\\53bf\\20"; }</style>'
    cmap = TTFont(io.BytesIO(cut_font(page))).getBestCmap()
    for char in "健康扶贫·市县•…AZ09%":  # text, references, CSS escapes, ASCII, bullets
        assert ord(char) in cmap, char
    assert ord("省") not in cmap
    assert len(cmap) < 200  # of the full font's 30,000 characters


def test_shown_characters_reads_references_and_escapes_but_not_invalid_code_points():
    # \FFFFFF is past Unicode's last code point: skipped, not a ValueError from chr().
    assert {"市", "省"} <= shown_characters("&#x5e02; \\7701 \\FFFFFF")


def test_lab_css_brings_the_bundled_font_as_the_last_fallback(tmp_path):
    from policy_corpus.fonts import CJK_FAMILY, cjk_font_path, write_lab_css

    css = write_lab_css(tmp_path / "custom").read_text(encoding="utf-8")
    font = tmp_path / "custom" / cjk_font_path().name
    assert font.stat().st_size == cjk_font_path().stat().st_size
    assert f'src: url("{font.name}")' in css
    # Lab's theme sets its variables on :root after custom.css: ours must win on body.
    assert css.count(f'"{CJK_FAMILY}" !important;') == 3 and "body {" in css
