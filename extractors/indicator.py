"""`indicator` facts (GUIDELINES.md §3.5, §5, §6): reported quantities with value, unit, object,
rate denominator and period.

One compiled pattern scans the text once. Its alternatives, tried in order at each position:
  share   "12/12 tuyến"                 → the first number counts (§5)
  block   dates, clock times, year ranges, document codes, phone numbers → consumed, no fact
  ind     [approx] [sign] (vague | list | range | number) unit   "hơn 2600 tin", "hàng trăm lượt",
          "37 phóng sự, 134 chuyên mục", "10-12 phút", "âm 2 độ C", "2,3 triệu tỷ đồng"; units
          come from the closed lexicon extractors/data/units.csv. A number followed by a word the
          lexicon does not list is a count only when the POS tagger reads that word as a common
          noun (rule ind.noun_unit), never for the function words, verbs and time words of
          indicator_not_units.csv.
  money   a number with triệu/tỷ and no unit, after a money word or before "/" or punctuation
          ("trị giá 40 triệu", "100 triệu/người" → đồng)
A second small pattern counts "một" before a person and an outcome ("Một người đi đường tử
vong", indicator_outcomes.csv); elsewhere "một" is an article.
Dropped: matches inside prior `date`/`document` facts, after a naming word ("Quốc lộ 4", "Điều 5")
or inside an institution's name ("Bệnh viện Quân y 175"; indicator_exclusions.csv), the idioms,
vehicle classes and clock times of indicator_not_quantities.csv, visitor-counter lines.
`per` comes from indicator_per.csv, the object from the unit's noun phrase or, for money,
percentages and measures, from the subject before a cue of indicator_object_cues.csv, and
`value.period` from the date of the indicator's own clause.

Every per-match lookup is bounded or by bisection (lines, blocked spans, dates), so the scan is
linear in the text's length.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Literal

import regex
from vnfacts.extractors.lexicon import alternation, read_csv
from vnfacts.pipeline.numbers import (
    DIGITS_RE,
    NUMBER_WORDS,
    SCALE_RE,
    WORDS_RE,
    counting_words,
    parse_digits,
    parse_words,
)
from vnfacts.pipeline.types import Doc, Fact, KindSpec, Period, Sentence, Token, Value, register

KIND = "indicator"
REQUIRES: tuple[str, ...] = ("date", "document", "border_gate")

def _rows(name: str) -> list[dict[str, str]]:
    return [r for _, r in read_csv(name)[1]]


_UNIT_ROWS = _rows("units.csv")
#: surface (lowercased) → (unit, kind)
UNITS: dict[str, tuple[str, str]] = {r["surface"].lower(): (r["unit"], r["kind"]) for r in _UNIT_ROWS}
#: units whose first syllable starts other nouns: the segmenter's word wins ("người thân", "bánh tét")
EXTEND: frozenset[str] = frozenset(r["surface"].lower() for r in _UNIT_ROWS if r["extend"] == "yes")
NOT_UNITS: frozenset[str] = frozenset(r["word"] for r in _rows("indicator_not_units.csv"))
_EXCL = _rows("indicator_exclusions.csv")
_PER_ROWS = _rows("indicator_per.csv")
_OUTCOMES = [r["outcome"] for r in _rows("indicator_outcomes.csv")]
_CUES = _rows("indicator_object_cues.csv")
_NOT_Q = _rows("indicator_not_quantities.csv")


def _alt(words: list[str]) -> str:
    # Bare alternatives, longest first; a space matches a space exactly (units as written).
    return alternation(words, space=r"\ ", group=False)


# Case-insensitive ("21 Tổ", "USD"), except one-letter units: "14G" is a road, "5 g" grams.
_UNIT = (rf"(?:(?i:{_alt([u for u in UNITS if len(u) > 1])})|{_alt([u for u in UNITS if len(u) == 1])})"
         r"(?!\p{L}|\p{N})")
_UNIT_RE = regex.compile(_UNIT)
#: units a bare "một", "không" or "trăm" may count: measures and money ("một tấn", "không độ C")
_MEASURE = (rf"(?:(?i:{_alt([u for u, (_, k) in UNITS.items() if k in ('measure', 'currency') and len(u) > 1])}))"
            r"(?!\p{L}|\p{N})")
_PERSON_UNITS = ["người", "vợ chồng", "mẹ con", "cha con", "bố con", "anh em", "chị em", "cháu", "em",
                 "học sinh", "ngư dân", "công nhân", "chiến sĩ", "chiến sỹ", "cán bộ", "du khách",
                 "hành khách", "thuyền viên", "nạn nhân", "trẻ", "bé", "người dân", "phụ nữ"]
_APPROX_WORDS = {
    "hơn": "more_than", "trên": "more_than", "ngoài": "more_than", "vượt": "more_than",
    "ít nhất": "more_than", "tối thiểu": "more_than",
    "gần như": "about", "khoảng": "about", "trên dưới": "about", "chừng": "about", "xấp xỉ": "about",
    "gần": "less_than", "dưới": "less_than", "chưa đến": "less_than", "chưa tới": "less_than",
    "không đến": "less_than", "không quá": "less_than", "tối đa": "less_than",
}
_PREPOSITIONS = {"trên", "ngoài", "dưới"}
_VAGUE = {"chục": 10, "trăm": 100, "nghìn": 1000, "ngàn": 1000, "vạn": 10_000,
          "triệu": 1_000_000, "tỷ": 1_000_000_000, "tỉ": 1_000_000_000}

# A number: digits (+ stacked scale words, "2 tỷ 500 triệu", "2,3 triệu tỷ"), the "1tr2"
# shorthand, or number words starting with a word that cannot be an article: "một" only before
# a scale ("một trăm") or a measure ("một tấn"), "năm" only before a scale ("năm nghìn"; after
# a number or before a noun it is far more often "year" than 5), "không" and a bare "trăm"
# only before a measure ("không độ C", "trăm tấn").
_SCALES = r"(?:trăm|nghìn|ngàn|triệu|tỷ|tỉ|chục|mươi|vạn)"
_WSTART = (
    r"(?<!\d\s)(?:[Hh]ai|[Bb]a|[Bb]ốn|[Ss]áu|[Bb]ảy|[Bb]ẩy|[Tt]ám|[Cc]hín|[Mm]ười"
    rf"|[Mm]ột(?=\s(?:{_SCALES}|{_MEASURE}))|[Nn]ăm(?=\s{_SCALES}(?!\p{{L}}))"
    rf"|(?:[Kk]hông|(?<!(?i:hàng|vài|mấy|dăm)\s)[Tt]răm)(?=\s{_MEASURE})"
    rf"|(?<!(?i:hàng|vài|mấy|dăm)\s)(?:[Nn]ghìn|[Nn]gàn)(?=\s(?:tỷ|tỉ|{_MEASURE})))"
)
_STACK = rf"{SCALE_RE}(?:\s{SCALE_RE})*"
# The guard first: a run of more than 40 digits and separators is no quantity, and letting
# DIGITS_RE backtrack through a 100,000-character run made the scan superlinear.
_NUM = (
    rf"(?![\d.,]{{41}})(?:\d+tr\d{{1,3}}(?!\d)"
    rf"|{DIGITS_RE}(?![\d]|[.,]\d)(?:\s?{_STACK}(?:\s{DIGITS_RE}\s?{_STACK})*(?!\p{{L}}))?"
    rf"|{_WSTART}(?:\s{WORDS_RE})?(?!\p{{L}}))"
)
# Not glued to a word, code or another number; "/" only after a word ("30.248 lần/164.582 lượt").
_START = r"(?<![\p{L}\p{N}_.,\-–])(?<!\p{N}/)"
# A sign: "âm 2 độ C"; "-2°C", "- 1.200.000" only after a word (a "-" opening a line is a bullet,
# between numbers a range).
_SIGN = r"(?P<neg>(?i:âm)\s+(?=\d|,\d)|(?<=\p{L}\s)-\s?(?=\d|,\d))?"

# Every alternative starts with a digit, a sign, an approx word, "hàng" or a number word: a
# cheap first-character test lets the scan skip all other positions.
# The frequent words that are numbers only before a scale or measure ("năm" = year, "không" =
# not, "một" = a) are tested with what follows here, so most of their occurrences cost one test.
# "tư" (fourth, private) is never a count alone.
_FIRST_WORDS = ["hàng", "vài", "mấy", "dăm", *sorted(set(counting_words(10)) - {"một", "năm", "tư"}),
                "âm", *_APPROX_WORDS]
_FIRST_CHARS = "".join(sorted({c for w in [*_FIRST_WORDS, "một", "năm", "nghìn", "ngàn", "không", "trăm"]
                               for c in (w[0].lower(), w[0].upper())}))
_FIRST = (
    # one character-class test first: most positions of a text start no number
    rf"(?=[\d,\-{regex.escape(_FIRST_CHARS)}])(?<![\p{{L}}\p{{N}}_.,\-–])"
    r"(?=\d|,\d|-\s?\d|(?i:" + _alt(_FIRST_WORDS) + r")(?!\p{L})"
    rf"|(?i:một|năm|nghìn|ngàn)\s{_SCALES}(?!\p{{L}})|(?i:một|không|trăm|nghìn|ngàn)\s{_MEASURE})"
)
PATTERN = regex.compile(
    rf"""
    {_FIRST}(?![\d.,]{{41}})
    (?:(?P<share>{_START}(?P<sh_n>\d{{1,4}})/(?P<sh_d>\d{{1,4}})\s+(?P<sh_u>{_UNIT}))
    |(?P<block>{_START}(?:
        \d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}           # 06/01/1946
      | (?:19|20)\d{{2}}\s*[-–—]\s*(?:19|20)\d{{2}}      # 2012-2020
      | \d{{1,2}}/\d{{1,4}}(?!\s*(?i:{_UNIT}))           # 21/1, 11/2025
      | \d+(?:/\d{{2,4}})?/[\p{{Lu}}Đ][\p{{L}}&]*        # 5115/CTr-…, 15/2020/NĐ-CP
      | \d+-[\p{{Lu}}Đ]+/                                # 12-CT/TW
      | \d{{1,2}}\s*(?:giờ|h|g)\s*\d{{1,2}}(?:\s*phút)?  # 8 giờ 30, 16h30
      | \d{{1,2}}:\d{{2}}(?::\d{{2}})?                   # 12:00:00
      | (?:\+84|0)\d{{1,4}}(?:[.\s-]\d{{2,4}}){{2,3}}(?!\d)   # 0213.3791.558
    ))
    |(?P<ind>{_START}
      (?:(?P<approx>(?i:{_alt(list(_APPROX_WORDS))}))\s+)?
      {_SIGN}
      (?:
        (?P<vague>(?i:hàng|vài|mấy|dăm)\s(?P<vg1>chục|trăm|nghìn|ngàn|vạn|triệu|tỷ|tỉ)(?:\s(?P<vg2>nghìn|ngàn|triệu|tỷ|tỉ))?)
      | (?P<list>{_NUM}(?:(?:,\s+|\s+và\s+){_NUM})+)
      | (?P<num>{_NUM})(?:\s*(?:-|–|—|đến|tới)\s*(?P<num2>{_NUM}))?
      )
      \s?(?:(?P<unit>{_UNIT})(?:(?:\s?/\s?\p{{L}}+)?\s*(?:-|–|—|đến|tới)\s*(?P<num3>{_NUM})\s?(?P=unit))?
           |(?<=\s)(?!{SCALE_RE}(?!\p{{L}}))(?P<word>\p{{Ll}}\p{{L}}*|\p{{Lu}}{{2,}}(?!\p{{L}}|\p{{N}}))))
    |(?P<money>{_START}(?:(?P<m_approx>(?i:{_alt(list(_APPROX_WORDS))}))\s+)?
      (?P<m_num>(?![\d.,]{{41}})(?:\d+tr\d{{1,3}}(?!\d)|{DIGITS_RE}(?![\d])\s?(?:(?:nghìn|ngàn|triệu)\s)?(?:triệu|tỷ|tỉ)(?!\p{{L}})))))
    """,
    regex.X | regex.V0,
)
_NUM_RE = regex.compile(_NUM)
_HEAD = regex.compile(r"[\d.,]+")
_MONEY_SCALE = regex.compile(r"(?:triệu|tỷ|tỉ)$")
_SCALE_END = regex.compile(rf"{SCALE_RE}$")

# "Một người đi đường tử vong": "một" counts a person only before an outcome (§6).
_ONE_PERSON = regex.compile(
    rf"(?<![\p{{L}}\p{{N}}])(?P<num>[Mm]ột)\s+(?P<unit>(?i:{_alt(_PERSON_UNITS)}))(?!\p{{L}})"
    rf"(?P<mid>(?:[ ]+[\p{{L}}]+){{0,4}}?)[ ]+(?P<out>(?i:{_alt(_OUTCOMES)}))(?!\p{{L}})"
)
_OUTCOME_AFTER = regex.compile(
    rf"(?P<mid>(?:[ ]+[\p{{L}}]+){{0,5}}?)[ ]+(?P<out>(?i:{_alt(_OUTCOMES)}))(?!\p{{L}})"
)

_MONEY_CUE = regex.compile(
    r"(?r)(?i:trị giá|giá trị|kinh phí|số tiền|tiền|vốn|ngân sách|phạt|thu|doanh thu|chi|đầu tư|hỗ trợ|"
    r"ủng hộ|quyên góp|tổng mức|mức)\s*(?:\p{L}+\s*){0,4}$"
)
_LEAD = regex.compile(
    rf"(?r)(?i:(?<![\p{{L}}])(?:{_alt([r['word'] for r in _EXCL if r['position'] == 'before'])}))\s*$"
)
_KEEP = regex.compile(
    rf"(?r)(?i:(?<![\p{{L}}])(?:{_alt([r['word'] for r in _EXCL if r['position'] == 'keep'])}))\s*$"
)
# "Bệnh viện Quân y 175": a capitalised name head, a capitalised word, at most two more words.
_NAME = regex.compile(
    rf"(?r)(?<![\p{{L}}])(?:{_alt([r['word'] for r in _EXCL if r['position'] == 'name'])})"
    rf"(?:\s+(?:\p{{Lu}}[\p{{L}}]*|(?i:{_alt([r['word'] for r in _EXCL if r['position'] == 'name_word'])})(?!\p{{L}})))"
    r"(?:\s+[\p{L}]+){0,3}\s+$"
)
# ... but not across a verb or function word: "đường Trường Sơn Đông còn 8 vị trí" is a count.
_NAME_BREAK = regex.compile(
    r"(?<!\p{L})(?:còn|đã|có|là|được|đang|sẽ|vừa|với|và|của|tại|trong|cho|khi|từ|đến|gồm|chỉ|mới)(?!\p{L})", regex.I
)


def _is_name(text: str, start: int, words: _Words) -> bool:
    """A number inside an institution's name; the word before it is a verb or adjective in
    "Công ty Đại Hải Trình trao 5 tấn gạo", "Công ty … rộng 20ha" (POS tagger): no name."""
    m = _NAME.search(text, max(0, start - 60), start)
    if m is None or _NAME_BREAK.search(text, m.start(), start):
        return False
    gap = text[max(0, start - 10):start]
    return words.tag_at(start - (len(gap) - len(gap.rstrip())) - 1) not in ("V", "A")


_AFTER_TIME = regex.compile(
    rf"\s+(?i:{_alt([r['word'] for r in _EXCL if r['position'] == 'after'])})(?!\p{{L}})"
)
_NOT_QUANTITY = [
    (regex.compile(r["before"] if r["before"].endswith("$") or not r["before"] else r["before"] + "$")
     if r["before"] else None,
     regex.compile(r["match"]), regex.compile(r["after"]) if r["after"] else None)
    for r in _NOT_Q
]
_DENOM = r"(?i:" + _alt([r["word"] for r in _PER_ROWS if r["kind"] == "denominator"]) + r")(?![\p{L}\p{N}])"
# "đồng/học sinh/ngày": a chain of "/" denominators is one `per` ("học sinh/ngày"), in the span.
_PER = regex.compile(
    r"(?:(?P<slash>\s?/\s?)|\s+(?:" + _alt([r["word"] for r in _PER_ROWS if r["kind"] == "marker" and r["word"] != "/"])
    + rf")\s+)(?P<per>{_DENOM}(?:\s?/\s?{_DENOM})*)"
)
# "mỗi giờ đi được khoảng 20km", "mỗi người 10 kg": the denominator written before the number
_PER_BEFORE = regex.compile(rf"(?r)(?<!\p{{L}})(?i:mỗi)\s+(?P<per>{_DENOM})(?:\s+[\p{{L}}]+){{0,4}}?\s+$")
_CLOCK_TAIL = regex.compile(r"\s*\d{1,2}(?:\s*phút)?")  # "14 giờ 30 phút": the minutes too
_YEAR = regex.compile(r"(?:19|20)\d\d")
# Visitor counters ("Tổng truy cập 7.103.112", "2168 người online"): not body (§1).
_COUNTER_LINE = regex.compile(r"(?i:(?<!\p{L})(?:truy cập|lượt xem)(?!\p{L}))")
_ONLINE_AFTER = regex.compile(r"\s*(?i:online)(?!\p{L})")
# A number stops an object, a digit inside a word does not ("bệnh nhân Covid-19", "TP.HCM").
_OBJ_STOP = regex.compile(
    r"[,;:!?()\[\]\"“”\n/]|\.(?!\w)|(?<![\p{L}\-.])\d|(?<!\p{L})(?:cho|với|tại|trong|để|nhằm|từ|đến|tới|so|được|đã|là|"
    r"và|thuộc|trên|của|về|gồm|như|khi|nhưng|do|bị|ở|đang|sẽ|vẫn|khoảng|hơn|gần)(?!\p{L})"
)
_PHRASE_START = frozenset("bị được thuộc trên tại ở trong tới đến về".split())
_PHRASE_STOP = regex.compile(
    r"[,;:!?()\[\]\"“”\n/]|\.(?!\w)|(?<![\p{L}\-.])\d|(?<!\p{L})(?:cho|với|để|nhằm|so|là|và|nhưng|khi|"
    r"đang|sẽ|vẫn|khoảng|hơn|gần|thì|mà)(?!\p{L})"
)
# Words an object never is nor starts with: pronouns, determiners, verb fragments (§6).
_OBJ_BAD_FIRST = frozenset(
    "này đó kia nay ấy nào nữa khác chứa nằm là mỗi mới thì thêm đều cũng rồi vừa hiện hơn gần "
    "khoảng trở nên mà không chưa đang tuổi khiến làm".split()
)
#: ... nor is alone (a verb fragment: "640 vụ có …", "20 con xuất hiện")
_OBJ_BAD_ALONE = frozenset(
    "bao có đạt gồm còn trở lên xuống sau trước qua ra vào đi đến tới xuất hiện nay".split()
)
_COUNT_NOUNS = frozenset(u for u, (_, k) in UNITS.items() if k == "count")
#: a measure, currency, percent or time word is never what is counted ("USD")
_UNIT_WORDS = frozenset(u for u, (_, k) in UNITS.items() if k != "count")
_CLOCK_AFTER = regex.compile(r"\s*,?\s*(?:\d|(?i:ngày|sáng|chiều|tối|đêm|trưa|cùng|kém|đúng)(?!\p{L}))")
_CLOCK_BEFORE = regex.compile(r"(?r)(?i:(?<!\p{L})(?:đến|vào|lúc|tới))\s+$")  # "Đến 17 giờ, tàu …"
_LETTERS = regex.compile(r"\p{L}+(?: \p{L}+)*")
_CAP_BEFORE = regex.compile(r"(?r)\p{Lu}[\p{L}]*\s+$")  # "Hoài Nhơn 1", "Binh đoàn 15": a name
_MONEY_AFTER = regex.compile(r"\s*(?:[/.,;:)]|$)")  # "100 triệu/người", "trị giá 40 triệu."

# ---------------------------------------------------------------- objects before the number

_VERB_CUES = [r["cue"] for r in _CUES if r["kind"] == "verb"]
_NOUN_CUES = [r["cue"] for r in _CUES if r["kind"] == "noun"]
_FILLERS = [r["cue"] for r in _CUES if r["kind"] == "filler"]
_FILL = rf"(?:\s+(?:{_alt(_FILLERS)}))*"
_APPROX_ALT = _alt(list(_APPROX_WORDS))
# Read on the clause before the number: "<subject> <verb cue> [fillers] [approx] |NUMBER".
# End-anchored patterns are searched in reverse ((?r)): from the number backwards, not from
# every position of the prefix (a lazy subject group made that quadratic in the prefix).
_BEFORE_VERB = regex.compile(rf"(?r)(?<!\p{{L}})(?P<cue>{_alt(_VERB_CUES)}){_FILL}\s*$", regex.I)
_BEFORE_NOUN = regex.compile(rf"(?r)(?<!\p{{L}})(?P<cue>{_alt(_NOUN_CUES)}){_FILL}\s*$", regex.I)
_SEP = regex.compile(r"(?r)[,;:.!?()\[\]\"“”\n]")
_SEP_NUM = regex.compile(r"(?r)[,;:.!?()\[\]\"“”\n\d%]")
_NOUN_IN = regex.compile(rf"(?<!\p{{L}})(?:tổng\s+)?(?:{_alt(_NOUN_CUES)})(?!\p{{L}})", regex.I)
_SUBJ_CUT = regex.compile(
    r"(?<!\p{L})(?:qua|tại|trên|trong|của|ở|từ|với|so với|thuộc|đến|cho|vào)(?!\p{L})", regex.I
)
_SUBJ_LEAD = regex.compile(
    r"^(?:(?:trong đó|riêng|còn|và|nhưng|theo đó|cụ thể|đặc biệt|tính chung|nhìn chung|ngoài ra|"
    r"bên cạnh đó|đồng thời|tuy nhiên|hiện|hiện nay|đến nay|tới nay|cá biệt|có nơi|một số nơi|nhiều nơi|"
    r"thương lái|người dân|tôi|chúng tôi|đây là|đó là)(?!\p{L})\s*)+", regex.I
)
_SUBJ_TRAIL = regex.compile(
    r"(?:\s+(?:đã|đều|cũng|ước|dự kiến|mới|chỉ|vẫn|sẽ|luôn|đang|được|có|thì|lại|chưa|nay|hiện|hiện nay|"
    r"bình quân|trung bình))+$", regex.I
)
_DIGIT_WORD = regex.compile(r"(?<!\S)[\d,][\d.,]*\S*")  # a number, not "F2" or "Covid-19"


def _value(num: str) -> tuple[float | None, str | None]:
    """The value of one number surface, and the anomaly when its grouping is impossible."""
    t = num.strip()
    if t[0].isdigit() or t[0] == ",":
        head = _HEAD.match(t)
        assert head is not None
        if head.end() == len(t):
            p = parse_digits(t)
            return p.value, p.anomaly
        p = parse_digits(head.group())
        if p.value is None:
            return None, p.anomaly
    return parse_words(t), None


def is_number_range(text: str, end: int) -> bool:
    """Who owns "a-b" (GUIDELINES.md §6): the range ending at `end` ("2-3", "6,5 - 7") is a
    number range, not a day-month date, when a unit or counted noun of the lexicon
    (extractors/data/units.csv) follows it: "2-3 tiếng", "5-7 lần", "20-25 con", "6,5 - 7%".
    One decision for both extractors: the date extractor may call it before reading "a-b"."""
    m = _UNIT_AFTER.match(text, end)
    return m is not None and m.group(1).lower() not in _DATE_WORDS


_UNIT_AFTER = regex.compile(rf"\s?({_UNIT})")
_DATE_WORDS = frozenset({"năm", "tháng", "ngày", "tuần", "quý"})


def _is_bad_object(obj: str) -> bool:
    first = obj.split()[0].lower()
    low = obj.lower()
    return (first in _OBJ_BAD_FIRST or low in _OBJ_BAD_ALONE or low in _UNIT_WORDS
            or not first[:1].isalpha())


def _object_after(text: str, pos: int, words: _Words | None = None,
                  unit_end: tuple[int] | None = None) -> str | None:
    """The words after the unit up to a stop; coordinated nouns after a comma continue it
    ("tờ rơi, tờ gấp", "cán bộ, công chức, viên chức cấp tỉnh") when the POS tagger reads the
    word after the comma as a noun."""
    seg = text[pos:pos + 160]
    m = _OBJ_STOP.search(seg)
    if m and m.group().lower() in _PHRASE_START and not seg[:m.start()].strip():
        # "gần 60 vị trí trên các tuyến quốc lộ bị ách tắc", "32 xóm thuộc xã Trường Hà", "hai cán
        # bộ được phân công …": with no noun after the unit, the phrase that says which ones
        pm = _PHRASE_STOP.search(seg, m.end())
        obj = " ".join(seg[m.start():pm.start() if pm else len(seg)].split()[:10])
        return obj if len(obj.split()) > 1 else None
    end = m.start() if m else len(seg)
    if unit_end is not None and not seg[:end].strip() and m is not None and m.group() == ",":
        # "11 cán bộ, công chức cấp xã", "1.608 tổ, chốt": a list after the unit starts with it
        listed = _object_after(text, unit_end[0], words)
        return listed if listed is not None and "," in listed else None
    if seg[:end].strip() and words is not None:
        while m is not None and m.group() == ",":
            nxt = _OBJ_STOP.search(seg, m.end())
            piece = seg[m.end():nxt.start() if nxt else len(seg)]
            lead = len(piece) - len(piece.lstrip())
            # a list item ends at punctuation or a preposition, not before a number or approx word
            if (not piece.strip() or len(piece.split()) > 8 or nxt is None
                    or nxt.group()[0].isdigit() or nxt.group().lower() in _APPROX_WORDS
                    or piece.split()[0].lower() in _OBJ_BAD_FIRST
                    or not words.is_noun(pos + m.end() + lead)):
                break
            end, m = m.end() + len(piece.rstrip()), nxt
    obj = " ".join(seg[:end].split()[:12])
    return None if not obj or _is_bad_object(obj) else obj


def _clean_subject(s: str) -> str | None:
    s = s.lstrip(" -–+*•")
    noun = _NOUN_IN.search(s)  # "Xã Phù Mỹ 4 có diện tích tự nhiên" → "diện tích tự nhiên"
    if noun:
        s = s[noun.start():]
    cut = _SUBJ_CUT.search(s)
    if cut and cut.start() > 0:
        s = s[: cut.start()]
    digits = list(_DIGIT_WORD.finditer(s))  # "… 5% nhưng tổng kim ngạch …": after the last number
    if digits:
        s = s[digits[-1].end():]
    s = _SUBJ_TRAIL.sub("", _SUBJ_LEAD.sub("", s.strip())).strip()
    words = s.split()
    if not words or len(words) > 10 or _is_bad_object(s) or s.lower() in UNITS:
        return None
    # A common noun opening the clause is lowercased ("Kim ngạch …" → "kim ngạch …"); a name
    # ("Lạng Sơn thu …") or an abbreviation ("GRDP") is kept as written.
    w0 = words[0]
    if w0[:1].isupper() and w0[1:].islower() and (len(words) == 1 or not words[1][:1].isupper()):
        s = s[0].lower() + s[1:]
    return s


def _object_before(text: str, start: int, clause_start: int, words: _Words | None = None) -> str | None:
    """The object written before the number: a noun cue right before it ("tổng kinh phí 40 tỷ
    đồng"), else the subject of a verb cue in the same clause ("Kim ngạch … đạt 1,45 tỷ USD"),
    else (given `words`) the noun phrase right before the number when its last word is a noun
    ("…, cát xây tô 280.000 đồng/m3", "năng lực xét nghiệm khoảng 600 mẫu/ngày")."""
    lo = max(clause_start, start - 160)
    prefix = text[lo:start]
    # approx words ("đạt hơn", "khoảng") sit between the cue and the number
    prefix = _APPROX_END.sub("", prefix)
    m = _BEFORE_NOUN.search(prefix)
    if m:
        cue = m["cue"].lower()
        if cue == "giá":
            return _priced(prefix[: m.start("cue")])
        if cue in ("trị giá", "tổng trị giá", "giá trị"):
            # "hơn 50.000 tấn hành tím, trị giá trên 700 tỷ đồng": what is valued comes before
            valued = _clean_subject(_AFTER_LAST_NUMBER.split(prefix[: m.start("cue")].rstrip(" ,"))[-1])
            if valued:
                return valued
        return _clean_subject(m["cue"])
    m = _BEFORE_VERB.search(prefix)
    if m:
        sep = _SEP.search(prefix, 0, m.start("cue"))
        subj = prefix[sep.end() if sep else 0:m.start("cue")]
        if subj.strip():
            return _clean_subject(subj)
        # "khách quốc tế ước đạt 30.000 lượt (tăng 12,5% …)": a cue opening its clause continues
        # the previous clause's subject
        cut = lo + m.start("cue")
        while True:
            prev = _PREV_CUE.search(text, clause_start, cut)
            if prev is None:
                return None
            sep = _SEP.search(text, clause_start, prev.start())
            subj = text[sep.end() if sep else clause_start:prev.start()]
            if subj.strip():
                return _clean_subject(subj)
            cut = prev.start()
    if words is not None:
        # a measure word earlier in the clause: "Năng suất năm nay đạt cao đến 105 tạ/ha",
        # "Giá hành tím … hiện từ 15.000 đồng"
        seg_at = _SEP.search(prefix)
        seg = prefix[seg_at.end() if seg_at else 0:]
        noun = _NOUN_LAST.search(seg)
        if noun:
            phrase = seg[noun.start():]
            stop = _PHRASE_CUT.search(phrase, noun.end() - noun.start())
            return _clean_subject(phrase[: stop.start()] if stop else phrase)
        body = prefix.rstrip()
        sep = _SEP_NUM.search(body)
        np = body[sep.end() if sep else 0:]
        if np.strip() and words.is_noun(lo + len(body) - 1):
            return _clean_subject(" ".join(np.split()[-6:]))
    return None


_SALE = regex.compile(r"(?<!\p{L})(?:thu mua|bán|mua)(?:\s+được)?(?!\p{L})", regex.I)
_AFTER_LAST_NUMBER = regex.compile(r"[;:(]|\S*\d\S*(?:\s+(?:" + _alt([u for u in UNITS if " " not in u]) + r")(?!\p{L}))?", regex.I)


def _priced(before: str) -> str | None:
    """What a price is of: "bán hành tím khô với giá" → "hành tím khô"; "Hành được mua với
    giá" → "hành"."""
    before = regex.sub(r"(?i:\s*(?:với|có|ở mức|mức))+\s*$", "", before)
    sale = list(_SALE.finditer(before))
    if not sale:
        return _clean_subject(_AFTER_LAST_NUMBER.split(before)[-1]) if before.strip() else None
    s = sale[-1]
    return _clean_subject(before[s.end():]) or _clean_subject(_AFTER_LAST_NUMBER.split(before[: s.start()])[-1])


_NOUN_LAST = regex.compile(rf"(?r)(?<!\p{{L}})(?:tổng\s+)?(?:{_alt(_NOUN_CUES)})(?!\p{{L}})", regex.I)
_PHRASE_CUT = regex.compile(
    rf"(?<!\p{{L}})(?:{_alt(_VERB_CUES)}|đã|đang|sẽ|vẫn|hiện|cũng|chỉ|từ|dao động|ổn định|khoảng|hơn|gần)(?!\p{{L}})",
    regex.I,
)
_PREV_CUE = regex.compile(
    rf"(?r)(?<=\s)(?:{_alt([c for c in _VERB_CUES if c not in ('có', 'gồm', 'bao gồm')])})(?!\p{{L}})", regex.I
)
_APPROX_END = regex.compile(rf"(?r)(?:\s|^)(?i:{_APPROX_ALT}|chỉ|chỉ còn|còn|cả)\s*$")


class _Words:
    """The segmenter's words by offset: the word covering a position, even when the segmenter
    glued the number to it ("5-7 tờ" as one token). Only the sentences asked about are read:
    tokens are segmented lazily, and most sentences hold no number."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc

    def _at(self, pos: int) -> tuple[tuple[Token, ...], int] | None:
        sents = self.doc.sentences
        # The doc's last token starting at or before pos: in the last sentence starting at
        # or before pos that has one (a token crossing a boundary stays in the earlier
        # sentence, so that may be the one before).
        for i in range(bisect_right(sents, pos, key=_start) - 1, -1, -1):
            toks = sents[i].tokens
            j = bisect_right(toks, pos, key=_start) - 1
            if j >= 0:
                return (toks, j) if pos < toks[j].end else None
        return None

    def end_of(self, pos: int) -> int | None:
        """The end of the word covering `pos` (None when no word covers it)."""
        at = self._at(pos)
        return None if at is None else at[0][at[1]].end

    def tag_at(self, pos: int) -> str | None:
        """The POS tag of the word at `pos` (a ±3-word window, as is_noun)."""
        at = self._at(pos)
        if at is None:
            return None
        toks, j = at
        lo = max(0, j - 3)
        return _tag(tuple(t.text for t in toks[lo:j + 4]), j - lo)

    def is_noun(self, pos: int) -> bool:
        """Whether the word at `pos` is a common noun by underthesea's POS tagger. Only a
        window of ±3 words is tagged (the tagger's features reach 2 words either side), and
        only for a word the unit lexicon does not decide: tagging every sentence that holds a
        number cost 40 ms an article, more than segmenting it (docs/guidelines.md)."""
        at = self._at(pos)
        if at is None:
            return False
        toks, j = at
        if toks[j].text.lower() in _COUNT_NOUNS:  # the lexicon's counted nouns need no tagger
            return True
        lo = max(0, j - 3)
        window = tuple(t.text for t in toks[lo:j + 4])
        return _tag(window, j - lo) in ("N", "Nc", "Nu", "Ny")


def _title(w: str) -> str:
    try:
        return str(all(p[0].istitle() for p in w.split(" "))) if w else "False"
    except IndexError:  # an empty piece ("a  b"), as underthesea's text_istitle
        return "False"


def _features(words: Sequence[str]) -> list[list[str]]:
    """underthesea's CRF POS features (pos_tag/model_crf.py template, tagged_feature.py), built
    directly: its generic template interpreter re-parses every template with a regex for every
    word and cost 2 ms a window. The tag column is always "X" there (predict feeds no tags)."""
    n = len(words)
    low = [w.lower() for w in words]

    def at(k: int, col: list[str] | None = None) -> str:
        return "BOS" if k < 0 else "EOS" if k >= n else (col or words)[k]

    out = []
    for i in range(n):
        f = [f"T[{d}].lower={at(i + d, low)}" for d in (-2, -1, 0, 1, 2)]
        f += [f"T[{d}].istitle={'BOS' if i + d < 0 else 'EOS' if i + d >= n else _title(words[i + d])}"
              for d in (0, -1, 1)]
        f += [f"T[{d}]={at(i + d)}" for d in (-2, -1, 0, 1, 2)]
        for a, b in ((-2, -1), (-1, 0), (0, 1), (1, 2)):
            v = "BOS" if i + a < 0 else "EOS" if i + a >= n or i + b >= n else " ".join(words[i + a:i + b + 1])
            f.append(f"T[{a},{b}]={v}")
        f += [f"T[{d}][1]={'BOS' if i + d < 0 else 'X'}" for d in (-3, -2, -1)]
        for a, b in ((-3, -2), (-2, -1)):
            f.append(f"T[{a},{b}][1]={'BOS' if i + a < 0 else 'X X'}")
        out.append(f)
    return out


@lru_cache(maxsize=4096)
def _tag(words: tuple[str, ...], k: int) -> str | None:
    from underthesea.pipeline.pos_tag.model_crf import CRFPOSTagPredictor

    tags = CRFPOSTagPredictor.Instance().model.tag(_features(words))
    return tags[k] if k < len(tags) else None


def _start(x: Sentence | Token) -> int:
    return x.start


class _Spans:
    """Sorted, merged spans with a bisection membership test: one O(log n) overlap test per
    candidate instead of a scan of every prior fact (which made long texts quadratic)."""

    def __init__(self, spans: Sequence[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for s, e in sorted(spans):
            if merged and s <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], e)
            else:
                merged.append([s, e])
        self.starts = [s for s, _ in merged]
        self.ends = [e for _, e in merged]

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_left(self.ends, start + 1)  # first span ending after start
        return i < len(self.starts) and self.starts[i] < end


class _Lines:
    """Line bounds by bisection, and which lines are visitor-counter lines (computed once a line)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.breaks = [m.start() for m in regex.finditer(r"\n", text)]
        self._counter: dict[int, bool] = {}

    def bounds(self, pos: int) -> tuple[int, int]:
        i = bisect_left(self.breaks, pos)
        start = self.breaks[i - 1] + 1 if i > 0 else 0
        end = self.breaks[i] if i < len(self.breaks) else len(self.text)
        return start, end

    def is_counter(self, pos: int) -> bool:
        s, e = self.bounds(pos)
        if s not in self._counter:
            self._counter[s] = _COUNTER_LINE.search(self.text, s, e) is not None
        return self._counter[s]


class _Periods:
    """§6: the indicator's period is the date its own clause refers to: the last date fact
    before the number in its clause (the sentence up to the number, cut at ";"), of any grain;
    else a year/month/quarter or range date of the paragraph's opening sentence."""

    def __init__(self, doc: Doc, dates: Sequence[Fact], lines: _Lines) -> None:
        self.doc, self.lines = doc, lines
        self.dates = [d for d in dates if getattr(d.value, "start", None) is not None]
        self.starts = [d.start for d in self.dates]
        self.spans = [d for d in self.dates
                      if d.value.grain in ("year", "month", "quarter")  # type: ignore[union-attr]
                      or d.value.start != d.value.end]  # type: ignore[union-attr]
        self.span_starts = [d.start for d in self.spans]

    def clause_start(self, start: int) -> int:
        text = self.doc.text
        sent = self.doc.sentence_at(start)
        s_start = sent.start if sent else self.lines.bounds(start)[0]
        semi = text.rfind(";", s_start, start)
        return semi + 1 if semi >= 0 else s_start

    def of(self, start: int, clause_start: int) -> Period | None:
        i = bisect_right(self.starts, start) - 1
        while i >= 0 and self.dates[i].start >= clause_start:
            d = self.dates[i]
            if d.end <= start:
                return Period(start=d.value.start, end=d.value.end)  # type: ignore[union-attr]
            i -= 1
        p_start = self.lines.bounds(start)[0]
        opening = self.doc.sentence_at(p_start)
        o_end = min(opening.end if opening else p_start, start)
        j = bisect_left(self.span_starts, p_start)
        if j < len(self.spans) and self.spans[j].start < o_end and self.spans[j].end <= start:
            d = self.spans[j]
            return Period(start=d.value.start, end=d.value.end)  # type: ignore[union-attr]
        return None


def _not_quantity(text: str, start: int, end: int) -> bool:
    """A row of indicator_not_quantities.csv: an idiom, vehicle class or clock time."""
    span = text[start:end]
    for before, match, after in _NOT_QUANTITY:
        if (match.fullmatch(span) and (before is None or before.search(text, max(0, start - 40), start))
                and (after is None or after.match(text, end))):
            return True
    return False


def extract(doc: Doc, prior: Mapping[str, Sequence[Fact]]) -> list[Fact]:
    text = doc.text
    dates = sorted(prior.get("date", ()), key=lambda f: f.start)
    blocked = _Spans([(f.start, f.end) for f in (*dates, *prior.get("document", ()))])
    lines = _Lines(text)
    periods = _Periods(doc, dates, lines)
    words = _Words(doc)
    facts: list[Fact] = []
    skip_to = [0]  # candidates starting before this offset belong to a fact's `per`

    def emit(start: int, end: int, value: float | None, unit: str, rule: str, *,
             approx: str | None = None, range_max: float | None = None, vague: bool = False,
             raw: str | None = None, anomaly: str | None = None, obj_from: int | None = None,
             confidence: float = 0.9, ukind: str = "count", per_from: int | None = None,
             obj: str | None = None, unit_from: int | None = None) -> None:
        per = None
        if per_from is not None:
            pm = _PER.match(text, per_from)
            if pm:
                per = "/".join(p.strip() for p in pm["per"].lower().split("/"))
                skip_to[0] = pm.end()  # "40 triệu đồng một ha": "một ha" is the denominator
                if pm["slash"] is not None and per_from == end:
                    end = pm.end()  # "45.000 đồng/kg": a written rate spans its denominator
                if obj_from is None or obj_from <= pm.end():
                    obj_from = pm.end()
        if per is None and per_from is not None:
            pb = _PER_BEFORE.search(text, max(0, start - 40), start)
            if pb and ";" not in text[pb.start():start] and "," not in text[pb.start():start]:
                per = pb["per"].lower()
        if blocked.overlaps(start, end):
            return
        # A naming word right before the number ("Quốc lộ 4"); after an approx word
        # ("quãng đường hơn 40km") the number is a quantity whatever precedes.
        if approx is None and (
                _LEAD.search(text, max(0, start - 20), start)
                and not _KEEP.search(text, max(0, start - 20), start)
                or _is_name(text, start, words)):
            return
        if _not_quantity(text, start, end):
            return
        if lines.is_counter(start) or _ONLINE_AFTER.match(text, end):
            return
        clause = periods.clause_start(start)
        if obj is None:
            a_from = obj_from if obj_from is not None else end
            after = _object_after(text, a_from, words,
                                  (unit_from,) if unit_from is not None and ukind == "count" else None)
            # Money and measures name what they measure before the number; a percentage or a
            # count names it after, when written there ("25% cán bộ, công chức").
            np_words = words if ukind in ("measure", "currency") or per else None
            before = (_object_before(text, start, clause, np_words)
                      if ukind not in ("count", "percent") or after is None else None)
            obj = before or after
        val = IndicatorValue(value=value, unit=unit, object=obj, approx=approx,  # type: ignore[arg-type]
                             range_max=range_max, vague=vague, raw=raw, anomaly=anomaly,  # type: ignore[arg-type]
                             per=per, period=periods.of(start, clause))
        facts.append(Fact.at(text, KIND, start, end, val, rule, confidence))

    def outcome(pos: int, unit: str) -> str | None:
        """The outcome after a count of people ("8 người chết"): its object (§6)."""
        if unit not in _PERSON_SET:
            return None
        m = _OUTCOME_AFTER.match(text, pos)
        return m["out"].lower() if m else None

    for m in PATTERN.finditer(text):
        if m["block"] is not None or m.start() < skip_to[0]:
            continue
        if m["share"] is not None:
            u, k = UNITS[m["sh_u"].lower()]
            emit(m.start(), m.end(), float(m["sh_n"]), u, "ind.share", ukind=k, per_from=m.end())
            continue
        if m["money"] is not None:
            if not (_MONEY_CUE.search(text, max(0, m.start() - 40), m.start())
                    or _MONEY_AFTER.match(text, m.end())):
                continue
            v, anomaly = _value(m["m_num"])
            emit(m.start(), m.end(), v, "đồng", "ind.money_unwritten",
                 approx=_APPROX_WORDS.get((m["m_approx"] or "").lower()), anomaly=anomaly,
                 raw=m["m_num"] if anomaly else None, confidence=0.7, ukind="currency",
                 per_from=m.end())
            continue
        approx = _APPROX_WORDS.get((m["approx"] or "").lower())
        first = m["num"] or m["list"] or ""
        if approx and m["approx"].lower() in _PREPOSITIONS and first[:1].isalpha():
            # "trên hai tàu cá" is "on two boats": before number words these are prepositions
            approx = None
            start0 = m.start("neg") if m["neg"] else m.start("num") if m["num"] else m.start("list")
        else:
            start0 = m.start()
        sign = -1.0 if m["neg"] else 1.0
        after = m.end()
        confidence = 0.9
        bare_word = first.strip().lower() in ("một", "không", "trăm", "nghìn", "ngàn")  # "một tấn", not "một trăm"
        if m["unit"] is not None:
            unit_s = m["unit"]
            unit, ukind = UNITS[unit_s.lower()]
            rule = f"ind.{ukind}"
            if ukind == "time" and (_AFTER_TIME.match(text, m.end("unit"))
                                    or _CLOCK_AFTER.match(text, m.end("unit"))
                                    or _CLOCK_BEFORE.search(text, max(0, start0 - 12), start0)):
                tail = _CLOCK_TAIL.match(text, m.end("unit"))
                if tail:
                    skip_to[0] = tail.end()
                continue  # "24 giờ tới", "20 giờ 30 ngày 4/8": a duration or a clock time
            w_end = words.end_of(m.start("unit"))
            obj_from = m.end("unit")
            if w_end is not None and w_end > m.end("unit") and m["num3"] is None:
                if bare_word:
                    continue  # "một đồng chí", "không đồng ý": the word is no measure
                if unit_s.lower() in EXTEND:  # "người thân": the word is the unit
                    unit = text[m.start("unit"):w_end].lower()
                    after, obj_from, rule = w_end, w_end, "ind.word_unit"
                else:  # "tờ rơi", "vụ việc": the classifier is the unit, the word the object
                    obj_from = m.start("unit")
        else:
            if bare_word:
                continue
            w_end = words.end_of(m.start("word"))
            word = text[m.start("word"):w_end] if w_end and w_end > m.end("word") else m["word"]
            wl = word.lower()
            syl = wl.split()
            if (not _LETTERS.fullmatch(wl) or wl in NOT_UNITS
                    or syl[0] in NOT_UNITS or " ".join(syl[:2]) in NOT_UNITS or wl in NUMBER_WORDS
                    or first[:4].lower() == "chín"  # "lúa chín rộ": ripe, not nine
                    or m["vague"] is None and _CAP_BEFORE.search(text, max(0, start0 - 30), start0)
                    or _YEAR.fullmatch(first)  # "mùa du lịch 2021 chủ đề …": a year
                    # the closed lexicon did not list the word: a count only when it is a noun
                    or not (m["word"].isupper() or words.is_noun(m.start("word")))):
                if (m["num"] and _MONEY_SCALE.search(m["num"])
                        and _MONEY_CUE.search(text, max(0, m.start() - 40), m.start())):
                    v, anomaly = _value(m["num"])  # "trị giá 40 triệu cho …": money, unit unwritten
                    emit(start0, m.end("num"), v, "đồng", "ind.money_unwritten", approx=approx,
                         anomaly=anomaly, raw=m["num"] if anomaly else None, confidence=0.7,
                         ukind="currency", per_from=m.end("num"))
                continue
            unit, ukind, rule, confidence = wl, "count", "ind.noun_unit", 0.6
            after = obj_from = m.start("word") + len(word)
        out = outcome(after, unit)
        ustart = m.start("unit") if m["unit"] is not None else m.start("word")
        if m["vague"] is not None:
            v = float(_VAGUE[m["vg1"].lower()] * (_VAGUE[m["vg2"].lower()] if m["vg2"] else 1))
            emit(start0, after, v, unit, "ind.vague", approx=approx, vague=True, obj_from=obj_from,
                 confidence=confidence, ukind=ukind, per_from=after, obj=out, unit_from=ustart)
        elif m["list"] is not None:
            # "37 phóng sự, 134 chuyên mục": only the last number is written with the unit here
            nums = list(_NUM_RE.finditer(text, m.start("list"), m.end("list")))
            for i, n in enumerate(nums):
                v, anomaly = _value(n.group())
                last = i == len(nums) - 1
                emit(start0 if i == 0 else n.start(), after if last else n.end(), v, unit,
                     rule if last else "ind.list_shared_unit", approx=approx if i == 0 else None,
                     raw=n.group() if anomaly else None, anomaly=anomaly, obj_from=obj_from,
                     confidence=confidence, ukind=ukind, per_from=after, obj=out, unit_from=ustart)
        else:
            v, anomaly = _value(m["num"])
            rmax = None
            top = m["num2"] or m["num3"]
            if top is not None:
                rmax, an2 = _value(top)
                anomaly = anomaly or an2
                # "1,5 - 2 tỷ đồng": the first number takes the scale written on the second
                if v is not None and rmax is not None and rmax > v * 1.5 and m["num"][-1].isdigit():
                    scale = _SCALE_END.search(top)
                    if scale:
                        v = _value(m["num"] + " " + scale.group())[0]
                rule = "ind.range"
            if v is not None:
                v = sign * v if v else v
            emit(start0, after, v, unit, rule, approx=approx, range_max=rmax,
                 raw=m["num"] if anomaly else None, anomaly=anomaly, obj_from=obj_from,
                 confidence=confidence, ukind=ukind, per_from=after, obj=out, unit_from=ustart)
    for m in _ONE_PERSON.finditer(text):
        unit = UNITS.get(m["unit"].lower(), (m["unit"].lower(), "count"))[0]
        emit(m.start(), m.end("unit"), 1.0, unit, "ind.person_outcome", obj=m["out"].lower(),
             confidence=0.8)
    facts.sort(key=lambda f: f.start)
    return facts


_PERSON_SET = frozenset(UNITS.get(u, (u, ""))[0] for u in _PERSON_UNITS)


# ---------------------------------------------------------------- the kind's contract
# The value model and the spec every other module reads this kind through (pipeline.types).

Approx = Literal["more_than", "less_than", "about"]


class IndicatorValue(Value):
    """§3.5: a reported quantity."""

    value: float | None
    unit: str | None = None
    object: str | None = None
    approx: Approx | None = None
    range_max: float | None = None
    vague: bool = False
    per: str | None = None  # §6: a rate's denominator ("45.000 đồng/kg" → "kg")
    raw: str | None = None
    anomaly: Literal["bad_grouping"] | None = None
    period: Period | None = None


def _num(x: float | None) -> float | None:
    # 1500000.0 and 1500000 are one value; round off float noise from unit multiplication.
    return None if x is None else round(float(x), 6)


def _problems(v: IndicatorValue) -> list[str]:
    out = []
    if v.value is None and not v.raw:
        out.append("indicator without value needs raw")
    if v.range_max is not None and v.value is not None and v.range_max < v.value:
        out.append(f"indicator range_max {v.range_max:g} < value {v.value:g}")
    return out


def _summary(v: dict) -> str:
    num = v.get("value")
    shown = v.get("raw") if num is None else (f"{num:g}" if isinstance(num, float) else str(num))
    extra = [(v.get("unit") or "") + (f"/{v['per']}" if v.get("per") else ""),
             f"({v['approx']})" if v.get("approx") else "",
             f"obj={v['object']}" if v.get("object") else ""]
    return " ".join(x for x in (shown or "", *extra) if x)


SPEC = register(KindSpec(
    name=KIND, value_model=IndicatorValue, extract=extract, requires=REQUIRES,
    key=lambda v: (_num(v.get("value")), v["unit"].lower() if v.get("unit") else None),
    guideline_fields=("value", "unit", "object", "approx", "range_max", "vague", "raw", "anomaly"),
    record_fields=("value", "unit", "per", "object"),
    text_fields=("object",), numeric_fields=("value", "range_max"),
    view="indicators",
    view_columns=(
        ("value", "$.value", "The number (multipliers applied); null for a bad grouping"),
        ("unit", "$.unit", "Measure or classifier word, lowercased"),
        ("object", "$.object", "What is counted, when written"),
        ("approx", "$.approx", "more_than | less_than | about"),
        ("range_max", "$.range_max", "Upper bound of a range (10-12 → 12)"),
        ("vague", "$.vague", "1 for hàng trăm, hàng nghìn … (value is the lower bound)"),
        ("per", "$.per", "A rate's denominator (đồng/kg → kg)"),
        ("raw", "$.raw", "Digits as written when the value is null"),
        ("anomaly", "$.anomaly", "bad_grouping when the digit grouping cannot be right"),
        ("period_start", "$.period.start", "Period the number is reported for: start (ISO)"),
        ("period_end", "$.period.end", "Period: end (ISO, inclusive)"),
    ),
    validate=_problems, summary=_summary,
    colour="black on bright_blue", label="Reported quantities (GUIDELINES.md §3.5)",
))
