"""`official` extractor (issue 4): tables of real sentences from the corpora (../shared/corpus,
corpus/), each asserting the span and the value GUIDELINES.md §3.3 and docs/guidelines.md
("Officials: decided cases") ask for."""

from __future__ import annotations

import pytest
from vnfacts.extractors import official
from vnfacts.pipeline.api import make_doc
from vnfacts.pipeline.runner import run_all
from vnfacts.pipeline.types import Fact


def facts_of(text: str) -> list[Fact]:
    doc = make_doc(text)
    facts = run_all(doc, ["official"])
    for f in facts:  # offsets are the contract
        assert doc.text[f.start:f.end] == f.text
    return facts


def person(text: str, name: str) -> dict:
    """The value of the first fact naming `name` (checking its span covers the name)."""
    for f in facts_of(text):
        if f.value.name == name:
            return f.value.model_dump()
    raise AssertionError(f"{name!r} not found in {[f.value.name for f in facts_of(text)]}")


# sentence, name, rank, title, organization
ORDERS = [
    # rank + name + title + organization
    ("Tham dự hội nghị có Đại tá Lương Văn Sơn – Chính uỷ Bộ chỉ huy Bộ đội Biên phòng; "
     "đồng chí Hà Văn Thắng – Phó Giám đốc Thường trực Sở Thông tin và Truyền thông.",
     "Lương Văn Sơn", "Đại tá", "Chính ủy", "Bộ Chỉ huy Bộ đội Biên phòng"),
    ("Tham dự hội nghị có Đại tá Lương Văn Sơn – Chính uỷ Bộ chỉ huy Bộ đội Biên phòng; "
     "đồng chí Hà Văn Thắng – Phó Giám đốc Thường trực Sở Thông tin và Truyền thông.",
     "Hà Văn Thắng", None, "Phó Giám đốc Thường trực", "Sở Thông tin và Truyền thông"),
    ("Thiếu tá Nguyễn Công Cường, Phó Đồn trưởng Đồn Biên phòng cửa khẩu Chi Ma tâm sự: "
     "Tại các chốt trọng điểm", "Nguyễn Công Cường", "Thiếu tá", "Phó Đồn trưởng",
     "Đồn Biên phòng cửa khẩu Chi Ma"),
    ("Ngày 23.4, Trung tá Trương Quốc Sỹ, Trưởng CA xã Phước An (huyện Tuy Phước) cho biết",
     "Trương Quốc Sỹ", "Trung tá", "Trưởng Công an xã", "Công an xã Phước An"),
    # title + organization + name
    ("Giám đốc Sở Thông tin và Truyền thông tỉnh Lạng Sơn Nguyễn Khắc Lịch cho biết, 3 năm qua",
     "Nguyễn Khắc Lịch", None, "Giám đốc", "Sở Thông tin và Truyền thông tỉnh Lạng Sơn"),
    ("Tại buổi lễ, Phó Tổng cục trưởng Tổng cục Hải quan Lưu Mạnh Tưởng đánh giá cao",
     "Lưu Mạnh Tưởng", None, "Phó Tổng cục trưởng", "Tổng cục Hải quan"),
    ("Phó Chủ tịch UBND tỉnh Đỗ Tâm Hiển kiểm tra, chỉ đạo ứng phó ngập lụt, sạt lở",
     "Đỗ Tâm Hiển", None, "Phó Chủ tịch", "Ủy ban nhân dân tỉnh"),
    ("căn cứ kết luận của Chủ tịch Ủy ban nhân dân (UBND) tỉnh Trần Duy Đông tại hội nghị",
     "Trần Duy Đông", None, "Chủ tịch", "Ủy ban nhân dân tỉnh"),
    ("Chủ tịch Hội đồng Thi đua – Khen thưởng tỉnh Cà Mau Phạm Thành Ngại nhấn mạnh",
     "Phạm Thành Ngại", None, "Chủ tịch", "Hội đồng Thi đua – Khen thưởng tỉnh Cà Mau"),
    ("Chủ tịch UBND xã Hà Nha Mai Thanh Sang cho biết", "Mai Thanh Sang", None, "Chủ tịch",
     "Ủy ban nhân dân xã Hà Nha"),
    ("Bí thư Tỉnh ủy Trịnh Xuân Trường phát biểu chỉ đạo tại buổi làm việc",
     "Trịnh Xuân Trường", None, "Bí thư Tỉnh ủy", "Tỉnh ủy"),
    # honorific + name + title
    ("Đồng chí Hồ Khánh Quang, Giám đốc Sở Thông tin và Truyền thông và đồng chí Nguyễn "
     "Trọng Ngữ,\nPhó Chỉnh ủy Bộ Chỉ huy Bộ đội Biên phòng tỉnh Lào Cai ký kết chương trình",
     "Hồ Khánh Quang", None, "Giám đốc", "Sở Thông tin và Truyền thông"),
    ("Theo đó, ông Vũ Văn Khánh, Cục trưởng Cục Hải quan Thanh Hóa được điều động giữ chức "
     "Viện trưởng Viện nghiên cứu Hải quan", "Vũ Văn Khánh", None, "Cục trưởng",
     "Cục Hải quan Thanh Hóa"),
    ("Bà Nguyễn Thị Trang Nhung, Phó Vụ trưởng Vụ Khoa học, công nghệ và hợp tác quốc tế",
     "Nguyễn Thị Trang Nhung", None, "Phó Vụ trưởng",
     "Vụ Khoa học, công nghệ và hợp tác quốc tế"),  # the comma is inside the name (issue 19)
    ("Theo anh Lê Công Hùng - Bí thư Thành Đoàn Đà Nẵng, các đội hình tình nguyện",
     "Lê Công Hùng", None, "Bí thư", "Thành Đoàn Đà Nẵng"),
    # party roles before the title
    ("đồng chí Nguyễn Chí Quang, TUV, Phó Trưởng Ban Tuyên giáo Tỉnh ủy dự hội nghị",
     "Nguyễn Chí Quang", None, "Phó Trưởng Ban Tuyên giáo Tỉnh ủy", "Ban Tuyên giáo Tỉnh ủy"),
    ("Kết luận hội nghị, đồng chí Nguyễn Thái Sơn, UVTV Tỉnh ủy, Trưởng ban Tuyên giáo Tỉnh "
     "ủy nhấn mạnh", "Nguyễn Thái Sơn", None, "Trưởng Ban Tuyên giáo Tỉnh ủy",
     "Ban Tuyên giáo Tỉnh ủy"),
    # captions
    ("Đ/c Nguyễn Văn Thi, UVBTV Tỉnh ủy, Phó Chủ tịch UBND tỉnh Thanh Hóa tặng hoa chúc mừng "
     "4 đồng chí lãnh đạo được điều động, bổ nhiệm. Ảnh: P.Nhân", "Nguyễn Văn Thi", None,
     "Phó Chủ tịch", "Ủy ban nhân dân tỉnh Thanh Hóa"),
    # the room is in the title, its parent is the organization
    ("Đồng thời ông Trịnh Quang Huy, Trưởng phòng Quản lý Tài sản – Cục Tài vụ quản trị được "
     "điều động", "Trịnh Quang Huy", None, "Trưởng phòng Quản lý Tài sản", "Cục Tài vụ quản trị"),
    # a former post keeps "nguyên"
    ("trung tá Lê Anh Năm, nguyên Đồn trưởng Đồn 33 Ma Lù Thàng thuộc Công an vũ trang",
     "Lê Anh Năm", "Trung tá", "nguyên Đồn trưởng", "Đồn 33 Ma Lù Thàng thuộc Công an vũ trang"),
    # a room's chief, the dash before the name
    ("Trưởng xóm Lũng Pươi - Nông Văn Quỳnh chia sẻ", "Nông Văn Quỳnh", None, "Trưởng xóm",
     "xóm Lũng Pươi"),
    # foreign officials: the country is the organization, not part of the name
    ("Lễ ký kết có sự chứng kiến của Thủ tướng Malaysia Anwar Ibrahim, với tư cách là Chủ tịch "
     "ASEAN và Tổng thống Mỹ Donald Trump.", "Anwar Ibrahim", None, "Thủ tướng", "Malaysia"),
    ("Lễ ký kết có sự chứng kiến của Thủ tướng Malaysia Anwar Ibrahim, với tư cách là Chủ tịch "
     "ASEAN và Tổng thống Mỹ Donald Trump.", "Donald Trump", None, "Tổng thống", "Mỹ"),
    ("giữa Thủ tướng Campuchia Hun Manet và quyền Thủ tướng Thái Lan Phumtham Wechayachai, qua "
     "đó", "Phumtham Wechayachai", None, "Quyền Thủ tướng", "Thái Lan"),
    ("Theo người phát ngôn Bộ Ngoại giao Pakistan Tahir Andrabi, việc nối lại", "Tahir Andrabi",
     None, "Người phát ngôn", "Bộ Ngoại giao Pakistan"),
    # a company board is part of the post
    ("Bà Trần Thị Minh Nguyệt, Phó Chủ tịch HĐQT NutiFood cho biết", "Trần Thị Minh Nguyệt",
     None, "Phó Chủ tịch Hội đồng quản trị", "NutiFood"),
    # rank only
    ("Thiếu tá Nguyễn Công Cường cho biết", "Nguyễn Công Cường", "Thiếu tá", None, None),
    ("Phó Đô đốc Phạm Hoài Nam dự lễ", "Phạm Hoài Nam", "Phó Đô đốc", None, None),
]


