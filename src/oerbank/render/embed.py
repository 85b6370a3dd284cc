"""The "Embed" section of an organisation's page: the snippet for its own website, a live preview, its badge.

The snippet is rendered once with the bank's address (to copy) and once with the page's own
relative root (the preview, which the page's script turns into the live embed).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Mapping

from ..export.api import newest_of, resource_page
from ..export.badge import HEIGHT, badge_width, badge_words
from .site import page_source, url_of

if TYPE_CHECKING:
    from .site import SiteModel

LIMIT = 5  # resources the snippet lists


def embed_context(model: SiteModel, org: Mapping[str, Any], root: str) -> dict[str, Any]:
    """What the organisation page's Embed section shows."""
    count = len(model.by_org.get(org["id"], []))
    newest = [{"title": r["title"], "page": resource_page(r)} for r in newest_of(model, org["id"], LIMIT)]
    org_page = url_of(page_source("organisations", org["id"]))
    base = model.site_url or "/"

    def snippet(at: str, script: bool) -> str:
        return model.render("embed_snippet.html", org=org, base=at, newest=newest, count=count, limit=LIMIT,
                            org_page=org_page, site_name=model.site_name, script=script).strip()

    left, right = badge_words(count, model.site_name)
    badge = f"organisations/{org['id']}/badge.svg"
    badge_img = model.render("embed_badge.html", href=f"{base}{org_page}", src=f"{base}{badge}",
                             alt=f"{left} {right}", width=badge_width(count, model.site_name), height=HEIGHT).strip()
    return {"snippet": snippet(base, True), "preview": snippet(root, False), "script": f"{root}assets/oerbank/embed.js",
            "badge_snippet": badge_img, "badge_src": f"{root}{badge}", "badge_alt": f"{left} {right}",
            "badge_width": badge_width(count, model.site_name), "badge_height": HEIGHT,
            "api": f"{root}api/v1/organisations/{org['id']}.json", "openapi": f"{root}api/v1/openapi.json"}
