"""The fixture captures convert to exactly the reviewed Markdown in tests/golden/, and the sample
archive's search export holds exactly the reviewed files in tests/golden/search/."""

import pytest

from tests.golden import CASES, GOLDEN, converted, golden_search_export, sample_search_export


@pytest.mark.parametrize(("capture_name", "expected_name"), CASES)
def test_capture_converts_to_golden_markdown(capture_name, expected_name):
    expected = (GOLDEN / expected_name).read_text(encoding="utf-8")
    assert converted(capture_name) == expected, "run `invoke regen-golden` and review the diff if this change is deliberate"


@pytest.mark.parametrize(("capture_name", "expected_name"), CASES)
def test_converting_twice_gives_identical_bytes(capture_name, expected_name):
    assert converted(capture_name).encode() == converted(capture_name).encode()


def test_the_sample_archives_search_export_is_golden_file_for_file():
    made, golden = sample_search_export(), golden_search_export()
    assert sorted(made) == sorted(golden), "run `invoke regen-golden` and review the diff if this change is deliberate"
    differing = [name for name in made if made[name] != golden[name]]
    assert not differing, f"{len(differing)} files differ, first {differing[:5]}: run `invoke regen-golden` and review the diff"