@pytest.mark.parametrize("text,name,rank,title,org", ORDERS)
def test_orders(text: str, name: str, rank: str | None, title: str | None,
                org: str | None) -> None:
    v = person(text, name)
    assert (v["rank"], v["title"], v["organization"]) == (rank, title, org)


LISTS = [
    ("Tham dự buổi lễ có ông Nguyễn Hồng Lĩnh, Ủy viên Ban thường vụ Tỉnh ủy, Phó Chủ tịch "
     "UBND tỉnh; ông Hoàng Trung Dũng, Phó Bí thư thường trực Tỉnh ủy; đại diện lãnh đạo Bộ đội "
     "Biên phòng Hà Tĩnh.",
     [("Nguyễn Hồng Lĩnh", "Phó Chủ tịch", ["Ủy viên Ban Thường vụ Tỉnh ủy"]),
      ("Hoàng Trung Dũng", "Phó Bí thư Thường trực Tỉnh ủy", [])]),
    ("Dự buổi gặp mặt có các đồng chí: Hồ Quốc Dũng - Ủy viên Trung ương Đảng, Bí thư Tỉnh ủy, "
     "Chủ tịch HĐND tỉnh; Nguyễn Thị Phong Vũ - Ủy viên Ban Thường vụ Tỉnh ủy, Trưởng Ban Tuyên "
     "giáo và Dân vận Tỉnh ủy.",
     [("Hồ Quốc Dũng", "Bí thư Tỉnh ủy",
       ["Ủy viên Trung ương Đảng", "Chủ tịch Hội đồng nhân dân tỉnh"]),
      ("Nguyễn Thị Phong Vũ", "Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy",
       ["Ủy viên Ban Thường vụ Tỉnh ủy"])]),
    ("Tổng Bí thư Tô Lâm, Chủ tịch nước Lương Cường, Thủ tướng Phạm Minh Chính dự lễ.",
     [("Tô Lâm", "Tổng Bí thư", []), ("Lương Cường", "Chủ tịch nước", []),
      ("Phạm Minh Chính", "Thủ tướng", [])]),
    # a party post before a state post: the state post is the title …
    ("Đồng chí Phạm Anh Tuấn, Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh phát biểu.",
     [("Phạm Anh Tuấn", "Chủ tịch", ["Phó Bí thư Tỉnh ủy"])]),
    ("đồng chí Bế Thanh Tịnh, Phó Bí thư Thường trực Tỉnh ủy, Chủ tịch HĐND tỉnh dự.",
     [("Bế Thanh Tịnh", "Chủ tịch", ["Phó Bí thư Thường trực Tỉnh ủy"])]),
    # … but not over the province's secretary, nor for a National Assembly delegation
    ("Lê Kim Toàn - Phó Bí thư Thường trực Tỉnh ủy, Trưởng đoàn Đoàn Đại biểu Quốc hội tỉnh; "
     "Đoàn Văn Phi - Ủy viên Ban Thường vụ Tỉnh ủy, Phó Chủ tịch UBND tỉnh.",
     [("Lê Kim Toàn", "Phó Bí thư Thường trực Tỉnh ủy",
       ["Trưởng Đoàn Đại biểu Quốc hội tỉnh"]),
      ("Đoàn Văn Phi", "Phó Chủ tịch", ["Ủy viên Ban Thường vụ Tỉnh ủy"])]),
    # "kiêm" joins two posts of one person; the next person's title is not the previous one's
    ("Tham gia đoàn có Chánh Văn phòng Trung ương Đảng Phạm Gia Túc, Phó Chủ tịch kiêm Tổng Thư "
     "ký Ủy ban Trung ương MTTQ Việt Nam Nguyễn Thị Thu Hà, Thứ trưởng Bộ Quốc phòng Nguyễn Văn "
     "Gấu cùng lãnh đạo các bộ, ngành.",
     [("Phạm Gia Túc", "Chánh Văn phòng Trung ương Đảng", []),
      ("Nguyễn Thị Thu Hà", "Phó Chủ tịch",
       ["Tổng Thư ký Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam"]),
      ("Nguyễn Văn Gấu", "Thứ trưởng", [])]),
    # "cán bộ" is not a post: the rank makes the official
    ("Đại úy Hà Văn Tú, cán bộ Công an xã Trường Hà cho biết. Cán bộ và Nhân dân thôn Ngô Xá "
     "Thanh Lê nhận quà.", [("Hà Văn Tú", None, [])]),
    # a deputy without a post: that is the title
    ("ĐBQH Đoàn Thị Lê An (Cao Bằng) phát biểu tại tổ.",
     [("Đoàn Thị Lê An", "Đại biểu Quốc hội", [])]),
]


