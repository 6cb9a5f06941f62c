"""The invoke tasks, run as a user runs them in a fresh project."""

import re
import shutil

import pytest

from tests.golden import GOLDEN
from tests.support import FIXTURES, REPO, SAMPLE, make_project, run_invoke

TASKS = (
    "check-links",
    "build",
    "rebuild",
    "serve",
    "livereload",
    "reserve",
    "preview",
    "clean",
    "convert",
    "search",
    "index",
    "settings",
    "regen-golden",
    "bench",
    "bench-extraction",
    "bench-fetch",
    "fetch",
    "update",
    "gazetteer",
    "bench-entities",
    "bench-search",
    "bench-build",
    "bench-convert-folder",
    "bench-reliability",
    "gh-pages",
)


def test_list_shows_every_task_with_help(tmp_path):
    listing = run_invoke(make_project(tmp_path), "--list").stdout
    for name in TASKS:
        assert re.search(rf"^\s+{re.escape(name)}\s+\S", listing, re.MULTILINE), name


@pytest.mark.parametrize("task", ["convert", "import", "export-warc", "search"])
def test_help_after_a_task_with_an_argument_shows_its_help_and_does_nothing(tmp_path, task):
    """invoke hands a task's positional argument the next word, --help too: `export-warc --help` wrote a file "--help"."""
    project = make_project(tmp_path)
    before = sorted(p.relative_to(project) for p in project.rglob("*"))
    for flag in ("--help", "-h"):
        shown = run_invoke(project, task, flag).stdout
        assert shown.startswith(f"Usage: inv[oke] [--core-opts] {task} ") and "Docstring:" in shown
    assert sorted(p.relative_to(project) for p in project.rglob("*")) == before


def test_a_build_remembers_its_conversions_and_clean_forgets_them(tmp_path):
    project = make_project(tmp_path)
    assert "1 written" in run_invoke(project, "build").stdout
    assert (project / "cache" / "conversions.json").exists()
    again = run_invoke(project, "build").stdout
    assert "0 written, 1 unchanged" in again
    assert re.search(
        r"Built the site in .+ \([\d.]+ s: pages [\d.]+ \(nothing they are made from changed: kept\), search index [\d.]+, search files [\d.]+\)",
        again,
    )  # the pages too: Pelican did not run
    run_invoke(project, "clean")
    assert not (project / "cache").exists() and not (project / "output").exists() and not (project / "search-index").exists()


def test_search_prints_the_sample(built_project):
    for query, word in (("Witkoff", "Witkoff"), ("Zaporizhzhya", "Zaporizhzhya"), ("Zaporizhzhia", "Zaporizhzhya")):
        out = run_invoke(built_project, "search", query).stdout
        assert "1 article matches" in out
        assert "Trump Says 'Good Chance' He Will Meet Putin Soon" in out
        assert "6 August 2025 · RFE/RL" in out  # as the pages show dates
        assert f"**{word}**" in out


def test_search_without_hits_says_so_and_succeeds(built_project):
    result = run_invoke(built_project, "search", "Atlantis")
    assert result.returncode == 0
    assert result.stdout.strip() == "No articles match 'Atlantis'."


@pytest.mark.parametrize(("limit", "error"), [("abc", "--limit 'abc': not a whole number"), ("0", "--limit 0: show at least 1 result")])
def test_a_bad_limit_is_a_one_line_error(built_project, limit, error):
    result = run_invoke(built_project, "search", "Witkoff", "--limit", limit, check=False)
    assert (result.returncode, result.stderr, result.stdout) == (1, f"error: {error}\n", "")


def test_convert_stdout_prints_the_markdown_twice_identically(tmp_path):
    project = make_project(tmp_path, captures={})
    args = ("convert", str(SAMPLE), "--date", "2025-08-06", "--url", "https://www.rferl.org/a/x.html", "--stdout")
    first = run_invoke(project, *args).stdout
    assert first == run_invoke(project, *args).stdout
    assert first.startswith('---\ntitle: "Trump Says')
    assert "date_source: user\n" in first
    assert 'source_url: "https://www.rferl.org/a/x.html"' in first
    golden_body = (GOLDEN / "rferl-trump-putin-witkoff-meeting.md").read_text().split("\n---\n", 1)[1]
    assert first.split("\n---\n", 1)[1] == golden_body
    assert not (project / "content" / "articles").exists() and not (project / "captures").exists()


