"""The whole chain on the fixture corpus: five notebooks through papermill, then the reports."""

from __future__ import annotations

import json
import re

import nbformat
import pandas as pd
import pytest
from helpers import embedded_pdf_fonts
from pypdf import PdfReader

from policy_corpus.contract.paths import CONFIG_FILE
from policy_corpus.contract.schema import TABLES, validate_table
from policy_corpus.run.chain import STAGES, ChainError, RunConfig, run_chain

pytestmark = pytest.mark.integration

FIXTURE_REGIONS = ["示例县", "示例市", "示范省", "样例州", "网页县", "文档市", "范例县"]
REJECTED_FILES = ["e_empty.txt", "h_binary.bin", "i_no_article.html"]


def test_raw_data_is_never_modified(run):
    assert run["hashes"](run["raw"]) == run["raw_before"]


def test_progress_names_every_stage(run):
    for stage in STAGES:
        assert any(stage in m and "done" in m for m in run["messages"])


@pytest.mark.parametrize("table", sorted(TABLES))
def test_every_contract_table_is_written_and_valid(run, table):
    frame = pd.read_parquet(run["config"].processed_dir / f"{table}.parquet")
    validate_table(table, frame)


def test_offsets_point_into_document_text(run):
    processed = run["config"].processed_dir
    texts = pd.read_parquet(processed / "documents.parquet").set_index("doc_id")["text"]
    for table in ("sentences", "quantities", "measure_mentions"):
        frame = pd.read_parquet(processed / f"{table}.parquet")
        assert not frame.empty, table
        for row in frame.itertuples():
            assert texts[row.doc_id][row.start : row.end] == row.text, (table, row)


def test_bad_document_is_reported_and_others_ingested(run):
    processed = run["config"].processed_dir
    documents = pd.read_parquet(processed / "documents.parquet")
    issues = pd.read_parquet(processed / "ingest_issues.parquet")
    assert sorted(documents["region_zh"]) == sorted(FIXTURE_REGIONS)
    assert issues["source_file"].tolist() == REJECTED_FILES
    by_id = documents.set_index("doc_id")
    assert by_id.loc["prefecture_gbk", "encoding"] == "gb18030"
    assert by_id.loc["trad_county", "encoding"] == "big5"
    assert by_id.loc["trad_county", "converted_to_simplified"]
    assert not by_id.loc["county_summary", "converted_to_simplified"]
    assert by_id.loc["city_report", "encoding"] == "docx"


def test_executed_notebooks_record_their_parameters(run):
    for stage in STAGES:
        path = run["config"].reports_dir / "notebooks" / f"{stage}.ipynb"
        notebook = nbformat.read(path, as_version=4)
        injected = [
            c for c in notebook.cells if "injected-parameters" in c.metadata.get("tags", [])
        ]
        assert injected, stage
        assert "processed_dir" in injected[0].source
        assert path.with_suffix(".html").exists()
        streams = [
            o.get("text", "")
            for c in notebook.cells
            if c.cell_type == "code"
            for o in c.get("outputs", [])
            if o.get("name") == "stderr"
        ]
        assert not any("Glyph" in s for s in streams), stage


def test_report_html_is_for_readers(run):
    html = (run["config"].reports_dir / "report.html").read_text(encoding="utf-8")
    assert '<html lang="zh">' in html
    assert "<script" not in html  # no code, no remote scripts: a self-contained page
    assert 'class="jp-InputArea' not in html and "from policy_corpus" not in html
    for region in FIXTURE_REGIONS:
        assert region in html
    for rejected in REJECTED_FILES:  # the documents that could not be ingested are listed
        assert rejected in html
    assert "data:image/png;base64," in html  # figures embedded


EN_HEADINGS = (
    "Contents",
    "Findings",
    "Regions",
    "What can be compared",
    "Measures by region",
    "Documents",
    "Distinctive terms and similar documents",
    "Methods",
    "Notes on the data",
    "Appendix: the sentence of every number cited",
    "Appendix: about this run",
)
ZH_HEADINGS = (
    "目录",
    "主要发现",
    "各地区概况",
    "可比指标",
    "各地区政策措施",
    "文献",
    "地区特色用语与相似文献",
    "研究方法",
    "数据说明与局限",
    "附录：引用数字的原文",
    "附录：本次运行说明",
)


def assert_sections_in_order(html: str, headings: tuple[str, ...]) -> None:
    found = [html.find(f">{heading}</h2>") for heading in headings]
    assert all(i >= 0 for i in found), [h for h, i in zip(headings, found, strict=True) if i < 0]
    assert found == sorted(found), "sections out of order"


def test_report_has_its_sections(run):
    html = (run["config"].reports_dir / "report.html").read_text(encoding="utf-8")
    assert_sections_in_order(html, EN_HEADINGS)
    # the table of contents links to every section, and every link has its target
    for target in re.findall(r'href="#([^"]+)"', html):
        assert f'id="{target}"' in html, target
    assert len(re.findall(r'<nav class="toc">.*?</nav>', html, re.S)) == 1
    # the title block records the run's parameters, read from the executed notebooks
    assert "Parameters of this run" in html
    assert str(run["config"].processed_dir) in html
    assert "min_regions = 2" in html
    for region in FIXTURE_REGIONS:  # one profile per region
        assert re.search(rf'<section class="profile" id="region-\d{{6}}">\s*<h3>{region}', html), (
            region
        )


