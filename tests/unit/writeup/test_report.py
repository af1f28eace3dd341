"""The write-up: sections rendered from templates, escaping, citations, both languages."""

import base64
import io
import re

import openpyxl
import pandas as pd
import pytest
from fontTools.ttLib import TTFont
from helpers import record_calls

from policy_corpus import fonts
from policy_corpus.writeup import report as report_module
from policy_corpus.writeup import tilemap
from policy_corpus.writeup.report import (
    MAX_TIMELINE,
    REQUIRED_TABLES,
    SECTIONS,
    Citations,
    Writeup,
    citation_records,
    column_guide,
    words,
)

SCRIPT = "<script>alert(1)</script>"


def small_tables() -> dict[str, pd.DataFrame]:
    """Two regions, three documents' worth of contract tables; one sentence carries a script."""
    documents = pd.DataFrame(
        {
            "doc_id": ["a", "b"],
            "source_file": ["a.txt", "b.html"],
            "region_zh": ["甲省", "乙县"],
            "region_en": ["Jia", "Yi"],
            "region_code": ["110000", "120101"],
            "admin_level": ["province", "county"],
            "doc_type": ["summary", "plan"],
            "published": ["2019", "2020-04"],
            "issuer": ["甲省卫健委", None],
            "title": ["甲省总结", f"乙县方案{SCRIPT}"],
            "text": [
                "贫困人口住院费用报销比例达到90%。",
                f"到2020年报销比例提高到85%{SCRIPT}。新建卫生院3家。",
            ],
            "n_chars": [1200, 800],
            "converted_to_simplified": [False, True],
        }
    )
    sentence_a = "贫困人口住院费用报销比例达到90%。"
    sentence_b = f"到2020年报销比例提高到85%{SCRIPT}。"
    facts = pd.DataFrame(
        {
            "doc_id": ["a", "b", "b"],
            "start": [12, 10, 30],
            "text": ["90%", "85%", "3家"],
            "value": [90.0, 85.0, 3.0],
            "value_max": [None, None, None],
            "unit": ["percent", "percent", "institution"],
            "qualifier": ["exact", "exact", "exact"],
            "change_from": [None, None, None],
            "sentence": [sentence_a, sentence_b, "新建卫生院3家。"],
            "region_code": ["110000", "120101", "120101"],
            "region_zh": ["甲省", "乙县", "乙县"],
            "indicator_id": ["inpatient_ratio", "inpatient_ratio", "other"],
            "indicator_zh": ["住院费用报销比例", "住院费用报销比例", "卫生院"],
            "indicator_en": ["Inpatient reimbursement ratio", "Inpatient reimbursement ratio", ""],
            "status": ["achieved", "target", "achieved"],
            "role": ["level", "level", "level"],
            "period": ["2019", "2020", None],
            "scope": ["贫困人口", "贫困人口", None],
        }
    )
    region_indicators = facts.loc[facts["indicator_id"] != "other"].assign(
        admin_level=["province", "county"],
        region_en=["Jia", "Yi"],
        display_value=["90%", "85%"],
        comparable=True,
        flags=[
            ["admin_levels", "plan_vs_achievement"],
            ["admin_levels", "plan_vs_achievement", "approx_value"],
        ],
    )
    region_indicators = region_indicators.drop(columns="text")
    region_measures = pd.DataFrame(
        {
            "region_code": ["110000", "110000", "120101", "120101"],
            "region_zh": ["甲省", "甲省", "乙县", "乙县"],
            "region_en": ["Jia", "Jia", "Yi", "Yi"],
            "measure_id": ["family_doctor", "telemedicine"] * 2,
            "measure_zh": ["家庭医生签约", "远程医疗"] * 2,
            "measure_en": ["Family doctors", "Telemedicine"] * 2,
            "framework_group": ["看得上病"] * 4,
            "tool_type": ["supply", "supply"] * 2,
            "n_mentions": [4, 1, 2, 0],
            "n_documents": [1, 1, 1, 0],
            "n_done": [3, 1, 0, 0],
        }
    )
    validation = pd.DataFrame(
        {
            "table": ["indicators"],
            "doc_id": ["b"],
            "start": [10],
            "check": ["conflicting_values"],
            "severity": ["warning"],
            "message": [f"check {SCRIPT}"],
        }
    )
    terms = pd.DataFrame(
        {
            "region_code": ["110000", "120101"],
            "region_zh": ["甲省", "乙县"],
            "term": ["义诊", "<b>签约</b>"],
            "count": [5, 3],
            "count_rest": [0, 1],
            "keyness": [4.2, 2.1],
            "rank": [1, 1],
        }
    )
    similarity = pd.DataFrame(
        {"doc_id_a": ["a", "b"], "doc_id_b": ["b", "a"], "similarity": [0.4, 0.4]}
    )
    return {
        "documents": documents,
        "indicators": facts,
        "region_indicators": region_indicators.reset_index(drop=True),
        "region_measures": region_measures,
        "validation_issues": validation,
        "ingest_issues": pd.DataFrame(),
        "measure_mentions": pd.DataFrame(),
        "quantities": pd.DataFrame(),
        "region_terms": terms,
        "document_similarity": similarity,
    }


