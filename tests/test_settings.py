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
