from bs4 import BeautifulSoup

from newsarchive.entities.timeline import WIDTH, timeline_svg


def bars(svg: str):
    return BeautifulSoup(svg, "html.parser").select("g.bars rect")


def test_only_months_with_articles_have_bars_on_a_line_of_every_month():
    months = [("2024-01", 2), ("2024-02", 0), ("2024-03", 0), ("2024-04", 4)]
    drawn = bars(timeline_svg(months, "Kyiv"))
    assert [rect.title.get_text() for rect in drawn] == ["2024-01: 2 articles", "2024-04: 4 articles"]
    # April is the fourth of four months: its bar sits in the last quarter, at full height.
    assert float(drawn[1]["x"]) > WIDTH * 3 / 4 and float(drawn[1]["height"]) == 2 * float(drawn[0]["height"])


def test_the_label_counts_articles_and_names_the_first_and_last_months():
    months = [("2025-07", 0), ("2025-08", 1)]
    svg = BeautifulSoup(timeline_svg(months, "Zaporizhzhia <Oblast>"), "html.parser").svg
    assert svg["aria-label"] == "Zaporizhzhia <Oblast>: 1 article from 2025-07 to 2025-08"
    assert [text.get_text() for text in svg.select("g.labels text")] == ["2025-07", "2025-08"]
    assert "<Oblast>" not in timeline_svg(months, "Zaporizhzhia <Oblast>")


def test_articles_of_one_month_draw_no_timeline():
    assert timeline_svg([("2025-08", 3)], "Kyiv") == "" and timeline_svg([], "Nobody") == ""
