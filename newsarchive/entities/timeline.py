"""A small timeline of articles per month, drawn as inline SVG at build time (no script)."""

from __future__ import annotations

from html import escape

WIDTH = 600
HEIGHT = 80
LABEL_SPACE = 16


def timeline_svg(months: list[tuple[str, int]], title: str) -> str:
    """A bar for each month with articles, placed on a line of all ``months``; first and last labelled;
    "" for articles of one month (one bar says no more than the list of articles beside it).

    Months without articles draw nothing: a person named in 25 articles over seven years
    has 84 months and about 20 bars, and an empty bar's markup was half the page's timeline.
    Most people an archive names are named once: a one-bar chart was a sixth of their pages.
    """
    if len(months) < 2:
        return ""
    most = max(count for _, count in months) or 1
    step = WIDTH / len(months)
    bar = max(1.0, min(step * 0.8, 24.0))
    plot = HEIGHT - LABEL_SPACE
    bars = []
    for index, (month, count) in enumerate(months):
        if not count:
            continue
        height = round(plot * count / most, 1)
        x = round(index * step + (step - bar) / 2, 1)
        bars.append(
            f'<rect x="{x}" y="{round(plot - height, 1)}" width="{round(bar, 1)}" height="{height}">'
            f"<title>{escape(month)}: {count} article{'s' if count != 1 else ''}</title></rect>"
        )
    first, last = months[0][0], months[-1][0]
    total = sum(c for _, c in months)
    summary = f"{title}: {total} article{'s' if total != 1 else ''} from {first} to {last}"
    labels = (
        f'<text x="0" y="{HEIGHT - 2}">{escape(first)}</text><text x="{WIDTH}" y="{HEIGHT - 2}" text-anchor="end">{escape(last)}</text>'
    )
    return (
        f'<svg class="timeline" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(summary)}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(summary)}</title>'
        f'<g class="bars">{"".join(bars)}</g><g class="labels">{labels}</g></svg>'
    )
