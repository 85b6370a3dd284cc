"""Insight for organisations: where the bank is thin or crowded, what each organisation alone
offers, near-duplicates across organisations, and whether exposure is fair.

Computed once per build from the checked records, the Git dates and the last link check the
build has already read; render/insight.py makes the pages and insight/tables.py the CSV files.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Sequence

from ..schema import Schema
from .coverage import CrossTab, coverage
from .exposure import Places
from .organisations import OrganisationInsight, organisation_insight
from .similar import Similar, near_duplicates


@dataclass(frozen=True)
class Insight:
    coverage: list[CrossTab]
    organisations: list[OrganisationInsight]
    similar: list[Similar]
    exposure: list[Places]


def analyse(resources: Sequence[Mapping[str, Any]], organisations: Mapping[str, Mapping[str, Any]], schema: Schema,
            dates: Mapping[str, tuple[str | None, str | None]], link_status: Mapping[str, Mapping[str, Any]],
            exposure: list[Places], similar: list[Similar] | None = None) -> Insight:
    """Everything the insight pages and files show; `similar` if the build has found them already."""
    return Insight(
        coverage=coverage(resources, organisations, schema),
        organisations=organisation_insight(resources, sorted(organisations), schema, dates, link_status),
        similar=near_duplicates(resources) if similar is None else similar,
        exposure=exposure,
    )


__all__ = ["Insight", "analyse"]
