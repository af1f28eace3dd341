import pytest

from policy_corpus.text.layout import unwrap_printed_lines

# Lines of a printed plan, broken at 34 characters as a PDF's text layer breaks them.
PRINTED = [
    "  截至2017年底，全市有建档立卡贫困人口1.93万户7.42万人，其中因病致",
    "贫、因病返贫4571户1.76万人，约占贫困人口总数的",
    "23.7%；贫困人口年住院近1.3万人次，住院费用实际报销比例为82.4%。",
    "一、主要目标",
    "  到2018年底，贫困人口家庭医生签约服务率达到95%以上，大病专项救治病",
    "种扩大到21种，贫困人口县域内就诊率达到85%。市财政每年安排专项资金1200万",
    "元，其中800万元用于医疗救助和兜底保障，其余用于基层医疗卫生机构建设。",
    "（一）提高医疗保障水平",
    "  对建档立卡贫困人口参加城乡居民基本医疗保险的个人缴费部分，由财政按每人每",
    "年120元给予补贴，确保应保尽保，贫困人口大病保险起付线降低50%，由6000元降",
]


def test_lines_the_page_broke_are_joined_and_headings_kept():
    lines = unwrap_printed_lines("\n".join(PRINTED)).split("\n")
    assert lines[0] == (
        "  截至2017年底，全市有建档立卡贫困人口1.93万户7.42万人，其中因病致贫、因病返贫"
        "4571户1.76万人，约占贫困人口总数的23.7%；贫困人口年住院近1.3万人次，住院费用"
        "实际报销比例为82.4%。"
    )
    assert lines[1] == "一、主要目标"  # a heading opens a line of its own
    assert "专项资金1200万元，其中800万元" in lines[2]  # a number and its unit, together again
    assert lines[3] == "（一）提高医疗保障水平"
    assert lines[4].endswith(
        "每人每年120元给予补贴，确保应保尽保，贫困人口大病保险起付线降低50%，由6000元降"
    )


def test_a_sentence_broken_by_a_page_number_is_joined_across_it():
    page_one = PRINTED[:6]
    page_two = PRINTED[6:]
    text = "\n".join([*page_one, "", "— 2 —", "", *page_two])
    lines = unwrap_printed_lines(text).split("\n")
    assert "— 2 —" not in lines
    assert any("专项资金1200万元，其中800万元" in line for line in lines)


@pytest.mark.parametrize(
    ("label"), ["— 3 —", "- 12 -", "第3页", "第 3 页 共 12 页", "3/12", "－ 4 －"]
)
def test_page_number_lines_go(label):
    assert unwrap_printed_lines(f"第一段。\n\n{label}\n\n第二段。") == "第一段。\n\n第二段。"


def test_a_paragraph_per_line_is_left_as_it_is():
    # A web page or a Word file: long lines, each closing its sentences, and short headings.
    text = "\n".join(
        [
            "一、主要成效",
            "全县建档立卡贫困人口参保率达100%，贫困人口住院费用实际报销比例达到90.3%，"
            "门诊慢性病费用按80%的比例报销，家庭医生签约服务率达100%。",
            "二、存在问题",
            "基层医疗卫生服务能力仍然薄弱",
            "部分村卫生室缺少合格村医，乡镇卫生院全科医生不足",
        ]
        * 3
    )
    assert unwrap_printed_lines(text) == text


def test_latin_words_broken_by_the_page_keep_their_space():
    lines = [f"第{i}行内容较长，说明远程医疗平台使用Internet" for i in range(9)]
    text = "\n".join([*lines, "Plus服务，覆盖全部贫困村。"])
    assert "Internet Plus服务" in unwrap_printed_lines(text)
