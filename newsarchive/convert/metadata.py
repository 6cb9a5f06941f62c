"""An article page's metadata, from its own structured data first, then from its text.

Order of trust: JSON-LD (``NewsArticle``, ``Article`` and kin), then OpenGraph
and ``<meta>`` tags, then ``<time datetime>`` and visible bylines.
"""

from __future__ import annotations

import copy
import datetime as dt
import html
import json
import re
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field

import htmldate
from dateutil import parser as date_parser
from lxml import etree

from newsarchive.convert.blocks import element_text, fold, safe_url

ARTICLE_TYPES = frozenset(
    """Article NewsArticle ReportageNewsArticle AnalysisNewsArticle OpinionNewsArticle BackgroundNewsArticle
    ReviewNewsArticle BlogPosting LiveBlogPosting SocialMediaPosting TechArticle ScholarlyArticle Report
    Review Recipe""".split()
)
EARLIEST_DATE = dt.datetime(1990, 1, 1, tzinfo=dt.UTC)
# Zone abbreviations pages print after a time, as UTC offsets in hours (IST as India's).
_ZONE_ABBREVIATIONS = {
    name: int(hours * 3600)
    for name, hours in {
        "UTC": 0,
        "GMT": 0,
        "Z": 0,
        "BST": 1,
        "CET": 1,
        "CEST": 2,
        "EET": 2,
        "EEST": 3,
        "MSK": 3,
        "EST": -5,
        "EDT": -4,
        "CST": -6,
        "CDT": -5,
        "MST": -7,
        "MDT": -6,
        "PST": -8,
        "PDT": -7,
        "IST": 5.5,
        "WIB": 7,
        "SGT": 8,
        "HKT": 8,
        "JST": 9,
        "KST": 9,
        "AEST": 10,
        "AEDT": 11,
    }.items()
}


@dataclass(frozen=True)
class PageMetadata:
    title: str | None = None
    published: dt.datetime | None = None
    modified: dt.datetime | None = None
    authors: tuple[str, ...] = ()
    section: str | None = None
    language: str | None = None
    site_name: str | None = None
    canonical_url: str | None = None
    description: str | None = None
    image_url: str | None = None
    image_caption: str | None = None
    image_credit: str | None = None
    keywords: tuple[str, ...] = field(default=())


def read_metadata(tree: etree._Element, url: str | None, now: dt.datetime | None = None) -> PageMetadata:
    """Everything the page says about itself. ``now`` bounds dates (a date in the future is not believed)."""
    ld = _json_ld_article(tree)
    meta = _meta_tags(tree)
    site_name = outlet_name((meta.get("og:site_name"), _ld_name(ld.get("publisher")), meta.get("application-name")))
    title_candidates = [
        _text(ld.get("headline")),
        meta.get("og:title"),
        meta.get("twitter:title"),
        meta.get("title"),
        fold(tree.findtext(".//title") or "") or None,
    ]
    h1 = tree.find(".//h1")
    h1_text = element_text(h1) if h1 is not None else None
    title = clean_title(_first(*title_candidates, h1_text), site_name, url, h1_text)
    limit = (now or dt.datetime.now(dt.UTC)) + dt.timedelta(days=2)
    published = _first_date(
        limit,
        ld.get("datePublished"),
        meta.get("article:published_time"),
        meta.get("og:published_time"),
        meta.get("datepublished"),
        meta.get("date"),
        meta.get("pubdate"),
        meta.get("publishdate"),
        meta.get("dc.date.issued"),
        meta.get("dc.date"),
        meta.get("sailthru.date"),
        ld.get("dateCreated"),
        *_itemprop_dates(tree, "datePublished"),
        *_time_datetimes(tree),
    )
    modified = _first_date(
        limit, ld.get("dateModified"), meta.get("article:modified_time"), meta.get("og:updated_time"), meta.get("datemodified")
    )
    publisher = _ld_name(ld.get("publisher"))
    organisations = {site_name, publisher, _host_label(url)}
    # The first source that names a person: a JSON-LD author that is the site itself
    # ("AppleInsider") does not hide the byline's real names.
    authors = next(
        (
            found
            for entries, persons in _author_candidates(tree, ld, meta)
            if (found := clean_authors(entries, organisations=organisations, single_names=persons))
        ),
        (),
    )
    image = ld.get("image")
    if isinstance(image, list):
        image = image[0] if image else None
    image_url = safe_url(_first(_ld_url(image), meta.get("og:image"), meta.get("twitter:image")), url)
    image_caption = _first(
        _text(image.get("caption")) if isinstance(image, dict) else None, meta.get("og:image:alt"), meta.get("twitter:image:alt")
    )
    image_credit = (
        _first(
            *(
                _text(image.get(key)) or _ld_name(image.get(key))
                for key in ("creditText", "copyrightHolder", "author")
                if isinstance(image, dict)
            )
        )
        if isinstance(image, dict)
        else None
    )
    canonical = tree.find(".//link[@rel='canonical']")
    canonical_url = safe_url(
        _first(canonical.get("href") if canonical is not None else None, meta.get("og:url"), _ld_url(ld.get("mainEntityOfPage"))), url
    )
    section = _once_each(_first(_text(_one(ld.get("articleSection"))), meta.get("article:section")))
    language = _language(tree, ld, meta)
    keywords = _keywords(ld.get("keywords") or meta.get("news_keywords") or meta.get("keywords"))
    return PageMetadata(
        title=title,
        published=published,
        modified=modified if modified and (not published or modified >= published) else None,
        authors=authors,
        section=section,
        language=language,
        site_name=site_name,
        canonical_url=canonical_url if canonical_url and canonical_url.startswith("http") else None,
        description=_first(_text(ld.get("description")), meta.get("og:description"), meta.get("description")),
        image_url=image_url,
        image_caption=image_caption,
        image_credit=image_credit,
        keywords=keywords,
    )


