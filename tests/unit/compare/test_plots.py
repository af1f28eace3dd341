import colorsys
import warnings

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.colors import to_rgb
from matplotlib.patches import Rectangle
from matplotlib.text import Text

from policy_corpus import compare
from policy_corpus.codebook import load_codebook
from policy_corpus.compare import plots, terms
from policy_corpus.contract import storage

# Four regions; the first three are the corpus, the fourth is "a sixth document" added later.
REGIONS = [
    ("110000", "北京市", "Beijing", "province", "2019", "远程医疗会诊下沉，远程医疗常态化。"),
    ("420302", "十堰市茅箭区", "Maojian", "district", "2020", "兜底核销政策落实，兜底核销及时。"),
    ("500000", "重庆市", "Chongqing", "province", "2020", "对口帮扶区县医院，对口帮扶专家下沉。"),
    (
        "650000",
        "新疆维吾尔自治区",
        "Xinjiang",
        "province",
        "2019",
        "南疆四地州体检，南疆义诊巡诊。",
    ),
]
MEASURES = {
    "110000": "telemedicine",
    "420302": "severe_illness_safety_net",
    "500000": "counterpart_support",
    "650000": "health_checks",
}


@pytest.fixture(scope="module")
def codebook():
    return load_codebook()


@pytest.fixture(scope="module")
def tokenizer(codebook):
    return terms.make_tokenizer(terms.codebook_words(codebook))


def corpus(n: int) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """documents, indicators and measure_mentions of the first ``n`` regions."""
    regions = REGIONS[:n]
    documents = pd.DataFrame(
        {
            "doc_id": [f"doc_{code}" for code, *_ in regions],
            "region_code": [code for code, *_ in regions],
            "region_zh": [zh for _, zh, *_ in regions],
            "region_en": [en for _, _, en, *_ in regions],
            "admin_level": [level for _, _, _, level, *_ in regions],
            "doc_type": "news",
            "published": [year for *_, year, _ in regions],
            "text": [f"健康扶贫工作。{text}大病保险报销。" for *_, text in regions],
        }
    )
    indicators = pd.DataFrame(
        [
            {
                "doc_id": f"doc_{code}",
                "start": 0,
                "end": 3,
                "text": "33种",
                "value": 30.0 + i,
                "value_max": None,
                "unit": "disease",
                "qualifier": "exact",
                # Every region states the change of its disease list: 9 → 30 + i.
                "change_from": 9.0,
                "region_code": code,
                "region_zh": zh,
                "indicator_id": "special_treatment_diseases",
                "indicator_zh": "大病专项救治病种数",
                "indicator_en": "Diseases under special treatment",
                "status": "policy_rule",
                "period": year,
                "scope": "贫困人口",
                "sentence": "救治病种从9种扩大到33种",
            }
            for i, (code, zh, _, _, year, _) in enumerate(regions)
        ]
    )
    mentions = pd.DataFrame(
        {
            "doc_id": [f"doc_{code}" for code, *_ in regions],
            "measure_id": [MEASURES[code] for code, *_ in regions],
            "measure_status": "done",
        }
    )
    return documents, indicators, mentions


