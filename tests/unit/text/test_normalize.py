"""Text normalisation and Traditional → Simplified conversion."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policy_corpus.text.normalize import is_traditional, normalize_text, to_simplified


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # NFKC: full-width digits, letters, percent and ASCII-able punctuation
        ("签约率达到９８．５％", "签约率达到98.5%"),
        ("ＩＣＵ床位１２张", "ICU床位12张"),
        ("（一）提高报销比例：９０％；", "(一)提高报销比例:90%;"),
        ("是否达标？是！", "是否达标?是!"),
        # characters NFKC keeps: 。、“”《》【】〔〕
        ("《通知》〔2020〕20号“一站式”结算。", "《通知》〔2020〕20号“一站式”结算。"),
        # odd spaces folded, invisible characters removed
        ("\u3000\u3000全县贫困人口", "  全县贫困人口"),
        ("家庭\xa0医生", "家庭 医生"),
        ("健康\u200b扶贫\ufeff工作\u00ad", "健康扶贫工作"),
        ("指标\t完成值", "指标 完成值"),
        # line breaks
        ("第一行\r\n第二行\r第三行", "第一行\n第二行\n第三行"),
        ("第一页\x0c第二页", "第一页\n第二页"),
        # trailing spaces stripped per line, leading kept
        ("一、总体要求   \n  内容\u3000\n", "一、总体要求\n  内容"),
        # blank lines: 1 or 2 kept, 3 or more collapsed to 1, none at the edges
        ("甲\n\n乙", "甲\n\n乙"),
        ("甲\n\n\n乙", "甲\n\n\n乙"),
        ("甲\n\n\n\n乙", "甲\n\n乙"),
        ("甲\n \n\u3000\n\xa0\n\n乙", "甲\n\n乙"),
        ("\n\n\n标题\n\n\n\n\n", "标题"),
        # stray control characters
        ("报销\x07比例\x00", "报销比例"),
        ("", ""),
    ],
)
def test_normalize_text(text: str, expected: str) -> None:
    assert normalize_text(text) == expected


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_normalize_text_is_idempotent(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once


@given(st.text(alphabet="健康扶贫１２％ \u3000\xa0\t\r\n，。", max_size=200))
def test_normalize_text_invariants(text: str) -> None:
    result = normalize_text(text)
    assert "\r" not in result and "\t" not in result and "\u3000" not in result
    assert "\n\n\n\n" not in result
    assert all(line == line.rstrip(" ") for line in result.split("\n"))


@pytest.mark.parametrize(
    ("text", "expected", "converted"),
    [
        ("縣級醫院與鄉鎮衛生院組建醫療共同體。", "县级医院与乡镇卫生院组建医疗共同体。", True),
        ("建檔立卡貧困人口住院費用報銷比例90%。", "建档立卡贫困人口住院费用报销比例90%。", True),
        ("推動家庭醫生簽約", "推动家庭医生签约", True),
        ("推动家庭医生签约服务。", "推动家庭医生签约服务。", False),
        # 乾县 is a county name and 徵 an occasional variant: two changed characters in a long
        # Simplified sentence must not flag it (t2s would write 干县).
        (
            "全县各乡镇卫生院借此机会徵求群众意见，乾县卫生院开展健康扶贫义诊活动，覆盖全县贫困人口。",
            "全县各乡镇卫生院借此机会徵求群众意见，乾县卫生院开展健康扶贫义诊活动，覆盖全县贫困人口。",
            False,
        ),
        ("显著提高", "显著提高", False),
        ("Report 2020", "Report 2020", False),
        ("", "", False),
    ],
)  # fmt: skip
def test_to_simplified(text: str, expected: str, converted: bool) -> None:
    assert to_simplified(text) == (expected, converted)
    assert is_traditional(text) is converted