# ---------------------------------------------------------------- title


_SEPARATORS = re.compile(r"\s+[|–—:•·»«/-]\s+|\s*[|•·»«]\s*")


def clean_title(title: str | None, site_name: str | None, url: str | None, h1: str | None = None) -> str | None:
    """The headline without the site's name before or after it."""
    if not title:
        return None
    title = fold(title)
    if h1 and len(h1) > 10 and h1 in title and h1 != title:
        return h1
    names = {_squash(site_name)} if site_name else set()
    host_label = _host_label(url)
    if host_label:
        names.add(_squash(host_label))
    parts = _SEPARATORS.split(title)
    if len(parts) > 1:

        def is_site(part: str) -> bool:
            squashed = _squash(part)
            if not squashed:
                return False
            if squashed in names:
                return True
            # "Express.co" for express.co.uk; a long part that merely mentions the site is a headline.
            return len(part.split()) <= 3 and any(name and (squashed in name or name in squashed) for name in names)

        while len(parts) > 1 and is_site(parts[-1]):
            parts.pop()
        while len(parts) > 1 and is_site(parts[0]):
            parts.pop(0)
        if len(parts) < len(_SEPARATORS.split(title)):
            # Rejoin what is left with its original separators.
            start = title.find(parts[0])
            end = title.rfind(parts[-1]) + len(parts[-1])
            return title[start:end].strip()
    return title


_SITE_NAME_PARTS = re.compile(r"\s+[|–—·:-]\s+")
_DOMAIN = re.compile(r"(?:[\w-]+\.)+[a-z]{2,}", re.IGNORECASE)
_NOT_OUTLET_NAMES = frozenset({"hosted", "home", "homepage", "news", "website", "site", "web"})


def outlet_name(candidates) -> str | None:
    """The outlet's name as it writes it, from what the page says (og:site_name, its publisher, its
    app name, in that order): "The Jerusalem Post" of "The Jerusalem Post | JPost.com", a name
    written as a name before a host word ("USA TODAY" before "usatoday"), never a word such as "Hosted"."""
    found: list[tuple[bool, str]] = []
    for candidate in candidates:
        parts = [part.strip() for part in _SITE_NAME_PARTS.split(candidate or "") if part.strip()]
        named = [part for part in parts if not _DOMAIN.fullmatch(part)] or parts[:1]
        if not named or named[0].casefold() in _NOT_OUTLET_NAMES:
            continue
        name = named[0]
        found.append((name.islower() and " " not in name, name))  # "usatoday": a host name, not a name as written
    return min(found, key=lambda entry: entry[0])[1] if found else None


