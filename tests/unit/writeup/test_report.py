import re

import pandas as pd
import pytest

from policy_corpus.writeup.report import (
    SECTIONS,
    Report,
    highlight,
    html_table,
)


def test_table_cells_are_escaped():
    html = html_table(pd.DataFrame({"title": ["<script>alert(1)</script>"]}))
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_markup_columns_are_kept_and_others_escaped():
    frame = pd.DataFrame({"value": ['<a href="#fact-1">90%</a>'], "note": ["<b>"]})
    html = html_table(frame, markup=("value",))
    assert '<a href="#fact-1">90%</a>' in html
    assert "&lt;b&gt;" in html


def test_highlight_marks_the_number_and_escapes_the_sentence():
    assert highlight("<p>报销比例90%</p>", "90%") == "&lt;p&gt;报销比例<mark>90%</mark>&lt;/p&gt;"
    assert highlight("no number here", "90%") == "no number here"


def test_every_cited_number_gets_an_appendix_entry(tmp_path):
    documents = pd.DataFrame({"doc_id": ["d"], "region_zh": ["示例县"], "title": ["<i>标题</i>"]})
    report = Report(tmp_path, tmp_path, "en", {"documents": documents})
    row = pd.Series({"doc_id": "d", "start": 5, "text": "90%", "sentence": "报销比例达到90%。"})
    link = report.cite(row, "90%")
    assert link == '<a href="#fact-1" id="cite-1">90%</a>'
    appendix = report.provenance_section()
    assert 'id="fact-1"' in appendix
    assert "<mark>90%</mark>" in appendix
    assert "&lt;i&gt;标题&lt;/i&gt;" in appendix


# --- a whole report from small hand-made frames ----------------------------------------------

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
            "text": ["", ""],
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


SECTION_METHODS = (
    "title_block",
    "toc",
    "summary",
    "corpus_section",
    "methods_section",
    "comparison_section",
    "measures_section",
    "wording_section",
    "profiles_section",
    "issues_section",
    "unclassified_section",
    "notes_section",
    "provenance_section",
)


def full_report(tmp_path, language="en", tables=None):
    report = Report(tmp_path, tmp_path, language, tables or small_tables())
    return report, "".join(getattr(report, name)() for name in SECTION_METHODS)


def test_document_text_with_a_script_is_shown_as_text(tmp_path):
    report, html = full_report(tmp_path)
    assert "<script" not in html and "<b>签约" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    # the sentence with the script is quoted in the appendix, its number highlighted
    fact = next(f for f in report.cited if f["doc_id"] == "b" and f["start"] == 10)
    entry = html.split(f'id="fact-{fact["n"]}"', 1)[1].split("</li>", 1)[0]
    assert "<mark>85%</mark>&lt;script&gt;alert(1)&lt;/script&gt;" in entry


@pytest.mark.parametrize("language", ["en", "zh"])
def test_every_section_is_in_the_contents_and_every_link_has_a_target(tmp_path, language):
    _, html = full_report(tmp_path, language)
    for section in SECTIONS:
        assert f'<h2 id="{section}">' in html
        assert f'href="#{section}"' in html
    for target in re.findall(r'href="#([^"]+)"', html):
        assert f'id="{target}"' in html, target


def test_the_chinese_report_has_no_english_labels(tmp_path):
    _, html = full_report(tmp_path, "zh")
    for english in ("Summary of findings", "achieved", "target", "province", "Caution", "plan vs"):
        assert english not in html, english
    for chinese in (
        "主要发现",
        "已实现",
        "目标",
        "省级",
        "行政级别不同",
        "研究方法",
        "数据说明与局限",
    ):
        assert chinese in html, chinese


def test_comparison_groups_rows_by_indicator_and_states_shared_flags_once(tmp_path):
    report = Report(tmp_path, tmp_path, "en", small_tables())
    html = report.comparison_section()
    assert html.count('<tr class="group">') == 1
    group = html.split('<tr class="group">', 1)[1].split("</tr>", 1)[0]
    assert "Inpatient reimbursement ratio" in group and "2 regions" in group
    assert "All rows: different administrative levels; plan vs achievement" in group
    rows = html.split("</tr>", 2)[2]
    assert "approx value" in rows and rows.count("plan vs achievement") == 0