@pytest.mark.parametrize("text,expected", LISTS)
def test_lists(text: str, expected: list[tuple[str, str, list[str]]]) -> None:
    got = {}
    for f in facts_of(text):
        got.setdefault(f.value.name, (f.value.title, f.value.roles))
    assert got == {n: (t, r) for n, t, r in expected}


# later short mentions: the span is the given name, the value is the full person
SHORT = [
    ("Phó Trưởng ban quản lý Khu kinh tế Lào Cai Hà Đức Thuận cho biết. Theo ông Thuận, "
     "lượng hàng tăng.", "Thuận", "Hà Đức Thuận", "Phó Trưởng ban"),
    ("Đại tá Lương Văn Sơn – Chính uỷ Bộ chỉ huy Bộ đội Biên phòng tỉnh phát biểu. "
     "Đại tá Sơn nhấn mạnh.", "Sơn", "Lương Văn Sơn", "Chính ủy"),
    ("bà Nguyễn Thị Ái Vân, Chủ tịch UBND huyện Hải Hà cho biết. Bà Vân nói thêm.",
     "Vân", "Nguyễn Thị Ái Vân", "Chủ tịch"),
    ("Phó Trưởng ban quản lý Khu kinh tế Lào Cai Hà Đức Thuận cho biết. Ông Hà Đức Thuận "
     "nói thêm.", "Hà Đức Thuận", "Hà Đức Thuận", "Phó Trưởng ban"),
]


@pytest.mark.parametrize("text,span,name,title", SHORT)
def test_short_mentions(text: str, span: str, name: str, title: str) -> None:
    facts = facts_of(text)
    later = [f for f in facts if f.start > facts[0].start]
    assert [f.text for f in later] == [span]
    assert later[0].value == facts[0].value
    assert (later[0].value.name, later[0].value.title) == (name, title)


def test_foreign_short_mentions_use_the_first_name() -> None:
    text = ("Ngoại trưởng Malaysia Mohamad Hasan cho biết. Theo ông Mohamad, sáng kiến này tốt. "
            "Ngoại trưởng Mohamad nhấn mạnh. Bí thư Thành ủy Huế Nguyễn Đình Trung dự.")
    assert [(f.text, f.value.name) for f in facts_of(text)] == [
        ("Mohamad Hasan", "Mohamad Hasan"), ("Mohamad", "Mohamad Hasan"),
        ("Mohamad", "Mohamad Hasan"), ("Nguyễn Đình Trung", "Nguyễn Đình Trung")]


