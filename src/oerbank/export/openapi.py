"""The OpenAPI 3.1 description of the static JSON API (api/v1/openapi.json).

The vocabulary fields' allowed values come from the schema, so the description never lists them
by hand; everything else is what export/api.py writes.
"""

from __future__ import annotations

from typing import Any

from ..schema import load_schema


_ID = "^[a-z0-9]+(-[a-z0-9]+)*$"


def _text(description: str, nullable: bool = False) -> dict[str, Any]:
    return {"type": ["string", "null"] if nullable else "string", "description": description}


def _keys(vocabulary: str, description: str, many: bool = True) -> dict[str, Any]:
    keys: dict[str, Any] = {"type": "string", "enum": list(load_schema().vocabularies[vocabulary].keys)}
    return {"type": "array", "items": keys, "description": description} if many else {**keys,
                                                                                      "description": description}


_PAGE = "The bank's page, relative to the site's root (resolve it against the address of the site)."
_DATE = {"type": ["string", "null"], "format": "date", "description": "The date it is listed under: published, "
         "else the day it was added to the bank; null when neither is known."}


def _schemas() -> dict[str, Any]:
    listed: dict[str, Any] = {"id": _text("<organisation>/<slug>."), "title": _text("The resource's title."),
                              "summary": _text("One or two sentences about it."), "page": _text(_PAGE), "date": _DATE}
    item = {"type": "object", "required": ["id", "title", "summary", "page", "date"], "properties": listed}
    organisations = {"type": "array", "description": (
        "Organisations by name, as many as fit in a file of 32 KB; the rest are in the next file."), "items": {
        "type": "object", "required": ["id", "name", "resources"], "properties": {
            "id": {"type": "string", "pattern": _ID}, "name": _text("The organisation's name."),
            "resources": {"type": "integer", "minimum": 0}}}}
    next_file = _text("The file with the next organisations, relative to the site's root; null on the last.",
                      nullable=True)
    return {
        "Index": {"type": "object", "required": ["version", "name", "resources", "organisations_total",
                                                 "organisations", "next"], "properties": {
            "version": {"const": "v1"}, "name": _text("The bank's name."),
            "resources": {"type": "integer", "minimum": 0, "description": "How many resources the bank lists."},
            "openapi": _text("This description, relative to the site's root."),
            "organisations_total": {"type": "integer", "minimum": 0,
                                    "description": "How many organisations the bank lists, in all the index files."},
            "organisations": organisations, "next": next_file}},
        "IndexPage": {"type": "object", "required": ["version", "page", "organisations", "next"], "properties": {
            "version": {"const": "v1"}, "page": {"type": "integer", "minimum": 2},
            "organisations": organisations, "next": next_file}},
        "ResourceItem": item,
        "Organisation": {"type": "object", "required": ["id", "name", "summary", "website", "page", "badge",
                                                        "resources", "newest"], "properties": {
            "id": {"type": "string", "pattern": _ID}, "name": _text("The organisation's name."),
            "summary": _text("One sentence about it."), "website": _text("Its own website."),
            "page": _text(_PAGE), "badge": _text("Its badge (SVG), relative to the site's root."),
            "logo": _text("An https address of its logo.", nullable=True),
            "logo_alt": _text("What the logo shows.", nullable=True),
            "brand": {"type": ["object", "null"], "description": "Its brand colour and the text colour that reads "
                      "on it (WCAG AA); null when it gave none.", "properties": {
                          "colour": {"type": "string", "pattern": "^#[0-9a-f]{6}$"},
                          "text": {"type": "string", "pattern": "^#[0-9a-f]{6}$"}}},
            "bookings": {"type": ["object", "null"], "description": "How schools book.", "properties": {
                "kind": {"enum": ["email", "phone", "web"]}, "href": _text("A mailto:, tel: or https: link."),
                "text": _text("As the organisation wrote it.")}},
            "nations": _keys("nations", "The UK nations whose schools it works with."),
            "links": {"type": "array", "items": {"type": "string", "pattern": "^https://"},
                      "description": "Its other pages (social media)."},
            "resources": {"type": "integer", "minimum": 0, "description": "How many resources it lists."},
            "newest": {"type": "array", "maxItems": 20, "items": {"$ref": "#/components/schemas/ResourceItem"},
                       "description": "Its 20 newest resources, newest first."}}},
        "Resource": {"type": "object", "required": ["id", "organisation", "title", "summary", "url", "page",
                                                    "key_stages", "subjects", "resource_types", "cost", "licence"],
                     "properties": {
            **listed, "organisation": {"type": "string", "pattern": _ID},
            "url": _text("Where teachers find the resource."),
            "key_stages": _keys("key_stages", "Key stages."), "subjects": _keys("subjects", "Subjects."),
            "resource_types": _keys("resource_types", "Kinds of resource."),
            "cost": _keys("cost", "What a school pays.", many=False),
            "licence": _keys("licence", "The licence (SPDX id).", many=False)}},
    }


def _get(summary: str, schema: str, parameters: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"get": {"summary": summary, "parameters": parameters or [], "responses": {
        "200": {"description": "The JSON file.",
                "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}}},
        "404": {"description": "No such organisation or resource."}}}}


def _path_parameter(name: str, description: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "description": description,
            "schema": {"type": "string"}}


def openapi(site_name: str, site_url: str = "") -> dict[str, Any]:
    """The description, for the site at `site_url` (its root; the API is under api/v1/)."""
    return {
        "openapi": "3.1.0",
        "info": {"title": f"{site_name}: static JSON API", "version": "1.0.0",
                 "description": "Read-only JSON files written with every build of the site: the organisations and "
                 "resources the bank lists, for the embed on organisations' own websites and for anyone's use. "
                 "No keys, cookies or limits; files are compact and small enough to fetch on a phone. Addresses "
                 "in them (page, badge) are relative to the site's root. Descriptions stay on the pages.",
                 "license": {"name": "CC0 1.0 Universal (the catalogue's data; each resource has its own licence)",
                             "identifier": "CC0-1.0"}},
        "servers": [{"url": f"{site_url}api/v1" if site_url else "/api/v1"}],
        "paths": {
            "/index.json": _get("The bank and its first organisations.", "Index"),
            "/index-{page}.json": _get("More organisations (page 2 onwards), as `next` names them.", "IndexPage",
                                       [_path_parameter("page", "The page: 2, 3, ...")]),
            "/organisations/{id}.json": _get("One organisation, with its newest resources.", "Organisation",
                                             [_path_parameter("id", "The organisation's id.")]),
            "/resources/{organisation}/{slug}.json": _get(
                "One resource.", "Resource", [_path_parameter("organisation", "The organisation's id."),
                                              _path_parameter("slug", "The resource's file name without .md.")]),
        },
        "components": {"schemas": _schemas()},
    }
