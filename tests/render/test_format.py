"""Dates, durations and costs written as a UK teacher reads them."""

from __future__ import annotations

import pytest

from oerbank.render.format import cost_text, duration, uk_date


@pytest.mark.parametrize("iso,shown", [("2019-10-07", "7 October 2019"), ("2024-01-31", "31 January 2024"),
                                       ("2020-02-29", "29 February 2020"), ("not a date", "not a date")])
def test_dates_read_day_month_year(iso: str, shown: str) -> None:
    assert uk_date(iso) == shown


@pytest.mark.parametrize("minutes,shown", [(45, "45 minutes"), (1, "1 minute"), (60, "1 hour"),
                                           (90, "1 hour 30 minutes"), (121, "2 hours 1 minute"), (None, ""),
                                           (0, ""), (True, "")])
def test_durations_in_hours_and_minutes(minutes: object, shown: str) -> None:
    assert duration(minutes) == shown


def test_a_price_follows_its_cost() -> None:
    assert cost_text("Paid", "£4 per pupil") == "Paid: £4 per pupil"
    assert cost_text("Free", None) == "Free" and cost_text("Paid", "  ") == "Paid"
