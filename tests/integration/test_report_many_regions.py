"""The report of a corpus over China's 31 provincial-level regions, as a reader gets it.

The corpus is made as scripts/bench_whole.py makes it (the seeds' sentences recombined, spread
over the 31 regions, two documents each); the whole chain runs on it, PDF included. A report
of this many regions must stay short enough to read (at most 40 pages), give each region its
own page, linked both ways, and draw in a browser with its comparison in one line per
indicator and its map of provinces.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from typing import Any

import pytest
from bench_scale import make_corpus
from bench_whole import PROVINCES, spread_regions
from helpers import embedded_pdf_fonts
from pypdf import PdfReader

from policy_corpus.contract.paths import CONFIG_FILE, TEMPLATES_DIR
from policy_corpus.run.chain import RunConfig, run_chain
from policy_corpus.writeup import tilemap

pytestmark = pytest.mark.integration

MAX_PAGES = 40


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("many_regions")
    make_corpus(out / "raw", 2 * len(PROVINCES))
    spread_regions(out / "raw", len(PROVINCES))
    config = RunConfig(
        raw_dir=out / "raw",
        processed_dir=out / "processed",
        reports_dir=out / "reports",
        params_file=CONFIG_FILE,
    )
    run_chain(config, log=lambda _: None)
    reports = config.reports_dir
    return {"reports": reports, "html": (reports / "report.html").read_text(encoding="utf-8")}


def test_the_pdf_of_31_regions_stays_readable_in_length(many):
    pages = len(PdfReader(many["reports"] / "report.pdf").pages)
    assert pages <= MAX_PAGES, pages


def test_the_pdf_draws_everything_in_the_bundled_font_cut_to_it(many):
    # The dot plots' and the map's SVG text included: a system font would be embedded whole.
    fonts = embedded_pdf_fonts(many["reports"] / "report.pdf")
    assert {name.split("+")[1] for name in fonts} == {"Noto-Sans-SC", "Noto-Sans-SC-Bold"}
    assert max(fonts.values()) < 400_000


def test_each_region_has_its_page_linked_both_ways(many):
    pages = sorted((many["reports"] / "regions").glob("*.html"))
    assert [p.stem for p in pages] == sorted(code for code, _, _ in PROVINCES)
    for page in pages:
        assert f'href="regions/{page.stem}.html"' in many["html"], page.stem
        text = page.read_text(encoding="utf-8")
        assert f'href="../report.html#region-{page.stem}"' in text
        assert f'id="region-{page.stem}"' in many["html"]


def test_the_comparison_takes_one_line_per_indicator_and_the_map_every_province(many):
    html = many["html"]
    assert 'class="spread"' in html and 'class="compared"' not in html
    compared = re.search(r'<table class="spread">.*?</table>', html, re.S).group(0)
    names = re.findall(r"<tr><td>([^<]+)", compared)
    assert names and len(names) == len(set(names))  # one line per indicator
    figure = re.search(r'<figure class="tilemap">.*?</figure>', html, re.S).group(0)
    assert figure.count("<rect ") == len(tilemap.TILES)


@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium is not installed")
def test_the_browser_draws_the_new_sections(many, tmp_path):
    command = [
        "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom",
        (many["reports"] / "report.html").as_uri(),
    ]  # fmt: skip
    dom = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert dom.returncode == 0, dom.stderr[-2000:]
    for anchor in ("findings", "profiles", "comparison", "timeline", "measures", "provenance"):
        assert f'id="{anchor}"' in dom.stdout, anchor
    assert '<table class="spread">' in dom.stdout and '<figure class="tilemap">' in dom.stdout
    assert 'class="dotplot"' in dom.stdout  # distributions, not thirty values a line


def test_every_table_of_the_pdf_is_laid_out_fixed(many):
    # Auto layout measures the narrowest width of every cell's text, each CJK character a
    # break: at 31 regions it took a quarter of the PDF's time. A table added without a class
    # that print.css lays out fixed would bring that cost back. The changes over time keep auto
    # layout: a handful of rows, measured as fast either way.
    print_css = (TEMPLATES_DIR / "report_zh" / "print.css").read_text(encoding="utf-8")
    fixed = set()
    for selectors, body in re.findall(r"([^{}]+)\{([^}]*)\}", print_css):
        if "table-layout: fixed" in body:
            fixed |= set(re.findall(r"table\.([a-z]+)", selectors))
            fixed |= {"params"} if ".params table" in selectors else set()
    html = many["html"]
    tables = list(re.finditer(r'<table(?: class="([a-z ]*)")?>', html))
    assert len(tables) >= 5
    for table in tables:
        classes = set((table.group(1) or "").split())
        if html[: table.start()].endswith('<div class="params">'):
            classes.add("params")
        assert classes & (fixed | {"timeline"}), table.group(0)