def build(n: int, codebook, tokenizer, tmp_path) -> dict[str, object]:
    """Run what notebook 04 runs, on n regions; write the tables and the figures."""
    documents, indicators, mentions = corpus(n)
    regions = compare.regions_table(documents)
    region_indicators = compare.region_indicators_table(
        indicators, documents, compare.comparability(codebook)
    )
    region_measures = compare.region_measures_table(
        mentions, documents, compare.measure_catalogue(codebook)
    )
    doc_terms = terms.document_terms(documents, tokenizer)
    region_terms = terms.region_terms_table(doc_terms, documents, top_n=5)
    similarity = terms.document_similarity_table(doc_terms, documents["doc_id"])
    storage.write_tables(
        tmp_path / "processed",
        region_indicators=region_indicators,
        region_measures=region_measures,
        region_terms=region_terms,
        document_similarity=similarity,
    )
    plots.use_report_style()
    palette = plots.region_palette(regions["region_code"])
    shares = compare.tool_type_shares(region_measures)
    rows = compare.shared_indicators(region_indicators, 2)[0][1]
    figures = {
        "measures_by_region": plots.plot_measure_heatmap(region_measures, palette, codebook.groups),
        "tool_type_shares": plots.plot_tool_type_shares(shares, palette),
        "changes_over_time": plots.plot_changes_over_time(
            compare.changes_over_time(region_indicators), palette
        ),
        "distinctive_terms": plots.plot_distinctive_terms(region_terms, regions, palette),
        "document_similarity": plots.plot_document_similarity(
            terms.similarity_matrix(doc_terms, documents["doc_id"]), documents, palette
        ),
        "indicator_special_treatment_diseases": plots.plot_indicator_bars(rows, palette, "病种"),
    }
    texts = {name: figure_texts(fig) for name, fig in figures.items()}
    saved = {
        name: plots.save_figure(fig, tmp_path / "figures", name) for name, fig in figures.items()
    }
    return {
        "tables": {
            "region_indicators": region_indicators,
            "region_measures": region_measures,
            "region_terms": region_terms,
            "document_similarity": similarity,
            "tool_type_shares": shares,
        },
        "texts": texts,
        "saved": saved,
        "palette": palette,
        "figures": figures,
    }


def figure_texts(fig) -> str:
    return " ".join(t.get_text() for t in fig.findobj(Text))


@pytest.mark.parametrize("n", [3, 4])
def test_every_region_appears_in_every_table_and_figure(n, codebook, tokenizer, tmp_path):
    built = build(n, codebook, tokenizer, tmp_path)
    tables = built["tables"]
    for code, zh, *_ in REGIONS[:n]:
        for name in ("region_indicators", "region_measures", "region_terms", "tool_type_shares"):
            assert code in set(tables[name]["region_code"]), (name, code)
        pairs = tables["document_similarity"]
        assert f"doc_{code}" in set(pairs["doc_id_a"]) | set(pairs["doc_id_b"])
        for name, text in built["texts"].items():
            assert zh in text, (name, zh)
    assert len(tables["document_similarity"]) == n * (n - 1) // 2
    for code, *_ in REGIONS[n:]:
        assert code not in set(tables["region_measures"]["region_code"])


def test_adding_a_region_keeps_the_earlier_regions_colours_when_it_sorts_last():
    three = plots.region_palette([code for code, *_ in REGIONS[:3]])
    four = plots.region_palette([code for code, *_ in REGIONS])
    assert all(four[code] == colour for code, colour in three.items())


SEED_REGIONS = ["210000", "420302", "421200", "500000", "650000"]


def test_a_regions_colour_does_not_depend_on_the_other_regions():
    alone = {code: plots.region_palette([code])[code] for code in SEED_REGIONS}
    # Added first (110000 sorts before all), in the middle and last: nobody else changes.
    for added in ("110000", "440300", "820000"):
        palette = plots.region_palette([*SEED_REGIONS, added])
        assert {code: palette[code] for code in SEED_REGIONS} == alone


def test_the_seed_regions_have_distinct_colours_and_the_same_ones_every_run():
    colours = [plots.region_colour(code) for code in SEED_REGIONS]
    assert len({tuple(round(c, 3) for c in colour) for colour in colours}) == len(SEED_REGIONS)
    # Pinned: a change to the rule would recolour every earlier report's regions.
    assert tuple(round(c, 3) for c in plots.region_colour("650000")) == (0.135, 0.765, 0.61)


def test_a_city_is_drawn_in_its_provinces_hue():
    hue = {
        code: colorsys.rgb_to_hls(*plots.region_colour(code))[0] for code in ("420000", "421200")
    }
    assert hue["420000"] == pytest.approx(hue["421200"])