def test_short_mention_needs_a_cue_and_a_known_person() -> None:
    facts = facts_of("Đại tá Lương Văn Sơn – Chính uỷ BĐBP tỉnh dự. Sơn La có mưa. Ông Thuận về.")
    assert [f.text for f in facts] == ["Lương Văn Sơn"]


NORMALIZATION = [
    # typo repaired against the title list; tone convention unified
    ("đồng chí Nguyễn Trọng Ngữ, Phó Chỉnh ủy Bộ Chỉ huy BĐBP tỉnh Lào Cai dự.",
     "Nguyễn Trọng Ngữ", "Phó Chính ủy", "Bộ Chỉ huy Bộ đội Biên phòng tỉnh Lào Cai", "Lào Cai",
     []),
    # BCH, BĐBP
    ("Đại tá Trịnh Hữu Tăng, Chính ủy BCH BĐBP tỉnh Lạng Sơn phát biểu.", "Trịnh Hữu Tăng",
     "Chính ủy", "Bộ Chỉ huy Bộ đội Biên phòng tỉnh Lạng Sơn", "Lạng Sơn", []),
    # TT&TT
    ("ông Nguyễn Văn Hùng, Giám đốc Sở TT&TT tỉnh Quảng Ninh cho biết", "Nguyễn Văn Hùng",
     "Giám đốc", "Sở Thông tin và Truyền thông tỉnh Quảng Ninh", "Quảng Ninh", []),
    # CHQS
    ("Đại tá Nguyễn Đức Cương - Phó Bí thư Thường trực Đảng ủy, Chính ủy Bộ CHQS tỉnh động "
     "viên", "Nguyễn Đức Cương", "Chính ủy", "Bộ Chỉ huy Quân sự tỉnh", None,
     ["Phó Bí thư Thường trực Đảng ủy"]),
    # HĐND, TUV
    ("bà Huỳnh Thúy Vân, TUV, Phó Chủ tịch HĐND tỉnh dự", "Huỳnh Thúy Vân", "Phó Chủ tịch",
     "Hội đồng nhân dân tỉnh", None, ["Tỉnh ủy viên"]),
    # MTTQ, UVTV
    ("đồng chí Trần Thu Mai, UVTV Tỉnh ủy, Chủ tịch Ủy ban MTTQ Việt Nam tỉnh Gia Lai",
     "Trần Thu Mai", "Chủ tịch", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Gia Lai", "Gia Lai",
     ["Ủy viên Ban Thường vụ Tỉnh ủy"]),
    # old-style tones in the organization; the province spelled old-style too
    ("ông Lê Văn Hòa, Phó Chủ tịch UBND tỉnh Thanh Hoá cho biết", "Lê Văn Hòa", "Phó Chủ tịch",
     "Ủy ban nhân dân tỉnh Thanh Hóa", "Thanh Hóa", []),
    # "Huệ" is not "Huế": no province from a tone-blind match
    ("Ông Nguyễn Văn Bích - Chi hội trưởng Chi hội Cựu chiến binh thôn Vinh Huệ chia sẻ",
     "Nguyễn Văn Bích", "Chi hội trưởng", "Chi hội Cựu chiến binh thôn Vinh Huệ", None, []),
]


@pytest.mark.parametrize("text,name,title,org,province,roles", NORMALIZATION)
def test_normalization(text: str, name: str, title: str, org: str, province: str | None,
                       roles: list[str]) -> None:
    v = person(text, name)
    assert (v["title"], v["organization"], v["province"], v["roles"]) == (
        title, org, province, roles)


NOT_OFFICIALS = [
    "Nguồn: Sở TT&TT Lào Cai",
    "Anh Tâm",
    "Ảnh: Nguyễn Hòa",
    "Chịu trách nhiệm nội dung: Nguyễn Văn Hùng - Phó Giám đốc Sở Thông tin và Truyền thông",
    # people without a role
    "Tổng Bí thư đã đến thăm hộ ông Hồ Phước và bà Hồ Thị Thu Vân.",
    "chị Đoàn Thị Thanh, thôn Thống Nhất (xã Cẩm Duệ) chia sẻ.",
    "tàu cá do ông Nguyễn Văn Hào (xã Khánh Lâm, Cà Mau) làm chủ",
    # places and streets named like people
    "Chủ tịch UBND xã Hà Nha tặng giấy khen cho Lữ đoàn 680",
    "Chủ tịch UBND tỉnh Lâm Đồng công bố tình huống khẩn cấp",
    "dâng hương, dâng hoa Chủ tịch Hồ Chí Minh.",
    "Chính ủy Ban Chỉ huy Phòng thủ Khu vực 5 - Phan Thiết cho hay",
    "Tổng thống Hàn Quốc tiếp lãnh đạo địa phương",
    "trụ sở tại số 5 đường Lê Lợi, phường Ngô Mây",
    # a Vietnamese place written without marks is not a foreign name; nor is a foreign firm
    "Tổ trưởng Tổ kiểm soát cửa khẩu Chi Ma cho biết",
    "Giám đốc điều hành toàn quốc Quỹ Đầu tư Clime Capital cho biết",
    "Thủ tướng Malaysia Anwar đã chủ trì một cuộc họp",
    "Đại tá Hà Văn Nam-Phó Đoàn Trưởng Đoàn Kinh tế-Quốc phòng 74-cho biết",
]


@pytest.mark.parametrize("text", NOT_OFFICIALS[:-1])
def test_not_officials(text: str) -> None:
    assert [f.value.name for f in facts_of(text)] == []


