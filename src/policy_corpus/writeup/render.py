"""Turn executed notebooks into HTML pages, and the write-up into report.html and report.pdf.

HTML goes through nbconvert with the project's templates (language zh, a CJK font stack); every
page (the report and each executed notebook) also carries the bundled CJK font, cut down to the
characters it uses, so that it shows Chinese on a machine without CJK fonts and stays one
self-contained file. The PDF goes
through WeasyPrint, which needs no browser and no LaTeX, with the bundled CJK font embedded.
"""

from __future__ import annotations

import logging
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter

from policy_corpus.contract.paths import TEMPLATES_DIR
from policy_corpus.contract.storage import write_atomic, write_text_atomic
from policy_corpus.fonts import (
    CSS_FONT_STACK,
    cut_font,
    data_font_face,
    font_subset_css,
    with_style,
    woff_font_css,
)

REPORT_TITLE = "健康扶贫地区比较报告 Health poverty alleviation: a comparison of regions"


def _exporter(template: str, hide_code: bool) -> HTMLExporter:
    exporter = HTMLExporter(
        template_name=template,
        extra_template_basedirs=[str(TEMPLATES_DIR)],
        exclude_input=hide_code,
        exclude_input_prompt=hide_code,
        exclude_output_prompt=hide_code,
        language_code="zh",  # nbconvert accepts ISO 639-1 codes only
    )
    return exporter


def notebook_html(notebook: nbformat.NotebookNode, template: str, hide_code: bool) -> str:
    """Render a notebook to one HTML page with the given project template."""
    resources = {
        "cjk_font_stack": CSS_FONT_STACK,
        "report_css": (TEMPLATES_DIR / "report_zh" / "report.css").read_text(encoding="utf-8"),
    }
    body, _ = _exporter(template, hide_code).from_notebook_node(notebook, resources=resources)
    return str(body)


def write_notebook_html(executed: str | Path, target: str | Path) -> Path:
    """Write an executed notebook, code included, as an HTML page for researchers."""
    # The page carries its own font, as report.html does: a researcher opening it on a machine
    # without a CJK font sees Chinese, not empty boxes.
    return write_text_atomic(Path(target), embed_font(researcher_html(executed)))


def researcher_html(executed: str | Path) -> str:
    """An executed notebook, code included, as one HTML page (without its font)."""
    notebook = nbformat.read(str(executed), as_version=4)
    return notebook_html(notebook, "notebook_zh", hide_code=False)


def report_html(executed_writeup: str | Path) -> str:
    """Render the executed write-up for readers: outputs only, no code cells at all."""
    notebook = nbformat.read(str(executed_writeup), as_version=4)
    # Readers see what the code produced, nothing else: the notebook's own markdown speaks to
    # researchers about the notebook, and code cells without output would leave empty boxes.
    notebook.cells = [
        cell for cell in notebook.cells if cell.cell_type == "code" and cell.get("outputs")
    ]
    notebook.metadata["title"] = REPORT_TITLE
    return notebook_html(notebook, "report_zh", hide_code=True)


def embed_font(html: str) -> str:
    """Put the CJK font subset for the page's own characters into its ``<head>``."""
    return with_style(html, font_subset_css(html))


def _print_css() -> str:
    return (TEMPLATES_DIR / "report_zh" / "print.css").read_text(encoding="utf-8")


def write_pdf(
    html: str, target: str | Path, base_url: str | Path | None = None, font: bytes | None = None
) -> Path:
    """Print report HTML to an A4 PDF with the bundled CJK font embedded (WeasyPrint).

    ``font``: the bundled font already cut for the page's characters (:func:`cut_font` of a
    text that holds them); cut here when not given.
    """
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    # WeasyPrint logs every CSS property it does not support (nbconvert's stylesheet has many).
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    # The print rules go into the page, after nbconvert's stylesheet: given to WeasyPrint as a
    # user stylesheet they would lose to every rule of the page's own (author) CSS, whatever
    # their specificity (JupyterLab's `break-inside: avoid-page` on each output pushed every
    # section to a new page, leaving pages nearly empty).
    html = with_style(html, _print_css())
    if font is None:
        font = cut_font(html)
    fonts = FontConfiguration()
    face = data_font_face(font, "font/otf", "font-weight: 100 900;")
    stylesheet = weasyprint.CSS(string=face, font_config=fonts)
    document = weasyprint.HTML(string=html, base_url=str(base_url) if base_url else None)
    # The font comes cut to the page's characters, so WeasyPrint embeds it as it is
    # (`full_fonts`). Its own subsetting, where the system lacks HarfBuzz's subset library
    # (a pip-only environment does), is fontTools keeping every glyph slot of the font it is
    # given: 4-5 s of a 27-page report's 8 s when given the whole font. The cost: a character
    # the bundled font lacks (an emoji, Tibetan) comes from a system font embedded whole.
    return write_atomic(
        target,
        lambda tmp: document.write_pdf(
            tmp, stylesheets=[stylesheet], font_config=fonts, full_fonts=True
        ),
    )


def write_report(
    executed_writeup: str | Path,
    reports_dir: str | Path,
    pdf: bool = True,
    notebook_page: str | Path | None = None,
) -> list[Path]:
    """Write ``report.html`` (and ``report.pdf``) from the executed write-up notebook.

    Given ``notebook_page``, the write-up notebook's own page (code included) is written there
    too. The pages and the PDF share one cut of the font, for the characters of both pages:
    they share most of their characters, and cutting the font is most of the cost of a page.
    """
    reports_dir = Path(reports_dir)
    html = report_html(executed_writeup)
    pages = {reports_dir / "report.html": html}
    if notebook_page is not None:
        pages[Path(notebook_page)] = researcher_html(executed_writeup)
    font = cut_font("".join(pages.values()) + _print_css())  # the PDF's page footers too
    font_css = woff_font_css(font)
    written = [write_text_atomic(path, with_style(page, font_css)) for path, page in pages.items()]
    if pdf:
        written.append(write_pdf(html, reports_dir / "report.pdf", base_url=reports_dir, font=font))
    return written
