"""The fixture captures convert to exactly the reviewed Markdown in tests/golden/."""

import pytest

from tests.golden import CASES, GOLDEN, converted


@pytest.mark.parametrize(("capture_name", "expected_name"), CASES)
def test_capture_converts_to_golden_markdown(capture_name, expected_name):
    expected = (GOLDEN / expected_name).read_text(encoding="utf-8")
    assert converted(capture_name) == expected, "run `invoke regen-golden` and review the diff if this change is deliberate"


@pytest.mark.parametrize(("capture_name", "expected_name"), CASES)
def test_converting_twice_gives_identical_bytes(capture_name, expected_name):
    assert converted(capture_name).encode() == converted(capture_name).encode()
