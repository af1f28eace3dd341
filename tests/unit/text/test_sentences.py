"""Sentence splitting with exact offsets and section paths."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policy_corpus.ingest.readers import read_document
from policy_corpus.text.normalize import normalize_text
from policy_corpus.text.sentences import Sentence, heading_marker, split_sentences

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "raw_variants"


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("报销比例达到90%。签约率达到100%。", ["报销比例达到90%。", "签约率达到100%。"]),
        ("是否达标?已达标!继续巩固;不松懈", ["是否达标?", "已达标!", "继续巩固;", "不松懈"]),
        ("是否达标？已达标！继续巩固；", ["是否达标？", "已达标！", "继续巩固；"]),
        # closing quotes and brackets stay with the sentence they close
        ("他说：“看病不再难。”群众满意。", ["他说：“看病不再难。”", "群众满意。"]),
        ("(详见附件。)下一步。", ["(详见附件。)", "下一步。"]),
        ("「先诊疗后付费。」「一站式结算！」", ["「先诊疗后付费。」", "「一站式结算！」"]),
        # line breaks end sentences; whitespace and empty lines are dropped
        ("  标题  \n\n\u3000正文一句。  \n   \n", ["标题", "正文一句。"]),
        ("第一句。。。第二句", ["第一句。。。", "第二句"]),
        # decimals and ellipses do not end a sentence
        ("覆盖率达到92.5%...继续提高", ["覆盖率达到92.5%...继续提高"]),
        # inline list items after a colon or space
        (
            "主要措施:(1)提高报销比例 (2)降低起付线",
            ["主要措施:", "(1)提高报销比例", "(2)降低起付线"],
        ),
        ("", []),
        ("\n \n", []),
    ],
)
def test_split_sentences_text(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


PLAN = """某县2020年健康扶贫工作要点
2020年是决胜之年。
一、强化医疗保障
(一)提高报销比例。住院费用实际报销比例达到90%。
1.门诊慢病
慢病门诊报销比例不低于80%。
(1)高血压
纳入签约管理。
2.大病救治
(二)降低起付线
起付线降低50%。
二、加强能力建设
一是加强县医院建设。二是加强村卫生室建设。
第一章 附则
本要点自印发之日起施行。"""

S1 = "一、强化医疗保障"
S2 = S1 + " > (一)提高报销比例"
S3 = S2 + " > 1.门诊慢病"
S4 = S3 + " > (1)高血压"
S5 = S2 + " > 2.大病救治"
S6 = S1 + " > (二)降低起付线"
S7 = "二、加强能力建设"


def test_split_sentences_sections() -> None:
    assert [(s.text, s.section) for s in split_sentences(PLAN)] == [
        ("某县2020年健康扶贫工作要点", ""),
        ("2020年是决胜之年。", ""),
        ("一、强化医疗保障", S1),
        ("(一)提高报销比例。", S2),
        ("住院费用实际报销比例达到90%。", S2),
        ("1.门诊慢病", S3),
        ("慢病门诊报销比例不低于80%。", S3),
        ("(1)高血压", S4),
        ("纳入签约管理。", S4),
        ("2.大病救治", S5),
        ("(二)降低起付线", S6),
        ("起付线降低50%。", S6),
        ("二、加强能力建设", S7),
        ("一是加强县医院建设。", S7 + " > 一是加强县医院建设"),
        ("二是加强村卫生室建设。", S7 + " > 二是加强村卫生室建设"),
        # 第…章 first appears last, so it ranks deepest: a known limit of first-appearance order
        ("第一章 附则", S7 + " > 二是加强村卫生室建设 > 第一章 附则"),
        ("本要点自印发之日起施行。", S7 + " > 二是加强村卫生室建设 > 第一章 附则"),
    ]


def test_full_width_headings_before_normalisation() -> None:
    text = "二、强化医疗保障\n（一）提高报销比例\n住院报销比例达到90%。"
    assert split_sentences(text)[-1].section == "二、强化医疗保障 > （一）提高报销比例"


def test_levels_follow_first_appearance() -> None:
    # News reports number top-level items with 1、 and sub-items with 一是.
    text = "1、大病救治\n一是扩大病种。二是提高比例。\n2、慢病签约\n一是全覆盖。"
    assert [s.section for s in split_sentences(text)] == [
        "1、大病救治",
        "1、大病救治 > 一是扩大病种",
        "1、大病救治 > 二是提高比例",
        "2、慢病签约",
        "2、慢病签约 > 一是全覆盖",
    ]


def test_long_list_item_is_a_section_with_a_short_label() -> None:
    item = (
        "1、全面落实贫困人口参保缴费资助政策,确保建档立卡贫困人口全部参加基本医疗保险和大病保险,"
        "参保率稳定在100%,并做好与医疗救助的衔接工作。"
    )
    sentences = split_sentences("二、医疗保障\n" + item + "\n要按月报送进度。")
    expected = "二、医疗保障 > 1、全面落实贫困人口参保缴费资助政策"
    assert [s.section for s in sentences[1:]] == [expected, expected]


@pytest.mark.parametrize(
    ("sentence", "marker"),
    [
        ("一、总体要求", "一、"),
        ("十二、其他", "一、"),
        ("(三)加强培训", "(一)"),
        ("（三）加强培训", "(一)"),
        ("3.远程医疗", "1."),
        ("3、远程医疗", "1、"),
        ("(2)家庭医生", "(1)"),
        ("（12）家庭医生", "(1)"),
        ("第二章 保障措施", "第章"),
        ("第三部分 工作要求", "第部分"),
        ("三是推进人居环境改善。", "一是"),
        ("1.5万人次接受义诊。", None),
        ("2019年、2020年连续获评先进。", None),
        ("2018、2019年连续两年获得通报表扬。", None),
        ("一是", "一是"),
        ("健康扶贫", None),
    ],
)
def test_heading_marker(sentence: str, marker: str | None) -> None:
    assert heading_marker(sentence) == marker


def _assert_exact(text: str, sentences: list[Sentence]) -> None:
    previous_end = 0
    for s in sentences:
        assert text[s.start : s.end] == s.text
        assert s.text and s.text == s.text.strip()
        assert previous_end <= s.start < s.end
        previous_end = s.end


_ALPHABET = st.sampled_from(
    [*"健康扶贫医疗一二三是、.()（）1290%。！？；!?;”」） \u3000\n\r\t", "一、", "(一)", "1."]
)


@given(st.lists(_ALPHABET, max_size=120).map("".join))
def test_offsets_are_exact(text: str) -> None:
    _assert_exact(text, split_sentences(text))


@given(st.text(max_size=200))
def test_offsets_are_exact_on_any_text(text: str) -> None:
    _assert_exact(text, split_sentences(text))


READABLE = [
    *(FIXTURES / name for name in ("utf8.txt", "gb18030.txt", "big5.txt", "utf16.txt")),
    *(FIXTURES / name for name in ("crlf_utf8.md", "article.html", "wrong_charset.htm")),
    *(FIXTURES / name for name in ("report.docx", "text_layer.pdf")),
    *sorted((Path(__file__).resolve().parents[3] / "data" / "raw").glob("*.txt")),
]


@pytest.mark.parametrize("path", READABLE, ids=lambda p: p.name)
def test_offsets_are_exact_on_every_fixture(path: Path) -> None:
    raw = read_document(path)
    for text in (raw.text, normalize_text(raw.text)):
        sentences = split_sentences(text)
        assert sentences
        _assert_exact(text, sentences)
