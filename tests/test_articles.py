import dataclasses
import datetime as dt

import markdown
import pytest

from newsarchive.articles import (
    ArticleFileError,
    article_path,
    escape_markdown,
    iter_article_paths,
    read_article,
    render_article,
    slugify,
    stat_article_files,
    write_article,
)
from newsarchive.records import Article, Heading, Media, Paragraph

HOSTILE = "<script>alert(1)</script> <img src=x onerror=alert(1)> [click](javascript:alert(1)) **bold** `code` &amp;"


def article(**changes) -> Article:
    fields = dict(
        title="Floods Reach the Old Town",
        date=dt.datetime(2025, 3, 1, tzinfo=dt.UTC),
        date_source="user",
        source="Example Times",
        source_url="https://news.example/floods",
        capture="captures/manual/floods.txt",
        body=(Paragraph("The river rose."), Heading("Residents Count the Cost"), Media("Video", "The Flood")),
    )
    return Article(**{**fields, **changes})


def test_front_matter_round_trips_through_yaml(tmp_path):
    written, changed = write_article(article(title='He said "no": a title', credits=("AP", "Reuters")), tmp_path)
    assert changed
    back = read_article(written)
    assert back.title == 'He said "no": a title'
    assert back.date == dt.datetime(2025, 3, 1, tzinfo=dt.UTC)
    assert back.source_url == "https://news.example/floods"


def test_body_markdown():
    text = render_article(article())
    assert text.endswith("The river rose.\n\n## Residents Count the Cost\n\n**Video:** The Flood\n")


@pytest.mark.parametrize(
    "text",
    [
        HOSTILE,
        'Flood {: onclick="alert(1)" }',
        "1984. The year",
        "- not a list",
        "> not a quote",
        "# not a heading",
        "a\n\n    indented code",
    ],
)
def test_page_text_renders_as_the_same_text_and_never_as_html(text):
    html = markdown.markdown(escape_markdown(text), extensions=["extra"])
    assert "onclick" not in html.replace("onclick=&quot;", "").split(">", 1)[0]
    assert "<script" not in html and "<img" not in html and "<a " not in html
    assert "<strong>" not in html and "<code>" not in html and "<h1>" not in html and "<li>" not in html
    assert "<blockquote>" not in html and "<pre>" not in html
    from bs4 import BeautifulSoup

    assert BeautifulSoup(html, "html.parser").get_text() == " ".join(text.split())


def test_hostile_title_and_summary_stay_text_in_front_matter(tmp_path):
    written, _ = write_article(article(title=HOSTILE + "\n---\nfoo: bar", summary=HOSTILE), tmp_path)
    back = read_article(written)
    assert back.title == HOSTILE + "\n---\nfoo: bar"
    assert back.summary == HOSTILE


def test_slugs():
    assert slugify("Trump Says 'Good Chance' He Will Meet Putin") == "trump-says-good-chance-he-will-meet-putin"
    assert slugify("Зеленський: «Київ»") == "zelenskii-kiyiv"  # other scripts in Latin letters
    assert slugify("Спустя 53 года: выборы 2018") == "spustia-53-goda-vybory-2018"  # not "53-2018"
    assert slugify("Zelensky’s Café Talks") == "zelenskys-cafe-talks"
    long = slugify("word " * 40)
    assert len(long) <= 80 and not long.endswith("-") and long.startswith("word-word")


def test_same_slug_for_a_different_article_gets_a_short_hash(tmp_path):
    first, _ = write_article(article(), tmp_path)
    again, changed = write_article(article(), tmp_path)
    assert again == first and not changed
    other, _ = write_article(article(source_url="https://other.example/floods"), tmp_path)
    assert other != first
    assert other.parent == first.parent and other.stem.startswith("floods-reach-the-old-town-")
    assert article_path(article(source_url="https://other.example/floods"), tmp_path) == other
    assert read_article(first).source_url == "https://news.example/floods"


def test_article_must_have_a_zoned_date_and_known_date_source():
    with pytest.raises(ValueError):
        article(date=dt.datetime(2025, 3, 1))
    with pytest.raises(ValueError):
        article(date_source="guess")


def test_unreadable_article_file_is_a_clear_error(tmp_path):
    path = tmp_path / "bad.md"
    path.write_text("no front matter")
    with pytest.raises(ArticleFileError, match=r"bad\.md: no YAML front matter"):
        read_article(path)
    path.write_text("---\ntitle: [unclosed\n---\nbody\n")
    with pytest.raises(ArticleFileError, match=r"bad\.md: front matter is not valid YAML"):
        read_article(path)
    path.write_text("---\ntitle: x\n---\nbody\n")
    with pytest.raises(ArticleFileError, match=r"bad\.md: front matter has no 'date'"):
        read_article(path)


def test_rendering_is_deterministic():
    a = article(credits=("AP",), tags=("floods", "weather"))
    assert render_article(a) == render_article(dataclasses.replace(a))