def _host_label(url: str | None) -> str | None:
    """The distinctive part of a page's host name: "linknaija" for www.linknaija.com."""
    host = urllib.parse.urlsplit(url or "").hostname or ""
    return re.sub(r"^(www|m|amp|edition|news)\.", "", host).split(".")[0] or None


def _squash(text: str) -> str:
    return re.sub(r"[\W_]+", "", (text or "").casefold())


# ---------------------------------------------------------------- authors

_ROLE_WORDS = re.compile(
    r"\b(reporter|correspondent|editor|writer|columnist|contributor|staff|desk|team|producer|"
    r"photographer|analyst|journalist|news|newsroom|bureau|service|agency|press|media|magazine|"
    r"times|post|daily|herald|tribune|journal|gazette|online|digital|network|channel|radio|"
    r"tv|television|inc|ltd|llc|corp|group|associated|reuters|afp|ap|bloomberg|wire|"
    r"ministry|ministries|department|government|university|institute|council|office|"
    r"committee|foundation|sponsored|partner|guest|admin|administrator|webmaster|international|"
    r"global|world|company|club|editorial|opinion|archive|archives)\b",
    re.IGNORECASE,
)
_CALENDAR_WORDS = re.compile(
    r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|"
    r"june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|"
    r"oct|nov|dec|updated|published|today|yesterday|ago)\b",
    re.IGNORECASE,
)
_DEGREES = re.compile(r"\b(ms|ma|mba|md|phd|rd|rdn|ldn|cdn|cde|mph|dds|jd|esq|cpa|rn|bsc|msc|ba|bs|mfa)\b\.?", re.IGNORECASE)
_DOMAIN = re.compile(r"\w\.(?:com|org|net|co|uk|in|ru|info|news|tv|io|fm|de|fr|ca|au)\b", re.IGNORECASE)
_ACRONYM = re.compile(r"[A-Z]{2,}")
_NAME_SUFFIXES = frozenset({"II", "III", "IV", "JR", "SR"})
_PARTICLES = frozenset("de da di del della der den van von le la du bin al el ibn dos das y".split())


def clean_authors(raw: list[str], organisations: set[str | None] = frozenset(), single_names: bool = False) -> tuple[str, ...]:
    """People's names only: no "By", roles, degrees, dates or organisations; each once, in order.

    ``single_names`` accepts a one-word name ("Regan"), for entries that the page
    itself marks as a person (JSON-LD ``Person``); elsewhere one word is too often
    a desk or an agency.
    """
    organisation_keys = {_squash(o) for o in organisations if o}
    seen, people = set(), []
    for entry in raw:
        for name in _split_names(entry):
            if name.isupper() and len(name) > 3:
                name = name.title()  # "TOM KRISHER"
            key = _squash(name)
            if key and key not in seen and key not in organisation_keys and looks_like_person(name, single_names):
                seen.add(key)
                people.append(name)
    return tuple(people)


def _split_names(entry: str) -> Iterator[str]:
    entry = fold(re.sub(r"<[^>]+>", " ", entry))
    entry = re.sub(r"^(?:by|von|par|por|di|door|от|автор)[:\s]+", "", entry, flags=re.IGNORECASE)
    entry = re.sub(r"^[^\W\d_]+:\s+", "", entry)  # "Text: Jane Doe", "Текст: ..."
    entry = re.sub(r"(?<=[a-z]{3})\.\s+(?=[A-Z])", ", ", entry)  # "Jane Doe. Example News"
    entry = _CALENDAR_WORDS.split(entry, maxsplit=1)[0]  # "Jane Doe Monday, November 18"
    entry = re.split(r"\s+(?:\||—|–)\s+|\s+-\s+|\bupdated\b|\bpublished\b|\bposted\b", entry, flags=re.IGNORECASE)[0]
    for part in re.split(r"\s*(?:,|;|&|\band\b|\bund\b|\bet\b|\by\b|/)\s*", entry):
        part = _DEGREES.sub("", part).strip(" .,;:-–—()[]@")
        # "By", "Written by", "Analysis by", "Photographs and text by": what comes before the name.
        part = re.sub(r"^(?:[^\W\d_]+\s+){0,3}?by\s+", "", part, flags=re.IGNORECASE)
        if part:
            yield fold(part)


