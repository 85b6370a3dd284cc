"""The static JSON API (version 1) the embed reads, and each organisation's badge.

    api/v1/index.json                          the bank and its first organisations (up to 32 KB)
    api/v1/index-<n>.json                      the next ones, and so on (each file names the next)
    api/v1/organisations/<id>.json             one organisation and its newest resources
    api/v1/resources/<organisation>/<slug>.json  one resource (no description: its page has that)
    api/v1/openapi.json                        the OpenAPI 3.1 description of the three
    organisations/<id>/badge.svg               "42 resources in the ..." for its website

Files are compact JSON (no spaces), each well under `MAX_FILE_BYTES` so a phone fetches one
quickly; addresses in them are relative to the site's root, so a copy of the site works
wherever it is served. A change that breaks a reader gets a new version folder, not an edit here.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Mapping, Sequence

from ..identity import HEX, booking, text_on
from ..parallel import map_chunks, unwrap
from ..render.site import SiteModel, url_of, page_source
from .badge import badge_svg
from .openapi import openapi

VERSION = "v1"
NEWEST = 20  # resources an organisation's file lists, newest first: the embed shows up to this many
MAX_FILE_BYTES = 32_000  # a promise the tests keep on the sample and the real lessons
BADGE_COLOUR = "#1f5f8b"


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def brand(org: Mapping[str, Any]) -> dict[str, str] | None:
    """The organisation's colour and the text colour that reads on it, when it has a readable colour."""
    colour = org.get("colour")
    if not colour or not HEX.match(colour) or not text_on(colour).passes:
        return None
    return {"colour": colour.lower(), "text": text_on(colour).text}


def resource_page(r: Mapping[str, Any]) -> str:
    return url_of(page_source("resources", r["id"]))


def newest_of(model: SiteModel, org_id: str, limit: int = NEWEST) -> list[Mapping[str, Any]]:
    """An organisation's newest resources (by the date they are listed under, then id)."""
    return sorted(model.by_org.get(org_id, []), key=lambda r: (model.date_of(r), r["id"]), reverse=True)[:limit]


def resource_entry(model: SiteModel, r: Mapping[str, Any]) -> dict[str, Any]:
    """One resource as the API gives it: what a widget or a list elsewhere needs, no description."""
    entry = {"id": r["id"], "organisation": r["organisation"], "title": r["title"], "summary": r["summary"],
             "url": r["url"], "page": resource_page(r), "date": model.date_of(r) or None,
             "key_stages": list(r["key_stages"]), "subjects": list(r["subjects"]),
             "resource_types": list(r["resource_types"]), "cost": r["cost"], "licence": r["licence"]}
    return entry


def organisation_entry(model: SiteModel, org: Mapping[str, Any]) -> dict[str, Any]:
    found = booking(org["bookings"]) if org.get("bookings") else None
    return {
        "id": org["id"], "name": org["name"], "summary": org["summary"], "website": org["url"],
        "page": url_of(page_source("organisations", org["id"])), "badge": f"organisations/{org['id']}/badge.svg",
        "logo": org.get("logo"), "logo_alt": org.get("logo_alt"), "brand": brand(org),
        "bookings": {"kind": found.kind, "href": found.href, "text": found.text} if found else None,
        "nations": list(org.get("nations") or []), "links": list(org.get("links") or []),
        "resources": len(model.by_org.get(org["id"], [])),
        "newest": [{"id": r["id"], "title": r["title"], "summary": r["summary"], "page": resource_page(r),
                    "date": model.date_of(r) or None} for r in newest_of(model, org["id"])],
    }


def index_path(n: int) -> str:
    """Where page n of the organisations list is, relative to the site's root: index.json, index-2.json, ..."""
    return f"api/{VERSION}/index.json" if n == 1 else f"api/{VERSION}/index-{n}.json"


def index_entries(model: SiteModel, max_bytes: int = MAX_FILE_BYTES) -> list[dict[str, Any]]:
    """index.json (the bank, its counts and its first organisations), then index-2.json, ... with the rest.

    Organisations go in name order, as many to a file as keep it under `max_bytes` (UTF-8), and each
    file names the next (`next`, null on the last): a reader follows them in turn, and no file grows
    past what a phone fetches quickly however many organisations join.
    """
    orgs = sorted(model.orgs.values(), key=lambda o: o["name"].lower())
    items = [{"id": o["id"], "name": o["name"], "resources": len(model.by_org.get(o["id"], []))} for o in orgs]
    room = max_bytes - 400  # the file's own fields, the bank's name and the next file's address
    chunks: list[list[dict[str, Any]]] = [[]]
    used = 0
    for item in items:
        size = len(_dumps(item).encode("utf-8")) + 1
        if chunks[-1] and used + size > room:
            chunks.append([])
            used = 0
        chunks[-1].append(item)
        used += size
    files = []
    for n, chunk in enumerate(chunks, start=1):
        head: dict[str, Any] = ({"version": VERSION, "name": model.site_name, "resources": len(model.resources),
                                 "openapi": f"api/{VERSION}/openapi.json", "organisations_total": len(orgs)}
                                if n == 1 else {"version": VERSION, "page": n})
        files.append({**head, "organisations": chunk, "next": index_path(n + 1) if n < len(chunks) else None})
    return files


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _write_resources(shared: tuple[SiteModel, Path], resources: Sequence[Mapping[str, Any]]) -> None:
    model, folder = shared
    for r in resources:  # folders made beforehand: a check per file cost a sixth of the time
        with open(folder / f"{r['id']}.json", "w", encoding="utf-8") as fh:
            fh.write(_dumps(resource_entry(model, r)))


def write_api(model: SiteModel, site_dir: Path, jobs: int | None = None) -> None:
    """Write every file of the API and every organisation's badge into the site."""
    api = site_dir / "api" / VERSION
    for n, entry in enumerate(index_entries(model), start=1):
        _write(site_dir / index_path(n), _dumps(entry))
    _write(api / "openapi.json", _dumps(openapi(model.site_name, model.site_url)))
    for org in model.orgs.values():
        _write(api / "organisations" / f"{org['id']}.json", _dumps(organisation_entry(model, org)))
        colour = brand(org)
        white_on_it = colour is not None and colour["text"] == "#ffffff"
        _write(site_dir / "organisations" / org["id"] / "badge.svg",
               badge_svg(len(model.by_org.get(org["id"], [])), model.site_name,
                         colour["colour"] if colour and white_on_it else BADGE_COLOUR))
    for org_id in model.by_org:
        (api / "resources" / org_id).mkdir(parents=True, exist_ok=True)
    unwrap(map_chunks(_write_resources, model.resources, (model, api / "resources"), jobs=jobs,
                      name=lambda r: r["path"]))