def test_attribute_lists_cannot_be_smuggled_in(tmp_path):
    """Python-Markdown's attr_list reads "{: ...}" after a heading or a link as HTML attributes."""
    from newsarchive.records import Span

    attack = '{: onclick="alert(1)" }'
    hostile = article(
        body=(
            Heading(f"Flood {attack}"),
            Paragraph.of((Span("a link", href="https://news.example/"), Span(attack))),
        )
    )
    html = markdown.markdown(render_article(hostile).split("---\n", 2)[2], extensions=["extra"])
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    assert not any(attr.startswith("on") for tag in soup.find_all(True) for attr in tag.attrs)
    assert attack in soup.get_text()


def test_a_hand_written_date_that_is_no_date_names_the_file(tmp_path):
    from newsarchive.articles import ArticleFileError

    path = tmp_path / "note.md"
    for value in ('"yesterday"', "[2025]"):
        path.write_text(f"---\ntitle: A note\ndate: {value}\nsource: Notes\n---\nText.\n", encoding="utf-8")
        with pytest.raises(ArticleFileError, match=r"note\.md: 'date' is .* not an ISO 8601 date"):
            read_article(path)


def test_an_unreadable_article_is_left_out_of_the_index_not_the_end_of_it(tmp_path):
    from newsarchive.search import search, update_index
    from tests.support import SAMPLE, converted

    articles = converted(tmp_path, {"sample.txt": SAMPLE})
    (articles / "bad.md").write_text('---\ntitle: Bad\ndate: "yesterday"\nsource: Notes\n---\nWitkoff.\n', encoding="utf-8")
    report = update_index(articles, tmp_path / "index")
    assert report.added == 1 and len(report.failed) == 1 and "bad.md: 'date'" in report.failed[0]
    assert search(tmp_path / "index", "Witkoff").total == 1


def test_front_matter_read_a_line_at_a_time_is_what_yaml_reads():
    """Lines as render_article writes them are read without YAML; anything else is left to it: the same values,
    or the same error, on random front matter (JSON strings of any characters, times, plain words)."""
    import json
    import random

    import yaml

    from newsarchive.articles import _NOT_WRITTEN, _WRITTEN_FIELD, _YAML_LOADER, _front_matter, _written_value

    rng = random.Random(5)
    palette = [*"aZ09 -_:#,'\"\\/[]{}&*!|>%@`\t", "é", "Ж", "😀", "\x7f", "\x85", "\u2028", "\u2029", "\ufeff", "\ufffe", "\x00", "\x1b"]
    words = ["sidecar", "json-ld", "user", "yes", "No", "on", "null", "true", "False", "~", "a b", "x: y", "1e5", ".nan", "2025-08-06"]

    def text() -> str:
        return json.dumps("".join(rng.choice(palette) for _ in range(rng.randint(0, 12))), ensure_ascii=False)

    def time() -> str:
        moment = dt.datetime(
            2025, 8, 6, 10, 30, 5, rng.choice([0, 123456]), tzinfo=rng.choice([dt.UTC, dt.timezone(dt.timedelta(hours=3)), None])
        )
        return moment.isoformat() if rng.random() < 0.9 else moment.isoformat(" ")

    fast = 0
    for _ in range(2000):
        lines = [
            f"title: {text()}",
            f"date: {time()}",
            f"date_source: {rng.choice(words)}",
            f"modified: {rng.choice(['null', time()])}",
            f"people: [{', '.join(rng.choice([text(), 'null']) for _ in range(rng.randint(0, 3)))}]",
            f"truncated: {rng.choice(['true', 'false'])}",
        ]
        front = "\n".join(lines)
        try:
            expected = yaml.load(front, Loader=_YAML_LOADER)
        except yaml.YAMLError:
            with pytest.raises(yaml.YAMLError):
                _front_matter(front)
            continue
        found = _front_matter(front)
        assert found == expected, front
        assert [(type(v), getattr(v, "utcoffset", lambda: None)()) for v in found.values()] == [
            (type(v), getattr(v, "utcoffset", lambda: None)()) for v in expected.values()
        ], front
        fast += all(_written_value(_WRITTEN_FIELD.fullmatch(line).group(2)) is not _NOT_WRITTEN for line in lines)
    assert fast > 50  # (many were read without YAML)


def test_article_files_are_listed_as_paths_sort(tmp_path):
    """Sorted name by name, as paths compare (not as strings: "a-b/" before "a/" there), hidden files left out."""
    for relative in ("a/b.md", "a-b/c.md", "a/z/d.md", "a/.e.md", "ab.md", "a/b.txt", "B/f.md"):
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text("x")
    expected = sorted(path for path in tmp_path.rglob("*.md") if not path.name.startswith("."))
    assert [str(p.relative_to(tmp_path)) for p in expected] == ["B/f.md", "a/b.md", "a/z/d.md", "a-b/c.md", "ab.md"]
    assert iter_article_paths(tmp_path) == expected
    assert [relative for relative, _ in stat_article_files(tmp_path)] == [path.relative_to(tmp_path).as_posix() for path in expected]