def looks_like_person(name: str, single_names: bool = False) -> bool:
    """Two to five words, capitalised (name particles apart), no role, calendar or organisation words."""
    if "@" in name or "http" in name or any(ch.isdigit() for ch in name) or _DOMAIN.search(name):
        return False
    if _ROLE_WORDS.search(name) or _CALENDAR_WORDS.search(name):
        return False
    words = name.split()
    if not (1 if single_names else 2) <= len(words) <= 5 or words[0].casefold() in ("the", "a", "an"):
        return False
    if any(_ACRONYM.fullmatch(word) and word not in _NAME_SUFFIXES for word in words):
        return False  # "CNN Business", "BBC Verify": an outlet's desk, not a person
    return all(word[0].isupper() or word.casefold() in _PARTICLES for word in words if word[0].isalpha())


def structured_authors(tree: etree._Element, organisations: set[str | None]) -> tuple[str, ...]:
    """Authors from the page's JSON-LD alone (for sites whose visible bylines mean something else)."""
    entries, persons = next(_author_candidates(tree, _json_ld_article(tree), {}))
    return clean_authors(entries, organisations=organisations, single_names=persons)


def _author_candidates(tree: etree._Element, ld: dict, meta: dict[str, str]) -> Iterator[tuple[list[str], bool]]:
    """Author strings from each source in turn (JSON-LD, meta tags, visible bylines), and
    whether the source marks them as people (JSON-LD ``Person``)."""
    entries, persons = [], []
    for author in _as_list(ld.get("author")) + _as_list(ld.get("creator")):
        if isinstance(author, dict):
            if "Organization" in _types(author):
                continue
            name = _text(author.get("name"))
            if name:
                (persons if "Person" in {t.capitalize() for t in _types(author)} else entries).append(name)
        elif isinstance(author, str):
            entries.append(author)
    yield entries + persons, bool(persons) and not entries
    yield (
        [
            value
            for key in ("author", "article:author", "dc.creator", "byl", "sailthru.author", "parsely-author")
            if (value := meta.get(key)) and not value.startswith("http")
        ],
        False,
    )
    for xpath in (
        ".//*[@itemprop='author']//*[@itemprop='name']",
        ".//*[@rel='author']",
        ".//*[@itemprop='author']",
        ".//*[contains(@class, 'author-name') or contains(@class, 'byline__name') or contains(@class, 'author__name')]",
        ".//*[contains(concat(' ', normalize-space(@class), ' '), ' author ')]",
        ".//*[contains(@class, 'byline')]",
    ):
        texts = [text for element in tree.xpath(xpath)[:3] if (text := element_text(element)) and len(text) < 120]
        yield texts, False


# ---------------------------------------------------------------- dates