def test_convert_a_dropped_file_then_build_keeps_it(tmp_path):
    project = make_project(tmp_path, captures={})
    dropped = tmp_path / "copy.txt"
    dropped.write_bytes(SAMPLE.read_bytes())
    out = run_invoke(project, "convert", str(dropped), "--date", "2025-08-06", "--tag", "war", "--tag", "talks").stdout
    assert out.startswith("Wrote: content/articles/2025/08/")
    assert (project / "captures" / "manual" / "copy.txt").read_bytes() == SAMPLE.read_bytes()
    assert "Converted captures: 0 written, 1 unchanged, 0 skipped, 0 failed" in run_invoke(project, "build").stdout


def test_errors_are_one_line_and_exit_non_zero(tmp_path):
    project = make_project(tmp_path, captures={})
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = run_invoke(project, "convert", str(empty), "--date", "2025-01-01", check=False)
    assert result.returncode == 1
    assert result.stderr.strip() == f"error: {empty}: empty capture"
    result = run_invoke(project, "search", "Witkoff", check=False)
    assert result.returncode == 1 and "no search index yet" in result.stderr


def test_a_wrong_setting_stops_the_build_with_a_clear_message(tmp_path):
    project = make_project(tmp_path)
    with (project / "pelicanconf.py").open("a") as conf:
        conf.write('\nSEARCH_RESULTS = "many"\n')
    result = run_invoke(project, "build", check=False)
    assert result.returncode == 1
    assert "error: SEARCH_RESULTS must be a int" in result.stderr
    assert "Traceback" not in result.stderr


def test_ci_runs_the_readme_commands():
    readme = (REPO / "README.md").read_text()
    ci = (REPO / ".ci" / "run").read_text()
    commands = re.findall(r"```sh\n(.+?)\n```", readme.split("## Quick start", 1)[1].split("\n## ", 1)[0], re.DOTALL)
    assert len(commands) == 2
    for command in commands:
        assert command in ci


def test_convert_an_html_page_to_stdout(tmp_path):
    project = make_project(tmp_path, captures={})
    page = FIXTURES / "polygraph-fact-check-al-tanf.html"
    url = "https://www.polygraph.info/a/fact-check-russia-us-al-tanf-rukban/30279001.html"
    out = run_invoke(project, "convert", str(page), "--url", url, "--stdout").stdout
    assert out.startswith('---\ntitle: "Russia and Syria: U.S.-backed Syrian Forces Blocking Refugee Return"')
    assert "date_source: page\n" in out and 'source: "Polygraph.info"' in out
    assert "**Verdict:** False." in out


def test_a_batch_reports_skipped_and_failed_pages_and_converts_the_rest(tmp_path):
    page = FIXTURES / "polygraph-fact-check-al-tanf.html"
    media = tmp_path / "media.html"
    media.write_bytes(page.read_bytes().replace(b"pg-fc", b"pg-media"))
    (tmp_path / "media.html.json").write_text('{"requested_url": "https://www.polygraph.info/a/x/1.html"}')
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    project = make_project(tmp_path / "project", captures={"a/page.html": page, "a/media.html": media, "a/empty.html": empty})
    result = run_invoke(project, "convert", "captures", check=False)
    assert result.returncode == 1
    assert "Converted captures: 1 written, 0 unchanged, 1 skipped, 1 failed" in result.stdout
    assert (
        "note: " in result.stderr
        and "media.html: skipped: a video or audio page of Polygraph.info (pg-media), not an article" in result.stderr
    )
    assert "error: " in result.stderr and "empty.html: empty capture" in result.stderr


