import pandas as pd

from policy_corpus.display import Note, format_cell, format_percent, show


def test_large_numbers_are_written_out_not_in_scientific_notation():
    assert format_cell(69040000.0) == "69,040,000"
    assert "e+07" not in show(pd.DataFrame({"value": [69040000.0]}), "t").to_html()


def test_shares_are_shown_as_percentages():
    html = show(pd.DataFrame({"supply": [0.565217]}), "t", percent=["supply"]).to_html()
    assert "56.5%" in html and "0.565217" not in html


def test_every_row_and_the_whole_text_is_shown():
    message = "数值违反其领域规则，很可能读错。" * 20
    frame = pd.DataFrame({"message": [message] * 120})
    html = show(frame, "Validation issues").to_html()
    assert html.count(message) == 120


def test_missing_values_are_empty_and_booleans_are_words():
    assert [format_cell(v) for v in (None, float("nan"), True, "辽宁省")] == [
        "",
        "",
        "yes",
        "辽宁省",
    ]
    assert format_percent(float("nan")) == ""


def test_an_empty_table_shows_its_sentence():
    shown = show(pd.DataFrame({"problem": []}), "t", empty="No file was refused.")
    assert isinstance(shown, Note)
    assert shown._repr_html_() == "<p><em>No file was refused.</em></p>"


def test_a_long_table_shows_its_first_rows_and_says_how_many_there_are():
    html = show(pd.DataFrame({"n": range(1000)}), "Facts", max_rows=10).to_html()
    assert "Facts (the first 10 of 1,000 rows)" in html
    assert html.count("<tr>") == 11  # the header and ten rows
