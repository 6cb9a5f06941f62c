"""People and places an article names, by rules and the gazetteer (no statistical model).

The text is cut into runs of capitalised words ("US President Donald Trump").
Within a run, titles ("President", "envoy") mark what follows as a person, and
what stands before the last title is read for places ("US"). A run the gazetteer
knows is a place (towns only when large or with a cue such as "in"), one that
starts with a given name, follows a title or is followed by "said" is a person,
and a lone surname is the person named in full elsewhere in the article.
Organisation words ("Ministry", "Times") rule a run out: a place inside an
organisation's name is not a place mention. A headline in title case is first
read with only its names' capitals (``plain_lines``).
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass, field

from newsarchive.entities import cyrillic
from newsarchive.entities.gazetteer import ALWAYS_KINDS, RUSSIAN_SPOKEN, Gazetteer, Place, default_gazetteer, first_names
from newsarchive.sites import site_named

CITY_WITHOUT_CUE = 100_000
"""A town is taken without a cue ("in X", "X, Country") only from this many people up."""
WELL_KNOWN_POPULATION = 300_000
"""A town this large is known abroad: read in Cyrillic outside the Russian- and Ukrainian-speaking
countries (Париж; small ones' Cyrillic names are Russian words: Так, Сама, Дом), and taken without a
cue where nothing else the article names is in its country (smaller: "Metro Exodus", "Bukan" in Indonesian)."""

PARTICLES = frozenset("al el bin ibn van von de da der del di la le du dos das am upon sur".split())
"""Words that join the parts of a name ("Ali bin Abi Talib", "James Van Der Beek")."""
_WORD = r"(?:(?:[A-Z]\.){2,}|[A-Z][a-z]{0,2}\.|[A-Z][\w'’]*(?:-[A-Za-z][\w'’]*)*)"
# A possessive ends a run: "Wild Rose's Mary Steenburgen" is two, the owner and who or what it has.
_RUN = re.compile(rf"{_WORD}(?:(?<!['’]s)(?<!s['’])[ \t]+(?:(?:{'|'.join(sorted(PARTICLES))}|of|of the)[ \t-]+)?{_WORD})*")
_POSSESSIVE = re.compile(r"['’]s?$")
_NAME_WORD = re.compile(
    r"^(?:[A-Z][a-z]+(?:['’-][A-Za-z][a-z]+)*|[A-Z]\.|Mc[A-Z][a-z]+|Mac[A-Z][a-z]+|O['’][A-Z][a-z]+|Jr\.|Sr\.|II|III|IV)$"
)

TITLES = frozenset(
    """president vice prime minister secretary sen senator rep representative gov governor mr mrs ms dr
    gen general adm admiral col lt cmdr commander capt captain sgt maj major chancellor king queen prince
    princess pope judge justice envoy ambassador spokesman spokeswoman spokesperson chairman chairwoman chair
    ceo cfo coo director chief deputy mayor premier speaker lord lady sir dame hon officer agent analyst
    professor prof sheikh emir tsar czar patriarch bishop archbishop rabbi imam administrator attorney
    commissioner minister inspector superintendent detective sheriff coach founder editor correspondent
    executive adviser advisor aide counsel lawyer assistant strategist economist researcher scientist
    expert official negotiator delegate activist candidate nominee lawmaker legislator councilman
    councilwoman congressman congresswoman""".split()
)
ORGANISATION_WORDS = frozenset(
    """ministry group agency news times post journal herald tribune gazette university college school council
    party army forces force navy company co inc corp corporation bank program programme foundation institute
    center centre committee department office house kremlin pentagon parliament union organization
    organisation association federation court commission service services network channel radio
    television tv media press club league fund administration authority guard police board bureau
    airlines airways motors hospital infirmary church mosque museum initiative alliance coalition
    movement front brigade battalion regiment division command congress senate assembly duma rada cabinet
    government studios studio entertainment equities exchange suites hotel capital holdings partners ltd llc
    plc inc. ag sa gmbh fc cup games festival awards show series magazine review report index market markets
    rights street avenue road square
    bridge airport station stadium arena plant factory mine base camp prison palace tower hall theatre academy productions
    theater park zoo university's institute's nasa fbi cia clinic clinics medical jail penitentiary laboratory
    laboratories menu submenu books records publishing publishers design designs""".split()
)
_NOT_NAMES = frozenset(
    """the a an and or but if in on at to for of by with from as is it he she they we i you this that these
    those there here when while after before since during according asked said says told meanwhile however
    also many some several few most more other another each every both all no not yes even only just then
    monday tuesday wednesday thursday friday saturday sunday january february march april may june july
    august september october november december breaking news updated video photo photos watch read live
    latest opinion analysis editorial related advertisement follow share click subscribe one two three
    four five six seven eight nine ten hey hi hello dear thanks oh wow""".split()
)
# Words that stand before a name and say what the person is, not who: parties and nationalities.
# Words a name cannot end with, though a run may ("Liu He" ends with a name; "in May" with a month).
_NOT_NAME_ENDS = frozenset(
    """of the and monday tuesday wednesday thursday friday saturday sunday january february march april
    june july august september october november december""".split()
)
_PARTY_WORDS = frozenset("republican republicans democrat democrats democratic gop conservative labour liberal tory".split())
_IRREGULAR_DEMONYMS = frozenset(
    """american british english scottish welsh irish french dutch swiss greek thai filipino turkish danish
    swedish finnish polish spanish israeli saudi emirati kuwaiti afghan palestinian kurdish european asian
    african arab arabic western eastern soviet crimean chechen persian latino hispanic nordic baltic
    balkan slavic jewish muslim christian catholic sunni shia shiite indian syrian thai lao omani yemeni
    qatari iraqi malian""".split()
)
_CUE_BEFORE = re.compile(r"\b(?:in|at|from|to|near|outside|into|across|toward|towards|of|around|via|between|over|on)\s+(?:the\s+)?$")
_PLACE_KIND_WORDS = frozenset(
    "region province oblast county district state republic territory prefecture municipality city town village island islands".split()
)
_FEATURES = frozenset(
    "bay river valley lake mountain mountains harbour harbor strait sea gulf peninsula coast delta basin canal reservoir".split()
)
"""Words that, after a place's name, name a part of it ("San Francisco Bay"), not a second place."""
_PLANETS = frozenset("Mercury Venus Mars Jupiter Saturn Uranus Neptune Pluto".split())
"""Towns bear these names too (Jupiter, Florida); in news the planets are meant, but for "Jupiter, Florida"."""
_REGION_WORDS = re.compile(r"\b(?:regions?|oblasts?|provinces?)\b", re.IGNORECASE)
# "said Aseem Prakash"; not "told Business Insider": what people tell is often an outlet.
_SPEECH_BEFORE = re.compile(r"\b(?:said|says|according to)\s+$")
_APPOSITIVE_AFTER = re.compile(r"^,\s+(?:(?:a|an|the|who|whose)\s+[a-z]|\d{1,3},)")
# East Asian names put the family name first ("Xi Jinping", "Liu He"); these are the commonest.
_FAMILY_FIRST = frozenset(
    """Xi Li Wang Zhang Liu Chen Yang Zhao Huang Zhou Wu Xu Sun Hu Zhu Gao Lin He Guo Ma Luo Liang Song Zheng
    Xie Han Tang Feng Yu Dong Xiao Cheng Cao Yuan Deng Fu Shen Zeng Peng Su Lu Jiang Cai Jia Ding Wei Xue Ye
    Yan Pan Du Dai Xia Zhong Tian Ren Fan Fang Shi Yao Tan Liao Zou Xiong Jin Hao Kong Bai Cui Kang Mao Qiu
    Qin Gu Hou Shao Meng Long Wan Duan Lei Qian Yin Yi Wen Tsai Kim Park Moon Yoon Choi Jung Kang Cho Nguyen
    Tran Le Pham Hoang Abe Kishida Suga Takaichi""".split()
)
# What follows a name that is not a person's: a number (works and products: "Mortal Kombat 11"), "&" or a
# trademark sign (firms and brands: "Nissan Sales & Regional Operations", "Don Victor® Honey"), or
# the kind of place or body it names ("Hoa Lo prison", "Mayo Clinic" is caught by ORGANISATION_WORDS).
_NOT_A_PERSON_AFTER = re.compile(
    r"^(?:\s+\d|\s*[&®™]|\s+(?:hospital|prison|jail|clinic|camp|university|college|school|museum|airport|base|stadium|hotel|"
    r"company|studio|studios|game|games|series|franchise|brand|app|medical center|military hospital|"
    # a work and what is said of works ("Harry Potter star Daniel Radcliffe", "the Lord of the Rings films")
    r"film|films|movie|movies|book|books|novel|novels|trilogy|sequel|saga|album|song|musical|star|stars|character|"
    r"characters|fans|cast|premiere|probe|spacecraft|rover|satellite|telescope)\b"
    # or an apposition that says it is a thing ("Vera Drake, the film about ...", "Sonos Move, the company's speaker")
    r"|,\s+(?:a|an|the|its|their)\s+(?:new\s+|latest\s+|first\s+)?(?:company|company's|firm|film|movie|book|novel|play|"
    r"musical|album|song|band|show|series|game|brand|device|gadget|speaker|phone|app|product|model|car|drug|vaccine|website|"
    r"platform|channel|magazine|newspaper)\b)"
)
_POSTS = frozenset(
    """director officer executive secretary president minister chairman chairwoman spokesman spokeswoman spokesperson
    editor correspondent manager adviser advisor coordinator producer designer assistant""".split()
)
"""Posts no surname is spelled like (unlike "King" or "Major"): a run ending in one names the post."""
_COMMON_NOUN_END = re.compile(r"(?:tion|sion|ness|ity|ism|ance|ence|ship)$")
"""Where a lone capitalised word after a title ends so, it is a thing ("General Election"), not a surname."""
# Where a name is only ever a place one is "at" or "in" ("treated at Walter Reed"), it names a place or a body.
_AT_OR_IN_BEFORE = re.compile(r"\b(?:at|in|inside)\s+$")
_SPEECH_AFTER = re.compile(
    r"^\s*(?:,[^,.]{0,80},\s*)?(?:said|says|told|tells|wrote|writes|added|tweeted|noted|explained|stated|announced|argued|asked|replied|responded|testified|insisted|warned|recalled)\b"
)


@dataclass(frozen=True)
class Entities:
    people: tuple[str, ...]
    places: tuple[str, ...]
    place_ids: tuple[str, ...] = ()


@dataclass
class _Mention:
    words: list[str]
    start: int
    end: int
    titled: bool = False
    places: list[Place] = field(default_factory=list)  # places found in the run's prefix
    uncued: set[str] = field(default_factory=set)  # towns taken for their size alone, nothing saying they are places


def extract(text: str, gazetteer: Gazetteer | None = None) -> Entities:
    """The people and places ``text`` names, as canonical names in order of first mention."""
    gazetteer = gazetteer or default_gazetteer()
    names = first_names()
    text = plain_lines(text, gazetteer)
    mentions = [m for m in (_mention(match, text, gazetteer) for match in _RUN.finditer(text)) if m]

    # People first: a full name seen anywhere makes its surname a person, not a town.
    people: list[str] = []
    for mention in mentions:
        if _is_person(mention, text, names, gazetteer) and " ".join(mention.words) not in people:
            people.append(" ".join(mention.words))
    surnames = {name.split()[-1] for name in people}
    given = {name.split()[0] for name in people}

    place_hits: list[tuple[int, Place, _Mention]] = []
    lone: list[_Mention] = []
    for mention in mentions:
        place_hits += [(mention.start, place, mention) for place in mention.places]
        candidate = " ".join(mention.words)
        if candidate in people:
            continue
        if len(mention.words) == 1 and (candidate in surnames or candidate in given):
            continue
        place = _place_for(mention, text, gazetteer, names)
        if place:
            place_hits.append((mention.start, place, mention))
        elif len(mention.words) == 1 and mention.titled:
            lone.append(mention)
    for mention in lone:
        word = mention.words[0]
        lowered = word.casefold().rstrip(".")
        if word not in surnames and word not in people and lowered not in TITLES | _SMALL_WORDS and not _common_noun(word, text):
            people.append(word)  # (not "Now" of "Prime Now")

    people = [name for name in people if " " not in name or not any(rule(name, text) for rule in _NOT_A_PERSON_WHERE)]
    places = _settle_places(place_hits, text, gazetteer)
    if cyrillic.is_cyrillic(text):
        cyrillic_people, cyrillic_places = _cyrillic_entities(text, gazetteer, names)
        people += [name for name in cyrillic_people if name not in people]
        places += [place for place in dict.fromkeys(cyrillic_places) if place not in places]
    return Entities(
        people=tuple(_longest_forms(people)),
        places=tuple(p.name for p in places),
        place_ids=tuple(p.id for p in places),
    )


_TITLE_CASE_WORD = re.compile(r"(?<![\w'’])[A-Z][a-z'’]*(?!\w)")
_SMALL_WORDS = _NOT_NAMES | frozenset(
    """are was were be been being am has have had do does did done will would can could should shall might must
    its our your their his her him them me my who what which why how where new says just now up out over
    about into than so down off back""".split()
)


def plain_lines(text: str, gazetteer: Gazetteer | None = None) -> str:
    """``text`` with the capitals that only mark a line's style taken out, so capitals mark names.

    A headline or subhead in title case ("Republicans Are Following Trump to Nowhere")
    capitalises every longer word; read as running text it names "Are Following Trump".
    In such a line (``_all_capitalised``, and with a word that shows the style: a small
    word such as "are", one written small elsewhere, or a small word left small between
    capitalised ones, as in "Man Shot at Dallas Gas Station") a capitalised word keeps its
    capital only where the rest of the text writes it so, and never in lower case;
    acronyms stay, and so do the places the gazetteer knows by a name of several words
    or as a country or region ("Crash in North Richland Hills"). Other lines stay as they
    are. Only letters' case changes, so positions in the text hold.
    """
    gazetteer = gazetteer or default_gazetteer()
    lines = text.split("\n")
    headlines = [index for index, line in enumerate(lines) if _all_capitalised(line)]
    if not headlines:
        return text
    everywhere = Counter(_WORD_CHARS.findall(text))
    for index in headlines:
        line = lines[index]
        own = Counter(_WORD_CHARS.findall(line))
        elsewhere = {word for word, n in everywhere.items() if n > own[word]}
        words = _TITLE_CASE_WORD.findall(line)[1:]
        # A line of names ("Vice Premier Liu He Met Xi Jinping") is capitalised too: title case shows
        # in a word that is a common one ("Are") or written small elsewhere, or in a small word kept small.
        if _LINKING_WORD.search(line) or any(word.lower() in _SMALL_WORDS or word.lower() in elsewhere for word in words):
            kept = _places_named(line, gazetteer, elsewhere)
            lines[index] = _TITLE_CASE_WORD.sub(
                lambda match, rest=elsewhere, places=kept: match.group(0) if match.start() in places else _plain_word(match.group(0), rest),
                line,
            )
    return "\n".join(lines)


_LINKING_WORD = re.compile(r"\b[A-Z][\w'’]* (?:at|in|on|of|for|to|from|by|with|as|a|an|the|and) [A-Z]")
"""A small word left small between capitalised ones ("Man Shot at Dallas Gas Station"): title case, as a line
that only names people ("Vice Premier Liu He Met Xi Jinping") has none."""


def _places_named(line: str, gazetteer: Gazetteer, elsewhere: set[str]) -> set[int]:
    """Where the line's capitalised words that name a place begin: a name of several words, or a country or
    region whose name the rest of the text does not write small (Indonesian "para" is no Pará)."""
    words = list(_TITLE_CASE_WORD.finditer(line))
    kept: set[int] = set()
    for first in range(len(words)):
        written_small = words[first].group(0).lower() in elsewhere
        for last in range(min(first + 3, len(words) - 1), first - 1, -1):
            if line[words[first].start() : words[last].end()].count(" ") != last - first:
                continue  # not side by side
            found = gazetteer.lookup(line[words[first].start() : words[last].end()])
            if found and (last > first or (found[0].kind in ALWAYS_KINDS and not written_small)):
                kept.update(word.start() for word in words[first : last + 1])
                break
    return kept


def _all_capitalised(line: str) -> bool:
    """Whether the line reads as a headline (a short line, no comma or semicolon, no full stop at its end) whose
    longer words after the first are all capitalised, three or more of them."""
    if "," in line or ";" in line:  # (tested first: a whole article's text is one line to the search index)
        return False  # a list of names ("Bob Marley, Bruno Mars, Frank Sinatra") or of credits, or a sentence
    words = re.findall(r"[A-Za-z][\w'’]*", line)
    if len(words) > 16 or re.search(r"[.:]\W*$", line):
        return False  # a sentence
    longer = [word for word in words[1:] if len(word) >= 4 and word.isalpha()]
    return len(longer) >= 3 and not any(word[0].islower() for word in longer)


def _plain_word(word: str, elsewhere: set[str]) -> str:
    small = word.lower()
    named = _POSSESSIVE.sub("", word) in elsewhere and small not in elsewhere and small not in _SMALL_WORDS
    return word if named else small


def _mention(match: re.Match, text: str, gazetteer: Gazetteer) -> _Mention | None:
    """A run cut to its name: titles marked, leading places taken out, stop words dropped."""
    raw = match.group(0)
    if raw.isupper() and len(raw) > 3 and raw.split()[0].casefold() not in _NOT_NAMES:
        # A dateline ("NEW DELHI"), an abbreviation ("U.S."): a place or nothing.
        places = gazetteer.lookup(raw.title())
        if places and places[0].kind not in ALWAYS_KINDS and "." not in raw:
            # A town's name in capitals is an acronym ("Patientenakte (PEPA)") unless it begins a paragraph
            # and is known or says where ("KRAMATORSK, Ukraine").
            starts = not match.start() or text[match.start() - 1] == "\n"
            known = places[0].population >= WELL_KNOWN_POPULATION or text.startswith(",", match.end())
            places = places if starts and known else []
        return _Mention(words=[], start=match.start(), end=match.end(), places=places[:1]) if places else None
    words = raw.split()  # a run ends at a possessive (_RUN): "Jeff Bezos's" names Jeff Bezos
    words = [_POSSESSIVE.sub("", w) if w[-2:] in ("'s", "’s") else w for w in words]
    words = [re.sub(r"-(?:based|born|led|backed|bred|made)$", "", w) for w in words]
    if len(words) > 1 and re.fullmatch(r"[A-Z][a-z]{2}\.", words[-1]) and words[-1][:-1].casefold() not in TITLES | {"jr", "sr"}:
        words[-1] = words[-1][:-1]  # "Nealy Cox." ends a sentence: a surname, not an abbreviation
    offset = match.start()
    while words and words[0].casefold().rstrip(".") in _NOT_NAMES:
        offset = text.find(words[1], offset + 1) if len(words) > 1 else offset
        words = words[1:]
    while words and words[-1].casefold().rstrip(".") in _NOT_NAME_ENDS:
        words = words[:-1]
    if not words:
        return None
    mention = _Mention(words=words, start=offset, end=match.end())
    if "of" in words[1:-1]:
        # "Russia of Crimea" (in "the occupation by Russia of Crimea"): two places, not one name.
        before, after = words[: words.index("of")], words[words.index("of") + 1 :]
        first, second = gazetteer.lookup(" ".join(before)), gazetteer.lookup(" ".join(after))
        if first and second and first[0].kind in ALWAYS_KINDS and second[0].kind in ALWAYS_KINDS:
            return _Mention(words=before, start=offset, end=match.end(), places=[second[0]])
    lowered = [w.casefold().rstrip(".") for w in words]
    whole = gazetteer.lookup(" ".join(words))
    if whole and (whole[0].kind in ALWAYS_KINDS or not set(lowered) & ORGANISATION_WORDS):
        # The whole run is a place ("Saudi Arabia", "District of Columbia", "Soviet Union"),
        # but a town's other name that is a building is not ("White House").
        return mention
    # Everything up to the last title says what the person is ("US President"): read it for places.
    titles = [i for i, w in enumerate(lowered[:-1]) if w in TITLES]
    if titles:
        last = titles[-1]
        prefix = words[:last]
        if not {w.casefold() for w in prefix} & ORGANISATION_WORDS:
            mention.places = _places_in(prefix, gazetteer)
        mention.words = words[last + 1 :]
        mention.titled = True
        # "Secretary of State Marco Rubio": what is left of the title before the name.
        while mention.words and (mention.words[0] in ("of", "the") or mention.words[0] == "State"):
            mention.words = mention.words[1:]
        if words[last + 1 : last + 2] == ["of"] and len(mention.words) < 2:
            mention.titled = False  # "Lord of the Rings", "Minister of Defence": what the title is of, not who
    lowered = [w.casefold().rstrip(".") for w in mention.words]
    organisation = [i for i, w in enumerate(lowered) if w in ORGANISATION_WORDS]
    if organisation:
        # "European Union Gordon Sondland": a name may follow the organisation it serves.
        rest = mention.words[organisation[-1] + 1 :]
        if len(rest) >= 2 and rest[0] in first_names():
            mention.words = rest
        else:
            return _Mention(words=[], start=offset, end=mention.end, places=mention.places) if mention.places else None
    while len(mention.words) > 1 and (mention.words[0].casefold() in _PARTY_WORDS or _is_demonym(mention.words[0], gazetteer)):
        mention.words = mention.words[1:]
    names = first_names()
    if "of" in mention.words[2:] and (mention.words[0] in names or mention.words[0] in _FAMILY_FIRST):
        # "Tsai Ing-wen of the Democratic Progressive party": the person, then what she belongs to.
        mention.words = mention.words[: mention.words.index("of")]
    if len(mention.words) >= 3 and mention.words[0] not in names and not gazetteer.lookup(mention.words[0]):
        # "Employee Steve Castro", "Public Ombudsman Nadia Cruz": words saying what the person is.
        start = next((i for i in (1, 2) if mention.words[i] in names and len(mention.words) - i == 2), None)
        if (
            start is not None
            and not any(w in names or w.casefold() in PARTICLES for w in mention.words[:start])
            and not _doubtful(mention.words[start:], text, gazetteer)
        ):
            mention.words = mention.words[start:]
            mention.titled = True
    if any(w.isupper() and len(w) > 1 and "." not in w and w not in ("II", "III", "IV") for w in mention.words[1:]):
        return _Mention(words=[], start=offset, end=mention.end, places=mention.places) if mention.places else None
    # "Hong Kong Human Rights": the place, then the rest; but "Virginia Woolf" is a person.
    lead, rest, size = _leading_place(mention.words, gazetteer)
    party = all(w.casefold() in _PARTY_WORDS for w in rest)
    if lead and rest and (size > 1 or party or mention.words[0] not in first_names()):
        mention.places.append(lead)
        if lead.kind not in ALWAYS_KINDS:
            mention.uncued.add(lead.id)
        # "San Francisco Bay": the city's bay, not Bay, a region of Somalia.
        mention.words = [] if len(rest) == 1 and rest[0].casefold() in _FEATURES else rest
    if not mention.words and not mention.places:
        return None
    return mention


def _is_person(mention: _Mention, text: str, names: frozenset[str], gazetteer: Gazetteer) -> bool:
    words = mention.words
    if not 2 <= len(words) <= 4 or not all(_NAME_WORD.match(w) or w.casefold() in PARTICLES for w in words):
        return False
    if any(w.casefold() in _PARTY_WORDS for w in words) or words[-1].casefold() in _PLACE_KIND_WORDS:
        return False  # "Inner Mongolia Autonomous Region, the ...": a place, though it has an apposition
    if _NOT_A_PERSON_AFTER.match(text[mention.end : mention.end + 40]):
        return False  # "Red Dead Redemption 2", "Hoa Lo prison": a work, a product, a building
    if words[-1].casefold() in _POSTS:
        return False  # "Art Director": a post, though "Art" is a given name
    if words[0] in names and words[0].casefold() not in _NOT_NAMES:
        if gazetteer.lookup(" ".join(words)):
            return False
        if not _doubtful(words, text, gazetteer):
            return True
        # The list of given names holds common words of many languages ("Price", "Do", "Im"):
        # such a run is a person only where the text treats it as one.
        # (English cues: in another language only a title does. A group speaks too: "Al Qaeda said".)
        spoken_of = words[0] not in _ARTICLES_AND_NAMES and _spoken_of(mention, text)
        return mention.titled or (_in_english(text) and (spoken_of or _named_again(words, text)))
    if words[-1].casefold().rstrip(".") in TITLES:
        return False  # "Chief Strategy Officer": a post, not who holds it
    if mention.titled:
        return True
    if gazetteer.lookup(" ".join(words)) or _is_outlet(" ".join(words)):
        return False
    if words[0] in _FAMILY_FIRST and len(words) <= 3:
        return True
    return _spoken_of(mention, text)


def _spoken_of(mention: _Mention, text: str) -> bool:
    """Whether the text says the run is someone: a verb of speech after or before it, or an apposition ("Tom, a ...")."""
    after, before = text[mention.end :], text[max(0, mention.start - 20) : mention.start]
    return bool(_SPEECH_AFTER.match(after) or _APPOSITIVE_AFTER.match(after) or _SPEECH_BEFORE.search(before))


def _doubtful(words: list[str], text: str, gazetteer: Gazetteer) -> bool:
    """Whether a run that starts with a given name may be something else: a word of it is written in
    lower case elsewhere in the text (a common word there: "Price Drop", "Im Gegensatz", "Free Case")."""
    if words[0] in _ARTICLES_AND_NAMES:
        return True  # "Al Qaeda", "Al Jazeera", "El Niño": an article's name; "Al Gore ... Gore said" is a person
    if words[0] in _FAMILY_FIRST and len(words) == 2:
        return False  # "Liu He": a Chinese given name is often an English word ("he")
    return any(_written_small(word, text) for word in words if word.casefold() not in PARTICLES)


_ARTICLES_AND_NAMES = frozenset({"Al", "El"})
"""Given names that are also the Arabic and Spanish article, with which groups, outlets and things are named."""


def _written_small(word: str, text: str) -> bool:
    """Whether ``text`` has ``word`` in lower case: a common word there, whatever else it may be."""
    small = word.lower()
    if _WORD_CHARS.fullmatch(small):
        return small in _words_of(text)
    return re.search(rf"(?<![\w'’-]){re.escape(small)}(?![\w'’-])", text) is not None


_WORD_CHARS = re.compile(r"[\w'’-]+")


@functools.lru_cache(maxsize=4)
def _words_of(text: str) -> frozenset[str]:
    """The text's words, as runs of letters, digits, apostrophes and hyphens (once a text, not once a name)."""
    return frozenset(_WORD_CHARS.findall(text))


_ENGLISH_WORDS = frozenset("the and of to is that for with was are it by from this be have has were".split())
_OTHER_LANGUAGES_WORDS = frozenset(
    """dan yang ini itu dengan untuk dari tidak akan il che per una del della sono non gli que em um uma para com os
    não los las por con und das ist nicht mit von zu den ein eine sich auf""".split()
)
"""Common words of Indonesian, Italian, Portuguese, Spanish and German (none a particle of names: "de", "van")."""


@functools.lru_cache(maxsize=4)
def _in_english(text: str) -> bool:
    """Whether ``text`` is English by its commonest words, as its rules of names are (capitals, "said", "Mr")."""
    words = re.findall(r"\b[a-zà-ÿ]+\b", text)
    return sum(w in _ENGLISH_WORDS for w in words) >= sum(w in _OTHER_LANGUAGES_WORDS for w in words)


def _named_again(words: list[str], text: str) -> bool:
    """Whether the text names the person again by the surname alone, as news writing does ("Myles Garrett ... Garrett said")."""
    surname, full = words[-1], " ".join(words)
    if _written_small(surname, text):
        return False  # "Free Case ... and Case for $238": a common noun, not a surname
    for match in re.finditer(rf"(?<![\w'’-]){re.escape(surname)}(?![\w-])", text):
        if text.endswith(full, 0, match.end()):
            continue
        before = text[: match.start()].rstrip(" \t")
        word = re.search(r"[\w'’.-]+$", before)
        # "iMac Pro" does not name a "Mac Pro" again: the word is part of another capitalised run.
        if not word or word.group(0).endswith(".") or not re.search(r"[A-Z]", word.group(0)):
            return True
    return False


def _common_noun(word: str, text: str) -> bool:
    """Whether a lone word after a title is a thing: shaped like a common noun, or written in lower case elsewhere."""
    return bool(_COMMON_NOUN_END.search(word.casefold())) or _written_small(word, text)


_A_TOWNS = re.compile(r"(?:['’]s)?\s+(?:police|policemen|residents|township|county|city council|town council|fire department)\b")
"""What follows a town's name, never a person's ("Forest Hill police officers")."""


@functools.lru_cache(maxsize=256)
def _mentions(name: str, text: str) -> tuple[re.Match, ...]:
    """Where ``text`` names ``name`` as whole words (once a name and text, for every rule that asks)."""
    return tuple(re.finditer(rf"(?<![\w]){re.escape(name)}(?![\w])", text))


def _has_a_police_force(name: str, text: str) -> bool:
    """Whether a full ``name`` is somewhere followed by what only a town has: a town named like a person."""
    return any(_A_TOWNS.match(text, m.end()) for m in _mentions(name, text))


def _only_where_one_is(name: str, text: str) -> bool:
    """Whether every mention of a full ``name`` follows "at" or "in": a hospital or prison named for a person."""
    mentions = _mentions(name, text)
    # ("Doctors at Walter Reed said": who spoke stands before "at".)
    return bool(mentions) and all(_AT_OR_IN_BEFORE.search(text[max(0, m.start() - 10) : m.start()]) for m in mentions)


_FIRM_SUFFIXES = frozenset("corporation corp corp. inc inc. ltd ltd. llc plc co co. company gmbh ag holdings".split())
"""What ends a firm's name, never a body named for a person ("Tony Blair Institute" does not make Tony Blair a body)."""


def _names_a_body(name: str, text: str) -> bool:
    """Whether a full ``name`` is somewhere followed by what ends a firm's name ("Sierra Nevada Corporation")."""
    return any(
        (word := re.match(r"\s+([A-Z][\w.]*)", text[m.end() : m.end() + 30])) and word.group(1).casefold() in _FIRM_SUFFIXES
        for m in _mentions(name, text)
    )


_THE_BEFORE = re.compile(r"\b[Tt]he\s+$")
_QUOTE_BEFORE = re.compile(r"[“\"‘']$")
_QUOTE_AFTER = re.compile(r"^[”\"’']")


def _only_a_thing(name: str, text: str) -> bool:
    """Whether every mention of a full ``name`` follows "the" ("the Cleveland Browns") or stands alone between
    quotation marks ("“Mary Poppins”"): a team, a work or a thing, not someone."""
    mentions = _mentions(name, text)
    return bool(mentions) and all(
        _THE_BEFORE.search(text[max(0, m.start() - 5) : m.start()])
        or (_QUOTE_BEFORE.search(text[max(0, m.start() - 1) : m.start()]) and _QUOTE_AFTER.match(text[m.end() : m.end() + 1]))
        for m in mentions
    )


_NOT_A_PERSON_WHERE = (_only_where_one_is, _has_a_police_force, _names_a_body, _only_a_thing)
"""Rules over every mention of a full name found (given name and surname): any of them says it is something else."""


def _is_outlet(name: str) -> bool:
    """A news outlet we know ("told Current Time" names no person)."""
    return site_named(name) is not None


def _places_in(words: list[str], gazetteer: Gazetteer) -> list[Place]:
    found, index = [], 0
    while index < len(words):
        for size in range(min(4, len(words) - index), 0, -1):
            places = gazetteer.lookup(" ".join(words[index : index + size]))
            if places and places[0].kind in ALWAYS_KINDS:
                found.append(places[0])
                index += size
                break
        else:
            index += 1
    return found


def _leading_place(words: list[str], gazetteer: Gazetteer) -> tuple[Place | None, list[str], int]:
    """The place a run starts with, the words after it and its length in words ("Hong Kong" + "Human Rights")."""
    for size in range(min(4, len(words) - 1), 0, -1):
        places = gazetteer.lookup(" ".join(words[:size]))
        if places and (places[0].kind in ALWAYS_KINDS or places[0].population >= CITY_WITHOUT_CUE):
            return places[0], words[size:], size
    return None, words, 0


def _is_demonym(word: str, gazetteer: Gazetteer) -> bool:
    lowered = word.casefold()
    if lowered in _IRREGULAR_DEMONYMS:
        return True
    if len(word) < 5 or gazetteer.lookup(word):
        return False
    stem = re.sub(r"(?:ians?|ans?|eans?|ese|ish|is?|ic)$", "", lowered)
    return (
        len(stem) >= 4
        and stem != lowered
        and any(p.kind == "country" and p.name.casefold().startswith(stem[:4]) for p in gazetteer.lookup_prefix(stem[:4]))
    )


def _place_for(mention: _Mention, text: str, gazetteer: Gazetteer, names: frozenset[str]) -> Place | None:
    candidate = " ".join(mention.words)
    if "-" in candidate and " " not in candidate and not gazetteer.lookup(candidate):  # "Asia-Pacific" is one place
        parts = candidate.split("-")
        if parts[0] in ("D", "R", "I") and len(parts) == 2:
            parts = [parts[1] + "."] if gazetteer.lookup(parts[1] + ".") else parts[1:]  # "(D-Minn.)"
        found = [gazetteer.lookup(part) for part in parts if part[:1].isupper()]
        if found and all(found):
            places = [p[0] for p in found if p[0].kind in ALWAYS_KINDS or p[0].population >= CITY_WITHOUT_CUE]
            mention.places += places[1:]
            return places[0] if places else None
        return None
    places = gazetteer.lookup(candidate)
    if not places:
        return None
    best = places[0]
    oblasts = [p for p in gazetteer.lookup(f"{candidate} Oblast") if p.kind == "admin1"]
    if oblasts and _REGION_WORDS.search(_sentence_around(text, mention.start)):
        return oblasts[0]  # "Donetsk, Luhansk, Zaporizhzhya, and Kherson" in a sentence about regions
    if best.kind in ALWAYS_KINDS:
        return best
    where = re.match(r"^,\s*[A-Z]", text[mention.end : mention.end + 4])  # "Jupiter, Florida"
    if candidate in _PLANETS:
        return best if where else None  # "the surface of Jupiter's icy moon": the planet
    if where or _CUE_BEFORE.search(text[max(0, mention.start - 14) : mention.start]):
        return best
    if best.population >= CITY_WITHOUT_CUE and not (len(mention.words) == 1 and candidate in names and best.population < 1_000_000):
        mention.uncued.add(best.id)
        return best
    return None


def _settle_places(hits: list[tuple[int, Place, _Mention]], text: str, gazetteer: Gazetteer) -> list[Place]:
    """Places in order of first mention. A region's centre ("Zaporizhzhya") named where the
    sentence speaks of regions is the region; among towns of one name, the one in a country
    the article names wins."""
    countries = {p.country for _, p, _ in hits if p.kind == "country"}
    # A town taken for its size alone is a word or a name of something else unless it is well known, or
    # shares its country with another place of the article ("Metro Exodus", a game, is not Metro in
    # Indonesia) and is named somewhere but a sentence's start, whose capital says nothing ("Orange
    # contrast stitching": not Orange, California).
    cued = {p.id for _, p, m in hits if p.id not in m.uncued}
    places_in = Counter(p.country for p in {p.id: p for _, p, _ in hits}.values())
    within_sentences = {p.id for start, p, _ in hits if not _starts_sentence(text, start)}
    hits = [
        (start, place, mention)
        for start, place, mention in hits
        if place.id in cued or place.population >= WELL_KNOWN_POPULATION or (places_in[place.country] > 1 and place.id in within_sentences)
    ]
    ordered, seen = [], set()
    for start, place, mention in sorted(hits, key=lambda h: h[0]):
        if place.kind == "city":
            name = " ".join(mention.words) if mention.words else place.name
            oblasts = [p for p in gazetteer.lookup(f"{place.name} Oblast") if p.kind == "admin1"]
            if oblasts and _REGION_WORDS.search(_sentence_around(text, start)):
                place = oblasts[0]
            else:
                same_name = [p for p in gazetteer.lookup(name) if p.kind == "city"]
                # "Moscow, Idaho": the place after the comma says which; else a country the article names.
                qualifier = re.match(r",\s*([A-Z][\w.]*(?:\s[A-Z][\w.]*)?)", text[mention.end :])
                within = {p.country for p in gazetteer.lookup(qualifier.group(1)) if p.kind in ALWAYS_KINDS} if qualifier else set()
                chosen = [p for p in same_name if p.country in within] or [p for p in same_name if p.country in countries]
                if chosen:
                    place = chosen[0]
        if place.id not in seen:
            seen.add(place.id)
            ordered.append(place)
    return ordered


def _starts_sentence(text: str, start: int) -> bool:
    """Whether the word at ``start`` begins a line or follows a sentence's end."""
    while start and text[start - 1] in " \t":
        start -= 1
    before = text[max(0, start - 2) : start]
    return not before or before[-1] in "\n.!?" or (before[-1] in "\"”’'" and before[:1] in (".", "!", "?"))


def _cyrillic_entities(text: str, gazetteer: Gazetteer, names: frozenset[str]) -> tuple[list[str], list[Place]]:
    """People and places of Ukrainian or Russian text: a given name and a surname ("Владимира
    Зеленского"), a name after a title ("президент Путин") or before a verb of speech, and
    places by the gazetteer's Cyrillic names in any case. People come out in the nominative."""
    people: dict[str, list[str]] = {}  # surname's key -> forms of the full name, as the text has them
    lone: list[tuple[str, bool]] = []  # a capitalised word standing alone, and whether a title or verb marks it
    places: list[Place] = []
    for run in cyrillic.runs(text):
        words = run.group(0).split()
        before = text[max(0, run.start() - 40) : run.start()].split()
        titled = bool(before) and any(form.lower() in cyrillic.TITLES for form in cyrillic.dictionary_forms(before[-1]))
        after = text[run.end() : run.end() + 30].split()
        speaks = bool(after) and after[0].strip(",.:;").lower() in cyrillic.SPEECH
        # At a sentence's start a capital says nothing: "Так мы", "Если вкусно".
        opens_sentence = re.search(r"(?:^|[.!?…:;—–\n]\W*)$", text[max(0, run.start() - 5) : run.start()]) is not None
        index = 0
        while index < len(words):
            word = words[index]
            if index + 1 < len(words) and _cyrillic_given(word, names) and not _cyrillic_given(words[index + 1], names):
                people.setdefault(cyrillic.skeleton(words[index + 1]), []).append(f"{word} {words[index + 1]}")
                index += 2
                continue
            for size in range(min(3, len(words) - index), 0, -1):
                found = [p for p in gazetteer.lookup_inflected(" ".join(words[index : index + size])) if _named_in_cyrillic(p)]
                if size == 1 and index == 0 and opens_sentence:
                    # A sentence's first word that is a common word ("Какую": "какой", not Kaka) or a given name
                    # (Анна, not Anna in Voronezh Oblast; but Одесса is Odesa, though Odessa is a name too).
                    if _written_small_in_cyrillic(word, text):
                        found = [p for p in found if p.kind in ALWAYS_KINDS]
                    elif _cyrillic_given(word, names):
                        found = [p for p in found if p.kind in ALWAYS_KINDS or p.population >= WELL_KNOWN_POPULATION]
                if found:
                    places.append(found[0])
                    index += size
                    break
            else:
                if len(words) == 1:
                    lone.append((word, titled or speaks))
                index += 1
    surname_forms: dict[str, list[str]] = {key: [] for key in people}
    for word, _ in lone:
        surname_forms.get(cyrillic.skeleton(word), []).append(word)
    found_people = [_cyrillic_nominative(forms, surname_forms[key]) for key, forms in people.items()]
    for word, marked in lone:
        if marked and cyrillic.skeleton(word) not in people and not _cyrillic_given(word, names):
            name = cyrillic.nominative(word)
            if name not in found_people:
                found_people.append(name)
    return found_people, places


def _named_in_cyrillic(place: Place) -> bool:
    return place.kind in ALWAYS_KINDS or place.country in RUSSIAN_SPOKEN or place.population >= WELL_KNOWN_POPULATION


def _written_small_in_cyrillic(word: str, text: str) -> bool:
    """Whether a case of ``word`` is written in lower case in ``text``: a common word."""
    return any(key in _small_cyrillic_keys(text) for key in cyrillic.skeletons(word))


@functools.lru_cache(maxsize=4)
def _small_cyrillic_keys(text: str) -> frozenset[str]:
    small = [word for word in _words_of(text) if word[0].islower() and cyrillic.is_cyrillic(word)]
    return frozenset(key for word in small for key in cyrillic.skeletons(word))


def _cyrillic_given(word: str, names: frozenset[str]) -> bool:
    return any(s in names for form in cyrillic.dictionary_forms(word) for s in cyrillic.latin_spellings(form))


def _cyrillic_nominative(forms: list[str], lone_surnames: list[str]) -> str:
    """A full name in the nominative: its adjectival surname in -ий (Зеленського: Зеленський); a
    noun surname as its shortest form in the text (Путина, Путин: Путин), the given name then
    losing the same ending (Владимира: Владимир)."""
    given, surname = min(forms, key=lambda form: (-forms.count(form), len(form), form)).split()
    nominative = cyrillic.nominative(surname)
    if nominative != surname:
        ending = surname[len(nominative) - 2 :]  # the adjective's ending, "ого" for "ий"
        return f"{_given_without(given, ending)} {nominative}"
    shortest = min([surname, *(f.split()[1] for f in forms), *lone_surnames], key=lambda s: (len(s), s))
    if shortest != surname and surname.startswith(shortest):
        return f"{_given_without(given, surname[len(shortest) :])} {shortest}"
    return f"{given} {surname}"


def _given_without(given: str, ending: str) -> str:
    """The given name in the nominative, where its case ending agrees with the surname's."""
    for form in cyrillic.dictionary_forms(given)[1:]:
        if (
            given.endswith(given[len(form) :])
            and len(form) < len(given)
            and any(s in first_names() for s in cyrillic.latin_spellings(form))
        ):
            return form
    return given


def _sentence_around(text: str, position: int) -> str:
    start = max(text.rfind(". ", 0, position), text.rfind("\n", 0, position)) + 1
    ends = [i for i in (text.find(". ", position), text.find("\n", position)) if i != -1]
    return text[start : min(ends) if ends else len(text)]


def _longest_forms(people: list[str]) -> list[str]:
    """Each person once, by the longest name used ("Zelenskyy" folds into "Volodymyr Zelenskyy")."""
    kept: list[str] = []
    for name in people:
        if any(other != name and other.endswith(" " + name) for other in people):
            continue
        if name not in kept:
            kept.append(name)
    return kept
