import pandas as pd

from policy_corpus.writeup import Report, highlight, html_table


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
