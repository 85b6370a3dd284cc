"""One meaning for a web address, so that duplicates are found by what they lead to, not by spelling.

Validation, the spreadsheet import and the web form all compare links through `url_key`.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit

_DEFAULT_PORTS = {"http": 80, "https": 443}
# Parameters that only say where a visitor came from; they never change the page.
_TRACKING = re.compile(r"^(utm_[a-z0-9_]+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_ga)$", re.I)


def url_key(url: str) -> str:
    """The address reduced to what identifies the page.

    http and https, capitals in the host, a default port, a final slash, a fragment and tracking
    parameters (utm_*, fbclid, gclid, ...) are ignored; the remaining query is sorted.
    Addresses that cannot be parsed are compared as written, stripped.
    """
    text = url.strip()
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        return text
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return text
    host = parts.hostname.lower().rstrip(".")
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        host = f"{host}:{port}"
    path = quote(unquote(parts.path), safe="/:@!$&'()*+,;=-._~%")
    path = path.rstrip("/")
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                   if not _TRACKING.match(k))
    return f"//{host}{path}" + (f"?{urlencode(query)}" if query else "")