def test_unit_word_is_not_a_person() -> None:
    # "Đoàn Kinh" (Đoàn is a family name) is the start of "Đoàn Kinh tế-Quốc phòng"
    assert [f.value.name for f in facts_of(NOT_OFFICIALS[-1])] == ["Hà Văn Nam"]


def test_related_news_list_is_not_body() -> None:
    text = ("Đại tá Lương Văn Sơn – Chính uỷ BĐBP tỉnh phát biểu.\nTin liên quan\n"
            "Giám đốc Sở TT&TT tỉnh Lạng Sơn Nguyễn Khắc Lịch thăm đồn biên phòng")
    assert [f.value.name for f in facts_of(text)] == ["Lương Văn Sơn"]


def test_rules_are_named() -> None:
    text = ("Giám đốc Sở TT&TT tỉnh Lạng Sơn Nguyễn Khắc Lịch cho biết. Đại tá Lương Văn Sơn "
            "dự. Ông Lịch nói. Nguyễn Khắc Lịch kết luận.")
    assert [(f.text, f.rule) for f in facts_of(text)] == [
        ("Nguyễn Khắc Lịch", "title_name"), ("Lương Văn Sơn", "rank_name"),
        ("Lịch", "short"), ("Nguyễn Khắc Lịch", "repeat")]


@pytest.mark.parametrize("surface,canonical", [
    ("Chính uỷ", "Chính ủy"), ("Phó Chỉnh ủy", "Phó Chính ủy"), ("Trưởng ban", "Trưởng ban"),
    ("Trưởng bản", "Trưởng bản"), ("UVBTV Tỉnh ủy", "Ủy viên Ban Thường vụ Tỉnh ủy"),
    ("TUV", "Tỉnh ủy viên"), ("phó giám đốc", "Phó Giám đốc"),
])
def test_title_list_lookup(surface: str, canonical: str) -> None:
    info = official._canon_title(surface)
    assert info is not None and info.title == canonical


@pytest.mark.parametrize("surface,canonical", [
    ("Đại uý", "Đại úy"), ("thượng tá", "Thượng tá"), ("Chuẩn Đô đốc", "Chuẩn Đô đốc"),
    ("Binh nhì", "Binh nhì"),
])
def test_ranks(surface: str, canonical: str) -> None:
    m = official.RANK_RE.fullmatch(surface)
    assert m is not None and official.RANKS[official.tone_key(m.group(0))] == canonical


@pytest.mark.shared
@pytest.mark.parametrize("fname,expected", [
    ("012_lang-son-bat-giu-khoi-to-46-doi-tuong-dua-dan-ho.md",
     {"Ninh Văn Hợp": ("Đại tá", "Chỉ huy trưởng")}),
    ("040_giai-the-tram-kiem-soat-noi-dia-kkt-cua-khau-quo.md",
     {"Lương Trường Thọ": (None, "Cục trưởng")}),
    ("033_nutifood-tang-qua-dinh-duong-tri-gia-10-ty-dong.md",
     {"Trần Thị Minh Nguyệt": (None, "Phó Chủ tịch Hội đồng quản trị"),
      "Nguyễn Hoài Phương": ("Thiếu tướng", "Phó Tư lệnh")}),
])
def test_shared_articles(shared_dir, fname: str, expected: dict) -> None:
    from vnfacts.pipeline.ingest import iter_articles
    from vnfacts.pipeline.segment import segment

    (article,) = list(iter_articles([str(shared_dir / "corpus" / fname)]))
    doc = segment(article)
    facts = run_all(doc, ["official"])
    assert all(doc.text[f.start:f.end] == f.text for f in facts)
    got = {f.value.name: (f.value.rank, f.value.title) for f in facts}
    assert got == expected


def test_ner_baseline_script_on_a_tiny_gold(tmp_path, monkeypatch) -> None:
    """scripts/ner_baseline.py scores names and titles against gold files (NER skipped)."""
    import importlib.util
    import json
    import sys

    from vnfacts.pipeline.gold import ArticleSource
    from vnfacts.pipeline.types import GoldArticleRef

    (tmp_path / "a.txt").write_text(
        "Giám đốc Sở TT&TT tỉnh Lạng Sơn Nguyễn Khắc Lịch cho biết.\n"
        "Đại tá Lương Văn Sơn – Chính uỷ BĐBP tỉnh dự.\n", encoding="utf-8")
    art = ArticleSource(tmp_path).get(GoldArticleRef(path="a.txt"))
    i = art.text.index("Nguyễn Khắc Lịch")
    gold = {
        "article": {"path": "a.txt"}, "id": art.id, "sha256": art.sha256,
        "review": {"reviewed": True, "by": "test", "date": "2026-11-26"},
        "facts": [
            {"kind": "official", "start": i, "end": i + 16, "text": "Nguyễn Khắc Lịch",
             "value": {"name": "Nguyễn Khắc Lịch", "title": "Phó Giám đốc"}},
            {"kind": "official", "start": 0, "end": 8, "text": art.text[:8],
             "value": {"name": "Trần Văn Không"}},
        ],
    }
    gdir = tmp_path / "gold"
    gdir.mkdir()
    (gdir / "a.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    spec = importlib.util.spec_from_file_location(
        "ner_baseline", official.DATA.parents[1] / "scripts" / "ner_baseline.py")
    mod = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "ner_baseline", mod)  # dataclasses look the module up
    spec.loader.exec_module(mod)
    rep = mod.evaluate(gdir, with_ner=False, root=tmp_path)
    assert rep.articles == 1 and not rep.errors
    # ours: Lịch (tp), Sơn (fp); gold Trần Văn Không missed (fn); Lịch's title differs
    assert (rep.ours.tp, rep.ours.fp, rep.ours.fn) == (1, 1, 1)
    assert (rep.title_ok, rep.title_n) == (0, 1)
    # records: Lịch's title is wrong, so no record is right
    assert (rep.records.tp, rep.records.fp, rep.records.fn) == (0, 2, 2)


