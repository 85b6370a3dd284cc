"""An organisation's badge for its own website: "42 resources in the Open Arts Resource Bank", as SVG.

Static, accessible (role="img" and a <title>, so it reads the same inline or as an image), and
sized from the text so nothing is cut off; no fonts, scripts or links of its own.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

HEIGHT = 20
_CHAR = 6.6  # average advance of 11px Verdana/DejaVu Sans, the fonts the badge asks for


def badge_words(count: int, site_name: str) -> tuple[str, str]:
    """The badge's two halves: '42 resources' and 'in the Open Arts Resource Bank'."""
    return f"{count:,} resource{'' if count == 1 else 's'}", f"in the {site_name}"


def _widths(left: str, right: str) -> tuple[int, int]:
    return round(len(left) * _CHAR) + 12, round(len(right) * _CHAR) + 12


def badge_width(count: int, site_name: str) -> int:
    """The badge's width in pixels, for the width attribute of an <img> showing it."""
    return sum(_widths(*badge_words(count, site_name)))


def badge_svg(count: int, site_name: str, colour: str = "#1f5f8b") -> str:
    """The badge: the count on `colour` (a colour white text reads on), the bank's name on dark grey."""
    left, right = badge_words(count, site_name)
    lw, rw = _widths(left, right)
    label = escape(f"{left} {right}", {'"': "&quot;"})
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{lw + rw}" height="{HEIGHT}" role="img" '
            f'aria-label="{label}"><title>{label}</title>'
            f'<rect width="{lw}" height="{HEIGHT}" fill="{colour}"/>'
            f'<rect x="{lw}" width="{rw}" height="{HEIGHT}" fill="#333333"/>'
            f'<g fill="#ffffff" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11" aria-hidden="true">'
            f'<text x="6" y="14">{escape(left)}</text><text x="{lw + 6}" y="14">{escape(right)}</text></g></svg>\n')