def test_report_html_is_self_contained(run):
    html = (run["config"].reports_dir / "report.html").read_text(encoding="utf-8")
    assert not re.search(r"<(link|iframe|object|embed)\b", html)
    assert not re.search(r'\b(src|href)="(https?:)?//', html)  # nothing fetched from elsewhere
    assert "@import" not in html
    assert 'src: url("data:font/woff;base64,' in html  # the CJK font travels with the page


def test_report_entirely_in_chinese(run, tmp_path):
    config = run["config"]
    zh = RunConfig(
        raw_dir=config.raw_dir,
        processed_dir=config.processed_dir,
        reports_dir=tmp_path,
        params_file=CONFIG_FILE,
        stages=["05_writeup"],
        pdf=False,
        overrides={"05_writeup": {"language": "zh"}},
    )
    run_chain(zh, log=lambda _: None)
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert_sections_in_order(html, ZH_HEADINGS)
    for english in EN_HEADINGS:
        assert f">{english}</" not in html, english
    headers = re.findall(r"<th(?: class=\"num\")?>([^<]*)</th>", html)
    assert headers and not [h for h in headers if re.fullmatch(r"[a-z_ ]+", h)], headers
    statuses = re.findall(r'<td class="nw">(achieved|target|policy rule)</td>', html)
    assert not statuses
    assert "本次运行参数" in html and "language = zh" in html
    from tests.unit.writeup.test_report import english_words

    found = english_words(html.split("<main>", 1)[-1])
    assert len(found) <= 15, found


def test_every_cited_number_is_in_the_provenance_appendix(run):
    html = (run["config"].reports_dir / "report.html").read_text(encoding="utf-8")
    cited = set(re.findall(r'href="#fact-(\d+)"', html))
    assert cited
    for number in cited:
        assert f'id="fact-{number}"' in html


def test_report_pdf_embeds_a_cjk_font_and_shows_the_regions(run):
    reader = PdfReader(run["config"].reports_dir / "report.pdf")
    fonts = embedded_pdf_fonts(run["config"].reports_dir / "report.pdf")
    # Only the bundled font, embedded (cut to the report's characters): no system font.
    assert {name.split("+")[1] for name in fonts} == {"Noto-Sans-SC", "Noto-Sans-SC-Bold"}, fonts
    assert all(fonts.values()), fonts
    assert len(reader.pages) > 5
    for page in reader.pages:  # A4 portrait
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(width - 595.3) < 1 and abs(height - 841.9) < 1
    text = "".join(page.extract_text() for page in reader.pages)
    for region in FIXTURE_REGIONS:
        assert region in text
    assert "Findings" in text and "Notes on the data" in text
    assert re.search(r"\b1 / \d+", text)  # page numbers


def test_tables_and_figures_for_reuse(run):
    reports = run["config"].reports_dir
    csv = (reports / "tables" / "region_indicators.csv").read_bytes()
    assert csv.startswith(b"\xef\xbb\xbf")
    # The indicators with what readers see of them, not the report's bookkeeping.
    columns = pd.read_csv(reports / "tables" / "indicators.csv", nrows=0).columns
    assert {"indicator_id", "shown", "theme"} <= set(columns) and "occurrence" not in columns
    assert (reports / "tables" / "tables.xlsx").stat().st_size > 0
    assert (reports / "figures" / "measures_by_region.png").exists()
    assert not list((reports / "figures").glob("*.svg"))  # SVGs only when svg_figures is set
    sheets = pd.ExcelFile(reports / "tables" / "tables.xlsx").sheet_names
    for table in ("documents", "region_indicators", "region_measures"):
        assert table in sheets
        assert (reports / "tables" / f"{table}.csv").exists()
    for optional in ("region_terms", "document_similarity"):  # written by 04 when it can
        if (run["config"].processed_dir / f"{optional}.parquet").exists():
            assert optional in sheets


def test_each_figure_is_shown_in_the_cell_that_drew_it(run):
    # Figures are drawn by worker processes; each replaces its placeholder in its own cell.
    reports = run["config"].reports_dir
    notebook = nbformat.read(reports / "notebooks" / "04_compare_regions.ipynb", as_version=4)
    drawing_cells = [cell for cell in notebook.cells if "figures.show(" in cell.source]
    assert len(drawing_cells) == 5
    for cell in drawing_cells:
        outputs = [output.get("data", {}) for output in cell.outputs]
        assert outputs and all("image/png" in data for data in outputs), cell.source
        assert not any("being drawn" in data.get("text/plain", "") for data in outputs)
    (waiting,) = [cell for cell in notebook.cells if "figures.finish()" in cell.source]
    assert waiting.outputs == []
    sources = "".join(cell.source for cell in drawing_cells)
    for name in re.findall(r'figures\.(?:show|draw)\("(\w+)"', sources):
        assert (reports / "figures" / f"{name}.png").exists()


def test_failing_cell_stops_the_run_with_a_short_message(tmp_path):
    config = RunConfig(
        raw_dir=tmp_path / "no-such-folder",
        processed_dir=tmp_path / "processed",
        reports_dir=tmp_path / "reports",
        params_file=CONFIG_FILE,
        stages=["01_ingest"],
    )
    with pytest.raises(ChainError) as err:
        run_chain(config, log=lambda _: None)
    message = str(err.value)
    assert "01_ingest failed in cell" in message
    assert "ManifestError" in message and "no manifest" in message
    assert str(tmp_path / "reports" / "notebooks" / "01_ingest.ipynb") in message
    assert len(message.splitlines()) <= 3
    json.loads((tmp_path / "reports" / "notebooks" / "01_ingest.ipynb").read_text())