# Issue 19 (GUIDELINES.md §6): every construction the general press uses to introduce an
# official, each asserting name, title and organization. Sentences follow the cases.
# sentence, name, rank, title, organization
GENERAL_NEWS = [
    # title + organization, a comma or dash, then ông/bà + the name (an open-set name)
    ("Chủ tịch UBND xã Hòa Bình, ông Nguyễn Văn Lợi, đã ký quyết định.",
     "Nguyễn Văn Lợi", None, "Chủ tịch", "Ủy ban nhân dân xã Hòa Bình"),
    ("Thủ tướng Phần Lan, ông Petteri Orpo, cho biết.", "Petteri Orpo", None, "Thủ tướng",
     "Phần Lan"),
    ("Theo người phát ngôn Bộ Ngoại giao Đức - bà Anna Weber, cuộc gặp sẽ diễn ra.",
     "Anna Weber", None, "Người phát ngôn", "Bộ Ngoại giao Đức"),
    ("Chủ tịch tỉnh Cà Mau, ông Lê Quân \"hỏa tốc\" chỉ đạo các đơn vị.", "Lê Quân", None,
     "Chủ tịch", "tỉnh Cà Mau"),
    # a parent unit in parentheses does not break title + name; it is left out of the
    # organization (the general-news gold), like a place in parentheses
    ("Đội trưởng Đội Kiểm soát Hải quan (Chi cục Hải quan khu vực VIII) Lê Minh Khoa cho biết.",
     "Lê Minh Khoa", None, "Đội trưởng", "Đội Kiểm soát Hải quan"),
    ("Ông Vũ Bá Phú, Cục trưởng Cục Xúc tiến thương mại (Bộ Công Thương) xác nhận.",
     "Vũ Bá Phú", None, "Cục trưởng", "Cục Xúc tiến thương mại"),
    # "TP." does not end the scan, and is expanded
    ("Phó Chủ tịch UBND TP. Vinh Trần Ngọc Sơn kiểm tra công trình.", "Trần Ngọc Sơn", None,
     "Phó Chủ tịch", "Ủy ban nhân dân thành phố Vinh"),
    ("Ông Trần Văn Hải, Chủ tịch Ủy ban MTTQ Việt Nam TP. Đà Lạt phát biểu.", "Trần Văn Hải",
     None, "Chủ tịch", "Ủy ban Mặt trận Tổ quốc Việt Nam thành phố Đà Lạt"),
    # minority family names and names outside the family-name list (a middle name follows)
    ("Bí thư Huyện ủy Bàn Văn Lịch dự lễ.", "Bàn Văn Lịch", None, "Bí thư Huyện ủy",
     "Huyện ủy"),
    ("Phó Chủ tịch UBND huyện Nịnh Văn Quang cho biết.", "Nịnh Văn Quang", None,
     "Phó Chủ tịch", "Ủy ban nhân dân huyện"),
    ("Phó Chủ tịch UBND tỉnh Sùng A Hồ cho biết.", "Sùng A Hồ", None, "Phó Chủ tịch",
     "Ủy ban nhân dân tỉnh"),
    ("Chủ tịch UBND xã Pờ Văn Tủa cho biết.", "Pờ Văn Tủa", None, "Chủ tịch",
     "Ủy ban nhân dân xã"),
    # a foreign name after "Đại sứ <country> tại <country>"
    ("Đại sứ Australia tại Việt Nam Andrew Goledzinowski đánh giá cao.",
     "Andrew Goledzinowski", None, "Đại sứ", "Australia"),
    # a company is never the person: the words after Công ty name the company
    ("Ông Vũ Đình Tuấn, Chủ tịch công đoàn Công ty Pouchen Vina cho biết.", "Vũ Đình Tuấn",
     None, "Chủ tịch", "Công đoàn Công ty Pouchen Vina"),
    ("Ông Nguyễn Quốc Tiến, Phó giám đốc Sở Y Tế tỉnh Hòa Bình cho biết.", "Nguyễn Quốc Tiến",
     None, "Phó Giám đốc", "Sở Y Tế tỉnh Hòa Bình"),
    ("Ông Trần Văn Dũng, Hiệu trưởng Trường THCS Hoàng Hoa Thám cho biết.", "Trần Văn Dũng",
     None, "Hiệu trưởng", "Trường THCS Hoàng Hoa Thám"),
    # the organization keeps its head noun …
    ("Ông Nguyễn Văn Tâm, Trưởng Trạm Bảo vệ thực vật huyện Hoài Nhơn cho biết.",
     "Nguyễn Văn Tâm", None, "Trưởng trạm", "Trạm Bảo vệ thực vật huyện Hoài Nhơn"),
    # … and ends before a verb, not at "về", a comma of its name, or "TP."
    ("Ông Lê Văn Hùng, Giám đốc HTX Dịch vụ nông nghiệp Phước Hưng phấn khởi cho biết.",
     "Lê Văn Hùng", None, "Giám đốc", "HTX Dịch vụ nông nghiệp Phước Hưng"),
    ("Đại tá Nguyễn Văn Minh, Cục trưởng Cục Cảnh sát phòng chống tội phạm về môi trường cho "
     "biết.", "Nguyễn Văn Minh", "Đại tá", "Cục trưởng",
     "Cục Cảnh sát phòng chống tội phạm về môi trường"),
    ("Đại tá Đỗ Ngọc Toàn, Phó Cục trưởng Cục Phòng, chống ma túy và tội phạm cho biết.",
     "Đỗ Ngọc Toàn", "Đại tá", "Phó Cục trưởng", "Cục Phòng, chống ma túy và tội phạm"),
    ("Bác sĩ Nguyễn Hồng Trường, Giám đốc ôn lại chặng đường 60 năm của bệnh viện.",
     "Nguyễn Hồng Trường", None, "Giám đốc", None),
    # one organization shared by two posts of one person
    ("Đại tá Nguyễn Văn Minh, Phó Giám đốc, Thủ trưởng Cơ quan điều tra Công an tỉnh Nghệ An "
     "cho biết.", "Nguyễn Văn Minh", "Đại tá", "Phó Giám đốc", "Công an tỉnh Nghệ An"),
    # the unit written inside the title moves to the organization
    ("Thượng tá Trần Văn Long, Phó Trưởng phòng CSGT Công an tỉnh Lâm Đồng cho biết.",
     "Trần Văn Long", "Thượng tá", "Phó Trưởng phòng",
     "Phòng Cảnh sát giao thông Công an tỉnh Lâm Đồng"),
    ("Ông Mã Chí Thọ, Trưởng phòng Kinh tế thị xã Vĩnh Châu (tỉnh Sóc Trăng) cho biết.",
     "Mã Chí Thọ", None, "Trưởng phòng", "Phòng Kinh tế thị xã Vĩnh Châu"),
    # informal titles
    ("Ông Lê Văn Tám, Phó công an xã Tân Lập cho biết.", "Lê Văn Tám", None,
     "Phó Trưởng Công an xã", "Công an xã Tân Lập"),
    # a rank after the dash, a board written in title case, "thầy" as the honorific
    ("Tại hội nghị, Bộ trưởng Bộ Công an - Đại tướng Lương Tam Quang, nhấn mạnh yêu cầu.",
     "Lương Tam Quang", "Đại tướng", "Bộ trưởng", "Bộ Công an"),
    ("Ông Trần Văn Thế, Phó Chủ tịch Hội đồng Quản trị Tập đoàn Đèo Cả cho biết.",
     "Trần Văn Thế", None, "Phó Chủ tịch Hội đồng quản trị", "Tập đoàn Đèo Cả"),
    ("ảnh do hiệu trưởng trường THPT Nam Trà My - thầy Trần Thanh Quốc chụp lại", "Trần Thanh Quốc",
     None, "Hiệu trưởng", "Trường THPT Nam Trà My"),
    # a caption's position between the name and the title
    ("Ông Rah Lan Chung (bên phải), Phó bí thư Thường trực Tỉnh ủy Gia Lai, tặng hoa",
     "Rah Lan Chung", None, "Phó Bí thư Thường trực Tỉnh ủy", "Tỉnh ủy Gia Lai"),
    # "là" / "hiện là" between the name and the title; "và" + the next people ends it
    ("Thanh tra Bộ hiện có ông Nguyễn Đức Cường là Chánh Thanh tra và 2 Phó Chánh thanh tra.",
     "Nguyễn Đức Cường", None, "Chánh Thanh tra", None),
    ("Ông Trần Văn Nam, hiện là Phó Giám đốc Sở Y tế tỉnh Nghệ An, cho biết.", "Trần Văn Nam",
     None, "Phó Giám đốc", "Sở Y tế tỉnh Nghệ An"),
    # spaces lost between words in the source
    ("Theo Phó chủ tịch UBND xãVạn TườngLữ Thế Lâm, việc đưa trường vào sử dụng.",
     "Lữ Thế Lâm", None, "Phó Chủ tịch", "Ủy ban nhân dân xã Vạn Tường"),
    ("Sở GD-ĐTCà Mau cho biết. Ông Tạ Thanh Vũ, Phó Giám đốc Sở GD-ĐTCà Mau nói.",
     "Tạ Thanh Vũ", None, "Phó Giám đốc", "Sở Giáo dục và Đào tạo Cà Mau"),
]