ALL = ("cover", *SECTIONS)


def full_report(tmp_path, language="en", tables=None):
    report = Writeup(tmp_path, tmp_path, language, tables or small_tables())
    return report, "".join(report.section(name) for name in ALL)


def test_both_languages_have_every_word():
    assert words("en").keys() == words("zh").keys()


def test_a_cited_number_links_to_one_appendix_entry():
    citations = Citations()
    fact = {"doc_id": "d", "start": 5, "shown": "90%", "text": "90%", "sentence": "达到90%。"}
    assert str(citations.cite(fact)) == '<a href="#fact-1" id="cite-1">90%</a>'
    assert str(citations.cite(fact)) == '<a href="#fact-1">90%</a>'
    assert len(citations.entries) == 1


def test_document_text_with_a_script_is_shown_as_text(tmp_path):
    _, html = full_report(tmp_path)
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


@pytest.mark.parametrize("language", ["en", "zh"])
def test_every_section_is_in_the_contents_and_every_link_has_a_target(tmp_path, language):
    _, html = full_report(tmp_path, language)
    for section in SECTIONS:
        assert f'href="#{section}"' in html and f'id="{section}"' in html
    for target in re.findall(r'href="#([^"]+)"', html):
        assert f'id="{target}"' in html, target


def test_every_cited_number_is_quoted_in_the_appendix(tmp_path):
    _, html = full_report(tmp_path)
    cited = set(re.findall(r'href="#fact-(\d+)"', html))
    assert cited
    for number in cited:
        assert f'id="fact-{number}"' in html
    assert "<mark>90%</mark>" in html


ENGLISH_WORD = re.compile(r"\b[A-Za-z]{2,}\b")


def english_words(html: str) -> list[str]:
    """English words a reader sees: tags, attributes and identifiers (ids, file names) removed."""
    text = re.sub(r"<style.*?</style>", " ", html, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"\S*/\S*", " ", text)  # paths and file names
    text = re.sub(r"[\w./-]+\.(?:csv|html|txt|yaml|parquet)\b", " ", text)
    text = re.sub(r"\b\w+ = \S+", " ", text)  # the run's parameters (appendix)
    text = re.sub(r"\b\w+_\w+\b", " ", text)  # identifiers
    return ENGLISH_WORD.findall(text)


def test_the_chinese_report_has_at_most_15_english_words(tmp_path):
    tables = small_tables()
    for name, frame in tables.items():  # the documents' own markup aside
        tables[name] = frame.map(
            lambda v: re.sub(r"</?\w+>|alert\(1\)", "", v) if isinstance(v, str) else v
        )
    _, html = full_report(tmp_path, "zh", tables)
    found = english_words(html.replace(SCRIPT, ""))
    assert len(found) <= 15, found


def test_findings_state_who_reports_what_and_cite_it(tmp_path):
    report = Writeup(tmp_path, tmp_path, "en", small_tables())
    html = report.section("findings")
    assert "is reported by 2 regions" in html
    assert 'href="#fact-' in html
    assert "Caution: different administrative levels" in html


def test_profiles_give_achievements_and_measures_done_or_planned(tmp_path):
    report = Writeup(tmp_path, tmp_path, "en", small_tables())
    html = report.section("profiles")
    assert html.count('class="profile"') == 2
    assert "Key achievements" in html and "家庭医生签约" in html
    assert 'href="regions/110000.html"' in html


def test_region_pages_link_back_to_the_report(tmp_path):
    report = Writeup(tmp_path, tmp_path, "zh", small_tables())
    pages = report.write_region_pages()
    assert [p.name for p in pages] == ["110000.html", "120101.html"]
    page = pages[0].read_text(encoding="utf-8")
    assert 'href="../report.html#region-110000"' in page and 'id="fact-1"' in page


