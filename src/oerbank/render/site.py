"""Every generated page of the catalogue site, as (source path, title, HTML) values.

render/shell.py puts each page in the site's shell and writes it; nothing here knows about any docs
engine.
"""

from __future__ import annotations

import math
from urllib.parse import urlsplit
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property
from functools import partial
from typing import Any, Callable, Iterable, Iterator, Mapping

from jinja2 import Environment, PackageLoader, select_autoescape

from ..export.feeds import SITE_NAME
from ..fair import fair_interleave
from ..gitdates import date_of
from ..identity import booking
from ..load import Catalogue
from ..schema import Schema, load_schema
from .curriculum import pages as curriculum_pages
from .curriculum import resource_links as curriculum_links
from .format import cost_text, duration, uk_date
from .jsonld import dumps as jsonld_dumps
from .jsonld import organisation_ld, resource_ld
from .markdown import render_markdown
from .page_styles import SEARCH_STYLESHEET
from ..stages import ENGLAND, Stages, load_stages
from ..search.related import Related
from ..parallel import Strings

# Browse sections: (url folder, field, vocabulary, heading)
BROWSE = [
    ("key-stages", "key_stages", "key_stages", "Key stages"),
    ("subjects", "subjects", "subjects", "Subjects"),
    ("art-forms", "art_forms", "art_forms", "Art forms"),
    ("resource-types", "resource_types", "resource_types", "Resource types"),
]


PAGE_SIZE = 50  # resources on a page of a listing
BROWSE_LIMIT = 500  # resources a browse term lists (its newest); search has the rest


# Names for the language codes teachers meet most; other BCP 47 codes are shown as written.
LANGUAGES = {"en": "English", "cy": "Welsh", "gd": "Scottish Gaelic", "ga": "Irish", "kw": "Cornish",
             "pl": "Polish", "ur": "Urdu", "bn": "Bengali", "pa": "Punjabi", "ar": "Arabic", "fr": "French",
             "de": "German", "es": "Spanish", "so": "Somali", "ro": "Romanian", "bsl": "British Sign Language"}


@dataclass(frozen=True)
class Page:
    """A page to write. Its HTML is made on demand, so a build never holds every page in memory."""

    src_uri: str  # e.g. resources/org/slug.md
    title: str
    description: str
    make: Callable[[], str]
    in_nav: bool = False
    kind: str = "page"
    key: str = ""  # the organisation id or vocabulary key the page is about
    about: str = ""  # and its name (the title may add "page 2 of 9")
    head: str = ""  # HTML for the page's <head> (the search page's preloads)
    styles: tuple[str, ...] | None = None  # instead of Material's whole stylesheet (the search page's: page_styles)

    @property
    def html(self) -> str:
        return self.make()


def pager_window(n: int, pages: int, around: int = 2) -> list[int]:
    """Page numbers to link from page n: first, last and a few either side; 0 marks a gap."""
    shown = sorted({1, pages, *range(max(1, n - around), min(pages, n + around) + 1)})
    out: list[int] = []
    for i in shown:
        if out and i - out[-1] > 1:
            out.append(0)
        out.append(i)
    return out


def url_of(src_uri: str) -> str:
    """The folder address of a page's source path (resources/o/s.md -> resources/o/s/), as the
    prose pages' engine gives them with use_directory_urls."""
    stem = src_uri[:-3]
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def page_source(folder: str, key: str) -> str:
    """The page source path of a record. `index.md` is its folder's own page, so a record
    named index (resources/org/index.md) gets a folder of its own, like every other record."""
    return f"{folder}/{key}/index.md" if key.rsplit("/", 1)[-1] == "index" else f"{folder}/{key}.md"


def _link_text(url: str) -> str:
    """How a link to an organisation's other page reads: its address without https:// and www."""
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    return host + (parts.path.rstrip("/") if parts.path not in ("", "/") else "")


def root_of(src_uri: str) -> str:
    """Relative path from a page back to the site root."""
    return "../" * url_of(src_uri).count("/") or "./"