def test_summary_sentences_cite_their_numbers(tmp_path):
    report = Report(tmp_path, tmp_path, "en", small_tables())
    html = report.summary()
    assert "is reported by 2 regions" in html
    assert re.search(r'甲省 <a href="#fact-\d+" id="cite-\d+">90%</a> \(achieved, 2019\)', html)
    assert "Caution: different administrative levels" in html
    assert "2 documents from 2 regions" in html


def test_region_profiles_give_key_numbers_measures_and_terms(tmp_path):
    report = Report(tmp_path, tmp_path, "en", small_tables())
    html = report.profiles_section()
    jia, yi = html.split('<h3 id="region-120101">')
    assert '<h3 id="region-110000">甲省 (Jia, province)</h3>' in jia
    assert "90%</a>" in jia and "家庭医生签约 (Family doctors) (4 mentions)" in jia
    assert "远程医疗 (Telemedicine) (1 mention)" in jia and "义诊" in jia
    assert "85%</a>" in yi and "远程医疗" not in yi  # a measure it never mentions is left out


def test_a_number_cited_twice_has_one_appendix_entry(tmp_path):
    report, html = full_report(tmp_path)
    keys = [(f["doc_id"], f["start"]) for f in report.cited]
    assert len(keys) == len(set(keys))
    assert html.count('id="cite-1"') == 1


def test_wording_section_without_terms_or_similarity_says_so(tmp_path):
    tables = small_tables()
    tables["region_terms"] = pd.DataFrame()
    tables["document_similarity"] = pd.DataFrame()
    html = Report(tmp_path, tmp_path, "en", tables).wording_section()
    assert "did not compute" in html


def test_wording_section_lists_terms_and_each_pair_once(tmp_path):
    html = Report(tmp_path, tmp_path, "en", small_tables()).wording_section()
    assert "义诊 (5)" in html and "&lt;b&gt;签约&lt;/b&gt; (3)" in html
    assert html.count("0.40") == 1


def test_notes_count_plans_periods_and_unmatched_numbers(tmp_path):
    html = Report(tmp_path, tmp_path, "en", small_tables()).notes_section()
    assert "1 of the 2 documents are work plans" in html
    assert "Of 3 quantities, 1 (33%) have no period" in html
    assert "1 (33%) match no codebook indicator" in html


def test_methods_and_issues_sections(tmp_path):
    report = Report(tmp_path, tmp_path, "zh", small_tables())
    assert "可比性提示" in report.methods_section()
    issues = report.issues_section()
    assert "同一指标数值冲突" in issues and "警告" in issues


def test_parameters_come_from_the_run_record(tmp_path):
    from policy_corpus.run import state

    record = {
        "format": state.FORMAT_VERSION,
        "stages": {
            "01_ingest": {"parameters": {"max_document_mb": 20, "n_jobs": 2}},
            "04_compare_regions": {"parameters": {"min_regions": 3, "codebook_dir": ""}},
        },
    }
    state.save_manifest(tmp_path / state.RUN_MANIFEST, record)
    report = Report(tmp_path / "p", tmp_path, "en", small_tables())
    html = report.title_block()
    assert "max_document_mb = 20" in html and "min_regions = 3" in html
    assert "codebook_dir = (empty)" in html and "n_jobs" not in html
    assert f"reports_dir = {tmp_path}" in html and "language = en" in html


def test_exports_include_optional_tables_when_written(tmp_path):
    tables = small_tables()
    for name, frame in tables.items():
        if not frame.empty:
            frame.to_parquet(tmp_path / f"{name}.parquet")
    written = Report(tmp_path, tmp_path, "en", tables).export_tables()
    names = {p.name for p in written}
    assert {"region_terms.csv", "document_similarity.csv", "tables.xlsx"} <= names
    assert "region_terms" in pd.ExcelFile(tmp_path / "tables" / "tables.xlsx").sheet_names