def test_figures_are_saved_as_png_with_fixed_names_and_as_svg_when_asked(
    codebook, tokenizer, tmp_path
):
    built = build(3, codebook, tokenizer, tmp_path)
    for name, paths in built["saved"].items():
        assert [p.name for p in paths] == [f"{name}.png"]
        assert paths[0].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    fig, ax = plt.subplots()
    ax.set_title("健康扶贫")
    png, svg = plots.save_figure(fig, tmp_path / "vector", "one", svg=True)
    assert (png.name, svg.name) == ("one.png", "one.svg")
    assert "<svg" in svg.read_text(encoding="utf-8")[:1000]


def bar_colours(fig) -> set[tuple[float, float, float]]:
    return {
        tuple(round(c, 4) for c in to_rgb(p.get_facecolor()))
        for ax in fig.axes
        for p in ax.patches
        if isinstance(p, Rectangle) and p.get_width() > 0 and p.get_height() > 0
    }


def test_region_coloured_figures_use_the_region_palette(codebook, tokenizer, tmp_path):
    built = build(3, codebook, tokenizer, tmp_path)
    expected = {tuple(round(c, 4) for c in colour) for colour in built["palette"].values()}
    for name in ("distinctive_terms", "indicator_special_treatment_diseases"):
        assert bar_colours(built["figures"][name]) == expected, name


def test_a_missing_glyph_in_a_figure_is_an_error(tmp_path):
    plots.use_report_style()
    region_terms = pd.DataFrame(
        {"region_code": ["110000"], "term": ["ཀཁ"], "keyness": [5.0], "rank": [1]}
    )
    regions = pd.DataFrame({"region_code": ["110000"], "region_zh": ["北京市"], "region_en": ["B"]})
    # The layout pass of the figure already measures the text, so the error may come from
    # drawing or from saving; either way no figure with an empty box is written.
    with pytest.raises(UserWarning, match="missing from"):
        fig = plots.plot_distinctive_terms(region_terms, regions, plots.region_palette(["110000"]))
        plots.save_figure(fig, tmp_path, "broken")
    plt.close("all")
    assert not (tmp_path / "broken.png").exists()


