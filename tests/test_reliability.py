"""The reliability suite's fast part (benchmarks/reliability.py; `invoke bench-reliability` runs it all).

A case a test, so that a failure names its case and the long groups spread over the test processes."""

import pytest

from benchmarks import reliability


def test_hostile_fields_never_run_in_the_pages(browser, tmp_path):
    # Every sixth payload, in every field; the article pages and the first of the rest, up to 40.
    outcomes = reliability.xss(tmp_path, browser, reliability.PAYLOADS[::6], page_limit=40)
    assert len(outcomes) >= 10 * len(reliability.HTML_FIELDS + reliability.TEXT_FIELDS)
    failed = [f"{o.case}: {o.detail}" for o in outcomes if not o.passed]
    assert not failed, "\n".join(failed)


def test_one_kill_point_a_stage_covers_every_stage():
    stages = {point[0] for point in reliability.FAST_KILL_POINTS}
    assert stages == {point[0] for point in reliability.KILL_POINTS} == {"fetch", "convert", "pelican", "index", "export", "gh-pages"}


@pytest.mark.parametrize("point", reliability.FAST_KILL_POINTS, ids=reliability.kill_point_name)
def test_a_run_killed_there_loses_nothing_and_the_next_run_mends_it(point, tmp_path):
    outcome = reliability.kill_case(tmp_path, point)
    assert outcome.passed, outcome.detail


def test_runs_started_together_wait_for_each_other(tmp_path):
    outcomes = reliability.concurrent_cases(tmp_path, builds=3)
    failed = [f"{o.case}: {o.detail}" for o in outcomes if not o.passed]
    assert outcomes and not failed, "\n".join(failed)


@pytest.mark.parametrize(("name", "check"), reliability.BAD_INPUTS, ids=[name for name, _ in reliability.BAD_INPUTS])
def test_bad_input_gets_a_clear_error_and_loses_nothing(name, check, tmp_path):
    outcome = reliability.bad_input_case(tmp_path, name, check)
    assert outcome.passed, outcome.detail