def test_files_written_meanwhile_are_those_written_here(tmp_path):
    # The region pages and exports, written by a child process while the sections are built,
    # are the files the notebook would write itself (the xlsx holds its write time: not compared).
    here, meanwhile = tmp_path / "here", tmp_path / "meanwhile"
    report = Writeup(here, here, "zh", small_tables())
    pages, tables = report.write_region_pages(), report.export_tables()
    files = Writeup(meanwhile, meanwhile, "zh", small_tables()).start_writing_files()
    pages_meanwhile, tables_meanwhile = files.result()
    for ours, theirs in zip(pages + tables, pages_meanwhile + tables_meanwhile, strict=True):
        assert ours.relative_to(here) == theirs.relative_to(meanwhile)
        if ours.suffix != ".xlsx":
            assert ours.read_bytes() == theirs.read_bytes()


def embedded_font_characters(page: str) -> set[str]:
    data = base64.b64decode(page.split("data:font/woff;base64,", 1)[1].split('"', 1)[0])
    return {chr(code) for code in TTFont(io.BytesIO(data)).getBestCmap()}


def test_region_pages_carry_one_cjk_font_for_all_their_characters(tmp_path, monkeypatch):
    cuts = record_calls(monkeypatch, fonts, "font_subset_css")
    written = Writeup(tmp_path, tmp_path, "zh", small_tables()).write_region_pages()
    assert len(written) == 2 and len(cuts) == 1  # one cut for every page, not one a page
    for path in written:
        page = path.read_text(encoding="utf-8")
        # A machine without CJK fonts shows the page from the font it carries: every Chinese
        # character of the page is in it, and the page's font stack names it first.
        chinese = {c for c in page if "\u4e00" <= c <= "\u9fff"}
        assert chinese and chinese <= embedded_font_characters(page)
        assert '--jp-content-font-family: "Noto Sans SC"' in page


def test_exports_have_a_guide_sheet_frozen_headers_and_filters(tmp_path):
    tables = small_tables()
    written = Writeup(tmp_path, tmp_path, "zh", tables).export_tables()
    book = openpyxl.load_workbook(next(p for p in written if p.suffix == ".xlsx"))
    assert book.sheetnames[0] == "columns"
    sheet = book["indicators"]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref
    statuses = {row[0].value for row in sheet.iter_rows(min_row=2) if row}
    assert "achieved" not in str([c.value for c in sheet[1]])  # headers are column names
    assert column_guide(["documents"])["column"].tolist()[0] == "doc_id"
    del statuses


def tables_of_many_regions(n_regions: int = 12) -> dict[str, pd.DataFrame]:
    """``n_regions`` provinces, each with one document reporting the inpatient ratio it reached
    (raised from a lower one), a starting value, and the two measures of small_tables()."""
    tables = small_tables()
    codes = [f"{11 + i}0000" for i in range(n_regions)]
    names = [f"{chr(0x7532 + i)}省" for i in range(n_regions)]
    sentence = "住院费用报销比例由70%提高到90%。"
    documents = pd.DataFrame(
        {
            "doc_id": [f"d{i}" for i in range(n_regions)],
            "source_file": [f"d{i}.txt" for i in range(n_regions)],
            "region_zh": names,
            "region_en": [f"P{i}" for i in range(n_regions)],
            "region_code": codes,
            "admin_level": "province",
            "doc_type": "summary",
            "published": "2019",
            "issuer": None,
            "title": [f"{n}总结" for n in names],
            "text": sentence,
            "n_chars": 1000,
            "converted_to_simplified": False,
        }
    )
    one = tables["indicators"].iloc[[0]]
    facts = pd.concat(
        [
            one.assign(
                doc_id=f"d{i}",
                region_code=c,
                region_zh=n,
                value=80.0 + i,
                change_from=70.0,
                start=13,
                text="90%",
                sentence=sentence,
            )
            for i, (c, n) in enumerate(zip(codes, names, strict=True))
        ]
        + [
            one.assign(
                doc_id=f"d{i}",
                region_code=c,
                region_zh=n,
                value=70.0,
                role="from_value",
                start=9,
                text="70%",
                sentence=sentence,
            )
            for i, (c, n) in enumerate(zip(codes, names, strict=True))
        ],
        ignore_index=True,
    )
    region_indicators = facts.drop(columns="text").assign(
        admin_level="province",
        region_en="P",
        display_value=[f"{v:g}%" for v in facts["value"]],
        comparable=True,
        flags=[["different_years"]] * len(facts),
    )
    measures = tables["region_measures"].iloc[:2]
    region_measures = pd.concat(
        [measures.assign(region_code=c, region_zh=n) for c, n in zip(codes, names, strict=True)],
        ignore_index=True,
    )
    return {
        **tables,
        "documents": documents,
        "indicators": facts,
        "region_indicators": region_indicators,
        "region_measures": region_measures,
        "validation_issues": pd.DataFrame(),
    }


