"""An organisation's identity on its page and embed: its brand colour kept readable, and how schools book.

The brand colour is a band behind text (the organisation's page heading, its embed's heading),
with white text on it or the page's dark text, whichever reads better. WCAG AA asks 4.5 to 1 for
text, so a colour with neither is refused, and the nearest colour with one (same hue and
saturation, lighter or darker) is suggested.
"""

from __future__ import annotations

import colorsys
import re
from typing import NamedTuple

from .safety import url_problem

WHITE = "#ffffff"
DARK = "#212121"  # the page's text colour: Material's rgba(0, 0, 0, 0.87) on white
AA = 4.5
HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")
_EMAIL = re.compile(r"^[^@\s<>()\[\]\\,;:\"]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)+$")
_PHONE = re.compile(r"^\+?[0-9][0-9 ()\-.]*[0-9]$")


def _rgb(colour: str) -> tuple[float, float, float]:
    value = int(colour[1:], 16)
    return (value >> 16) / 255, (value >> 8 & 255) / 255, (value & 255) / 255


def _hex(r: float, g: float, b: float) -> str:
    return "#" + "".join(f"{round(min(1.0, max(0.0, c)) * 255):02x}" for c in (r, g, b))


def luminance(colour: str) -> float:
    """WCAG 2's relative luminance of a #rrggbb colour."""
    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (linear(c) for c in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG 2's contrast ratio of two #rrggbb colours, from 1 to 21."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


class TextOn(NamedTuple):
    """The text colour that reads best on a brand colour, and how well."""

    text: str  # WHITE or DARK
    ratio: float

    @property
    def passes(self) -> bool:
        return self.ratio >= AA

    @property
    def said(self) -> str:
        return "white text" if self.text == WHITE else "dark text"


def text_on(colour: str) -> TextOn:
    """White text on `colour` when it reaches AA, else the dark text if that reads better."""
    white, dark = contrast(colour, WHITE), contrast(colour, DARK)
    if white >= AA or white >= dark:
        return TextOn(WHITE, white)
    return TextOn(DARK, dark)


def nearest_readable(colour: str) -> str:
    """The nearest colour of the same hue and saturation that white or dark text can be read on."""
    h, lightness, s = colorsys.rgb_to_hls(*_rgb(colour))
    for step in range(1, 1001):
        for signed in (-step, step):  # darker first: brand colours tend to be mid-tones darkened for text
            candidate = _hex(*colorsys.hls_to_rgb(h, min(1.0, max(0.0, lightness + signed / 1000)), s))
            if text_on(candidate).passes:
                return candidate
    return "#000000"  # not reached: black always passes against white


def ratio_text(ratio: float) -> str:
    """A contrast ratio as a person reads it: '3.2 to 1' (rounded down, so a pass never reads as a fail)."""
    return f"{int(ratio * 10) / 10:g} to 1"


class Booking(NamedTuple):
    """How schools book, as a link."""

    kind: str  # "email", "phone" or "web"
    href: str
    text: str


def booking(value: str) -> Booking | None:
    """The link `bookings` gives (mailto:, tel: or https), or None when it is none of the three."""
    value = value.strip()
    if "://" in value:
        return Booking("web", value, value) if url_problem(value, https_only=True) is None else None
    if _EMAIL.match(value):
        return Booking("email", f"mailto:{value}", value)
    if _PHONE.match(value):
        digits = re.sub(r"[^0-9]", "", value)
        if 7 <= len(digits) <= 15:
            return Booking("phone", "tel:" + ("+" if value.startswith("+") else "") + digits, value)
    return None
