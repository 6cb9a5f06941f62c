"""Pages of the Pangea CMS (RFE/RL, Polygraph.info, Current Time, the VOA sites).

Pangea marks the page's kind in ``<body class>``: ``pg-article`` (an article),
``pg-fc`` (a fact check: claim, verdict, then the article), ``pg-media`` and
``pg-prog`` (a video or a programme listing: not articles). The publication time
is in ``div.published time[datetime]``, the text in the article's ``div.wsw``,
and embedded players in ``div.wsw__embed``.
"""

from __future__ import annotations

import datetime as dt
import re

from lxml import etree

from newsarchive.records import Media, Paragraph, Quote, Span
from newsarchive.sites import HtmlTools, Site

ARTICLE_KINDS = {"pg-article": "article", "pg-fc": "fact check"}
NOT_ARTICLES = {"pg-media": "a video or audio page", "pg-prog": "a programme page"}
# Organisations Pangea sites name as authors.
ORGANISATIONS = {"RFE/RL", "RFE/RL's Russian Service", "Current Time", "VOA", "Voice of America", "Polygraph.info", "POLYGRAPH.info"}
_EXTERNAL_SERVICES = {
    "youtube": "YouTube",
    "twitter": "X (Twitter)",
    "facebook": "Facebook",
    "instagram": "Instagram",
    "tiktok": "TikTok",
    "telegram": "Telegram",
    "vimeo": "Vimeo",
}


def pangea_parts(page, site: Site, tools: HtmlTools):
    """An article or fact check's PageParts; media and programme pages are skipped."""
    body_element = page.tree.find(".//body")
    classes = set(((body_element.get("class") if body_element is not None else None) or "").split())
    for kind, what in NOT_ARTICLES.items():
        if kind in classes:
            tools.skip(f"{what} of {site.name} ({kind}), not an article")
    if not classes & ARTICLE_KINDS.keys():
        return tools.generic_parts(page, site)

    metadata = tools.read_metadata(page.tree, page.url)
    body = []
    if "pg-fc" in classes:
        body.extend(_claim_and_verdict(page.tree, tools))
    text = _main_text(page.tree, tools)
    if text is not None:
        body.extend(tools.blocks_from(text, base_url=page.url, media=lambda element: _embedded_media(element, tools)))
    published = _published(page.tree, metadata.published, tools)
    # A fact check's claimant is shown as an "author": only JSON-LD names the writers.
    authors = tools.structured_authors(page.tree, organisations={*ORGANISATIONS, site.name, metadata.site_name})
    return tools.parts_from(metadata, tuple(body), site, published=published, authors=authors)


def _published(tree: etree._Element, fallback: dt.datetime | None, tools: HtmlTools) -> dt.datetime | None:
    limit = dt.datetime.now(dt.UTC) + dt.timedelta(days=2)
    for time in tree.xpath(".//div[contains(concat(' ', normalize-space(@class), ' '), ' published ')]//time[@datetime]"):
        parsed = tools.parse_page_date(time.get("datetime"), limit)
        if parsed:
            return parsed
    return fallback


def _main_text(tree: etree._Element, tools: HtmlTools) -> etree._Element | None:
    """The article's ``div.wsw``: the one with the most text outside a fact check's claim box."""
    candidates = [
        element
        for element in tree.xpath(".//div[contains(concat(' ', normalize-space(@class), ' '), ' wsw ')]")
        if not element.xpath("ancestor::div[contains(@class, 'fc__body') or contains(@class, 'statement')]")
    ]
    return max(candidates, key=lambda e: len(tools.element_text(e)), default=None)


def _claim_and_verdict(tree: etree._Element, tools: HtmlTools) -> list:
    element_text = tools.element_text
    blocks = []
    claimant = tree.xpath("string(.//div[contains(@class, 'statement-author')]//*[contains(@class, 'author')])").strip()
    claim = tree.xpath(".//div[contains(@class, 'statement-content')]")
    if claim:
        text = element_text(claim[0])
        if text:
            label = f"Claim by {claimant}:" if claimant else "Claim:"
            blocks.append(Paragraph.of((Span(label, strong=True),)))
            blocks.append(Quote((Paragraph(text),)))
    verdict = tree.xpath(".//div[contains(@class, 'verdict-head')]")
    if verdict:
        title = " ".join(t.strip() for t in verdict[0].xpath(".//div[contains(@class, 'title')]/span//text()") if t.strip())
        intro = (
            element_text(verdict[0].xpath(".//div[contains(@class, 'intro')]")[0])
            if verdict[0].xpath(".//div[contains(@class, 'intro')]")
            else ""
        )
        if title:
            blocks.append(Paragraph.of((Span("Verdict:", strong=True), Span(f" {title}." + (f" {intro}" if intro else "")))))
    return blocks


def _embedded_media(element: etree._Element, tools: HtmlTools):
    """A player or external embed inside the text, as one line naming it; None for other elements."""
    if tools.local_name(element) != "div" or "wsw__embed" not in (element.get("class") or ""):
        return None
    title = element.xpath(
        "string(.//*[contains(@class, 'c-mmp__title') or contains(@class, 'media-title') or contains(@class, 'title')][1])"
    ).strip()
    kind = "Audio" if element.xpath(".//*[contains(@class, 'audio')]") else "Video"
    if title:
        return Media(kind, re.sub(r"\s+", " ", title))
    service = element.xpath("string(.//*[@data-sp_api][1]/@data-sp_api)").strip().lower()
    if service:
        return Media(
            "Embedded post" if service in ("twitter", "facebook", "instagram", "telegram") else kind,
            f"embedded from {_EXTERNAL_SERVICES.get(service, service)}",
        )
    return Media(kind, "embedded media")