def test_with_many_regions_each_compared_indicator_takes_one_line(tmp_path):
    report = Writeup(tmp_path, tmp_path, "en", tables_of_many_regions(30))
    html = report.section("comparison")
    assert 'class="spread"' in html and 'class="compared"' not in html
    row = re.search(r"<tr><td>Inpatient reimbursement ratio.*?</tr>", html, re.S).group(0)
    assert ">30<" in row  # regions with a level
    assert "70% → 80%" in row and "70% → 109%" in row  # lowest and highest, as changes
    assert "30 starting values" in row  # never set beside the levels
    assert html.count("<tr><td") == 1 + MAX_TIMELINE  # one indicator, the timeline capped
    assert "further changes are on the region pages" in html
    documents = tables_of_many_regions(30)["documents"]
    quoted = citation_records(report.citations.entries, documents, None)
    assert all(q["number"] and q["before"] for q in quoted)  # the ends keep their sentence


def test_with_few_regions_the_comparison_lists_every_value(tmp_path):
    html = Writeup(tmp_path, tmp_path, "en", small_tables()).section("comparison")
    assert 'class="compared"' in html and 'class="spread"' not in html


def test_a_corpus_over_five_provinces_gets_a_tile_map(tmp_path):
    html = Writeup(tmp_path, tmp_path, "zh", tables_of_many_regions(6)).section("measures")
    assert html.count("<rect ") == len(tilemap.TILES)
    assert "甲省" not in html.split("<svg")[1].split("</svg>")[0]  # tiles name provinces
    assert "北京" in html and "天津" in html
    few = Writeup(tmp_path, tmp_path, "zh", tables_of_many_regions(4)).section("measures")
    assert "<rect " not in few


def test_with_many_regions_the_corpus_is_counted_by_region(tmp_path):
    html = Writeup(tmp_path, tmp_path, "en", tables_of_many_regions(12)).section("corpus")
    assert html.count('href="regions/') == 12
    assert "甲省总结" not in html  # titles are on the region pages


def test_region_pages_show_starting_values_as_such(tmp_path):
    report = Writeup(tmp_path, tmp_path, "en", tables_of_many_regions(6))
    page = report.write_region_pages()[0].read_text(encoding="utf-8")
    assert "Starting values, amounts of change and ceilings" in page
    assert re.search(r"70%</a>[^<]*, starting value", page)


def test_a_table_too_long_for_the_workbook_is_named_in_its_guide(tmp_path, monkeypatch):
    monkeypatch.setattr(report_module, "WORKBOOK_MAX_ROWS", 2)
    written = Writeup(tmp_path, tmp_path, "en", small_tables()).export_tables()
    book = openpyxl.load_workbook(next(p for p in written if p.suffix == ".xlsx"))
    assert "indicators" not in book.sheetnames and "documents" in book.sheetnames
    guide = [[c.value for c in row] for row in book["columns"].iter_rows(min_row=2)]
    assert {"doc_id", "sentence"} <= {row[1] for row in guide if row[0] == "indicators"}
    assert any(row[3] == "tables/indicators.csv only (3 rows)" for row in guide)
    csv = pd.read_csv(tmp_path / "tables" / "indicators.csv", encoding="utf-8-sig")
    assert len(csv) == 3  # the CSV keeps every row


def test_the_candidates_are_counted_from_the_file_not_read(tmp_path):
    tables = small_tables()
    pd.DataFrame({"doc_id": ["a"] * 7}).to_parquet(tmp_path / "quantities.parquet")
    for name in REQUIRED_TABLES:
        tables[name].to_parquet(tmp_path / f"{name}.parquet")
    report = Writeup.load(tmp_path, tmp_path, "en")
    assert len(report.table("quantities")) == 7 and report.table("quantities").columns.empty
    assert "7" in report.section("methods")


