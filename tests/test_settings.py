import pytest

from newsarchive.settings import SETTINGS, SettingsError, archive_settings


def test_defaults_resolve_against_the_root(tmp_path):
    settings = archive_settings({"ARCHIVE_ROOT": str(tmp_path)})
    assert settings.captures_path == tmp_path / "captures"
    assert settings.search_index_path == tmp_path / "search-index"
    assert settings.search_results == 10


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"SEARCH_RESULTS": "ten"}, "SEARCH_RESULTS must be a int"),
        ({"SEARCH_RESULTS": 0}, "SEARCH_RESULTS must be at least 1"),
        ({"CAPTURES_PATH": None}, "CAPTURES_PATH must be a str"),
        ({"SEARCH_INDEX_PATH": "output/index", "OUTPUT_PATH": "{root}/output"}, "must be outside OUTPUT_PATH"),
        ({"ARTICLES_PATH": "articles", "PATH": "{root}/content"}, "must be inside Pelican's PATH"),
        ({"FETCH_ALLOWED_NETWORKS": ["localhost"]}, "FETCH_ALLOWED_NETWORKS: 'localhost' is not a network"),
        ({"FETCH_ALLOWED_NETWORKS": "127.0.0.1"}, "FETCH_ALLOWED_NETWORKS must be a list"),
        ({"FETCH_PAGE_DEADLINE": 0}, "FETCH_PAGE_DEADLINE must be more than 0"),
        ({"SITE_PERIOD": "2025-13"}, r"SITE_PERIOD must be days such as 2025 or 2024-07..2025-06, not '2025-13' \(no such day\)"),
        ({"SITE_PERIOD": "2025..2024"}, r"SITE_PERIOD .*\(the range ends before it starts\)"),
        ({"SITE_PERIOD": 2025}, "SITE_PERIOD must be a str"),
        ({"MINIFY_HTML": "yes"}, "MINIFY_HTML must be a bool"),
        ({"SEARCH_RESULTS": True}, "SEARCH_RESULTS must be a int"),
    ],
)
def test_wrong_settings_are_clear_errors(tmp_path, values, message):
    values = {k: v.format(root=tmp_path) if isinstance(v, str) else v for k, v in values.items()}
    with pytest.raises(SettingsError, match=message):
        archive_settings({"ARCHIVE_ROOT": str(tmp_path), **values})


def test_every_setting_has_help():
    assert all(setting.help for setting in SETTINGS)


def test_allowed_networks_reach_the_fetch_policy(tmp_path):
    from newsarchive.fetch.http import FetchPolicy

    settings = archive_settings({"ARCHIVE_ROOT": str(tmp_path), "FETCH_ALLOWED_NETWORKS": ["127.0.0.0/8", "::1"]})
    assert FetchPolicy.from_settings(settings.fetch).allowed_networks == ("127.0.0.0/8", "::1")


def test_every_setting_is_in_the_readme_table_with_its_default():
    """As Datasette's tests/test_docs.py checks its settings against its documentation."""
    import re

    from newsarchive.settings import readme_default
    from tests.support import REPO

    section = (REPO / "README.md").read_text(encoding="utf-8").split("\n## Settings\n", 1)[1].split("\n## ", 1)[0]
    rows = dict(re.findall(r"^\| `([A-Z_]+)` \| `([^`]*)`", section, re.MULTILINE))
    assert list(rows) == [setting.name for setting in SETTINGS], "README's settings table and SETTINGS list differ"
    for setting in SETTINGS:
        assert rows[setting.name] == readme_default(setting), setting.name


def test_a_setting_one_or_two_edits_from_a_known_one_is_named():
    from newsarchive.settings import near_misses

    values = {"SERACH_RESULTS": 5, "FETCH_DELAYS": 1, "SITENAME": "x", "MY_OWN_THING": 1, "lower_case": 1}
    assert near_misses(values, {"SITENAME"}) == [
        "FETCH_DELAYS is not a setting; did you mean FETCH_DELAY? (it is ignored)",
        "SERACH_RESULTS is not a setting; did you mean SEARCH_RESULTS? (it is ignored)",
    ]


def test_invoke_settings_shows_the_values_in_force_and_a_build_warns_of_a_slip(tmp_path):
    from tests.support import make_project, run_invoke

    project = make_project(tmp_path, captures={})
    with (project / "pelicanconf.py").open("a") as conf:
        conf.write("\nFETCH_DELAY = 2.5\nSERACH_RESULTS = 5\n")
    shown = run_invoke(project, "settings").stdout
    assert "FETCH_DELAY = 2.5  (default 1.0)" in shown and "SEARCH_RESULTS = 10  (default)" in shown
    published = run_invoke(project, "settings", "--publish", env={"SITEURL": "https://user.example/news"}).stdout
    assert "as publishconf.py" in published
    built = run_invoke(project, "build")
    assert "warning: pelicanconf.py: SERACH_RESULTS is not a setting; did you mean SEARCH_RESULTS?" in built.stderr


def test_publishing_a_site_of_one_period_from_the_environment(tmp_path, monkeypatch):
    from newsarchive.build import load_settings
    from tests.support import make_project

    project = make_project(tmp_path)
    monkeypatch.setenv("SITE_PERIOD", "2024")
    monkeypatch.setenv("GITHUB_PAGES_REMOTE", "archive-2024")
    _, archive = load_settings(project / "publishconf.py")
    assert (archive.site_period, archive.pages.remote) == ("2024", "archive-2024")
    assert archive.period.first.isoformat() == "2024-01-01"
    _, local = load_settings(project / "pelicanconf.py")  # the local build is the whole archive
    assert local.site_period == ""
