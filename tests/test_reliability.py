"""The reliability suite's fast part (benchmarks/reliability.py; `invoke bench-reliability` runs it all)."""

import pytest

from benchmarks import reliability


@pytest.fixture(scope="module")
def outcomes(browser, tmp_path_factory):
    return reliability.run_all(tmp_path_factory.mktemp("reliability"), browser, fast=True)


@pytest.mark.parametrize("group", ["xss", "kill -9", "at once", "bad input"])
def test_every_case_of_the_group_passes(outcomes, group):
    cases = [o for o in outcomes if o.group == group]
    assert cases, f"no {group} cases ran"
    failed = [f"{o.case}: {o.detail}" for o in cases if not o.passed]
    assert not failed, "\n".join(failed)


def test_the_fast_part_covers_every_stage_and_input(outcomes):
    stages = {o.case.split(":")[0] for o in outcomes if o.group == "kill -9"}
    assert stages == {"fetch", "convert", "pelican", "index", "export", "gh-pages"}
    assert sum(o.group == "bad input" for o in outcomes) == len(reliability.BAD_INPUTS)
    assert sum(o.group == "xss" for o in outcomes) >= 10 * len(reliability.HTML_FIELDS + reliability.TEXT_FIELDS)
