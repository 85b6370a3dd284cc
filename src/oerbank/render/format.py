"""Dates, durations and costs as a UK teacher reads them ("7 October 2019", "1 hour 30 minutes")."""

from __future__ import annotations

import datetime as dt

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


def uk_date(iso: str) -> str:
    """'2019-10-07' -> '7 October 2019'; anything that is not an ISO date is returned as it is."""
    try:
        day = dt.date.fromisoformat(str(iso)[:10])
    except ValueError:
        return str(iso)
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def duration(minutes: object) -> str:
    """60 -> '1 hour', 90 -> '1 hour 30 minutes', 45 -> '45 minutes'; '' when there is none."""
    if not isinstance(minutes, int) or isinstance(minutes, bool) or minutes <= 0:
        return ""
    hours, rest = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if rest:
        parts.append(f"{rest} minute{'s' if rest != 1 else ''}")
    return " ".join(parts)


def cost_text(label: str, price: object) -> str:
    """The cost's label, with the price in words after it when there is one ('Paid: £4 per pupil')."""
    return f"{label}: {price}" if isinstance(price, str) and price.strip() else label
