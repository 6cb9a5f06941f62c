import pytest

from newsarchive.entities.corrections import CorrectionsError, load_corrections
from newsarchive.entities.extract import Entities
from tests.support import make_project, run_invoke

EXAMPLE = """
people:
  merge:
    - [Volodymyr Zelenskyy, Volodymyr Zelensky]
  alias:
    Steve Witkoff: [Steven Witkoff]
  rename:
    Bob Iger: Robert Iger
  drop: [Mary Poppins]
places:
  alias:
    Rukban: [the Berm]
  drop: [Columbia]
"""


def test_corrections_apply(tmp_path):
    path = tmp_path / "entities.yml"
    path.write_text(EXAMPLE)
    corrections = load_corrections(path)
    found = Entities(people=("Volodymyr Zelensky", "Mary Poppins", "Bob Iger"), places=("Columbia", "Syria"))
    text = "Steven Witkoff and the Berm"
    fixed = corrections.apply(found, text)
    assert fixed.people == ("Volodymyr Zelenskyy", "Robert Iger", "Steve Witkoff")
    assert fixed.places == ("Syria", "Rukban")
    assert corrections.aliases_of("person", "Volodymyr Zelenskyy") == ("Volodymyr Zelensky",)


def test_no_file_means_no_corrections(tmp_path):
    found = Entities(people=("A B",), places=())
    assert load_corrections(tmp_path / "missing.yml").apply(found, "") == found


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("persons: {}", "expected 'people:' and/or 'places:'"),
        ("people: {unite: []}", "the actions are merge, alias, rename, drop"),
        ("people: {merge: [[Only One]]}", "each entry is a list of two or more names"),
        ("places: {drop: Columbia}", "drop: give a list of names"),
        ("people: [", "not valid YAML"),
    ],
)
def test_a_bad_file_is_a_clear_error(tmp_path, text, message):
    path = tmp_path / "entities.yml"
    path.write_text(text)
    with pytest.raises(CorrectionsError, match=message):
        load_corrections(path)


def test_the_next_build_applies_them_everywhere(tmp_path):
    project = make_project(tmp_path)
    run_invoke(project, "build")
    (project / "entities.yml").write_text(
        "people:\n  rename:\n    Steve Witkoff: Steven Charles Witkoff\n  alias:\n    Steven Charles Witkoff: [Special Envoy]\n"
        "places:\n  drop: [Istanbul]\n"
    )
    out = run_invoke(project, "build").stdout
    assert "Converted captures: 1 written" in out
    article = next((project / "content" / "articles").rglob("*.md")).read_text()
    assert '"Steven Charles Witkoff"' in article and '"Istanbul"' not in article
    assert (project / "output" / "people" / "steven-charles-witkoff" / "index.html").is_file()
    assert not (project / "output" / "places" / "istanbul").exists()
    assert "1 article matches" in run_invoke(project, "search", 'person:"Steven Charles Witkoff"').stdout


def test_a_broken_corrections_file_stops_the_build(tmp_path):
    project = make_project(tmp_path)
    (project / "entities.yml").write_text("people: {unite: []}\n")
    result = run_invoke(project, "build", check=False)
    assert result.returncode == 1 and "entities.yml: people: the actions are merge, alias, rename, drop" in result.stderr


def test_a_binary_entities_file_is_an_error_naming_it(tmp_path):
    path = tmp_path / "entities.yml"
    path.write_bytes(b"\xff\xfe\x00\x01binary")
    with pytest.raises(CorrectionsError, match=r"entities\.yml: not UTF-8 text"):
        load_corrections(path)


def test_corrections_that_match_nothing_are_named(tmp_path):
    path = tmp_path / "entities.yml"
    path.write_text(EXAMPLE)
    corrections = load_corrections(path)
    used = set()
    corrections.apply(Entities(people=("Volodymyr Zelensky", "Bob Iger"), places=("Syria",)), "Steven Witkoff spoke.", used)
    assert corrections.unused(used) == [
        "people: drop 'Mary Poppins' matched no name in any article",
        "places: alias 'Rukban' matched no name in any article",
        "places: drop 'Columbia' matched no name in any article",
    ]


def test_a_build_reports_corrections_that_no_longer_match(tmp_path):
    project = make_project(tmp_path)
    (project / "entities.yml").write_text("people:\n  drop: [Mary Poppins, Steve Witkoff]\n")
    built = run_invoke(project, "build")
    assert "note: entities.yml: people: drop 'Mary Poppins' matched no name in any article" in built.stderr
    assert "Steve Witkoff" not in built.stderr  # the sample names him: that correction is in use
