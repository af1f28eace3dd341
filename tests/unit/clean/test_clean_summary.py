import pandas as pd

from policy_corpus.clean.summary import indicators_by_region, validation_issues_in_full


def indicator(region_code, region_zh, value, status, period, unit="percent"):
    return {
        "region_code": region_code,
        "region_zh": region_zh,
        "indicator_id": "coverage",
        "indicator_zh": "参保率",
        "indicator_en": "Insurance coverage",
        "value": value,
        "value_max": float("nan"),
        "unit": unit,
        "qualifier": "exact",
        "change_from": float("nan"),
        "status": status,
        "period": period,
    }


def test_each_regions_values_are_listed_with_status_and_period():
    indicators = pd.DataFrame(
        [
            indicator("650000", "新疆", 99.0, "target", "2020"),
            indicator("210000", "辽宁", 91.42, "achieved", "as-of-2019"),
            indicator("210000", "辽宁", 69040000.0, "achieved", "unspecified", unit="yuan"),
        ]
    )
    table = indicators_by_region(indicators)
    assert list(table.columns) == ["indicator_id", "indicator_zh", "indicator_en", "辽宁", "新疆"]
    assert table["辽宁"].iat[0] == "91.42% (achieved, as of 2019)\n6,904万元 (achieved)"
    assert table["新疆"].iat[0] == "99% (target, 2020)"


def test_validation_issues_keep_their_message_whole_errors_first():
    message = "coverage of 120% in region 辽宁省 is above 100%: probably misread " * 3
    issues = pd.DataFrame(
        {
            "table": ["indicators", "indicators"],
            "doc_id": ["a", "b"],
            "start": [5, 1],
            "check": ["percent_range", "percent_range"],
            "severity": ["warning", "error"],
            "message": ["odd", message],
        }
    )
    table = validation_issues_in_full(issues)
    assert table["message"].tolist() == [message, "odd"]
    assert table["severity"].tolist() == ["error", "warning"]
