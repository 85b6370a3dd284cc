"""Simple bar charts as inline SVG, drawn at build time: no chart library, no script on the page.

Each chart is an image with a title and a description that says every value in words, and the
page gives the same numbers in a table beside it.
"""

from __future__ import annotations

from markupsafe import Markup, escape

BAR = 18  # height of one bar
GAP = 6
LABEL_WIDTH = 170
BAR_WIDTH = 220


def bar_chart(chart_id: str, title: str, bars: list[tuple[str, int]]) -> Markup:
    """A horizontal bar chart of (label, count); empty bars are marked with a hollow outline."""
    most = max((n for _, n in bars), default=0) or 1
    height = len(bars) * (BAR + GAP) + GAP
    width = LABEL_WIDTH + BAR_WIDTH + 60
    words = "; ".join(f"{label}: {n:,}" for label, n in bars)
    parts = [f'<svg class="oer-chart" role="img" aria-labelledby="{chart_id}-t {chart_id}-d" '
             f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
             f'xmlns="http://www.w3.org/2000/svg">',
             f'<title id="{chart_id}-t">{escape(title)}</title>',
             f'<desc id="{chart_id}-d">{escape(words)}</desc>']
    for i, (label, n) in enumerate(bars):
        y = GAP + i * (BAR + GAP)
        w = round(BAR_WIDTH * n / most, 1)
        parts.append(f'<text x="{LABEL_WIDTH - 8}" y="{y + BAR - 5}" text-anchor="end" '
                     f'font-size="13" fill="currentColor">{escape(label)}</text>')
        if n:
            parts.append(f'<rect x="{LABEL_WIDTH}" y="{y}" width="{w}" height="{BAR}" class="oer-chart__bar"/>')
        else:
            parts.append(f'<rect x="{LABEL_WIDTH}" y="{y}" width="4" height="{BAR}" class="oer-chart__empty"/>')
        parts.append(f'<text x="{LABEL_WIDTH + max(w, 4) + 6}" y="{y + BAR - 5}" font-size="13" '
                     f'fill="currentColor">{n:,}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