@pytest.mark.parametrize("text,name,rank,title,org", GENERAL_NEWS)
def test_general_news_constructions(text: str, name: str, rank: str | None, title: str,
                                    org: str | None) -> None:
    v = person(text, name)
    assert (v["rank"], v["title"], v["organization"]) == (rank, title, org)


# an organization, party, unit or place next to a title is never the person
ORGS_NEXT_TO_TITLES = [
    ("Ông Vũ Đình Tuấn, Chủ tịch công đoàn Công ty Pouchen Vina cho biết.", ["Vũ Đình Tuấn"]),
    ("Chủ tịch công đoàn Công ty TNHH Pouchen Việt Nam phát biểu.", []),
    ("Trước khi được bầu làm quyền Hiệu trưởng ĐH Tôn Đức Thắng, ông Đạo từng là giảng viên.",
     []),
    ("Hiệu trưởng Trường THCS Hoàng Hoa Thám cho biết.", []),
    ("bà Đỗ Thị Hồng Huế,Phó hiệu trưởngTrường phổ thông dân tộc bán trú tiểu học Kim Thủy, "
     "khẳng định", ["Đỗ Thị Hồng Huế"]),
    ("Ông Nguyễn Quốc Tiến, Phó giám đốc Sở Y Tế tỉnh Hòa Bình cho biết.", ["Nguyễn Quốc Tiến"]),
    ("Giám đốc Tập đoàn Hoàng Anh Gia Lai cho biết.", []),
    ("Chủ tịch UBND xã Lê Lợi, ông Trần Văn Bình cho biết.", ["Trần Văn Bình"]),
    ("Chủ tịch UBND huyện Lộc Hà cho biết.", []),
    ("Bí thư Đảng ủy Công ty Than Hà Lầm phát biểu.", []),
    ("Chủ tịch UBND tỉnh Lâm Đồng, ông Trần Hồng Thái ký quyết định.", ["Trần Hồng Thái"]),
    ("Ông Trần Văn Nam là người dân xã Hòa Bình.", []),
    ("Phó Giám đốc Sở Văn Hóa Thể Thao tỉnh cho biết.", []),
    # "Quốc hội", "Môi trường" are no organization heads before a name
    ("gửi Chủ tịch Quốc hội Nguyễn Thị Kim Ngân; Phó Chủ tịch Quốc hội Đỗ Bá Tỵ;",
     ["Nguyễn Thị Kim Ngân", "Đỗ Bá Tỵ"]),
    ("Bộ trưởng Bộ Nông nghiệp và Môi trường Trần Đức Thắng dự.", ["Trần Đức Thắng"]),
    ("Phó Chủ tịch HĐQT Công ty Pouchen Vina phát biểu.", []),
    ("Chủ tịch Quốc Hội Vương Đình Huệ dự.", ["Vương Đình Huệ"]),
    ("ông Đạo, Phó Hiệu trưởng Trường ĐH Tôn Đức Thắng cho biết.", []),
]