def parse_page_date(value: object, limit: dt.datetime) -> dt.datetime | None:
    """A plausible publication time from a page's date string; None for junk such as 0001-01-01."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            parsed = date_parser.parse(text, fuzzy=False, tzinfos=_ZONE_ABBREVIATIONS)
        except (ValueError, OverflowError, TypeError):
            return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    if not EARLIEST_DATE <= parsed <= limit:
        return None
    return parsed


def date_in_text(tree: etree._Element, url: str | None, now: dt.datetime | None = None) -> dt.datetime | None:
    """A publication date the page states only in its text or URL (htmldate's search), as midnight UTC.

    Slower than reading structured data, so the converter asks only when it needs a date.
    """
    limit = (now or dt.datetime.now(dt.UTC)) + dt.timedelta(days=2)
    found = htmldate.find_date(
        copy.deepcopy(tree),
        url=url,
        original_date=True,
        extensive_search=True,
        min_date=EARLIEST_DATE.replace(tzinfo=None),
        max_date=limit.replace(tzinfo=None),
    )
    return parse_page_date(found, limit) if found else None


def _first_date(limit: dt.datetime, *values: object) -> dt.datetime | None:
    for value in values:
        parsed = parse_page_date(_one(value), limit)
        if parsed:
            return parsed
    return None


def _itemprop_dates(tree: etree._Element, prop: str) -> list[str]:
    return [e.get("datetime") or e.get("content") or element_text(e) for e in tree.xpath(f".//*[@itemprop='{prop}']")[:2]]


def _time_datetimes(tree: etree._Element) -> list[str]:
    return [e.get("datetime") for e in tree.xpath(".//time[@datetime]")[:3]]


# ---------------------------------------------------------------- JSON-LD and meta


def _json_ld_article(tree: etree._Element) -> dict:
    """The first JSON-LD object of an article type (looking inside @graph and lists)."""
    for script in tree.xpath(".//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text or "", strict=False)
        except ValueError:
            continue
        for item in _walk_ld(data):
            if _types(item) & ARTICLE_TYPES:
                return item
    return {}


def _walk_ld(data: object) -> Iterator[dict]:
    if isinstance(data, list):
        for item in data:
            yield from _walk_ld(item)
    elif isinstance(data, dict):
        yield data
        for key in ("@graph", "mainEntity"):
            if key in data:
                yield from _walk_ld(data[key])


def _types(item: dict) -> set[str]:
    kind = item.get("@type")
    return {str(k).rsplit("/", 1)[-1] for k in (kind if isinstance(kind, list) else [kind]) if k}


def _meta_tags(tree: etree._Element) -> dict[str, str]:
    found: dict[str, str] = {}
    for element in tree.xpath(".//meta[@content]"):
        key = (element.get("property") or element.get("name") or element.get("itemprop") or element.get("http-equiv") or "").strip().lower()
        # Some sites escape entities twice ("&amp;#8216;"): the parser undoes one, html.unescape the other.
        content = fold(html.unescape(element.get("content") or ""))
        if key and content and key not in found:
            found[key] = content
    return found


def _language(tree: etree._Element, ld: dict, meta: dict[str, str]) -> str | None:
    html = tree if local_tag(tree) == "html" else tree.find(".//html")
    candidates = [
        html.get("lang") if html is not None else None,
        html.get("{http://www.w3.org/XML/1998/namespace}lang") if html is not None else None,
        _text(ld.get("inLanguage")),
        meta.get("og:locale"),
        meta.get("content-language"),
        meta.get("language"),
    ]
    for candidate in candidates:
        if candidate and re.fullmatch(r"[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*", candidate.strip()):
            return candidate.strip().replace("_", "-").split("-")[0].lower()
    return None


def local_tag(element: etree._Element) -> str:
    return element.tag.lower() if isinstance(element.tag, str) else ""


def _keywords(value: object) -> tuple[str, ...]:
    if isinstance(value, list):
        words = [str(v) for v in value]
    elif isinstance(value, str):
        words = value.split(",")
    else:
        return ()
    return tuple(dict.fromkeys(fold(w) for w in words if fold(w)))


def _as_list(value: object) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _once_each(section: str | None) -> str | None:
    """A section named once: "History, History, History" (pages repeat it per template) is "History"."""
    if not section:
        return section
    parts = [part.strip() for part in re.split(r"\s*[,;|]\s*", section) if part.strip()]
    return ", ".join(dict.fromkeys(parts)) or None


def _one(value: object) -> object:
    return value[0] if isinstance(value, list) and value else value


def _text(value: object) -> str | None:
    value = _one(value)
    return fold(html.unescape(value)) or None if isinstance(value, str) else None


def _ld_name(value: object) -> str | None:
    value = _one(value)
    if isinstance(value, dict):
        return _text(value.get("name"))
    return _text(value)


def _ld_url(value: object) -> str | None:
    value = _one(value)
    if isinstance(value, dict):
        return _text(value.get("url") or value.get("@id") or value.get("contentUrl"))
    return _text(value)


def _first(*values: str | None) -> str | None:
    return next((v for v in values if v), None)
