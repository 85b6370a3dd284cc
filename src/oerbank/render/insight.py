"""The insight pages for organisations: the bank's coverage, one page per organisation, fair exposure.

What they show is computed by oerbank.insight; here it becomes pages of the catalogue site
(under "About" in the navigation, away from the teachers' menus).
"""

from __future__ import annotations

from collections import Counter
from functools import partial
from typing import Callable, Iterator

from ..insight import Insight, analyse
from ..insight.exposure import Places, places
from ..insight.organisations import Combination, OrganisationInsight
from ..insight.similar import THRESHOLD, Similar, near_duplicates
from .charts import bar_chart
from .site import Page, SiteModel, page_source, root_of

INDEX = "insight/index.md"
RELATED_SAMPLE = 2000  # resource pages whose related resources are counted (every page when fewer)
LIST_LIMIT = 50  # combinations or pairs a page lists before "and N more" (the CSV files have all)


def measure_exposure(model: SiteModel) -> list[Places]:
    """Who fills the places a teacher sees: the catalogue itself, the home page's newest, related resources.

    Related resources are counted on every resource page, or on an evenly spread
    `RELATED_SAMPLE` of them in a larger catalogue.
    """
    resources = model.resources
    step = max(1, len(resources) // RELATED_SAMPLE)
    sampled = resources[::step]
    note = "" if step == 1 else f"Counted on {len(sampled):,} of the {len(resources):,} resource pages, evenly spread."
    return [
        places("catalogue", "Share of the catalogue", (r["organisation"] for r in resources)),
        places("home", "Share of “New in the catalogue” on the home page",
               (r["organisation"] for r in model.newest())),
        places("related", "Share of “Related resources” on resource pages",
               (o["organisation"] for r in sampled for o in model.related(r)), note),
    ]


def insight_of(model: SiteModel, similar: list[Similar] | None = None) -> Insight:
    """The insight of the model's catalogue; `similar` if already found."""
    return analyse(model.resources, model.orgs, model.schema, model.dates, model.link_status,
                   measure_exposure(model), similar if similar is not None else near_duplicates(model.resources))


class InsightPages:
    """Makes the insight pages of one site model."""

    def __init__(self, model: SiteModel, insight: Insight) -> None:
        self.model = model
        self.insight = insight
        self.by_id = {r["id"]: r for r in model.resources}
        self.vocab = {f.name: f.vocabulary for f in model.schema.resources.fields if f.vocabulary}
        self.vocab["region"] = "regions"
        self.field_title = {f.name: f.title for f in model.schema.resources.fields}

    def pages(self) -> Iterator[Page]:
        yield index_page(self.index_html)
        for o in self.insight.organisations:
            src = page_source("insight/organisations", o.id)
            name = self.model.orgs[o.id]["name"]
            yield Page(src, f"Insight: {name}", f"What {name} offers in the bank, and how its records fare.",
                       partial(self.organisation_html, o, src), kind="insight-organisation", key=o.id, about=name)

    # --- helpers ---------------------------------------------------------------------------------

    def combination(self, c: Combination) -> str:
        a, x, b, y = c
        return f"{self.model.label(self.vocab[a], x)} × {self.model.label(self.vocab[b], y)}"

    def resource_link(self, rid: str, root: str) -> dict[str, str]:
        r = self.by_id[rid]
        org = self.model.orgs.get(r["organisation"], {})
        return {"title": r["title"], "href": f"{root}resources/{rid}/", "organisation": org.get("name", ""),
                "organisation_id": r["organisation"]}

    def _totals(self, field: str) -> list[tuple[str, int]]:
        counts: Counter[str] = Counter()
        for r in self.model.resources:
            if field == "region":
                region = self.model.orgs.get(r["organisation"], {}).get("region")
                counts.update([region] if region else [])
            else:
                counts.update(set(r.get(field) or []))
        vocab = self.model.schema.vocabularies[self.vocab[field]]
        return [(t.label, counts[t.key]) for t in vocab.terms]

    # --- pages -----------------------------------------------------------------------------------

    def index_html(self) -> str:
        root = root_of(INDEX)
        model = self.model
        charts = []
        for field, title in (("key_stages", "Key stage"), ("subjects", "Subject"), ("art_forms", "Art form"),
                             ("region", "Region (the organisation's)")):
            heading = f"Resources per {title.lower()}"
            charts.append({"title": heading, "svg": bar_chart(f"chart-{field}", heading, self._totals(field))})
        tables = []
        for tab in self.insight.coverage:
            crowded = tab.crowded_at
            gaps = [f"{rl} × {cl}" for r, rl in tab.rows for c, cl in tab.columns if tab.count(r, c) == 0]
            tables.append({"tab": tab, "crowded": crowded, "gaps": gaps,
                           "corner": self.field_title.get(tab.row_field, "Region")})
        shares = {p.key: p for p in self.insight.exposure}
        similar_count: Counter[str] = Counter()
        for p in self.insight.similar:
            similar_count.update({self.by_id[p.a]["organisation"], self.by_id[p.b]["organisation"]})
        orgs = []
        for o in sorted(self.insight.organisations, key=lambda o: model.orgs[o.id]["name"].lower()):
            orgs.append({"o": o, "name": model.orgs[o.id]["name"],
                         "href": f"{root}insight/organisations/{o.id}/",
                         "shares": [as_percent(p.share(o.id)) for p in shares.values()],
                         "similar": similar_count[o.id]})
        pairs = [{"a": self.resource_link(p.a, root), "b": self.resource_link(p.b, root), "score": p.score}
                 for p in sorted(self.insight.similar, key=lambda p: (-p.score, p.a, p.b))[:LIST_LIMIT]]
        return model.render("insight.html", root=root, charts=charts, tables=tables, orgs=orgs,
                            places=list(shares.values()), pairs=pairs, pair_total=len(self.insight.similar),
                            threshold=THRESHOLD, limit=LIST_LIMIT, site_name=model.site_name)

    def organisation_html(self, o: OrganisationInsight, src: str) -> str:
        root = root_of(src)
        model = self.model
        org = model.orgs[o.id]
        mine = [p for p in self.insight.similar if self.by_id[p.a]["organisation"] == o.id
                or self.by_id[p.b]["organisation"] == o.id]
        similar = []
        for p in sorted(mine, key=lambda p: (-p.score, p.a, p.b))[:LIST_LIMIT]:
            own, other = (p.a, p.b) if self.by_id[p.a]["organisation"] == o.id else (p.b, p.a)
            similar.append({"own": self.resource_link(own, root), "other": self.resource_link(other, root),
                            "score": p.score})
        overlaps = [{"name": model.orgs.get(ov.organisation, {}).get("name", ov.organisation),
                     "href": f"{root}insight/organisations/{ov.organisation}/" if ov.organisation in model.orgs
                     else "", "shared": ov.shared,
                     "top": [self.combination(c) for c in ov.top]} for ov in o.overlaps]
        completeness = [{"field": self.field_title.get(name, name), "filled": n,
                         "percent": round(100 * n / o.resources) if o.resources else 0}
                        for name, n in o.completeness]
        shares = [(p.title, as_percent(p.share(o.id)), p.by_organisation.get(o.id, 0), p.total, p.note)
                  for p in self.insight.exposure]
        return model.render(
            "insight_organisation.html", root=root, o=o, org=org, similar=similar, similar_total=len(mine),
            only_here=[(self.combination(c), n) for c, n in o.only_here[:LIST_LIMIT]], overlaps=overlaps,
            completeness=completeness, shares=shares, limit=LIST_LIMIT, threshold=THRESHOLD)


def index_page(html: Callable[[], str]) -> Page:
    """The insight index page: the navigation names it before the insight is found."""
    return Page(INDEX, "Insight for organisations",
                "Where the bank is thin or crowded, what each organisation alone offers, similar resources "
                "across organisations, and how fairly the site shares its places.",
                html, in_nav=True, kind="insight")


def insight_pages(model: SiteModel, insight: Insight) -> Iterator[Page]:
    return InsightPages(model, insight).pages()


def as_percent(share: float) -> str:
    return f"{100 * share:.1f}%"