@pytest.mark.parametrize("text,names", ORGS_NEXT_TO_TITLES)
def test_organizations_are_not_people(text: str, names: list[str]) -> None:
    assert sorted({f.value.name for f in facts_of(text)}) == sorted(names)


def test_two_posts_of_one_person_are_two_roles() -> None:
    v = person("Đại tá Nguyễn Văn Minh, Phó Giám đốc, Thủ trưởng Cơ quan điều tra Công an tỉnh "
               "Nghệ An cho biết.", "Nguyễn Văn Minh")
    assert (v["title"], v["roles"]) == (
        "Phó Giám đốc", ["Thủ trưởng Cơ quan điều tra Công an tỉnh Nghệ An"])


@pytest.mark.parametrize("text,name,roles", [
    # the committee the title ends with is written once in the role
    ("Đại tướng Lương Tam Quang, Ủy viên Bộ Chính trị, Bí thư Đảng ủy Công an Trung ương, Bộ "
     "trưởng Bộ Công an chủ trì.", "Lương Tam Quang",
     ["Ủy viên Bộ Chính trị", "Bí thư Đảng ủy Công an Trung ương"]),
    # "Ban chỉ đạo" is a board, not the verb
    ("ông Nguyễn Văn Hùng, Bộ trưởng Bộ VH-TT&DL, Trưởng Ban chỉ đạo Năm Du lịch Quốc gia - "
     "Ninh Bình 2021.", "Nguyễn Văn Hùng", ["Trưởng Ban chỉ đạo Năm Du lịch Quốc gia"]),
])
def test_roles(text: str, name: str, roles: list[str]) -> None:
    assert person(text, name)["roles"] == roles


def test_short_mentions_after_a_comma_introduction() -> None:
    text = ("Thủ tướng Phần Lan, ông Petteri Orpo, cho biết. Ông Orpo nói thêm. Chủ tịch UBND xã "
            "Hòa Bình, ông Nguyễn Văn Lợi, đã ký. Theo ông Lợi, dự án xong.")
    assert [(f.text, f.value.name, f.rule) for f in facts_of(text)] == [
        ("Petteri Orpo", "Petteri Orpo", "title_name"), ("Orpo", "Petteri Orpo", "short"),
        ("Nguyễn Văn Lợi", "Nguyễn Văn Lợi", "title_name"), ("Lợi", "Nguyễn Văn Lợi", "short")]


@pytest.mark.parametrize("text,name,province", [
    # the province written in the organization, or in a parenthesis after it
    ("Ông Nguyễn Văn Hùng, Giám đốc Sở TT&TT tỉnh Quảng Ninh cho biết", "Nguyễn Văn Hùng",
     "Quảng Ninh"),
    ("Ông Mã Chí Thọ, Trưởng phòng Kinh tế thị xã Vĩnh Châu (tỉnh Sóc Trăng) cho biết.",
     "Mã Chí Thọ", "Sóc Trăng"),
    # "UBND tỉnh" in an article about Bình Định: the article's province
    ("Bình Định đón khách. Ngày 3/5, tỉnh Bình Định khai mạc lễ hội. Phó Chủ tịch UBND tỉnh "
     "Nguyễn Tuấn Thanh dự.", "Nguyễn Tuấn Thanh", "Bình Định"),
    # a commune named like a province is not the province
    ("Chủ tịch UBND xã Hòa Bình, ông Nguyễn Văn Lợi, đã ký quyết định.", "Nguyễn Văn Lợi", None),
])
def test_province(text: str, name: str, province: str | None) -> None:
    assert person(text, name)["province"] == province


def test_apostrophe_spellings_are_one_person() -> None:
    text = ("Bà H’Vi Êban (bên trái), Phó Chủ tịch Ủy ban MTTQ Việt Nam tỉnh trao quà. "
            "Bà H'Vi Êban cho biết thêm.")
    assert {f.value.name for f in facts_of(text)} == {"H'Vi Êban"}
    assert [f.text for f in facts_of(text)] == ["H’Vi Êban", "H'Vi Êban"]
