"""report.html in a real browser: headless Chromium loads it, shows its sections and draws it.

Uses the report of the shared chain run (tests/integration/conftest.py). Skipped where Chromium
is not installed (.ci/run installs it when it runs as root); `make report` never needs it.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from policy_corpus.writeup.report import SECTIONS

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(
        shutil.which("chromium") is None,
        reason="chromium is not installed (apt-get install chromium, or run .ci/run as root)",
    ),
]

WIDTH, HEIGHT = 1280, 2000


def chromium(profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run headless Chromium without network, sync or a shared profile."""
    command = [
        "chromium",
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        *args,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture(scope="module")
def page(run, tmp_path_factory) -> dict[str, object]:
    report = run["config"].reports_dir / "report.html"
    tmp = tmp_path_factory.mktemp("browser")
    dom = chromium(tmp / "profile-dom", "--dump-dom", report.as_uri())
    shot = tmp / "report.png"
    screenshot = chromium(
        tmp / "profile-shot",
        f"--screenshot={shot}",
        f"--window-size={WIDTH},{HEIGHT}",
        "--hide-scrollbars",
        report.as_uri(),
    )
    return {"dom": dom, "screenshot": screenshot, "png": shot}


def test_the_page_loads_with_all_its_sections(page):
    dom = page["dom"]
    assert dom.returncode == 0, dom.stderr[-2000:]
    html = dom.stdout
    assert html.rstrip().endswith("</html>")
    assert '<html lang="zh"' in html
    for section in SECTIONS:
        assert f'id="{section}"' in html, section
    assert 'id="fact-1"' in html and "<script" not in html


def test_the_screenshot_shows_the_report(page):
    assert page["screenshot"].returncode == 0, page["screenshot"].stderr[-2000:]
    image = Image.open(page["png"]).convert("RGB")
    assert image.size == (WIDTH, HEIGHT)
    colours = image.getcolors(maxcolors=1 << 20)
    assert colours is None or len(colours) > 50  # not a blank or single-colour page
    grey = image.convert("L")
    ink = sum(count for value, count in enumerate(grey.histogram()) if value < 200)
    share = ink / (WIDTH * HEIGHT)
    assert 0.01 < share < 0.6, share  # text and tables, neither empty nor a solid block