def test_the_appendix_highlights_the_cited_one_of_two_equal_numbers():
    sentence = "乡镇卫生院至少有1名医师,村卫生室至少有1名乡村医生。"
    documents = pd.DataFrame(
        {"doc_id": ["d"], "text": ["标题\n" + sentence], "region_zh": ["甲省"], "title": ["t"]}
    )
    second = 3 + sentence.rindex("至少有1名")
    entry = {"n": 1, "shown": "1", "doc_id": "d", "start": second, "text": "至少有1名"}
    quoted = citation_records([{**entry, "sentence": sentence}], documents, None)[0]
    assert quoted["before"].endswith("村卫生室") and quoted["number"] == "至少有1名"


def test_compared_values_are_highlighted_in_their_sentence(tmp_path):
    report = Writeup(tmp_path, tmp_path, "en", small_tables())
    report.section("comparison")
    quoted = citation_records(report.citations.entries, small_tables()["documents"], None)
    assert quoted and all(q["number"] for q in quoted)


def test_long_tables_are_exported_from_their_files_as_they_would_be_whole(tmp_path, monkeypatch):
    whole, streamed = tmp_path / "whole", tmp_path / "streamed"
    report = Writeup(whole, whole, "zh", small_tables())
    report.section("findings")  # the indicators gain what readers see of them (facts)
    report.export_tables()
    files = tmp_path / "files"
    files.mkdir()
    for name, frame in small_tables().items():
        frame.to_parquet(files / f"{name}.parquet")
    monkeypatch.setattr(report_module, "WORKBOOK_MAX_ROWS", 1)
    monkeypatch.setattr(report_module, "ROW_GROUP_ROWS", 2)  # several parts
    report = Writeup.load(files, streamed, "zh")
    report.section("findings")
    report.export_tables()
    for name in ("documents", "indicators", "region_indicators", "measure_mentions"):
        csv = (streamed / "tables" / f"{name}.csv").read_bytes()
        assert csv == (whole / "tables" / f"{name}.csv").read_bytes(), name
    assert "shown" in (streamed / "tables" / "indicators.csv").read_text(encoding="utf-8-sig")


def test_the_texts_are_read_from_the_file_and_held_packed(tmp_path):
    tables = small_tables()
    for name, frame in tables.items():
        frame.to_parquet(tmp_path / f"{name}.parquet")
    report = Writeup.load(tmp_path, tmp_path, "en")
    assert "text" not in report.table("documents")
    texts = report._texts
    docs = tables["documents"]
    assert dict(texts) == dict(zip(docs["doc_id"], docs["text"], strict=True))
    in_memory = Writeup(tmp_path, tmp_path, "en", small_tables())
    assert report.section("profiles") == in_memory.section("profiles")
    assert report.section("provenance") == in_memory.section("provenance")


def test_with_many_regions_a_target_is_named_and_left_out_of_the_median(tmp_path):
    tables = tables_of_many_regions(8)
    facts = tables["indicators"]
    # The region with the highest value (87%) states it as a goal, not as reached.
    planned = (facts["doc_id"] == "d7") & (facts["role"] == "level")
    tables["indicators"] = facts.assign(status=facts["status"].mask(planned, "target"))
    ri = tables["region_indicators"]
    planned = (ri["doc_id"] == "d7") & (ri["role"] == "level")
    tables["region_indicators"] = ri.assign(status=ri["status"].mask(planned, "target"))
    html = Writeup(tmp_path, tmp_path, "en", tables).section("findings")
    item = re.search(r"<b>Inpatient reimbursement ratio</b>.*?</li>", html, re.S).group(0)
    # median of 80 … 86 (the seven reached), not of all eight; the goal is named as one
    assert "median 83% (of the 7 achieved values)" in item
    assert re.search(r"to target <a[^>]*>70% → 87%</a>", item), item
    assert "open for a target or a rule" in html


def test_a_figure_of_one_place_inside_a_region_is_not_compared(tmp_path):
    tables = tables_of_many_regions(8)
    # d7's level is the figure of one county of that province (a row of its county table).
    for name in ("indicators", "region_indicators"):
        frame = tables[name]
        county = (frame["doc_id"] == "d7") & (frame["role"] == "level")
        tables[name] = frame.assign(scope=frame["scope"].mask(county, "朗措县"))
    report = Writeup(tmp_path, tmp_path, "en", tables)
    findings = report.section("findings")
    assert "is reported by 7 regions" in findings and "87%" not in findings
    row = re.search(
        r"<tr><td>Inpatient reimbursement ratio.*?</tr>", report.section("comparison"), re.S
    ).group(0)
    assert ">7<" in row and "87%" not in row  # seven regions with a level of their own
