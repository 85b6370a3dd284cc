"""The curriculum's pages: each statement's resources, and per nation, how many resources each statement has.

A statement's page lives at curriculum/<prefix>/<name>/ (its id with the colon made a slash), a
nation's coverage at curriculum/<nation>/; both are plain tables and lists, no script.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterator, Mapping
from functools import partial
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from ..curriculum import NATIONS, Curriculum, Statement, load_curriculum

if TYPE_CHECKING:
    from .site import Page, SiteModel

FOLDER = "curriculum"


def statement_href(root: str, s: Statement) -> str:
    return f"{root}{FOLDER}/{s.slug}/"


def by_statement(resources: list[Mapping[str, Any]]) -> dict[str, list[Mapping[str, Any]]]:
    groups: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for r in resources:
        for key in r.get("curriculum") or []:
            groups[key].append(r)
    return groups


def resource_links(r: Mapping[str, Any], root: str) -> list[dict[str, Any]]:
    """The resource's curriculum links grouped by nation (England first), for its page."""
    curriculum = load_curriculum()
    groups: dict[str, list[dict[str, Any]]] = {}
    for key in r.get("curriculum") or []:
        s = curriculum.statement(key)
        if s is None:
            continue
        groups.setdefault(s.nation, []).append(_row(curriculum, s, root))
    return [{"nation": NATIONS[n], "items": groups[n]} for n in NATIONS if n in groups]


def _row(curriculum: Curriculum, s: Statement, root: str, count: int | None = None) -> dict[str, Any]:
    fw = curriculum.framework(s.framework)
    return {"id": s.id, "wording": s.wording, "code": s.code or "", "uri": s.uri, "href": statement_href(root, s),
            "framework": fw.title, "stages": ", ".join(curriculum.stage_labels(s)), "count": count}


def pages(model: SiteModel, page: type[Page]) -> Iterator[Page]:
    """The curriculum index, one coverage page per nation, and every statement's page(s)."""
    from .site import root_of

    curriculum = load_curriculum()
    groups = by_statement(model.resources)
    index_src = f"{FOLDER}/index.md"
    root = root_of(index_src)
    nations = [{"label": label, "href": f"{root}{FOLDER}/{n}/",
                "frameworks": [f.title for f in curriculum.for_nation(n)],
                "linked": sum(1 for f in curriculum.for_nation(n) for s in f.statements if groups.get(s.id)),
                "statements": sum(len(f.statements) for f in curriculum.for_nation(n))} for n, label in NATIONS.items()]
    yield page(index_src, "Curriculum", "Find resources by what you must teach, in each of the four nations.",
               partial(model.render, "curriculum_index.html", nations=nations, root=root), in_nav=True,
               kind="browse")
    for nation, label in NATIONS.items():
        src = f"{FOLDER}/{nation}.md"
        proot = root_of(src)
        frameworks = [{"title": f.title, "source": f.source, "source_url": f.source_url, "version": f.version,
                       "licence": f.licence, "licence_url": f.licence_url, "attribution": f.attribution,
                       "notes": f.notes, "id": f.id,
                       "rows": [_row(curriculum, s, proot, len(groups.get(s.id, []))) for s in f.statements]}
                      for f in curriculum.for_nation(nation)]
        yield page(src, f"Curriculum coverage: {label}",
                   f"Each statement of the curriculum in {label} with the number of resources that help to teach it.",
                   partial(model.render, "curriculum_coverage.html", nation=label, frameworks=frameworks, root=proot),
                   kind="curriculum-coverage", key=nation, about=label)
    for s in curriculum.statements:
        yield from _statement_pages(model, page, curriculum, s, groups.get(s.id, []))


def _statement_pages(model: SiteModel, page: type[Page], curriculum: Curriculum, s: Statement,
                     resources: list[Mapping[str, Any]]) -> Iterator[Page]:
    from .site import root_of

    everything = sorted(resources, key=lambda r: r["title"].lower())
    items = everything[: model.browse_limit]
    pages_count = max(1, math.ceil(len(items) / model.page_size))
    for n in range(1, pages_count + 1):
        src = f"{FOLDER}/{s.slug}.md" if n == 1 else f"{FOLDER}/{s.slug}/page-{n}.md"
        root = root_of(src)
        chunk = items[(n - 1) * model.page_size: n * model.page_size]
        title = s.wording if len(s.wording) <= 90 else s.wording[:87] + "..."
        yield page(src, title + (f" (page {n} of {pages_count})" if pages_count > 1 else ""),
                   f"Resources that help to teach: {s.wording}",
                   partial(_statement_html, model, curriculum, s, chunk, len(everything), n, pages_count, root),
                   kind="browse-curriculum", key=s.id, about=s.wording)


def _statement_html(model: SiteModel, curriculum: Curriculum, s: Statement, chunk: list[Mapping[str, Any]],
                    total: int, n: int, pages_count: int, root: str) -> str:
    row = _row(curriculum, s, root, total)
    return model.render("curriculum_statement.html", s=row, nation=NATIONS[s.nation],
                        nation_href=f"{root}{FOLDER}/{s.nation}/", items=[model.card(r, root) for r in chunk],
                        search_href=f"{root}search/?curriculum_{s.nation.replace('-', '_')}={quote(s.id, safe='')}",
                        total=total, pager=model._pager(statement_href(root, s), n, pages_count), root=root,
                        first=(n - 1) * model.page_size + 1)
