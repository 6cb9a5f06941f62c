"""Second look at the page after extraction: what the extractor missed or should have left out.

An extractor picks the article's text well but not perfectly. Given what it
picked, the page itself tells more:

- the container that holds most of the picked paragraphs is the article body,
  and so are containers marked up exactly like it (bodies split into chunks);
  their remaining paragraphs, headings and embedded posts belong to the article;
- a paragraph that is nothing but links, or a stock phrase ("Share this story",
  "Also on ..."), is page furniture.
"""

from __future__ import annotations

import re
from collections import Counter

from lxml import etree

from newsarchive.convert.blocks import BlockWalker, element_text, local_name, quick_text
from newsarchive.records import Block, Heading, Paragraph, Quote

BODY_TAGS = ("p", "h2", "h3", "h4", "h5", "h6")
PREFIX = 48
"""Letters and digits of a paragraph's opening that identify it."""
MIN_MATCHED = 3
"""Fewer matched paragraphs than this give no reliable idea of where the body is."""

_FURNITURE_CLASS = re.compile(
    r"share|social|related|recommend|newsletter|promo|advert|\bads?\b|sponsor|subscri|signup|sign-up|"
    r"caption|credit|byline|author|\btags?\b|comment|footer|breadcrumb|\bnav|disclaimer|copyright|"
    r"read-?more|more-stories|teaser|widget|popular|trending|hidden|sr-only|visually-hidden",
    re.IGNORECASE,
)
_SOCIAL_EMBED = re.compile(r"twitter-tweet|instagram-media|tiktok-embed|fb-post|bluesky-embed|mastodon-embed", re.IGNORECASE)
_STOCK_PHRASES = re.compile(
    r"^(?:like this story\b|share (?:this|it|on)\b|also on \S+|read (?:more|next|also)\b|related(?: articles?| stories| coverage)?:|"
    r"recommended(?: for you)?:?$|more:?$|more from\b|sign up\b|subscribe\b|follow (?:us|me)\b|click here\b|"
    r"advertisement$|sponsored$|continue reading\b|you may also like\b|don'?t miss\b|watch:|listen:|"
    r"updated at \d|(?:we|this (?:site|website)) uses? cookies\b|by (?:continuing|using) (?:to use )?this (?:site|website)\b|"
    r"\d* ?comments?$|leave a (?:comment|reply)\b|join the (?:conversation|discussion)\b)",
    re.IGNORECASE,
)


def is_furniture(block: Block) -> bool:
    """A paragraph or heading that is page furniture: only links, or a stock phrase of sites."""
    if isinstance(block, Heading):
        return bool(_STOCK_PHRASES.match(block.text))
    if not isinstance(block, Paragraph):
        return False
    if _STOCK_PHRASES.match(block.text):
        return True
    linked = sum(len(span.text) for span in block.spans if span.href and span.text.strip())
    return bool(block.spans) and linked >= 0.9 * len(block.text) and len(block.text.split()) <= 25


def complete(blocks: tuple[Block, ...], tree: etree._Element, base_url: str | None) -> tuple[Block, ...]:
    """``blocks`` with furniture removed and the article body's missed parts added, in page order."""
    kept = [block for block in blocks if not is_furniture(block)]
    by_text: dict[str, etree._Element] = {}
    for element in tree.iter(*BODY_TAGS):
        by_text.setdefault(quick_text(element), element)
    matched = {id(block): by_text.get(block.text) for block in kept if isinstance(block, (Paragraph, Heading))}
    parents = Counter(element.getparent() for element in matched.values() if element is not None and element.tag == "p")
    if not parents or sum(parents.values()) < MIN_MATCHED:
        return tuple(kept)
    body, count = parents.most_common(1)[0]
    if count < sum(parents.values()) / 2:
        return tuple(kept)

    position = {element: index for index, element in enumerate(tree.iter())}
    already = {element for element in matched.values() if element is not None}
    known_text = _squash(" ".join(block.text for block in kept if hasattr(block, "text")))
    # Extracted paragraphs not found word for word on the page (the extractor dropped a
    # link's text, say), by their opening: the page's own version replaces them.
    unmatched = {
        _squash(block.text)[:PREFIX]: index
        for index, block in enumerate(kept)
        if isinstance(block, Paragraph) and matched.get(id(block)) is None and len(_squash(block.text)) >= PREFIX
    }
    # What stands before the first extracted paragraph is a headline, a deck or a byline
    # far more often than missed text: only what follows it is added.
    start = min(position[element] for element in already if element.tag == "p")
    additions: list[tuple[int, Block]] = []
    for container in _body_containers(tree, body):
        for child in container:
            if child in already or position.get(child, 0) < start:
                continue
            block = _missed_block(child, base_url)
            if block is None:
                continue
            opening = _squash(block.text)[:PREFIX] if isinstance(block, Paragraph) else None
            if opening in unmatched:
                index = unmatched.pop(opening)
                kept[index] = block
                matched[id(block)] = child
            elif _squash(getattr(block, "text", "")) not in known_text:
                additions.append((position.get(child, 0), block))

    # Extracted blocks keep their order; each takes the page position of its element,
    # or follows the block before it when its text is not found on the page.
    placed: list[tuple[float, int, Block]] = []
    last = -1.0
    for order, block in enumerate(kept):
        element = matched.get(id(block))
        if element is not None and element in position and position[element] > last:
            last = float(position[element])
        else:
            last += 1e-3
        placed.append((last, order, block))
    placed.extend((float(where), len(kept) + number, block) for number, (where, block) in enumerate(additions))
    placed.sort(key=lambda item: (item[0], item[1]))
    return tuple(block for _, _, block in placed)


def _body_containers(tree: etree._Element, body: etree._Element) -> list[etree._Element]:
    """The body container and those marked up exactly like it (chunks of one article)."""
    classes = body.get("class")
    if not classes:
        return [body]
    same = [e for e in tree.iter(body.tag) if e.get("class") == classes]
    return same if len(same) <= 12 else [body]


def _missed_block(element: etree._Element, base_url: str | None) -> Block | None:
    """The block a child of the body container makes, unless it is furniture."""
    name = local_name(element)
    marks = f"{element.get('class') or ''} {element.get('id') or ''}"
    if name == "blockquote" and (_SOCIAL_EMBED.search(marks) or _links_to_post(element)):
        quote = BlockWalker(base_url).walk(element)  # the quote's inside, as paragraphs
        paragraphs = tuple(b if isinstance(b, Paragraph) else Paragraph(getattr(b, "text", "")) for b in quote)
        paragraphs = tuple(p for p in paragraphs if p.text)
        return Quote(paragraphs) if paragraphs else None
    if name not in BODY_TAGS or _FURNITURE_CLASS.search(marks):
        return None
    text = element_text(element)
    if not text:
        return None
    blocks = BlockWalker(base_url).walk_one(element)
    if len(blocks) != 1:
        return None
    block = blocks[0]
    if isinstance(block, Paragraph):
        if len(text.split()) < 4 or is_furniture(block):
            return None
    elif isinstance(block, Heading):
        if len(text.split()) > 40:
            return None
    return block


def _squash(text: str) -> str:
    """Text reduced to its letters and digits, for asking whether one text holds another."""
    return re.sub(r"\W+", "", text).casefold()


def _links_to_post(element: etree._Element) -> bool:
    return any(re.search(r"//(?:www\.)?(?:twitter|x)\.com/[^/]+/status/", a.get("href") or "") for a in element.iter("a"))
