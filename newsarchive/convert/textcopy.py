"""The article among a page copy's lines, for outlets we have no profile for.

A "select all, copy" of a news page holds the article and the page around it:
menus, share buttons, "Sign up", related stories, footers. The article is the
longest stretch of prose (long lines shaped as sentences); the page around it is
short lines, lists of links and stock phrases. Above the prose stand the
headline, the byline and the date; inside it, subheadings, captions and lines
the page repeats. Every rule here holds for any outlet: none names one.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from dateutil import parser as date_parser

# ---- what a line is

_SENTENCE_END = re.compile(r"[.!?…。！？\"”’»):]$")
_WIDE = re.compile(r"[\u1100-\u11ff\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")
"""Scripts that write a sentence in few characters (Chinese, Japanese, Korean)."""
STOCK_PHRASES = re.compile(
    r"(?i)^(?:advertisement|advert|ad|sponsored(?: content)?|story continues(?: below)?(?: advertisement)?|"
    r"continue reading(?: below)?|(?:read|see|watch|show) (?:more|less|next|also|the full story)\b.*|read more:?.*|"
    r"related(?: stories| articles| coverage| content| links| topics| posts| news)?:?.*|more (?:stories|from|on|in)\b.*|recommended(?: for you)?|"
    r"(?:trending|popular|most (?:read|popular|viewed|shared)|latest)(?: now| news| stories| articles| videos)?|editor'?s picks?|around the web|"
    r"you (?:may|might) (?:also )?like|(?:share|tweet|email|print|comment|save|like|follow)(?: this)?(?: (?:article|story|on \w+))?|"
    r"sign (?:up|in)\b.*|log ?in|subscribe\b.*|newsletter\b.*|click here\b.*|(?:view|open) (?:gallery|comments|image)\b.*|"
    r"skip to (?:main )?content|back to top|copy link|copied!?|link copied|comments?(?: \(\d+\))?|\d+ comments?|"
    r"image(?: \d+ of \d+)?|photo|video|play(?: video)?|close|menu|search|home|loading\.*|previous|next|"
    r"all rights reserved\.?|terms (?:of (?:use|service)|and conditions)|privacy(?: policy)?|cookie(?:s| policy| settings)?|"
    r"contact us|about us|site ?map|accessibility|careers|faq|help)$"
)
"""Lines every page prints around its articles."""
_MEDIA_LINE = re.compile(r"(?i)^(?:(?:play|watch|listen)(?: video| audio| now)?:?\s.*|\d{1,2}:\d{2}(?::\d{2})?|video|audio|podcast)$")
_CREDIT_TAIL = re.compile(
    r"(?i)[(\[]?\s*(?:photo|image|picture|credit|photograph|illustration|foto)s?(?: by)?\s*[:/]\s*(?P<credit>[^)\]]{2,80}?)\s*[)\]]?\s*$"
    r"|\((?P<agency>[^()]{2,60}(?:getty images|reuters|ap|afp|epa|shutterstock|associated press|file|handout)[^()]{0,30})\)\s*$"
)
_BYLINE = re.compile(
    r"^(?:(?:[Ww]ritten|[Pp]osted|[Rr]eported|[Ww]ords|[Ss]tory)\s+by|[Bb]y|BY|Von|Por|Par|Di)\s+(?P<names>[^\d|•]{3,120}?)"
    r"(?:\s+(?:on|ON|at|AT|updated|published))?(?:\s*[|•,–—-]\s*.*|\s+\d.*)?$"
)


@dataclass(frozen=True)
class Line:
    text: str
    index: int
    words: int
    chars: int
    wide: bool

    @property
    def sentence(self) -> bool:
        """Shaped as prose: long enough, and ending as a sentence ends."""
        return self.long and bool(_SENTENCE_END.search(self.text))

    @property
    def long(self) -> bool:
        return self.chars >= (30 if self.wide else 80) and (self.wide or self.words >= 12)

    @property
    def short(self) -> bool:
        return not self.long


def lines_of(texts: list[str]) -> list[Line]:
    return [
        Line(text=text, index=index, words=len(text.split()), chars=len(text), wide=bool(_WIDE.search(text)))
        for index, text in enumerate(texts)
    ]


# ---- where the article is


@dataclass(frozen=True)
class Verdict:
    """What became of one line of the copy, for `invoke convert --explain`."""

    line: str
    kept: bool
    why: str


def article_span(lines: list[Line], repeated: set[str]) -> tuple[int, int]:
    """The stretch of lines that holds the article: the run of prose with the most words,
    where short lines in between cost a little and stock phrases and repeats cost more."""
    best, best_span = 0.0, (0, -1)
    running, start, prose, after = 0.0, 0, 0, 1.0
    for line in lines:
        if prose >= WALL_AFTER_WORDS and ends_article(line.text):
            # What follows is the page's (comments, related stories), however long its lines:
            # prose after an article that ended counts for less than the article.
            running, prose, after = 0.0, 0, AFTER_AN_ARTICLE
            continue
        gain = line_weight(line, repeated)
        gain = gain * after if gain > 0 else gain
        if running <= 0:
            running, start, prose = gain, line.index, 0
        else:
            running += gain
        prose += line.words if gain > 0 else 0
        if running > best:
            best, best_span = running, (start, line.index)
    return best_span


AFTER_AN_ARTICLE = 0.3
WALL_AFTER_WORDS = 80
"""Words of prose after which a line that ends articles (a copyright, "Comments") ends this one."""
_ENDS_ARTICLE = re.compile(
    r"(?i)^(?:(?:©|\(c\)|copyright)\s.*|.*\ball rights reserved\b.*|.*\buses cookies\b.*|(?:first )?published (?:on )?.{0,40}\d{4}.*|"
    r"\[?\s*\d+\s+comments?\s*\]?|(?:top rated |latest |show |view )?comments(?: \(\d+\))?|leave a (?:comment|reply)\b.*|"
    r"join the (?:discussion|conversation)\b.*|tell us what you think.*|what do you think\?|"
    r"\d+\s*(?:[smhd]|mins?|minutes?|hours?|days?)\s+ago\b.*|about the author|more (?:in|from) [\w ]{2,30}|"
    r"(?:stay up to date|get (?:our|the latest)|sign up|subscribe)\b.{0,80}(?:newsletter|inbox|email)\b.*)$"
)
"""Lines pages print after their articles (copyright, cookies, comments, teasers' times); a box of
related links inside an article ("Related:", "Read more") does not end it."""


def ends_article(text: str) -> bool:
    """A line that pages print after their articles: copyright, comments, related stories, teasers' times."""
    return len(text) <= 200 and bool(_ENDS_ARTICLE.match(text))


_NUMBERED = re.compile(r"^\d{1,3}[.)]\s+\S")
_ADDRESS_LINE = re.compile(r"^https?://\S+$")


def line_weight(line: Line, repeated: set[str]) -> float:
    if STOCK_PHRASES.match(line.text):
        return -6.0
    if line.text in repeated and line.long:
        return -6.0  # a teaser printed twice; a short repeated line may be the article's own heading
    if _NUMBERED.match(line.text) or _ADDRESS_LINE.match(line.text):
        return 1.0  # an item of the article's numbered list, or the address it gives
    if line.long and not line.wide and not prose_words(line.text):
        return -2.5  # a menu printed on one line, a headline: capitalised words, no sentence
    if line.sentence:
        return float(min(line.words if not line.wide else line.chars // 3, 80))
    if line.long and (line.wide or line.words >= 25):
        return line.words / 3 if not line.wide else line.chars / 9
    if line.long:
        return 0.0  # a headline of a related story reads as prose, but no full stop ends it
    if line.text.endswith(("..", "…")) and line.short:
        return -2.5  # a teaser cut short ("'Standing Up', KBS's..")
    if _SENTENCE_END.search(line.text) and line.words >= 4:
        return 1.0  # a short sentence ("That was it.")
    return -2.5


def prose_words(text: str) -> bool:
    """Whether a line reads as prose: at least a third of its words in lower case."""
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", text)]
    return bool(words) and sum(1 for w in words if w[0].islower()) >= len(words) / 3


def keep_in_article(line: Line, repeated: set[str]) -> str | None:
    """Why a line inside the article's stretch is page, not article (None: it is article)."""
    if STOCK_PHRASES.match(line.text):
        return "a phrase every page prints"
    if line.text in repeated and line.short:
        return "printed more than once on the page"
    if _MEDIA_LINE.match(line.text):
        return "a player's line"
    if _CREDIT_TAIL.search(line.text) or _AGENCY_CREDIT.search(line.text):
        return "an image's caption"
    if line.words <= 25 and _CALL_TO_ACT.search(line.text):
        return "a call to sign up, follow or share"
    return None


def link_lists(lines: list[Line], start: int, end: int) -> set[int]:
    """Lines inside the article that belong to a list of unpunctuated lines under 25 words
    (related stories' headlines, tags): three or more in a row, none a sentence."""
    found: set[int] = set()
    run: list[int] = []
    for line in lines[start : end + 1] + [None]:
        if (
            line is not None
            and (line.short or line.words < 25)
            and not _SENTENCE_END.search(line.text)
            and not line_weight(line, set()) > 0
        ):
            run.append(line.index)
            continue
        if len(run) >= 3:
            found.update(run)
        run = []
    return found


# ---- the headline, byline, date and lead image above the article


def headline(lines: list[Line], start: int, url_words: set[str]) -> int | None:
    """The headline's line, among the lines of some words above the article (or a short one
    in it that the page's address spells out): the one sharing most words with the address,
    above the prose rather than in it, one a byline or date follows, one that no full stop
    ends, the nearest."""
    candidates = []
    opening = True  # the prose may start with the headline itself, when it reads as a sentence
    for line in lines[max(0, start - 150) : start + 15]:
        text = line.text
        if line.index >= start and line.sentence:
            opening = False
        if not 3 <= line.words <= 40 and not (line.wide and 8 <= line.chars <= 120):
            continue
        if not_a_headline(text):
            continue
        words = set(_words(text))
        overlap = len(url_words & words) / max(len(url_words), 1) if len(url_words & words) >= 2 else 0.0
        if start - line.index > 40 and overlap < 0.5:
            continue  # far above the article, only a line the address names is its headline
        if line.index >= start and text.endswith("."):
            continue  # the prose's first sentence
        if line.index >= start and not (opening and line.index < start + 3):
            if overlap < 0.8 or line.words > 20:
                continue  # inside the prose, only a short line the address spells out
        followed = any(byline(after.text) or printed_date(after.text) for after in lines[line.index + 1 : min(line.index + 5, start + 1)])
        candidates.append((round(overlap, 2), line.index < start, followed, not text.endswith((".", "!")), line.index))
    if not candidates:
        # A headline of one or two words ("Report 7"): the nearest line above that could be one.
        return next((line.index for line in reversed(lines[max(0, start - 5) : start]) if not not_a_headline(line.text)), None)
    return max(candidates)[-1]


def not_a_headline(text: str) -> bool:
    """Lines above an article that are not its headline: stock phrases, bylines, dates, credits,
    calls to act ("Join our newsletter"), shouting, and lines a sentence ends."""
    return bool(
        STOCK_PHRASES.match(text)
        or _CALL_TO_ACT.search(text)
        or byline(text)
        or printed_date(text)
        or _CREDIT_TAIL.search(text)
        or _AGENCY_CREDIT.search(text)
        or _DATED.match(text)
        or text.endswith(":")
        or (text.isupper() and len(text.split()) < 4)  # a section's name in capitals ("HEALTH")
        or re.search(r"\d{3}[ -]\d{2,}", text)  # a telephone or fax number
    )


_CALL_TO_ACT = re.compile(
    r"(?i)\b(?:sign up|subscribe|newsletter|follow (?:us|\w+ on)|never miss|join (?:us|our)|download (?:the|our)|"
    r"sharing options|share (?:this|on|it)|short url|copy link|min(?:ute)? read|click (?:here|for)|log ?in|register|"
    r"news alerts|your inbox|breaking news emails)\b"
)
_DATED = re.compile(r"(?i)^(?:updated|posted|published|last (?:updated|modified)|modified)\b")
_AGENCY_CREDIT = re.compile(
    r"(?i)(?:\bimage copyright\b|[|/]\s*(?:getty images|reuters|ap|afp|epa|bloomberg)(?: file| via getty images)?\s*$|^(?:getty images|reuters|ap photo)\b)"
)


def as_headline(text: str) -> str:
    """A headline as the page means it: one the page sets in capitals (CANNABIS USE DISORDER)
    in capitalised words, its abbreviations (U.S.) kept."""
    if not (text.isupper() and len(text.split()) >= 4):
        return text
    return " ".join(word if "." in word.rstrip(".") else word[:1] + word[1:].lower() for word in text.split())


def byline(text: str) -> str | None:
    """The names of a byline ("By Jane Roe and John Doe, Reuters"), or None."""
    match = _BYLINE.match(text)
    if not match or len(text.split()) > 16:
        return None
    return match.group("names").strip()


def name_before_date(text: str) -> str | None:
    """The name a date line starts with ("Chris Davies - Nov 19, 2019, 10:31 pm CST"), or None."""
    match = _DATE.search(text)
    if not match or match.start() == 0:
        return None
    before = re.sub(r"(?i)\b(?:updated|published|posted|on)\b", "", text[: match.start()]).strip(" -–—|•,:")
    words = before.split()
    if 2 <= len(words) <= 4 and all(w[:1].isupper() and w.replace("-", "").replace(".", "").isalpha() for w in words):
        return before
    return None


def image_credit(text: str) -> tuple[str, str | None] | None:
    """A caption line's text and its credit ("… (Photo: Jane Roe/Reuters)"), or None."""
    match = _CREDIT_TAIL.search(text)
    if not match:
        return None
    credit = (match.group("credit") or match.group("agency") or "").strip()
    return text[: match.start()].strip(" -–—|"), credit or None


# Dates as news pages print them: "November 19, 2019", "Nov. 19, 2019 10:31 pm CST", "19 November 2019",
# "2019-11-19 15:24", "5:45 AM PST 11/19/2019", "19.11.2019", "Tue 19 Nov 2019 10.04 GMT".
_MONTHS = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_TIME = r"(?:\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s*\(?[A-Z]{2,4}\)?)?)"
_DATE_FORMS = (
    rf"(?P<md>{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})",
    rf"(?P<dm>\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTHS},?\s+\d{{4}})",
    r"(?P<iso>\d{4}-\d{2}-\d{2})",
    r"(?P<us>\d{1,2}/\d{1,2}/(?:\d{4}|\d{2}(?!\d)))",
    r"(?P<eu>\d{1,2}\.\d{1,2}\.\d{4})",
)
_WEEKDAY = r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s*"
_DATE = re.compile(rf"(?i)(?:(?P<before>{_TIME})\s*,?\s*(?:{_WEEKDAY})?)?(?:{'|'.join(_DATE_FORMS)})(?:,?\s*(?:at\s+)?(?P<after>{_TIME}))?")
_ZONES = {"ET": -5, "EST": -5, "EDT": -4, "CT": -6, "CST": -6, "CDT": -5, "MT": -7, "MST": -7, "MDT": -6, "PT": -8, "PST": -8,
          "PDT": -7, "GMT": 0, "UTC": 0, "BST": 1, "CET": 1, "CEST": 2, "EET": 2, "EEST": 3, "MSK": 3, "IST": 5.5, "JST": 9, "KST": 9}  # fmt: skip
_EARLIEST = dt.datetime(1990, 1, 1, tzinfo=dt.UTC)


def printed_date(text: str, now: dt.datetime | None = None) -> dt.datetime | None:
    """The first date a line prints, with its time and zone where it gives them (a time with no
    zone is read as UTC), or None. Days before months in "19.11.2019"; months first in "11/19/2019"."""
    limit = (now or dt.datetime.now(dt.UTC)) + dt.timedelta(days=2)
    for match in _DATE.finditer(text):
        day = _day(match)
        if day is None:
            continue
        when = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
        clock = match.group("before") or match.group("after")
        if clock:
            when = _with_time(when, clock)
        if _EARLIEST <= when <= limit:
            return when
    return None


def _day(match: re.Match) -> dt.date | None:
    try:
        if match.group("iso"):
            return dt.date.fromisoformat(match.group("iso"))
        if match.group("us"):
            month, day, year = map(int, match.group("us").split("/"))
            year += 2000 if year < 100 else 0
            return dt.date(year, month, day) if month <= 12 else dt.date(year, day, month)
        if match.group("eu"):
            day, month, year = map(int, match.group("eu").split("."))
            return dt.date(year, month, day)
        value = match.group("md") or match.group("dm")
        return date_parser.parse(value.replace(".", " "), fuzzy=True, default=dt.datetime(2000, 1, 1)).date()
    except (ValueError, OverflowError):
        return None


def _with_time(day: dt.datetime, clock: str) -> dt.datetime:
    match = re.match(r"(\d{1,2})[:.](\d{2})(?:[:.]\d{2})?\s*([ap])?\.?m?\.?\s*\(?([A-Z]{2,4})?", clock.strip(), re.IGNORECASE)
    if not match:
        return day
    hour, minute = int(match.group(1)), int(match.group(2))
    if match.group(3):
        hour = hour % 12 + (12 if match.group(3).lower() == "p" else 0)
    if hour > 23 or minute > 59:
        return day
    # The day and time as printed, in the zone printed (UTC when none is).
    offset = _ZONES.get((match.group(4) or "").upper(), 0)
    return day.replace(hour=hour, minute=minute, tzinfo=dt.timezone(dt.timedelta(hours=offset)))


def _words(text: str) -> list[str]:
    plain = unicodedata.normalize("NFKD", text).casefold()
    return [w for w in re.findall(r"\w+", plain) if len(w) > 2]


def address_words(url: str | None) -> set[str]:
    """The words of a page address's slug ("/cars/2019/vw-id-space-vizzion-wagon" → space, vizzion, wagon…)."""
    if not url:
        return set()
    # The slug: the part of the path with the most words (not the sections before it).
    path = re.sub(r"^[a-z]+://[^/]+", "", url.split("?")[0])
    slug = max(path.split("/"), key=lambda part: len(re.findall(r"[-_]", part)), default="")
    return {
        w for w in _words(slug.replace("-", " ").replace("_", " ")) if not w.isdigit() and w not in ("html", "htm", "php", "aspx", "www")
    }


# ---- the outlet

_COPYRIGHT = re.compile(
    r"(?i)(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:\d{4}\s*(?:[-–]\s*\d{4})?\s*)?(?:by\s+)?"
    r"(?P<name>[A-Z0-9][\w&.'’ -]{1,60}?)"
    r"(?:,?\s+(?:inc|llc|ltd|limited|corp|corporation|plc|gmbh|s\.a|ag|co)\b\.?)?(?:\s*[.,|•]|\s+all rights|\s+-|$)"
)


def copyright_holder(lines: list[str]) -> str | None:
    """The outlet a page's copyright line names ("© 2019 The Washington Post"), the last one printed."""
    for text in reversed(lines[-60:]):
        match = _COPYRIGHT.search(text)
        if match:
            name = match.group("name").strip(" .-")
            if len(name) >= 2 and not name.isdigit() and name.casefold() not in ("all rights reserved", "the"):
                return name
    return None
