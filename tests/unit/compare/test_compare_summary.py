import pandas as pd

from policy_corpus.compare.summary import comparison_in_words, flags_in_words


def test_flags_are_in_the_words_of_the_vocabulary():
    assert flags_in_words(["admin_levels", "plan_vs_achievement"]) == (
        "different administrative levels\nplan vs achievement"
    )
    assert flags_in_words(["admin_levels"], "zh") == "行政级别不同"
    assert flags_in_words([]) == ""


def test_the_comparison_names_status_period_and_flags_in_words():
    region_indicators = pd.DataFrame(
        {
            "indicator_zh": ["参保率"],
            "indicator_en": ["Insurance coverage"],
            "region_zh": ["辽宁省"],
            "admin_level": ["province"],
            "display_value": ["91.42%"],
            "status": ["target"],
            "period": ["cumulative-to-2020-09"],
            "comparable": [True],
            "flags": [["plan_vs_achievement"]],
        }
    )
    row = comparison_in_words(region_indicators).iloc[0]
    assert (row["status"], row["period"], row["flags"]) == (
        "target",
        "cumulative to 2020-09",
        "plan vs achievement",
    )
