import hashlib
import shutil
from pathlib import Path

import pandas as pd
import pytest
from helpers import ingest_corpus, ingest_to

from policy_corpus.contract import storage
from policy_corpus.contract.schema import validate_table
from policy_corpus.ingest.readers import IngestError

VARIANTS = Path(__file__).resolve().parents[2] / "fixtures" / "raw_variants"
HEADER = "doc_id,source_file,region_zh,region_en,region_code,admin_level,doc_type,published"


def corpus(tmp_path: Path, files: dict[str, str], extra_columns: str = "", rows=None) -> Path:
    """Copy fixture files into a raw folder and write a manifest row for each."""
    for name, source in files.items():
        shutil.copy(VARIANTS / source, tmp_path / name)
    lines = [HEADER + extra_columns]
    for i, name in enumerate(rows if rows is not None else files):
        lines.append(f"d{i},{name},示例县,Example,13010{i},county,news,2020")
    (tmp_path / "manifest.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return tmp_path


def test_fixture_corpus_ingests_four_and_reports_the_empty_file(fixture_corpus):
    result = ingest_corpus(fixture_corpus)
    validate_table("documents", result.documents)
    validate_table("sentences", result.sentences)
    assert len(result.documents) == 7
    assert [(p.source_file, p.severity) for p in result.issues] == [
        ("e_empty.txt", "error"),
        ("h_binary.bin", "error"),
        ("i_no_article.html", "error"),
    ]
    assert "Ingested 7 document(s); 3 not ingested." in result.summary()


def test_text_is_normalised_and_offsets_exact(fixture_corpus):
    result = ingest_corpus(fixture_corpus)
    texts = result.documents.set_index("doc_id")["text"]
    for row in result.sentences.itertuples():
        assert texts[row.doc_id][row.start : row.end] == row.text
    county = texts["county_summary"]
    assert "您当前的位置" not in county and "今天是" not in county  # web furniture removed
    assert "，" not in county  # NFKC: full-width punctuation folded
    assert county.startswith("某某县健康扶贫工作总结")


def test_title_falls_back_to_first_line_and_manifest_wins(fixture_corpus):
    docs = ingest_corpus(fixture_corpus).documents.set_index("doc_id")
    assert docs.loc["county_summary", "title"] == "某某县健康扶贫工作总结"
    assert docs.loc["city_plan", "doc_number"] == "示卫发〔2021〕3号"


def test_raw_files_are_never_modified(fixture_corpus):
    before = {p: hashlib.sha256(p.read_bytes()).digest() for p in fixture_corpus.iterdir()}
    ingest_corpus(fixture_corpus)
    assert before == {p: hashlib.sha256(p.read_bytes()).digest() for p in fixture_corpus.iterdir()}


SENTENCES = {
    "utf-8": "示例县贫困人口家庭医生签约率达到98.5%,累计签约2.1万人。",
    "gb18030": "示例市大病专项救治病种扩大到30种,镕㵘两地定点医院12家。",
    "big5": "示範縣貧困人口住院費用實際報銷比例達到90%,醫療救助覆蓋全部貧困戶。",
    "utf-16": "示例州远程医疗覆盖全部乡镇卫生院,培训乡村医生500人次。",
}


def test_every_encoding_and_format_in_one_corpus(tmp_path):
    for i, (encoding, text) in enumerate(SENTENCES.items()):
        (tmp_path / f"{i}.txt").write_bytes(text.encode(encoding))
    files = {"e.html": "article.html", "f.docx": "report.docx", "g.pdf": "text_layer.pdf"}
    result = ingest_corpus(corpus(tmp_path, files, rows=[*(f"{i}.txt" for i in range(4)), *files]))
    assert [p.problem for p in result.issues] == []
    docs = result.documents.set_index("source_file")
    assert docs["encoding"].tolist() == [
        "utf-8",
        "gb18030",
        "big5",
        "utf-16",
        *docs["encoding"][4:],
    ]
    assert docs.loc["f.docx", "encoding"] == "docx" and docs.loc["g.pdf", "encoding"] == "pdf"
    assert docs.loc["1.txt", "text"].startswith("示例市") and "镕㵘" in docs.loc["1.txt", "text"]
    assert docs.loc["2.txt", "text"].startswith(
        "示范县贫困人口住院费用实际报销比例"
    )  # to Simplified


@pytest.mark.parametrize(
    "broken", ["binary.bin", "truncated_utf8.txt", "no_article.html", "scanned.pdf", "empty.txt"]
)
def test_one_broken_file_does_not_stop_the_others(tmp_path, broken):
    suffix = Path(broken).suffix
    result = ingest_corpus(corpus(tmp_path, {"good.txt": "utf8.txt", f"bad{suffix}": broken}))
    assert result.documents["source_file"].tolist() == ["good.txt"]
    assert len(result.issues) == 1
    assert result.issues[0].source_file == f"bad{suffix}"
    assert result.issues[0].severity == "error"


def test_same_content_twice_is_reported_once(tmp_path):
    result = ingest_corpus(corpus(tmp_path, {"a.txt": "utf8.txt", "copy.txt": "utf8.txt"}))
    assert len(result.documents) == 1
    assert "duplicate of a.txt" in result.issues[0].problem


def test_same_article_as_web_page_and_copied_text_is_reported(tmp_path):
    shutil.copy(VARIANTS / "article.html", tmp_path / "page.html")
    copied = (
        "今年以来,全市持续推进健康扶贫“三个一批”行动,\n贫困人口大病专项救治病种扩大到30种。\n\n"
        "全市贫困人口县域内就诊率达到92.5%, 住院费用实际报销比例稳定在90%左右。\n"
        "市信息中心提醒:网页中出现的<script>标签属于代码示例,不会在页面上执行;"
        "家庭医生上门随访时也不会索要任何费用。\n"
    )
    (tmp_path / "copied.txt").write_text(copied, encoding="utf-8")
    result = ingest_corpus(corpus(tmp_path, {}, rows=["page.html", "copied.txt"]))
    assert result.documents["source_file"].tolist() == ["page.html"]
    assert "duplicate of page.html" in result.issues[0].problem


def test_nothing_ingested_is_an_error_naming_the_files(tmp_path):
    with pytest.raises(IngestError, match=r"empty\.txt"):
        ingest_corpus(corpus(tmp_path, {"empty.txt": "empty.txt"}))


def test_header_fills_what_the_manifest_leaves_empty(tmp_path):
    (tmp_path / "n.txt").write_text(
        "索引号: 000014349/2021-00012  文号: 示卫发〔2021〕7号\n"
        "发文单位: 示例县卫生健康局  发布日期: 2021年03月02日\n"
        "名称: 示例县2021年健康扶贫工作方案\n\n"
        "为巩固健康扶贫成果,制定本方案。贫困人口家庭医生签约率保持在95%以上。\n",
        encoding="utf-8",
    )
    (tmp_path / "manifest.csv").write_text(
        HEADER + ",issuer,doc_number,title\nn,n.txt,示例县,Example,130102,county,plan,2021,,,\n",
        encoding="utf-8",
    )
    doc = ingest_corpus(tmp_path).documents.iloc[0]
    assert doc["doc_number"] == "示卫发〔2021〕7号"
    assert doc["issuer"] == "示例县卫生健康局"
    assert doc["title"] == "示例县2021年健康扶贫工作方案"
    assert doc["published"] == "2021"  # the manifest wins where both speak
    assert "索引号" not in doc["text"]
    assert pd.notna(doc["sha256"])


def test_ingest_to_writes_nothing_when_no_document_can_be_ingested(tmp_path):
    processed = tmp_path / "processed"
    (tmp_path / "good").mkdir()
    (tmp_path / "bad").mkdir()
    report = ingest_to(processed, corpus(tmp_path / "good", {"a.txt": "utf8.txt"}))
    assert report.n_documents == 1 and "Ingested 1 document(s)" in report.summary()
    before = {p.name: p.read_bytes() for p in processed.iterdir()}
    with pytest.raises(IngestError, match="no document could be ingested"):
        ingest_to(processed, corpus(tmp_path / "bad", {"empty.txt": "empty.txt"}))
    assert {p.name: p.read_bytes() for p in processed.iterdir()} == before
    assert sorted(before) == ["documents.parquet", "ingest_issues.parquet", "sentences.parquet"]
    assert storage.count_rows("documents", processed) == 1


def test_metadata_read_from_the_pages_when_the_manifest_is_silent():
    """Web pages in other regions' styles: title, issuer, date as the page shows them."""
    genres = Path(__file__).resolve().parents[2] / "fixtures" / "genres"
    docs = ingest_corpus(genres).documents.set_index("doc_id")
    yunnan = docs.loc["yunnan_prefecture_news"]
    assert yunnan["title"] == "彩云州健康扶贫成效显著 贫困群众看病就医负担明显减轻"
    assert yunnan["issuer"] == "彩云州卫生健康委员会"
    hebei = docs.loc["hebei_county_page"]
    assert (hebei["title"], hebei["issuer"]) == ("太行县持续推进健康扶贫工作", "县卫生健康局")
    # The manifest's date wins over the page's (both say December 2019 here).
    assert hebei["published"] == "2019-12"
    assert docs.loc["gansu_city_plan", "title"] == "陇原市2019年健康扶贫工作实施方案"


def test_a_traditional_documents_title_follows_its_text_into_simplified(tmp_path):
    from policy_corpus.ingest.stage import document_row

    (tmp_path / "a.txt").write_text(SENTENCES["big5"] * 3, encoding="utf-8")
    row = pd.Series(
        {
            "doc_id": "a",
            "source_file": "a.txt",
            "region_zh": "示范县",
            "region_en": "Example",
            "region_code": "130102",
            "admin_level": "county",
            "doc_type": "news",
            "published": "2018-11",
            "issuer": "湖南日報",
            "doc_number": "",
            "title": "清溪縣健康扶貧成效顯著",
        }
    )
    record = document_row(row, tmp_path, simplify=True)
    assert record["converted_to_simplified"] is True
    assert (record["title"], record["issuer"]) == ("清溪县健康扶贫成效显著", "湖南日报")
    kept = document_row(row, tmp_path, simplify=False)
    assert kept["title"] == "清溪縣健康扶貧成效顯著"  # as written, when the text is kept too