def test_chinese_renders_without_warnings(codebook, tokenizer, tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        build(4, codebook, tokenizer, tmp_path)


@pytest.mark.parametrize(
    ("flags", "common"),
    [
        ([["period_unknown", "approx_value"], ["period_unknown"]], "时期不详 period unknown"),
        (
            [["approx_value", "period_unknown"], ["period_unknown", "approx_value"]],
            "约数 approx value; 时期不详 period unknown",
        ),
        ([[], ["approx_value"]], ""),
        ([], ""),
    ],
)
def test_common_flags(flags, common):
    assert plots.common_flags(flags) == common


def test_empty_changes_still_make_a_figure(tmp_path):
    plots.use_report_style()
    fig = plots.plot_changes_over_time(pd.DataFrame(columns=["change_from"]), {})
    assert "No document states a change" in figure_texts(fig)
    plots.save_figure(fig, tmp_path, "changes_over_time")
    assert (tmp_path / "changes_over_time.png").exists()


def test_same_figure_twice_gives_identical_files(tmp_path):
    import matplotlib.pyplot as plt

    from policy_corpus.compare import plots

    plots.use_report_style()
    contents = []
    for run in ("a", "b"):
        fig, ax = plt.subplots()
        ax.set_title("健康扶贫 同一张图")
        paths = plots.save_figure(fig, tmp_path / run, "same")
        contents.append([p.read_bytes() for p in paths])
    assert contents[0] == contents[1]


def facts(n_regions: int, per_region: int) -> pd.DataFrame:
    rows = [
        {
            "region_code": f"{11 + r}0000",
            "region_zh": f"地区{r}",
            "status": "achieved" if k % 2 else "target",
            "period": f"{2016 + k}" if k else None,
            "doc_id": f"doc{r}_{k}",
            "start": k,
            "value": float(k),
            "display_value": str(k),
            "unit": "percent",
        }
        for r in range(n_regions)
        for k in range(per_region)
    ]
    return pd.DataFrame(rows)


def test_a_chart_of_many_facts_keeps_the_latest_per_region_and_status():
    many = facts(12, 5)  # 60 facts > MAX_BARS
    kept = plots.latest_per_region(many, max_rows=40)
    assert len(kept) == 12 * 2
    assert set(kept["period"]) == {"2019", "2020"}  # the latest achieved and target
    few = facts(3, 5)
    assert plots.latest_per_region(few, max_rows=40).equals(few)


def test_indicator_bars_of_many_facts_say_how_many_are_shown():
    plots.use_report_style()
    many = facts(12, 5)
    fig = plots.plot_indicator_bars(many, plots.region_palette(many["region_code"]), "比例")
    assert len(fig.axes[0].patches) == 24
    assert "24/60" in fig.axes[0].get_title()
    plt.close(fig)


def test_a_fact_that_is_not_a_level_is_drawn_and_labelled_as_what_it_is():
    # 统一执行最高支付比例70% beside standard ratios: the ceiling is not set beside them as a level.
    plots.use_report_style()
    rows = facts(3, 1).assign(value=[50.0, 60.0, 70.0], display_value=["50%", "60%", "70%"])
    rows["flags"] = [["population_unknown"], [], ["role_cap", "population_unknown"]]
    fig = plots.plot_indicator_bars(rows, plots.region_palette(rows["region_code"]), "支付比例")
    axes = fig.axes[0]
    labels = [t.get_text() for t in axes.texts]
    assert labels[:2] == [" 50%", " 60%"]
    assert labels[2] == " 70%（政策上限而非标准值）"
    assert [bar.get_hatch() for bar in axes.patches] == [None, None, "///"]
    plt.close(fig)


def test_region_similarity_figure_names_every_region():
    plots.use_report_style()
    codes = [f"{11 + r}0000" for r in range(20)]
    matrix = pd.DataFrame(0.5, index=codes, columns=codes)
    regions = pd.DataFrame({"region_code": codes, "region_zh": [f"地区{r}" for r in range(20)]})
    fig = plots.plot_region_similarity(matrix, regions, plots.region_palette(codes))
    labels = {t.get_text() for t in fig.axes[0].get_xticklabels()}
    assert labels == {f"地区{r}" for r in range(20)}
    assert not fig.axes[0].texts  # 20 regions: too many to write every value
    plt.close(fig)


def png_size(path) -> tuple[int, int]:
    data = path.read_bytes()  # the IHDR chunk: width and height, big-endian
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def test_a_saved_figure_keeps_its_text_inside_and_notebooks_show_the_saved_png(tmp_path):
    plots.use_report_style()
    many = facts(12, 5)
    palette = plots.region_palette(many["region_code"])
    long_title = "重特大疾病医疗救助比例 Payment ratio of medical assistance for major and " * 2
    fig = plots.plot_indicator_bars(many, palette, long_title)
    width_px = round(fig.get_figwidth() * plots.DPI)
    (png,) = plots.save_figure(fig, tmp_path, "one")
    # The title is broken into lines that fit, so the figure is saved at its own size.
    assert "\n" in fig.axes[0].get_title()
    assert png_size(png)[0] == width_px
    shown_bytes, size = plots.shown([png])._repr_png_()
    assert shown_bytes == png.read_bytes()
    assert size == {"width": png_size(png)[0] // 2, "height": png_size(png)[1] // 2}


def test_text_that_cannot_fit_widens_the_saved_figure_instead_of_being_cut_off(tmp_path):
    plots.use_report_style()
    fig, ax = plt.subplots(figsize=(4, 3), layout="constrained")
    ax.set_title("一个没有空格因而无法折行的很长很长很长很长很长很长很长很长很长的标题")
    (png,) = plots.save_figure(fig, tmp_path, "wide")
    assert png_size(png)[0] > 4 * plots.DPI


def test_a_saved_figure_keeps_no_pixel_buffer_and_draws_the_same_again(tmp_path):
    plots.use_report_style()
    many = facts(12, 5)
    palette = plots.region_palette(many["region_code"])
    figure = plots.plot_indicator_bars(many, palette, "比例")
    (first,) = plots.save_figure(figure, tmp_path / "a", "one")
    # A variable holding the figure keeps no pixels: neither its canvas nor any of its texts
    # (each keeps the renderer of its last draw) holds an Agg renderer.
    assert "renderer" not in vars(figure.canvas)
    assert not any(isinstance(vars(t).get("_renderer"), RendererAgg) for t in figure.findobj(Text))
    (again,) = plots.save_figure(figure, tmp_path / "b", "one")
    assert again.read_bytes() == first.read_bytes()


def test_measure_heatmap_writes_counts_for_few_regions_and_a_colour_bar_for_many():
    plots.use_report_style()
    codebook = load_codebook()
    measure = codebook.measures[0]

    def heatmap(n_regions: int):
        codes = [f"{11 + r}0000" for r in range(n_regions)]
        frame = pd.DataFrame(
            {
                "region_code": codes,
                "region_zh": [f"地区{r}" for r in range(n_regions)],
                "framework_group": measure.group,
                "measure_zh": measure.zh,
                "n_mentions": range(1, n_regions + 1),
            }
        )
        return plots.plot_measure_heatmap(frame, plots.region_palette(codes))

    few, many = heatmap(3), heatmap(plots.MAX_ANNOTATED + 5)
    assert [t.get_text() for t in few.axes[0].texts] == ["1", "2", "3"] and len(few.axes) == 1
    assert not many.axes[0].texts and len(many.axes) == 2  # the colour bar's axes
    assert many.get_figwidth() < few.get_figwidth() * (plots.MAX_ANNOTATED + 5) / 3
    plt.close("all")


@pytest.mark.parametrize(
    ("n_regions", "longest"),
    [(1, "村卫生室标准化建设"), (5, "Telemedicine 5G"), (31, "村卫生室标准化建设"), (3, "一" * 30)],
)
def test_distinctive_term_panels_keep_their_text_apart_and_inside(n_regions, longest):
    """Laid out from the text's sizes: no label runs into the next panel or off the figure."""
    plots.use_report_style()
    codes = [f"{11 + i}0000" for i in range(n_regions)]
    terms_of = [longest, "医共体", "5G", "远程医疗"]
    region_terms = pd.DataFrame(
        [
            {"region_code": code, "term": term, "keyness": 10.0 - rank, "rank": rank + 1}
            for code in codes
            for rank, term in enumerate(terms_of)
        ]
    )
    regions = pd.DataFrame(
        {"region_code": codes, "region_zh": "新疆维吾尔自治区", "region_en": "Xinjiang Uygur"}
    )
    fig = plots.plot_distinctive_terms(region_terms, regions, plots.region_palette(codes))
    fig.set_dpi(plots.DPI)  # as saved
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = [ax.get_tightbbox(renderer) for ax in fig.axes if ax.axison]
    assert len(boxes) == n_regions
    for i, box in enumerate(boxes):
        assert fig.bbox.containsx(box.x0) and fig.bbox.containsx(box.x1)
        assert fig.bbox.containsy(box.y0) and fig.bbox.containsy(box.y1)
        assert not any(box.overlaps(other) for other in boxes[i + 1 :])
    title = fig._suptitle.get_window_extent(renderer)
    assert not any(title.overlaps(box) for box in boxes)
    plt.close(fig)