def test_rebuilding_gives_the_same_site(tmp_path):
    """Two fresh builds, in processes that order sets differently, write byte-identical sites."""
    captures = {"rferl/sample.txt": SAMPLE, "polygraph/page.html": FIXTURES / "polygraph-fact-check-al-tanf.html"}
    sites = []
    for seed in ("1", "2"):
        project = make_project(tmp_path / seed, captures=captures)
        run_invoke(project, "preview", env={"SITEURL": "https://user.github.io/repo", "PYTHONHASHSEED": seed})
        output = project / "output"
        sites.append({p.relative_to(output).as_posix(): p.read_bytes() for p in sorted(output.rglob("*")) if p.is_file()})
    assert sites[0].keys() == sites[1].keys()
    assert [name for name in sites[0] if sites[0][name] != sites[1][name]] == []


def test_check_links_finds_a_missing_page(built_project, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(built_project, project)
    result = run_invoke(project, "check-links")
    assert "0 broken" in result.stdout
    shutil.rmtree(project / "output" / "archives")
    result = run_invoke(project, "check-links", check=False)
    assert result.returncode == 1 and "broken: http://localhost/archives/ (HTTP 404)" in result.stdout


def test_convert_explains_which_lines_of_a_copy_went_and_why(tmp_path):
    from tests.support import FIXTURES

    project = make_project(tmp_path / "project")
    copy = FIXTURES / "slashgear-vw-id-space-vizzion.txt"
    url = "https://www.slashgear.com/the-vw-id-space-vizzion-is-a-weird-ev-sports-wagon-with-a-secret-message-19600475/"
    shown = run_invoke(project, "convert", str(copy), "--stdout", "--explain", "--url", url)
    assert shown.stdout.startswith('---\ntitle: "The VW ID. SPACE VIZZION is a weird EV sports wagon with a secret message"')
    assert "14 of " in shown.stderr and "lines are the article's text" in shown.stderr
    assert re.search(r"^ *\d+  page: above the article +Search SlashGear$", shown.stderr, re.MULTILINE)
    assert re.search(r"^ *\d+  the headline +The VW ID\. SPACE VIZZION", shown.stderr, re.MULTILINE)
    alone = run_invoke(project, "convert", str(copy), "--explain", check=False)
    assert alone.returncode != 0 and "--explain goes with --stdout" in alone.stderr


def test_preview_without_siteurl_is_one_line(tmp_path):
    project = make_project(tmp_path)
    result = run_invoke(project, "preview", check=False, env={"SITEURL": ""})
    assert result.returncode == 1
    assert result.stderr.strip().startswith("error: SITEURL is not set") and "invoke preview" in result.stderr
    assert not (project / "output").exists()  # stopped before building


def test_ctrl_c_says_where_the_work_stood_and_that_what_finished_is_kept(capsys):
    from invoke import Exit

    import tasks
    from newsarchive.progress import progress_over

    def long_work():
        for number in progress_over(list(range(10)), "Converting captures"):
            if number == 3:
                raise KeyboardInterrupt

    with pytest.raises(Exit) as stopped:
        tasks._run(long_work)
    assert stopped.value.code == 130
    assert capsys.readouterr().err.strip() == (
        "interrupted; converting captures: 3 of 10 done. What finished is kept; run the same command again to go on"
    )


def test_preview_keeps_the_search_files_and_updates_them_after_one_more_article(tmp_path):
    """Publishing after one new article costs what `invoke build` does: the search export is updated, not remade."""
    project = make_project(tmp_path / "project")
    env = {"SITEURL": "https://user.github.io/repo"}
    run_invoke(project, "preview", env=env)
    search = project / "output" / "search"

    def stamps():
        return {p.relative_to(search).as_posix(): p.stat().st_mtime_ns for p in search.rglob("*") if p.is_file()}

    first = stamps()
    run_invoke(project, "preview", env=env)
    again = stamps()
    assert again.keys() == first.keys()
    assert [name for name in again if again[name] != first[name]] == []  # nothing changed: nothing written, the pages neither
    shutil.copy2(FIXTURES / "polygraph-fact-check-al-tanf.html", project / "captures" / "polygraph.html")
    run_invoke(project, "preview", env=env)
    after = stamps()
    rewritten = [name for name in after if after[name] != again.get(name)]
    assert "doc/1.json.gz" in rewritten and "doc/0.json.gz" not in rewritten
    assert any(name.startswith("terms/") and name not in rewritten for name in after)  # updated, not remade
