"""Reading raw files: encodings, HTML article extraction, .docx, PDF and broken files."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

# The texts the fixture files were made from, so the expectations cannot drift from the files
# (tests/ is on the path: pytest puts the folder of the top conftest.py there).
from fixtures.make_fixtures import (
    ARTICLE_TEXT,
    GB18030_ONLY,
    SIMPLIFIED,
    TRADITIONAL,
    WRONG_CHARSET_TEXT,
)

from policy_corpus.ingest.readers import (
    DecodeError,
    EmptyDocumentError,
    IngestError,
    NoArticleError,
    NoTextLayerError,
    RawDocument,
    UnsupportedFormatError,
    decode_bytes,
    html_to_text,
    page_metadata,
    read_document,
)
from policy_corpus.text.normalize import normalize_text

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "raw_variants"
GENRES = Path(__file__).resolve().parents[2] / "fixtures" / "genres"
# What the page shows above its article: its heading and its 发布时间 / 来源 line.
ARTICLE_METADATA = {
    "title": "某市健康扶贫工作取得新进展",
    "published": "2020-04-29",
    "issuer": "市卫生健康委",
}

GB_DECLARED_UTF8_TEXT = (
    "朱镕乡卫生院开展贫困人口免费健康体检，体检率达到98%。\n"
    "体检发现的慢性病患者全部纳入家庭医生签约管理。"
)
DOCX_TEXT = (
    "某县2020年健康扶贫工作总结\n"
    "一、基本情况\n"
    "全县贫困人口住院费用实际报销比例达到90%，大病专项救治覆盖30种疾病。\n"
    # A table row is one line, its label with its numbers, named by the header above it.
    "指标，完成值\n家庭医生签约率，完成值：100%\n远程医疗覆盖乡镇，完成值：12个\n"
    "以上数据截至2020年底。"
)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("utf8.txt", RawDocument(SIMPLIFIED, "utf-8", "text")),
        ("utf8_bom.txt", RawDocument(SIMPLIFIED, "utf-8-sig", "text")),
        ("gb18030.txt", RawDocument(SIMPLIFIED + GB18030_ONLY, "gb18030", "text")),
        ("big5.txt", RawDocument(TRADITIONAL, "big5", "text")),
        ("utf16.txt", RawDocument(SIMPLIFIED, "utf-16", "text")),
        ("crlf_utf8.md", RawDocument(SIMPLIFIED.replace("\n", "\r\n"), "utf-8", "text")),
        ("notes.dat", RawDocument(SIMPLIFIED, "utf-8", "text")),
        ("article.html", RawDocument(ARTICLE_TEXT, "utf-8", "html", ARTICLE_METADATA)),
        ("wrong_charset.htm", RawDocument(WRONG_CHARSET_TEXT, "utf-8", "html")),
        ("gb_declared_utf8.html", RawDocument(GB_DECLARED_UTF8_TEXT, "gb18030", "html")),
        ("report.docx", RawDocument(DOCX_TEXT, "docx", "docx")),
    ],
)
def test_read_document_fixture(name: str, expected: RawDocument) -> None:
    assert read_document(FIXTURES / name) == expected


def test_read_text_layer_pdf() -> None:
    raw = read_document(FIXTURES / "text_layer.pdf")
    assert (raw.encoding, raw.format) == ("pdf", "pdf")
    assert normalize_text(raw.text) == normalize_text(SIMPLIFIED)


@pytest.mark.parametrize(
    ("name", "error", "message"),
    [
        ("empty.txt", EmptyDocumentError, "empty file"),
        ("whitespace.txt", EmptyDocumentError, "whitespace"),
        ("binary.txt", DecodeError, "cannot decode: tried utf-8"),
        ("binary.bin", UnsupportedFormatError, "unknown format"),
        ("truncated_utf8.txt", DecodeError, "truncated sequence at byte"),
        ("control_chars.txt", DecodeError, "control or unassigned characters"),
        ("no_article.html", NoArticleError, "no article text found"),
        ("scanned.pdf", NoTextLayerError, "scanned PDF without a text layer"),
        ("not_a_pdf.pdf", IngestError, "cannot read PDF"),
        ("legacy.doc", UnsupportedFormatError, "save it as .docx"),
    ],
)
def test_read_document_broken_fixture(name: str, error: type[IngestError], message: str) -> None:
    with pytest.raises(error, match=message) as caught:
        read_document(FIXTURES / name)
    assert caught.value.source == name
    assert str(caught.value).startswith(f"{name}: ")


def test_missing_file_is_an_ingest_error(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match=r"^absent\.txt: cannot read file"):
        read_document(tmp_path / "absent.txt")


def test_error_message_names_file_and_candidates() -> None:
    err = DecodeError("002.html", "cannot decode: tried utf-8, gb18030, big5")
    assert str(err) == "002.html: cannot decode: tried utf-8, gb18030, big5"
    assert isinstance(err, IngestError)


# --- decode_bytes ------------------------------------------------------------------------------

SENTENCE = "全县贫困人口住院费用实际报销比例达到百分之九十，家庭医生签约服务实现全覆盖。"


@pytest.mark.parametrize(
    ("data", "hint", "expected"),
    [
        (SENTENCE.encode("utf-8"), None, (SENTENCE, "utf-8")),
        (SENTENCE.encode("utf-8"), "gb2312", (SENTENCE, "utf-8")),  # the declaration is wrong
        (SENTENCE.encode("utf-8-sig"), None, (SENTENCE, "utf-8-sig")),
        (SENTENCE.encode("utf-16-be"), None, None),  # no BOM: NUL bytes, refused below
        (b"\xfe\xff" + SENTENCE.encode("utf-16-be"), None, (SENTENCE, "utf-16")),
        (SENTENCE.encode("gb18030"), None, (SENTENCE, "gb18030")),
        (SENTENCE.encode("gb18030"), "utf-8", (SENTENCE, "gb18030")),
        (("朱镕" + SENTENCE).encode("gb18030"), "gb2312", ("朱镕" + SENTENCE, "gb18030")),
        (("朱镕" + SENTENCE).encode("gb18030"), "GBK", ("朱镕" + SENTENCE, "gb18030")),
        ("鄉鎮衛生院標準化建設全部達標，貧困患者先診療後付費。".encode("big5"), None,
         ("鄉鎮衛生院標準化建設全部達標，貧困患者先診療後付費。", "big5")),
        # Too short to tell GB18030 from Big5: the declared charset decides.
        ("医疗".encode("gb18030"), "gb2312", ("医疗", "gb18030")),
        ("醫療".encode("big5"), "big5", ("醫療", "big5")),
        (b"Plain ASCII report 2020", None, ("Plain ASCII report 2020", "utf-8")),
    ],
)  # fmt: skip
def test_decode_bytes(data: bytes, hint: str | None, expected: tuple[str, str] | None) -> None:
    if expected is None:
        with pytest.raises(DecodeError, match="NUL bytes"):
            decode_bytes(data, "x.txt", hint)
    else:
        assert decode_bytes(data, "x.txt", hint) == expected


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("医疗".encode("gb18030"), "too short to tell"),
        ("醫療衛生".encode("big5"), "too short to tell"),
        (SENTENCE.encode("utf-8")[:-1], "no candidate fits|truncated"),  # cut at the end
        (SENTENCE.encode("utf-8")[:20] + SENTENCE.encode("utf-8")[21:], "truncated"),
        ("Café résumé naïve déjà vu".encode("latin-1"), "cannot decode"),
        (bytes(range(0x80, 0x100)) * 3, "cannot decode"),
        (b"\xff\xfe\x00\xd8", "utf-16 BOM"),  # a lone surrogate after the BOM
    ],
)
def test_decode_bytes_refuses_to_guess(data: bytes, message: str) -> None:
    with pytest.raises(DecodeError, match=message):
        decode_bytes(data, "x.txt")


@pytest.mark.parametrize("data", [b"", b"  \n\t", "\u3000\n".encode(), "\ufeff \n".encode()])
def test_decode_bytes_empty(data: bytes) -> None:
    with pytest.raises(EmptyDocumentError):
        decode_bytes(data, "x.txt")


# --- html_to_text ------------------------------------------------------------------------------

PARAGRAPHS = (
    "<p>全县贫困人口县域内就诊率达到90%，群众看病更方便。</p>"
    "<p>家庭医生签约服务覆盖全部贫困户。</p>"
)
LINK_LIST = "".join(f"<li><a>某县召开第{n}次健康扶贫工作推进会议</a></li>" for n in "一二三四五六")
TWO_LINES = "全县贫困人口县域内就诊率达到90%，群众看病更方便。\n家庭医生签约服务覆盖全部贫困户。"


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (f"<div id='zoom'>{PARAGRAPHS}</div>", TWO_LINES),
        # Entities decoded exactly once; a double-escaped entity stays an entity.
        (
            "<div><p>文件提到&lt;script&gt;标签和&amp;lt;b&amp;gt;写法，均按原文保留，不作任何技术处理。</p></div>",
            "文件提到<script>标签和&lt;b&gt;写法，均按原文保留，不作任何技术处理。",
        ),
        # <br> breaks lines; a source line break between Chinese characters is no space.
        (
            "<div>全县贫困人口县域内就诊率\n  达到90%，群众看病更方便。<br>"
            "家庭医生签约服务覆盖全部贫困户。</div>",
            TWO_LINES,
        ),
        # Comments, scripts and styles never reach the text.
        (
            f"<div><!-- 旧版本：报销比例80%。 --><script>alert('通知')</script>{PARAGRAPHS}</div>",
            TWO_LINES,
        ),
        # Navigation, breadcrumb, share buttons, counters and footer removed.
        (
            "<div class='crumbs'>您当前的位置：首页 &gt; 工作动态</div>"
            "<ul class='menu'><li>首页</li><li>政务公开</li></ul>"
            f"<div class='article'><div class='meta'>来源：县卫健局 浏览次数：88</div>{PARAGRAPHS}"
            "<div>分享到：微信 微博</div><div>【打印】【关闭】</div></div>"
            "<div id='foot'>版权所有 某县人民政府 鄂ICP备05001234号 公网安备42030002000001号</div>",
            TWO_LINES,
        ),
        # Old table layouts: the cell with the paragraphs wins over the menu cell.
        (
            "<table><tr><td>首页</td><td>新闻中心</td><td>政务公开</td></tr>"
            f"<tr><td>{PARAGRAPHS}</td></tr></table>",
            TWO_LINES,
        ),
        # Lines split by <br> in one <div>; the signature beside it is not part of the article.
        (
            "<div class='wrap'><div id='zoom'>\u3000\u3000全县贫困人口县域内就诊率达到90%，"
            "群众看病更方便。<br/>\u3000\u3000家庭医生签约服务覆盖全部贫困户。<br/></div>"
            "<div>某县卫生健康局宣传科制作维护</div></div>",
            TWO_LINES,
        ),
        # A list of related links holds more Chinese than the article, but it is links.
        (
            f"<div class='con'>{PARAGRAPHS}</div><ul>{LINK_LIST}</ul>",
            TWO_LINES,
        ),
        # The title in <h1> outside the content element is kept as the first line.
        (f"<h1>某县健康扶贫工作综述</h1><div class='content'>{PARAGRAPHS}</div>",
         "某县健康扶贫工作综述\n" + TWO_LINES),
        # An article's own <header> keeps its title.
        (f"<article><header><h1>某县健康扶贫工作综述</h1></header>{PARAGRAPHS}</article>",
         "某县健康扶贫工作综述\n" + TWO_LINES),
    ],
)  # fmt: skip
def test_html_to_text(html: str, expected: str) -> None:
    assert html_to_text(html) == expected


@pytest.mark.parametrize(
    "html",
    [
        "",
        "<html><body></body></html>",
        "<div class='nav'><a>首页</a><a>新闻中心</a></div><div>版权所有 ICP备123号</div>",
        "<frameset><frame src='main.html'></frameset>",
        "<div><p>健康扶贫</p></div>",  # too little text to be an article
    ],
)
def test_html_without_article(html: str) -> None:
    with pytest.raises(NoArticleError, match="no article text found"):
        html_to_text(html, "page.html")


def test_html_article_keeps_body_line_mentioning_counters() -> None:
    html = (
        "<div><p>全年健康扶贫专栏浏览次数超过10万次，政策知晓率明显提高。</p>"
        + PARAGRAPHS
        + "</div>"
    )
    assert html_to_text(html).startswith("全年健康扶贫专栏浏览次数超过10万次")


@pytest.mark.parametrize(
    ("name", "data", "error", "message"),
    [
        ("report.docx", b"not a zip at all", IngestError, "cannot open .docx"),
        ("archive.bin", b"PK\x03\x04 damaged", UnsupportedFormatError, "damaged zip"),
        ("page.html", b"\x00\x01\x02<html>", DecodeError, "NUL bytes"),
    ],
)
def test_read_document_broken_bytes(
    tmp_path: Path, name: str, data: bytes, error: type[IngestError], message: str
) -> None:
    (tmp_path / name).write_bytes(data)
    with pytest.raises(error, match=message):
        read_document(tmp_path / name)


def test_read_html_declared_gb2312_with_gb18030_characters(tmp_path: Path) -> None:
    # Pages that declare gb2312 but use characters only GB18030 has (镕) decode intact.
    body = "<p>朱镕乡卫生院开展贫困人口免费健康体检，体检率达到98%，慢病患者全部纳入签约管理。</p>"
    page = f'<html><head><meta content="text/html; charset=gb2312"></head><body>{body}</body>'
    (tmp_path / "page.htm").write_bytes(page.encode("gb18030"))
    raw = read_document(tmp_path / "page.htm")
    assert (raw.encoding, raw.format) == ("gb18030", "html")
    assert (
        raw.text
        == "朱镕乡卫生院开展贫困人口免费健康体检，体检率达到98%，慢病患者全部纳入签约管理。"
    )


# ── metadata of a page: title, issuer, date as a reader reads them ───────────────────────────

ARTICLE = (
    "<div class='content'>"
    + "<p>全县贫困人口县域内就诊率达到92%，家庭医生签约服务实现全覆盖。</p>" * 3
    + "</div>"
)
DATE_LINE = (
    "<div class='info'>发布时间：2020-06-12 10:05 来源：县卫生健康局 "
    "浏览次数：88 字号：大 中 小</div>"
)
BREADCRUMB = "<div class='dqwz'>当前位置：<a>首页</a> &gt; <a>政务动态</a> &gt; 正文</div>"
SHARE = "<div class='bdsharebuttonbox'>分享到：<a>微信</a><a>微博</a></div>"


def _page(title: str, body: str, head: str = "") -> str:
    return f"<html><head><title>{title}</title>{head}</head><body>{body}</body></html>"


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        # A provincial health commission's page: breadcrumb, <h1>, date line, share bar.
        (
            _page(
                "某县推进健康扶贫_某省卫生健康委员会",
                BREADCRUMB + "<h1>某县推进健康扶贫</h1>" + DATE_LINE + ARTICLE + SHARE,
            ),
            {"title": "某县推进健康扶贫", "published": "2020-06-12", "issuer": "县卫生健康局"},
        ),
        # The CMS's meta tags (TRS: ArticleTitle, PubDate, ContentSource) come first.
        (
            _page(
                "首页",
                ARTICLE,
                "<meta name='ArticleTitle' content='某州健康扶贫工作综述'>"
                "<meta name='PubDate' content='2019-10-15 08:00'>"
                "<meta name='ContentSource' content='某州日报'>",
            ),
            {"title": "某州健康扶贫工作综述", "published": "2019-10-15", "issuer": "某州日报"},
        ),
        # The site's name in a <header> <h1> and the breadcrumb are not the title: the
        # title-classed element is.
        (
            _page(
                "某市健康扶贫成效显著-某省人民政府",
                "<header><h1>某省人民政府门户网站</h1></header>"
                + BREADCRUMB
                + "<div class='article-title'>某市健康扶贫成效显著</div>"
                + DATE_LINE
                + ARTICLE,
            ),
            {"title": "某市健康扶贫成效显著", "published": "2020-06-12", "issuer": "县卫生健康局"},
        ),
        # A field label (标题：) is not part of the title.
        (
            _page(
                "信息公开",
                "<table><tr><td>标题：某县2020年健康扶贫工作要点</td></tr></table>" + ARTICLE,
            ),
            {"title": "某县2020年健康扶贫工作要点"},
        ),
        # No heading at all: <title> without the site's and section's names, never the first
        # paragraph; a placeholder source (本站) is no issuer.
        (
            _page(
                "某县健康扶贫工作取得实效_工作动态_某县人民政府",
                "<div>发布日期：2020年12月3日 来源：本站</div>" + ARTICLE,
            ),
            {"title": "某县健康扶贫工作取得实效", "published": "2020-12-03"},
        ),
        # A <h2> breadcrumb is skipped for the real heading after it.
        (
            _page(
                "",
                "<h2>首页 &gt; 新闻中心 &gt; 部门动态</h2><h2>某县持续推进健康扶贫工作</h2>"
                + ARTICLE,
            ),
            {"title": "某县持续推进健康扶贫工作"},
        ),
    ],
)
def test_page_metadata(html: str, expected: dict[str, str]) -> None:
    assert page_metadata(BeautifulSoup(html, "lxml")) == expected


def test_page_metadata_of_a_gb2312_table_page() -> None:
    raw = read_document(GENRES / "e_hebei_page.html")
    assert raw.encoding == "gb18030"
    assert raw.metadata == {
        "title": "太行县持续推进健康扶贫工作",
        "published": "2019-12-06",
        "issuer": "县卫生健康局",
    }
    assert "信息来源" not in raw.text and "点击数" not in raw.text


# --- tables: a row is one sentence, its label with its numbers (issue 14) ------------------------


def _docx_bytes(paragraph: str, rows: list[list[str]], merge: tuple[int, int, int] | None) -> bytes:
    """A .docx with one paragraph and one table; ``merge`` = (row, first col, last col)."""
    import io

    import docx

    document = docx.Document()
    document.add_paragraph(paragraph)
    table = document.add_table(rows=len(rows), cols=max(len(r) for r in rows))
    for row, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(row.cells, values, strict=False):
            cell.text = value
    if merge is not None:
        row, first, last = merge
        table.cell(row, first).merge(table.cell(row, last))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("rows", "merge", "lines"),
    [
        # Maojian style: a label and a figure, no header.
        ([["慢病签约服务人数", "1.2万人"]], None, ["慢病签约服务人数，1.2万人"]),
        # Chongqing style: a header names the figures below it.
        (
            [["区县", "签约人数", "签约率"], ["茅箭区", "1.2万人", "98.5%"]],
            None,
            ["区县，签约人数，签约率", "茅箭区，签约人数：1.2万人，签约率：98.5%"],
        ),
        # Xianning style: a title merged across the table, then header and rows.
        (
            [["2020年健康扶贫主要指标", "", ""], ["指标", "目标值", "完成值"],
             ["家庭医生签约率", "90%", "95%"]],
            (0, 0, 2),
            ["2020年健康扶贫主要指标", "指标，目标值，完成值",
             "家庭医生签约率，目标值：90%，完成值：95%"],
        ),
        # An empty cell is left out; the other cells keep their own headers.
        (
            [["项目", "2019年", "2020年"], ["住院人次", "", "3208人次"]],
            None,
            ["项目，2019年，2020年", "住院人次，2020年：3208人次"],
        ),
    ],
)  # fmt: skip
def test_docx_table_rows_are_sentences(
    tmp_path: Path, rows: list[list[str]], merge: tuple[int, int, int] | None, lines: list[str]
) -> None:
    path = tmp_path / "table.docx"
    path.write_bytes(_docx_bytes("某区健康扶贫工作情况", rows, merge))
    assert read_document(path).text.split("\n") == ["某区健康扶贫工作情况", *lines]


_ARTICLE = "<p>全区健康扶贫工作取得明显成效，群众获得感不断增强。</p>"


@pytest.mark.parametrize(
    ("table", "lines"),
    [
        (
            "<table><tr><th>区县</th><th>签约人数</th></tr>"
            "<tr><td>茅箭区</td><td>1.2万人</td></tr><tr><td>张湾区</td><td>0.9万人</td></tr></table>",
            ["区县，签约人数", "茅箭区，签约人数：1.2万人", "张湾区，签约人数：0.9万人"],
        ),
        # A group label spanning two rows names both; a header spanning two columns names both.
        (
            "<table><thead><tr><th>地区</th><th>类别</th><th colspan='2'>人数</th></tr></thead>"
            "<tbody><tr><td rowspan='2'>恩施州</td><td>签约</td>"
            "<td>3.1万人</td><td>1.1万户</td></tr>"
            "<tr><td>救治</td><td>5000人</td><td>2000户</td></tr></tbody></table>",
            ["地区，类别，人数", "恩施州，类别：签约，人数：3.1万人，1.1万户",
             "类别：救治，人数：5000人，2000户"],
        ),
        # A label and a figure in a web page's table, no header.
        (
            "<table><tr><td>慢病签约服务人数</td><td>1.2万人</td></tr></table>",
            ["慢病签约服务人数，1.2万人"],
        ),
    ],
)  # fmt: skip
def test_html_table_rows_are_sentences(table: str, lines: list[str]) -> None:
    text = html_to_text(f"<div class='content'>{_ARTICLE}{table}</div>")
    assert text.split("\n")[1:] == lines


def test_html_rowspan_cell_is_empty_below_and_the_label_stays() -> None:
    """The rows below a rowspan keep their columns in place (the grid)."""
    from bs4 import BeautifulSoup

    from policy_corpus.ingest.readers import _html_table_rows

    soup = BeautifulSoup(
        "<table><tr><td rowspan='2'>恩施州</td><td>a</td></tr><tr><td>b</td></tr></table>", "lxml"
    )
    table = soup.find("table")
    assert table is not None
    assert _html_table_rows(table) == [["恩施州", "a"], ["", "b"]]


def test_layout_table_keeps_its_paragraphs(tmp_path: Path) -> None:
    """A table that lays out a page (long cells) is not read as rows of data."""
    long = "全区贫困人口县域内就诊率达到90%，群众看病更方便。" * 3
    path = tmp_path / "layout.docx"
    path.write_bytes(_docx_bytes("某区健康扶贫工作情况", [[long, long + "。"]], None))
    assert read_document(path).text.split("\n") == ["某区健康扶贫工作情况", long, long + "。"]


def test_a_table_figure_keeps_its_label_in_its_sentence(tmp_path: Path) -> None:
    """The regression of issue 14: 1.2万人 was a sentence of its own, without 慢病签约服务人数."""
    from policy_corpus.text.quantities import extract_quantities
    from policy_corpus.text.sentences import split_sentences

    path = tmp_path / "table.docx"
    path.write_bytes(
        _docx_bytes("茅箭区健康扶贫成效", [["区县", "签约人数"], ["茅箭区", "1.2万人"]], None)
    )
    text = normalize_text(read_document(path).text)
    (quantity,) = extract_quantities(text)
    (sentence,) = [s for s in split_sentences(text) if s.start <= quantity.start < s.end]
    assert quantity.value == 12000 and quantity.unit == "person"
    assert "茅箭区" in sentence.text and "签约人数" in sentence.text