def environment() -> Environment:
    # auto_reload off: each build makes its own environment, so no template changes during one,
    # and thousands of pages need not ask the file system whether it did.
    env = Environment(loader=PackageLoader("oerbank", "templates"), auto_reload=False,
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["thousands"] = lambda n: f"{n:,}"
    return env


class SiteModel:
    """Indexes the catalogue once, then renders pages on demand."""

    def __init__(self, catalogue: Catalogue, schema: Schema | None = None, *, site_url: str = "",
                 edit_base: str = "", page_size: int = PAGE_SIZE, browse_limit: int = BROWSE_LIMIT,
                 dates: dict[str, tuple[str | None, str | None]] | None = None,
                 link_status: dict[str, dict[str, Any]] | None = None,
                 broken_pictures: set[str] | None = None, site_name: str = SITE_NAME) -> None:
        self.schema = schema or load_schema()
        self.site_name = site_name  # mkdocs.yml's site_name: each catalogue's own
        self.catalogue = catalogue
        self.site_url = site_url.rstrip("/") + "/" if site_url else ""
        self.edit_base = edit_base
        self.page_size = page_size
        # Browse pages list the newest `browse_limit` of a term and hand the rest to search: past
        # that, page 300 of "Key Stage 2" helps no one, and complete listings took 0.9 GB at
        # 100,000 resources. Organisation pages stay complete, so every resource is reachable
        # without JavaScript.
        self.browse_limit = browse_limit
        self.dates = dates or {}
        self.link_status = link_status or {}
        self.broken_pictures = broken_pictures or set()  # ids whose image or logo failed the last check
        self.env = environment()
        self.insight: Any = None  # oerbank.insight.Insight, set by the build for the insight pages
        # first.js's and the bundle's content hashes (oerbank.search.bundle), set by the build: the search
        # page asks for exactly the pair it was built with, never a cached older one beside a newer one.
        self.script_versions: dict[str, str] = {}
        self.orgs = {o.id: o.data for o in catalogue.organisations}
        self.records = sorted(catalogue.resources, key=lambda r: r.id)
        self.resources = [r.data for r in self.records]
        self.by_org: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
        for r in self.resources:
            self.by_org[r["organisation"]].append(r)

    # --- helpers -------------------------------------------------------------------------

    def label(self, vocab: str, key: str) -> str:
        return self.schema.vocabularies[vocab].label(key)

    def labels(self, vocab: str, keys: Iterable[str]) -> list[str]:
        return [self.label(vocab, k) for k in keys]

    def date_of(self, r: Mapping[str, Any]) -> str:
        """The date a resource is listed under: `published`, else the day Git first saw it."""
        return date_of(r, self.dates)

    def logo(self, org: Mapping[str, Any]) -> dict[str, str] | None:
        """The organisation's logo to show (https, described, not found broken by the last link check), or None."""
        src, alt = org.get("logo"), org.get("logo_alt")
        if not src or not alt or not src.startswith("https://") or org.get("id") in self.broken_pictures:
            return None
        return {"src": src, "alt": alt}

    def card(self, r: Mapping[str, Any], root: str, nation: str = ENGLAND) -> dict[str, Any]:
        """What a listing shows of a resource; its stages are the nation's (the key stages for England)."""
        org = self.orgs.get(r["organisation"], {})
        return {
            "title": r["title"], "href": f"{root}resources/{r['id']}/", "summary": r["summary"],
            "organisation": org.get("name", r["organisation"]), "logo": self.logo(org),
            "organisation_href": f"{root}organisations/{r['organisation']}/",
            "key_stages": self.labels("key_stages", r["key_stages"]) if nation == ENGLAND
            else [s.label for s in self.stages.for_key_stages(r["key_stages"], nation)],
            "cost": self.label("cost", r["cost"]),
            "types": self.labels("resource_types", r["resource_types"]),
            "date": self.date_of(r),
            "duration": duration(r.get("duration_minutes")),
            "cost_text": cost_text(self.label("cost", r["cost"]), r.get("price")),
            "cost_class": self.cost_class(r["cost"]),
        }

    def cost_class(self, key: str) -> str:
        """The cost's CSS class: Free and Paid look different, not only by their words."""
        return f"oer-cost--{key}" if key in self.schema.vocabularies["cost"].keys else "oer-cost--unknown"

    @cached_property
    def _pairs(self) -> dict[tuple[str, str], list[int]]:
        pairs: dict[tuple[str, str], list[int]] = defaultdict(list)
        for i, r in enumerate(self.resources):
            for s in r["subjects"]:
                for k in r["key_stages"]:
                    pairs[(s, k)].append(i)
        return pairs

    @cached_property
    def _related(self) -> Related:
        return Related(self.resources)

    @cached_property
    def _numbers(self) -> dict[str, int]:
        return {r["id"]: i for i, r in enumerate(self.resources)}

    @cached_property
    def _listed(self) -> tuple[Strings, Strings]:
        """Each resource's title and organisation, as the related resources of a page name them.

        A record with problems (a preview build, `oerbank preview`) may have no title: its id names it."""
        return (Strings(r["title"] or r["id"] for r in self.resources),
                Strings(r["organisation"] for r in self.resources))

    def related(self, r: Mapping[str, Any], limit: int = 3, cap: int = 40) -> list[Mapping[str, Any]]:
        """The resources most like this one (search/related.py: same series first, then shared words
        weighed as the search weighs them, then shared facets)."""
        return [self.resources[i] for i in self.related_numbers(r, limit, cap)]

    def related_numbers(self, r: Mapping[str, Any], limit: int = 3, cap: int = 40) -> list[int]:
        """`related` as the resources' numbers in `resources`.

        Resources sharing a subject and a key stage are weighed too, at most `cap` for each pair,
        so a resource with few words still gets suggestions and the work per page stays flat.
        Page workers call it for the records given to them, and it reads no other record: only the
        indexes made once before they start (`related_index`).
        """
        number = self._numbers.get(r["id"])
        if number is None:
            return []

        def sharing_facets() -> list[int]:  # asked for only when too few share a rare word
            extra: set[int] = set()
            for s in r["subjects"]:
                for k in r["key_stages"]:
                    extra.update(self._pairs.get((s, k), ())[:cap])
            return sorted(extra)

        found = self._related.scored(number, limit * 3, sharing_facets)
        ids, organisations = self._related.ids, self._listed[1]
        scored = [(-round(score, 6), ids[i], i) for score, i in found]
        # Among equally good matches, organisations take turns (oerbank.fair).
        ranked = fair_interleave(scored, key=lambda t: organisations[t[2]], limit=limit, score=lambda t: t[0])
        return [i for _, _, i in ranked]

    def newest(self, limit: int = 8) -> list[Mapping[str, Any]]:
        """The newest resources, organisations taking turns (oerbank.fair): a second from one
        organisation only when every other has had one."""
        ranked = sorted(self.resources, key=lambda r: (self.date_of(r), r["id"]), reverse=True)
        return fair_interleave(ranked, key=lambda r: r["organisation"], limit=limit)

    def render(self, template: str, **context: Any) -> str:
        return self.env.get_template(template).render(site=self, **context)

    # --- pages -----------------------------------------------------------------------------

    def pages(self) -> Iterator[Page]:
        yield self.home_page()
        yield self.search_page()
        yield from self.resource_pages()
        yield from self.organisation_pages()
        yield from self.browse_pages()
        yield from curriculum_pages(self, Page)
        yield from self.nation_pages()
        yield from self.vocabulary_pages()
        yield from self.insight_pages()

    @cached_property
    def stages(self) -> Stages:
        return load_stages()

    def insight_pages(self) -> Iterator[Page]:
        """The insight pages for organisations (render/insight.py), once the build has set `insight`."""
        if self.insight is not None:
            from .insight import insight_pages  # it builds on this module
            yield from insight_pages(self, self.insight)

    def nav_pages(self) -> Iterator[Page]:
        """The catalogue pages the site's navigation names (home, search, the browse and organisation indexes)."""
        yield self.home_page()
        yield self.search_page()
        yield next(self.organisation_pages())
        yield from (page for page in self.browse_pages() if page.in_nav)
        yield next(self.nation_pages())
        from .insight import index_page  # it builds on this module
        yield index_page(lambda: "")  # named before the insight is found; its content comes with the insight
        yield next(curriculum_pages(self, Page))

    def resource_pages(self) -> Iterator[Page]:
        for r in self.resources:
            yield self.resource_page(r)

    def resource_page(self, r: Mapping[str, Any]) -> Page:
        return Page(page_source("resources", r["id"]), r["title"], r["summary"], partial(self.resource_html, r),
                    kind="resource")

    def related_index(self) -> None:
        """Index the resources for `related` once, before the pages are written (in worker processes)."""
        self._pairs, self._related, self._numbers, self._listed  # noqa: B018 (cached properties, computed here)

    def resource_html(self, r: Mapping[str, Any]) -> str:
        src = page_source("resources", r["id"])
        root = root_of(src)
        org = self.orgs.get(r["organisation"],
                            {"id": r["organisation"], "name": r["organisation"], "url": "", "summary": ""})
        page_url = f"{self.site_url}resources/{r['id']}/"
        ld = resource_ld(r, org, self.schema, page_url, f"{self.site_url}organisations/{org['id']}/",
                         self.site_url)
        v = self.schema.vocabularies
        facts = []
        for f in self.schema.resources.contributed:
            value = r.get(f.name)
            shown_elsewhere = f.name in ("title", "url", "summary", "image", "image_alt", "organisation", "licence",
                                         "price", "curriculum")
            if shown_elsewhere or value in (None, [], ""):
                continue
            if f.vocabulary:
                keys = value if isinstance(value, list) else [value]
                shown = [self.label(f.vocabulary, k) for k in keys]
                if f.name == "cost":
                    shown = [cost_text(label, r.get("price")) for label in shown]
                facts.append({"label": f.title, "values": shown, "field": f.name,
                              "links": [f"{root}{folder}/{k}/" for k in keys]
                              if (folder := self._browse_folder(f.name)) else []})
            elif f.name == "languages":
                facts.append({"label": f.title, "values": [LANGUAGES.get(v, v) for v in value], "field": f.name,
                              "links": []})
            elif isinstance(value, list):
                facts.append({"label": f.title, "values": value, "field": f.name, "links": []})
            elif f.type == "date":
                facts.append({"label": f.title, "values": [uk_date(value)], "field": f.name, "links": [],
                              "datetime": str(value)})
            elif f.name == "duration_minutes":
                facts.append({"label": "Duration", "values": [duration(value)], "field": f.name, "links": []})
            else:
                facts.append({"label": f.title, "values": [value], "field": f.name, "links": []})
        licence = v["licence"].term(r["licence"])
        year = (self.date_of(r) or "")[:4] or "n.d."
        return self.render(
            "resource.html", r=r, org=org, root=root, facts=facts, body=render_markdown(r.get("body")),
            related=self._related_links(r),
            licence=licence, host=urlsplit(r["url"]).hostname or r["url"],
            citation=f"{org['name']} ({year}). {r['title']}. {self.site_name}. {page_url or r['url']}",
            edit_url=f"{self.edit_base}{r['path']}" if self.edit_base else "",
            link=self.link_status.get(r["id"]), jsonld=jsonld_dumps(ld), logo=self.logo(org),
            show_image=r["id"] not in self.broken_pictures,
            key_stages=self.labels("key_stages", r["key_stages"]),
            summary_line=self.card(r, root), link_checked=uk_date(link["checked"]) if (link := self.link_status.get(
                r["id"])) and link.get("checked") else "",
            curriculum=curriculum_links(r, root),
        )

    def _related_links(self, r: Mapping[str, Any]) -> list[dict[str, str]]:
        ids, (titles, organisations) = self._related.ids, self._listed
        links = []
        for i in self.related_numbers(r):
            org = organisations[i]
            links.append({"title": titles[i], "href": f"../../{ids[i]}/",  # from resources/<org>/<slug>/
                          "organisation": self.orgs.get(org, {}).get("name", org)})
        return links

    @staticmethod
    def _browse_folder(field: str) -> str | None:
        return next((folder for folder, f, _, _ in BROWSE if f == field), None)

    def organisation_pages(self) -> Iterator[Page]:
        src = "organisations/index.md"
        root = root_of(src)
        orgs = sorted(self.orgs.values(), key=lambda o: o["name"].lower())
        items = [{"name": o["name"], "href": f"{root}organisations/{o['id']}/", "summary": o["summary"],
                  "type": self.label("organisation_types", o["type"]) if o.get("type") else "",
                  "region": self.label("regions", o["region"]) if o.get("region") else "",
                  "count": len(self.by_org.get(o["id"], []))} for o in orgs]
        yield Page(src, "Organisations", "Every organisation that publishes in the catalogue.",
                   partial(self.render, "organisations.html", items=items, root=root), in_nav=True, kind="browse")
        for org in orgs:
            yield from self.organisation_page_set(org)

    def organisation_page_set(self, org: Mapping[str, Any]) -> Iterator[Page]:
        """Every resource the organisation publishes, by title, `page_size` a page."""
        resources = sorted(self.by_org.get(org["id"], []), key=lambda r: r["title"].lower())
        pages = max(1, math.ceil(len(resources) / self.page_size))
        for n in range(1, pages + 1):
            src = page_source("organisations", org["id"]) if n == 1 else f"organisations/{org['id']}/page-{n}.md"
            title = org["name"] + (f" (page {n} of {pages})" if pages > 1 else "")
            chunk = resources[(n - 1) * self.page_size: n * self.page_size]
            yield Page(src, title, org["summary"],
                       partial(self.organisation_html, org, src, chunk, len(resources), n, pages),
                       kind="organisation", key=org["id"], about=org["name"])

    def organisation_html(self, org: Mapping[str, Any], src: str, chunk: list[Mapping[str, Any]], total: int, n: int,
                          pages: int) -> str:
        """Page n (at src): the organisation's details on the first, then its resources from `chunk`."""
        from ..export.api import brand  # here: export.api reads this module
        from .embed import embed_context

        root = root_of(src)
        page_url = f"{self.site_url}organisations/{org['id']}/"
        first = n == 1
        found = booking(org["bookings"]) if org.get("bookings") else None
        return self.render(
            "organisation.html", org=org, root=root, first=first, logo=self.logo(org), brand=brand(org),
            booking=found, nations=self.labels("nations", org.get("nations") or []),
            links=[{"href": u, "text": _link_text(u)} for u in org.get("links") or [] if u.startswith("https://")],
            embed=embed_context(self, org, root) if first else None,
            description=render_markdown(org.get("description")) if first else "",
            type_label=self.label("organisation_types", org["type"]) if org.get("type") else "",
            region_label=self.label("regions", org["region"]) if org.get("region") else "",
            items=[self.card(r, root) for r in chunk], total=total,
            start=(n - 1) * self.page_size + 1,
            pager=self._pager(f"{root}organisations/{org['id']}/", n, pages),
            jsonld=jsonld_dumps(organisation_ld(org, page_url)) if first else "",
            edit_url=f"{self.edit_base}{org['path']}" if self.edit_base and first else "",
            insight_href=root + url_of(page_source("insight/organisations", org["id"]))
            if first and self.insight is not None else "",
        )

    @staticmethod
    def _pager(base: str, n: int, pages: int) -> dict[str, Any]:
        """Links for page n of a listing whose first page is at `base`."""
        def href(i: int) -> str:
            return base if i == 1 else f"{base}page-{i}/"
        return {"n": n, "pages": pages, "prev": href(n - 1) if n > 1 else "",
                "next": href(n + 1) if n < pages else "",
                "all": [(i, href(i)) if i else (None, "") for i in pager_window(n, pages)]}

    def browse_pages(self) -> Iterator[Page]:
        for folder, field, vocab_name, heading in BROWSE:
            vocab = self.schema.vocabularies[vocab_name]
            groups: dict[str, list[Mapping[str, Any]]] = {k: [] for k in vocab.keys}
            for r in self.resources:
                for k in r[field]:
                    groups.setdefault(k, []).append(r)
            index_src = f"{folder}/index.md"
            root = root_of(index_src)
            terms = [{"label": t.label, "definition": t.definition, "href": f"{root}{folder}/{t.key}/",
                      "count": len(groups[t.key])} for t in vocab.terms]
            yield Page(index_src, heading, f"Browse resources by {heading.lower()}.",
                       partial(self.render, "browse_index.html", heading=heading, terms=terms, root=root,
                                   search_param=field), in_nav=True, kind="browse")
            for t in vocab.terms:
                everything = sorted(groups[t.key], key=lambda r: (-int((self.date_of(r) or "0000").replace("-", "")),
                                                                  r["title"].lower()))
                items = everything[: self.browse_limit]
                pages = max(1, math.ceil(len(items) / self.page_size))
                for n in range(1, pages + 1):
                    src = f"{folder}/{t.key}.md" if n == 1 else f"{folder}/{t.key}/page-{n}.md"
                    proot = root_of(src)
                    chunk = items[(n - 1) * self.page_size: n * self.page_size]
                    base = f"{proot}{folder}/{t.key}/"
                    title = f"{t.label}" + (f" (page {n} of {pages})" if pages > 1 else "")
                    yield Page(src, title, t.definition, partial(
                        self._browse_html, heading, t, chunk, len(everything), n, pages, base, proot, folder, field),
                        kind=f"browse-{field}", key=t.key, about=t.label)

    def _browse_html(self, heading: str, term: Any, chunk: list[Mapping[str, Any]], total: int, n: int, pages: int,
                     base: str, root: str, folder: str, field: str) -> str:
        """One page of a browse listing; cards are made only when the page is written."""
        pager = self._pager(base, n, pages)
        return self.render("browse.html", heading=heading, term=term, items=[self.card(r, root) for r in chunk],
                           total=total, pager=pager, root=root, folder=folder, field=field,
                           first=(n - 1) * self.page_size + 1, limit=self.browse_limit)

    def nation_pages(self) -> Iterator[Page]:
        """Browse by each nation's stages: /browse/, /browse/<nation>/, /browse/<nation>/<stage>/ (no JavaScript)."""
        src = "browse/index.md"
        root = root_of(src)
        nations = [{"label": n.label, "href": f"{root}browse/{n.key}/", "framework": n.framework}
                   for n in self.stages.nations]
        yield Page(src, "Where do you teach?", "Browse resources by the stages of England, Scotland, Wales or "
                   "Northern Ireland.", partial(self.render, "nations.html", nations=nations, root=root), in_nav=True,
                   kind="browse")
        for n in self.stages.nations:
            groups: dict[str, list[Mapping[str, Any]]] = {s.key: [] for s in self.stages.of(n.key)}
            for r in self.resources:
                for s in self.stages.for_key_stages(r["key_stages"], n.key):
                    groups[s.key].append(r)
            folder = f"browse/{n.key}"
            index_src = f"{folder}/index.md"
            root = root_of(index_src)
            terms = [{"label": s.label, "definition": s.definition, "href": f"{root}{folder}/{s.slug}/",
                      "count": len(groups[s.key]), "years": ", ".join(s.years),
                      "from": ", ".join(k.label for k in self.stages.fitting(s)) if n.key != ENGLAND else ""}
                     for s in self.stages.of(n.key)]
            heading = f"{n.label}: {n.stage_title.lower()}s" if n.key != ENGLAND else f"{n.label}: key stages"
            yield Page(index_src, heading, f"Browse resources by the stages of the {n.framework}.",
                       partial(self.render, "nation.html", nation=n, heading=heading, terms=terms, root=root,
                               vocab_href=f"{root}vocab/stages/"), kind="browse", key=n.key, about=n.label)
            for s in self.stages.of(n.key):
                everything = sorted(groups[s.key], key=lambda r: (-int((self.date_of(r) or "0000").replace("-", "")),
                                                                  r["title"].lower()))
                items = everything[: self.browse_limit]
                pages = max(1, math.ceil(len(items) / self.page_size))
                for page in range(1, pages + 1):
                    psrc = f"{folder}/{s.slug}.md" if page == 1 else f"{folder}/{s.slug}/page-{page}.md"
                    proot = root_of(psrc)
                    chunk = items[(page - 1) * self.page_size: page * self.page_size]
                    title = f"{s.label}, {n.label}" + (f" (page {page} of {pages})" if pages > 1 else "")
                    search = f"{proot}search/?nation={n.key}&{n.param}={s.key}"
                    yield Page(psrc, title, s.definition, partial(
                        self._nation_stage_html, heading, s, n.key, chunk, len(everything), page, pages,
                        f"{proot}{folder}/{s.slug}/", proot, folder, search),
                        kind=f"browse-stage-{n.key}", key=s.key, about=s.label)

    def _nation_stage_html(self, heading: str, stage: Any, nation: str, chunk: list[Mapping[str, Any]], total: int,
                           n: int, pages: int, base: str, root: str, folder: str, search_href: str) -> str:
        return self.render("browse.html", heading=heading, term=stage,
                           items=[self.card(r, root, nation) for r in chunk], total=total,
                           pager=self._pager(base, n, pages), root=root, folder=folder, field="key_stages",
                           first=(n - 1) * self.page_size + 1, limit=self.browse_limit, search_href=search_href,
                           all_label=f"stages in {self.stages.nation(nation).label}")

    def vocabulary_pages(self) -> Iterator[Page]:
        """A page per vocabulary, each term at its own anchor: the URIs the JSON-LD gives its concepts."""
        for name, vocab in sorted(self.schema.vocabularies.items()):
            src = f"vocab/{name}.md"
            root = root_of(src)
            stages = {s.key: s for s in self.stages.stages if s.vocabulary == name}
            folder = next((f for f, _, v, _ in BROWSE if v == name), None)
            terms = []
            for t in vocab.terms:
                stage = stages.get(t.key)
                names = {"url": "Definition", "source": "Source", "educational_level": "Educational level (ISCED)"}
                links = [(u, f"{text}: {u}") for k, text in names.items() if (u := t.extra.get(k))]
                if t.extra.get("hcrt"):
                    links.append(("https://w3id.org/kim/hcrt/" + t.extra["hcrt"], "HCRT: " + t.extra["hcrt"]))
                terms.append({
                    "key": t.key, "label": t.label, "definition": t.definition,
                    "nation": self.stages.nation(stage.nation).label if stage else "",
                    "years": ", ".join(stage.years) if stage else "",
                    "ages": f"{stage.ages[0]} to {stage.ages[1]}" if stage else "",
                    "fits": ", ".join(k.label for k in self.stages.fitting(stage))
                    if stage and stage.nation != ENGLAND else "",
                    "href": f"{root}{folder}/{t.key}/" if folder else
                    (f"{root}browse/{stage.nation}/{stage.slug}/" if stage else ""),
                    "links": links,
                })
            yield Page(src, vocab.title, vocab.description,
                       partial(self.render, "vocabulary.html", vocab=vocab, terms=terms, root=root),
                       kind="vocabulary", key=name, about=vocab.title)

    def home_page(self) -> Page:
        src = "index.md"
        root = root_of(src)
        sections = []
        for folder, field, vocab_name, heading in BROWSE[:3]:
            vocab = self.schema.vocabularies[vocab_name]
            counts: dict[str, int] = defaultdict(int)
            for r in self.resources:
                for k in r[field]:
                    counts[k] += 1
            sections.append({"heading": heading, "href": f"{root}{folder}/",
                             "terms": [{"label": t.label, "href": f"{root}{folder}/{t.key}/", "count": counts[t.key]}
                                       for t in vocab.terms if counts[t.key]]})  # never a link to an empty list
        html = partial(self.render, "home.html", root=root, sections=sections, site_name=self.site_name,
                           newest=[self.card(r, root) for r in self.newest()],
                           organisations=len(self.orgs), resources=len(self.resources),
                           nations=[{"label": n.label, "href": f"{root}browse/{n.key}/"} for n in self.stages.nations])
        return Page(src, "Home", "Free and open learning resources for teachers from arts and cultural organisations.",
                    html, in_nav=True, kind="home")

    def search_page(self) -> Page:
        src = "search.md"
        return Page(src, "Search", "Search every resource by keyword, key stage, subject, art form and more.",
                    partial(self.render, "search.html", root=root_of(src)), in_nav=True, kind="search",
                    head=self.render("search_head.html", root=root_of(src), versions=self.script_versions),
                    styles=(SEARCH_STYLESHEET,))
