"""body: what a page keeps (GUIDELINES.md §1) and its publication date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from vnfacts.pipeline.body import extract_body, find_stamp, parse_published
from vnfacts.pipeline.html import html_to_text
from vnfacts.pipeline.types import VN_TZ


def _vn(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=VN_TZ)


# ---------------------------------------------------------------- the seeds (../shared/seeds)

SEED_CASES = [
    # (seed file prefix, kept, dropped)
    ("000", ["Quang cảnh buổi tổng kết", "Anh Tâm", "Phó Chỉnh ủy Bộ Chỉ huy"],
     ["Tin Liên Quan", "Phiên làm việc thứ Nhất", "Sẵn sàng cho lễ khởi công"]),
    ("001", ["Ngày 21/1, Bộ chỉ huy", "Nguồn: Sở TT&TT Lào Cai"], ["\nimg\n"]),
    ("002", ["5115/CTr-BTTTT-BTLBP", "đánh giá Chương trình phối hợp"],
     ["Phản hồi", "Các tin khác"]),
    ("003", ["(Ngày đăng :06/05/2021 12:00:00 SA)", "Giai đoạn 2012-2020"],
     ["Trang chủ", "Tin liên quan", "Đo lường sự hài lòng", "2168 người online",
      "Chịu trách nhiệm nội dung", "Điện thoại", "banbientap@laichau.gov.vn", "ChungnhanTinNhiemMang"]),
    ("004", ["Ngày cập nhật 28/12/2019", "05 ý kiến tham luận", "Pano tuyên truyền tại Cửa khẩu A Đớt",
             "Quang Huy"],
     ["Tìm kiếm", "Liên kết website", "UBND phường, xã, thị trấn", "Các tin khác",
      "Xem tin theo ngày", "Tổng truy cập", "7.103.112", "Truy cập hiện tại", "3.619 khách"]),
]


def _seed(shared_dir: Path, prefix: str) -> str:
    (path,) = (shared_dir / "seeds").glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


@pytest.mark.shared
@pytest.mark.parametrize(("prefix", "kept", "dropped"), SEED_CASES)
def test_seed_body(shared_dir: Path, prefix: str, kept: list[str], dropped: list[str]) -> None:
    body = extract_body(_seed(shared_dir, prefix), "txt")
    for s in kept:
        assert s in body.text
    for s in dropped:
        assert s not in body.text


@pytest.mark.shared
@pytest.mark.parametrize(
    ("prefix", "first_line", "last_line"),
    [
        ("000", "Đẩy mạnh công tác thông tin tuyên truyền và thông tin đối ngoại khu vực biên giới, cửa khẩu", "Anh Tâm"),
        ("003", "Hiệu quả từ Chương trình phối hợp trong công tác thông tin, truyền thông và thông tin đối ngoại tại khu vực biên giới.", None),
        ("004", "Công tác thông tin đối ngoại đã nâng lên một tầm mới", "Quang Huy"),
    ],
)
def test_seed_body_bounds(shared_dir: Path, prefix: str, first_line: str, last_line: str | None) -> None:
    lines = extract_body(_seed(shared_dir, prefix), "txt").text.split("\n")
    assert lines[0] == first_line
    if last_line is not None:
        assert lines[-1] == last_line


@pytest.mark.shared
def test_seed_repeated_caption_kept_once(shared_dir: Path) -> None:
    text = extract_body(_seed(shared_dir, "002"), "txt").text
    assert text.count("Đại tá Trịnh Hữu Tăng, Chính ủy Bộ Chỉ huy Bộ đội Biên phòng tỉnh Lạng Sơn phát biểu tại Lễ ký kết") == 1


@pytest.mark.shared
@pytest.mark.parametrize(
    ("prefix", "published"),
    [("003", _vn(2021, 5, 6, 0, 0)), ("004", _vn(2019, 12, 28, 0, 0)), ("000", None), ("001", None)],
)
def test_seed_published(shared_dir: Path, prefix: str, published: dt.datetime | None) -> None:
    assert extract_body(_seed(shared_dir, prefix), "txt").published == published


# ---------------------------------------------------------------- converted pages (.md)


@pytest.mark.shared
def test_md_corpus_drops_teasers_and_markup(shared_dir: Path) -> None:
    files = sorted((shared_dir / "corpus").glob("*.md"))
    assert len(files) == 61
    for path in files:
        body = extract_body(path.read_text(encoding="utf-8"), "md")
        assert "Xem chi tiết" not in body.text, path.name
        assert "](http" not in body.text and "![" not in body.text, path.name
        assert "=====" not in body.text and "-----" not in body.text, path.name
        assert ":gift:" not in body.text and "**" not in body.text, path.name
        assert body.text.split("\n", 1)[0] == body.title, path.name


@pytest.mark.shared
@pytest.mark.parametrize(
    ("name", "kept", "dropped"),
    [
        # the teaser repeats the first caption: the caption paragraph stays, once
        ("004_mot-dem", ["Lực lượng Biên phòng, Hải quan phối hợp kiểm tra, chốt chặn tại xã Tú Mịch",
                         "Nhiều lán dã chiến đã được lực lượng Biên phòng, Hải quan dựng lên tại các đường mòn, lối mở. Ảnh: H.Nụ.",
                         "Đảo Lê", "(HDDTVN)- Những ngày đầu tháng 3"],
         ["more(HDDTVN)", "hddtvn.com"]),
        ("020_bat-giu", ["Bắt giữ thêm 6 đối tượng"],
         ["Long An: Bắt số lượng lớn ma túy và vũ khí tại biên giới Kiến Tường"]),  # a related-link line
    ],
)
def test_md_body(shared_dir: Path, name: str, kept: list[str], dropped: list[str]) -> None:
    (path,) = (shared_dir / "corpus").glob(f"{name}*.md")
    text = extract_body(path.read_text(encoding="utf-8"), "md").text
    for s in kept:
        assert s in text
    for s in dropped:
        assert s not in text
    assert text.count("Lực lượng Biên phòng, Hải quan phối hợp kiểm tra, chốt chặn tại xã Tú Mịch") <= 1


# ---------------------------------------------------------------- small tables (no ../shared)


@pytest.mark.parametrize(
    ("raw", "fmt", "expected"),
    [
        ("Tiêu đề\n\nĐoạn một.\n\nTin liên quan\n\nBài khác một\n\nBài khác hai", "txt", "Tiêu đề\n\nĐoạn một."),
        ("Tiêu đề\nĐoạn một.\nCác tin khác:\nBài khác", "txt", "Tiêu đề\nĐoạn một."),
        ("Tiêu đề\nĐoạn một.\n[img]\nChú thích ảnh. Ảnh: N.H\nĐoạn một.", "txt",
         "Tiêu đề\nĐoạn một.\nChú thích ảnh. Ảnh: N.H\nĐoạn một."),  # not adjacent: both stay
        ("Tiêu đề\nĐoạn một.\nĐoạn một.\nHết.", "txt", "Tiêu đề\nĐoạn một.\nHết."),
        ("Tin chính\nCó 2168 người dự.\n2168 người online", "txt", "Tin chính\nCó 2168 người dự."),
        ("Tin chính\nChia sẻ kinh nghiệm quản lý biên giới\nĐiện thoại: 0213.3791.558", "txt",
         "Tin chính\nChia sẻ kinh nghiệm quản lý biên giới"),  # a heading starting like a button stays
        ("Tin\n(Ngày đăng :06/05/2021 12:00:00 SA)\nNội dung.", "txt",
         "Tin\n(Ngày đăng :06/05/2021 12:00:00 SA)\nNội dung."),
        ("Tiêu đề\n=====\n\n[:gift:Xem chi tiết ở đây:gift:](https://x.vn/a)Chú thích\n-----\n\n"
         "![ảnh](https://x.vn/a.jpg \"Chú thích\")\n\nĐoạn có [liên kết](https://x.vn/b) và **đậm**.\n\n"
         "[Bài khác](https://x.vn/c)\n\nmore(HDDTVN) – Sapo.", "md",
         "Tiêu đề\n\nĐoạn có liên kết và đậm.\n\n(HDDTVN) – Sapo."),
        ("Title: Tin A - VnExpress\nSource: VnExpress\nLink: https://vnexpress.net/a\n"
         "Published Date: Thứ bảy, 17/2/2024, 21:35 (GMT+7)\nAuthor: X\nTags: a, b\n"
         "Summary: Hà Nội- Sapo lặp lại.\nContent: Hà NộiSapo lặp lại. Thân bài.", "txt",
         "Tin A - VnExpress\n\nThứ bảy, 17/2/2024, 21:35 (GMT+7)\n\nHà NộiSapo lặp lại. Thân bài."),
    ],
)
def test_extract_body_table(raw: str, fmt: str, expected: str) -> None:
    assert extract_body(raw, fmt).text == expected


@pytest.mark.parametrize(
    "heading",
    ["Tin liên quan", "Tin Liên Quan", "TIN LIÊN QUAN:", "Các tin khác", "CÁC TIN KHÁC", "Tin khác",
     "Tin cùng chuyên mục", "Xem thêm:", "Bài liên quan", "» Tin liên quan «", "Tin mới nhất"],
)
def test_related_news_headings_cut(heading: str) -> None:
    body = extract_body(f"Tít\n\nThân bài.\n\n{heading}\n\nBài khác ngày 21/1.", "txt")
    assert body.text == "Tít\n\nThân bài."


@pytest.mark.parametrize(
    "line",
    ["Tin liên quan đến vụ việc đang được làm rõ.", "Các tin khác nhau được kiểm chứng.",
     "Xem thêm nhiều hoạt động khác tại đồn."],
)
def test_sentences_that_start_like_headings_stay(line: str) -> None:
    assert extract_body(f"Tít\n\n{line}\n\nHết.", "txt").text == f"Tít\n\n{line}\n\nHết."


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        # entities decoded; inline elements do not break lines; block elements and <br> do
        ("<p>Bi&ecirc;n <b>ph&ograve;ng</b> <a href='#'>tỉnh</a><br>Lào&nbsp;Cai</p><div>Hai</div>",
         "Biên phòng tỉnh\nLào\u00a0Cai\n\nHai"),
        ("<ul><li>một</li><li>hai</li></ul><script>var x=1</script><p>ba<button>Thích</button></p>",
         "một\n\nhai\n\nba"),
        ("<table><tr><td>a</td><td>b</td></tr></table>", "a\tb"),
        ("<html><head><title>T</title></head><body><nav>Trang chủ</nav><article><h1>Tít</h1>"
         "<p>Sapo   dài\n  lắm.</p></article><footer>© 2024</footer></body></html>", "Tít\n\nSapo dài lắm."),
    ],
)
def test_html_to_text(html: str, expected: str) -> None:
    assert html_to_text(html).text == expected


def test_html_metadata() -> None:
    page = html_to_text(
        '<div><h1>Tít &amp; phụ</h1><div class="content-meta"><a class="bm-card-source" title="Báo A">'
        '</a><time datetime="2025-11-02T03:50:00.000Z">15 giờ trước</time>'
        '<a class="related">1 liên quan</a><a class="origin"><span>Gốc</span></a></div>'
        '<h3 class="sapo">Sapo.</h3><div class="content-body"><p>Thân.</p></div></div>'
    )
    assert (page.title, page.published, page.publisher) == ("Tít & phụ", "2025-11-02T03:50:00.000Z", "Báo A")
    assert page.text == "Tít & phụ\n\nSapo.\n\nThân."
    assert extract_body(page_html := "<h1>T</h1><time datetime='2025-11-02T03:50:00.000Z'></time><p>x</p>", "html").published == _vn(2025, 11, 2, 10, 50)
    assert page_html


@pytest.mark.shared
def test_baomoi_fragment(shared_dir: Path) -> None:
    (path,) = (shared_dir / "corpus").glob("052_*.html")
    body = extract_body(path.read_text(encoding="utf-8"), "html")
    assert body.title == "Nơi phên giậu Tổ quốc - từng bước chân giữ đất, an dân"
    assert body.text.startswith(body.title + "\n\nGiữa màn sương dày đặc")
    assert body.published == _vn(2025, 11, 2, 10, 50)
    assert body.publisher == "Báo Công An Nhân Dân"
    assert "Đồn Biên phòng cửa khẩu Sóc Giang phối hợp với Công an" in body.text  # caption
    for junk in ("giờ trước", "liên quan", "Gốc", "Theo dõi"):
        assert junk not in body.text
    assert body.text.endswith("Lưu Hiệp")


# ---------------------------------------------------------------- publication dates


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tít\n(Ngày đăng :06/05/2021 12:00:00 SA)\nThân.", _vn(2021, 5, 6, 0, 0)),
        ("Tít\n(Ngày đăng :29/08/2022 3:30:43 CH)", _vn(2022, 8, 29, 15, 30)),
        ("Tít\n(Ngày đăng :29/08/2022 10:11:55 SA)", _vn(2022, 8, 29, 10, 11)),
        ("Tít\nNgày cập nhật 28/12/2019\nĐó là …", _vn(2019, 12, 28, 0, 0)),
        ("Tít\nCập nhật: 02/11/2025 07:15\n", _vn(2025, 11, 2, 7, 15)),
        ("Tít\n\nThứ bảy, 17/2/2024, 21:35 (GMT+7)\n\nThân.", _vn(2024, 2, 17, 21, 35)),
        # a date inside the story is not a stamp
        ("Tít\nNgày 21/10/2020, Tổng cục Hải quan có văn bản.", None),
        ("Tít\nThân bài nói ngày đăng 06/05/2021 trong câu.", None),
    ],
)
def test_find_stamp(text: str, expected: dt.datetime | None) -> None:
    assert find_stamp(text) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-11-02T07:55:00.000Z", _vn(2025, 11, 2, 14, 55)),  # baomoi `time`, UTC
        ("2025-11-02T20:30:00Z", _vn(2025, 11, 3, 3, 30)),  # crosses midnight in Vietnam
        ("2025-04-22 15:17:00", _vn(2025, 4, 22, 15, 17)),  # naive: already Vietnam time
        ("2013-01-22", _vn(2013, 1, 22, 0, 0)),
        ("2024-02-17T21:35:00+07:00", _vn(2024, 2, 17, 21, 35)),
        ("17/2/2024", _vn(2024, 2, 17, 0, 0)),
        ("N/A", None),
        (None, None),
    ],
)
def test_parse_published(value: str | None, expected: dt.datetime | None) -> None:
    assert parse_published(value) == expected
