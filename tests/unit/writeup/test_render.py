import base64
import io

import nbformat
from fontTools.ttLib import TTFont
from helpers import embedded_pdf_fonts, record_calls

from policy_corpus.fonts import CSS_FONT_STACK
from policy_corpus.writeup.render import embed_font, font_subset_css, report_html


def test_the_font_subset_holds_the_page_characters_and_is_small():
    css = font_subset_css("健康扶贫 ABC")
    assert css.startswith('@font-face { font-family: "Noto Sans SC"; src: url("data:font/woff;')
    data = base64.b64decode(css.split("base64,", 1)[1].split('"', 1)[0])
    assert len(data) < 60_000
    font = TTFont(io.BytesIO(data))
    cmap = font.getBestCmap()
    assert all(ord(c) in cmap for c in "健康扶贫ABC")
    assert ord("省") not in cmap


def test_embed_font_goes_into_the_head():
    page = embed_font("<html><head><title>t</title></head><body>扶贫</body></html>")
    head = page.split("</head>", 1)[0]
    assert "@font-face" in head and "<body>扶贫</body>" in page


def test_the_report_shows_outputs_only(tmp_path):
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    code = nbformat.v4.new_code_cell("HTML(report.summary())  # secret code")
    code.outputs = [
        nbformat.v4.new_output(
            "display_data", data={"text/html": "<h2 id='summary'>Summary of findings</h2>"}
        )
    ]
    notebook.cells = [
        nbformat.v4.new_markdown_cell("# For researchers"),
        nbformat.v4.new_code_cell("import policy_corpus"),
        code,
    ]
    path = tmp_path / "05_writeup.ipynb"
    nbformat.write(notebook, path)
    html = report_html(path)
    assert "Summary of findings</h2>" in html
    assert "secret code" not in html and "For researchers" not in html
    assert "import policy_corpus" not in html
    assert "<script" not in html
    assert '<html lang="zh">' in html


def test_the_font_subset_is_the_same_on_every_run():
    assert font_subset_css("健康扶贫") == font_subset_css("健康扶贫")  # no timestamp inside


def test_an_executed_notebooks_html_carries_the_font_for_its_chinese(tmp_path):
    from policy_corpus.writeup.render import write_notebook_html

    notebook = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("show(table)")
    cell.outputs = [
        nbformat.v4.new_output("display_data", data={"text/html": "<table><td>辽宁省</td></table>"})
    ]
    notebook.cells = [cell]
    nbformat.write(notebook, tmp_path / "nb.ipynb")
    html = write_notebook_html(tmp_path / "nb.ipynb", tmp_path / "nb.html").read_text("utf-8")
    assert '@font-face { font-family: "Noto Sans SC"; src: url("data:font/' in html
    # Set on body: the lab theme's :root variables, which come later, would win over :root.
    assert 'body {\n  --jp-content-font-family: "Noto Sans SC"' in html


def _embedded_font(html: str) -> TTFont:
    data = html.split('src: url("data:font/woff;base64,', 1)[1].split('"', 1)[0]
    return TTFont(io.BytesIO(base64.b64decode(data)))


def test_the_report_and_the_writeup_page_share_one_subset_with_both_pages_characters(tmp_path):
    from policy_corpus.writeup.render import write_report

    notebook = nbformat.v4.new_notebook()
    code = nbformat.v4.new_code_cell("# 只在代码里\nHTML(report.section('cover'))")
    code.outputs = [nbformat.v4.new_output("display_data", data={"text/html": "<p>宁夏回族</p>"})]
    notebook.cells = [nbformat.v4.new_markdown_cell("研究者说明"), code]
    nbformat.write(notebook, tmp_path / "05_writeup.ipynb")
    written = write_report(
        tmp_path / "05_writeup.ipynb", tmp_path, pdf=False, notebook_page=tmp_path / "05.html"
    )
    assert written == [tmp_path / "report.html", tmp_path / "05.html"]
    report, page = (path.read_text("utf-8") for path in written)
    assert "只在代码里" in page and "只在代码里" not in report
    cmap = _embedded_font(report).getBestCmap()
    assert _embedded_font(page).getBestCmap() == cmap
    # Each page can show all of its own characters, the code's and the notes' included.
    assert all(ord(c) in cmap for c in "宁夏回族只在代码里研究者说明")


def test_the_pdf_embeds_the_font_cut_to_its_characters(tmp_path):
    from pypdf import PdfReader

    from policy_corpus.writeup.render import write_pdf

    body = "<p>宁夏回族自治区&middot;扶贫</p><b>报销比例</b>"
    page = f"<html><head></head><body style='font-family: {CSS_FONT_STACK}'>{body}</body></html>"
    pdf = write_pdf(page, tmp_path / "page.pdf")
    text = PdfReader(pdf).pages[0].extract_text()
    assert "宁夏回族自治区·扶贫" in text and "报销比例" in text
    fonts = embedded_pdf_fonts(pdf)
    # Regular and bold, each the cut (a few kB), not the full font's 8 MB.
    assert all("NotoSansSC" in name.replace("-", "") for name in fonts), fonts
    assert any("Bold" in name for name in fonts)
    assert 0 < max(fonts.values()) < 100_000


def test_the_report_its_pdf_and_the_writeup_page_use_one_cut_of_the_font(tmp_path, monkeypatch):
    from policy_corpus.writeup import render

    cuts = record_calls(monkeypatch, render, "cut_font")
    notebook = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("HTML(report.section('cover'))")
    cell.outputs = [nbformat.v4.new_output("display_data", data={"text/html": "<p>甘肃省</p>"})]
    notebook.cells = [cell]
    nbformat.write(notebook, tmp_path / "05_writeup.ipynb")
    written = render.write_report(
        tmp_path / "05_writeup.ipynb", tmp_path, pdf=True, notebook_page=tmp_path / "05.html"
    )
    assert [path.name for path in written] == ["report.html", "05.html", "report.pdf"]
    assert len(cuts) == 1
    assert "甘肃省" in render_pdf_text(written[-1])


def render_pdf_text(path) -> str:
    from pypdf import PdfReader

    return "".join(page.extract_text() for page in PdfReader(path).pages)
