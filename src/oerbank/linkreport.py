"""What a link report may hold, in one place: the JSON Schema of `link-report.json`, and the one
reader that checks a report against it and against the catalogue.

`check-links` writes the report; the site build and `oerbank verify-link-report` (run by the
deploy on the report it downloads) read it through `read_report` only. A report comes from
outside the build (an artifact of another workflow run), so nothing in it is trusted: the file
must be a regular file of a plausible size, each entry must match the schema (whole-number
statuses, known error words, ISO dates, http(s) addresses, record ids) and name records that
exist. What doesn't is left out, with one plain sentence per problem; a bad report never stops a
build, it just marks fewer pages.

The schema is built from the code that writes the report (its error words, results and limits),
so the writer and the checks can't drift apart; `tests/test_linkreport.py` checks a real
report against it.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import os
import re
import stat
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

import fastjsonschema

from .linkcheck import ERROR_WORDS, REDIRECT, REPORT_KIND, RESULTS, Settings, summary_counts
from .load import MAX_ORG_ID, MAX_SLUG, SLUG
from .schema import load_schema

MIN_MAX_BYTES = 1024 * 1024  # a report of a small catalogue may be this large
BYTES_PER_LINK = 2048  # and this much more per link the catalogue can have (two per record)
DATE_TIME = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$"
WEB_ADDRESS = r"^[hH][tT][tT][pP][sS]?://[^\s\x00-\x1f\x7f]+$"


@lru_cache(maxsize=1)
def report_schema() -> dict[str, Any]:
    """The JSON Schema (draft 7) of link-report.json. Each property's description completes the
    sentence "... must be", so a problem can be told in words."""
    slug = SLUG.pattern.strip("^$")
    org_id = {"type": "string", "maxLength": MAX_ORG_ID, "pattern": f"^{slug}$"}
    resource_id = {"type": "string", "maxLength": MAX_ORG_ID + 1 + MAX_SLUG, "pattern": f"^{slug}/{slug}$"}
    url_field = load_schema().resources.field("url")
    url_length = (url_field.max_length if url_field else None) or 2000
    url = {"type": "string", "format": "uri", "pattern": WEB_ADDRESS, "maxLength": url_length}
    # Where a redirect leads is the web server's choice, so it may be longer.
    followed = {**url, "maxLength": 4 * url_length}
    date = {"type": "string", "format": "date-time", "pattern": DATE_TIME,
            "description": "a date and time like 2025-06-02T09:30:00Z"}
    count = {"type": "integer", "minimum": 0}
    ids = {"type": "array", "uniqueItems": True}
    link = {
        "type": "object", "additionalProperties": False,
        "description": "a link entry as check-links writes it",
        "required": ["url", "result", "status", "error", "final_url", "redirects", "redirect", "method",
                     "attempts", "checked", "resources", "organisations", "images", "logos"],
        "properties": {
            "url": {**url, "description": "a web address starting with http:// or https://"},
            "result": {"enum": list(RESULTS), "description": "one of " + ", ".join(RESULTS)},
            "status": {"type": ["integer", "null"], "minimum": 100, "maximum": 599,
                       "description": "a whole number from 100 to 599, or null"},
            "error": {"enum": [*ERROR_WORDS, None],
                      "description": "one of the error words the link checker writes, or null"},
            "final_url": {**followed, "description": "a web address starting with http:// or https://"},
            "redirects": {
                "type": "array", "maxItems": Settings.max_redirects + 1,
                "description": "a list of redirects, each with a url, a redirect status and permanent true or false",
                "items": {"type": "object", "additionalProperties": False,
                          "required": ["url", "status", "permanent"],
                          "properties": {"url": followed, "status": {"enum": sorted(REDIRECT)},
                                         "permanent": {"type": "boolean"}}}},
            "redirect": {"enum": ["permanent", "temporary", None], "description": "permanent, temporary or null"},
            "method": {"enum": ["HEAD", "GET", None], "description": "HEAD, GET or null"},
            "attempts": {"type": "integer", "minimum": 0, "maximum": 100,
                         "description": "a whole number from 0 to 100"},
            "checked": date,
            "resources": {**ids, "items": resource_id,
                          "description": "a list of resource ids like tideway-arts/river-songs"},
            "organisations": {**ids, "items": org_id, "description": "a list of organisation ids like tideway-arts"},
            "images": {**ids, "items": resource_id,
                       "description": "a list of resource ids like tideway-arts/river-songs"},
            "logos": {**ids, "items": org_id, "description": "a list of organisation ids like tideway-arts"},
        },
    }
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": "https://github.com/open-arts-resource-bank/oerbank/link-report.schema.json",
        "title": "Link report",
        "description": "What `oerbank check-links` writes to build/link-report.json.",
        "type": "object", "additionalProperties": False,
        "required": ["kind", "checked", "settings", "summary", "links"],
        "properties": {
            "kind": {"const": REPORT_KIND, "description": f'the text "{REPORT_KIND}"'},
            "checked": date,
            # Reports written before max_bytes, run_deadline and not_checked existed stay readable.
            "settings": {
                "type": "object", "additionalProperties": False,
                "description": "the settings check-links writes",
                "required": ["concurrency", "per_host", "timeout", "retries", "user_agent"],
                "properties": {"concurrency": {"type": "integer", "minimum": 1},
                               "per_host": {"type": "integer", "minimum": 1},
                               "timeout": {"type": "number", "exclusiveMinimum": 0},
                               "retries": count, "max_bytes": {"type": "integer", "minimum": 1},
                               "run_deadline": {"type": ["number", "null"], "exclusiveMinimum": 0},
                               "user_agent": {"type": "string", "maxLength": 300}}},
            "summary": {
                "type": "object", "additionalProperties": False,
                "description": "the counts check-links writes",
                "required": ["links", "ok", "redirected", "broken"],
                "properties": dict.fromkeys(("links", "ok", "redirected", "broken", "not_checked"), count)},
            "links": {"type": "array", "items": {"$ref": "#/definitions/link"},
                      "description": "a list of link entries"},
        },
        "definitions": {"link": link},
    }


def _is_date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True
    try:
        dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return re.match(DATE_TIME, value) is not None


def _is_web_address(value: object) -> bool:
    return not isinstance(value, str) or _safe_url(value)


@lru_cache(maxsize=64)  # an entry's url and final_url are usually the same string
def _safe_url(value: str) -> bool:
    from .safety import is_safe_url

    return is_safe_url(value)


FORMATS = {"date-time": _is_date_time, "uri": _is_web_address}


class _Check:
    """One object schema compiled (fastjsonschema: a report of 100,000 links is checked in
    seconds; a generic validator takes about a minute), with its problems told field by field."""

    def __init__(self, schema: dict[str, Any]) -> None:
        self.schema = schema
        self.whole = fastjsonschema.compile(schema, formats=FORMATS)
        self.fields = {name: fastjsonschema.compile(sub, formats=FORMATS)
                       for name, sub in schema["properties"].items()}

    def reasons(self, value: Any) -> list[str]:
        """Why `value` doesn't match, in the schema's words (never quoting the value); [] if it does."""
        try:
            self.whole(value)
            return []
        except fastjsonschema.JsonSchemaException:
            pass
        if not isinstance(value, dict):
            return [f"it must be {self.schema['description']}"]
        out = []
        missing = [k for k in self.schema["required"] if k not in value]
        if missing:
            out.append(f"it has no {', '.join(repr(k) for k in missing)}")
        if set(value) - set(self.schema["properties"]):
            out.append("it has fields that a link report never has")
        for name, check in self.fields.items():
            if name in value:
                try:
                    check(value[name])
                except fastjsonschema.JsonSchemaException:
                    out.append(f"its '{name}' must be {self.schema['properties'][name]['description']}")
        return out or [f"it must be {self.schema['description']}"]


@lru_cache(maxsize=1)
def _checks() -> tuple[_Check, _Check]:
    """(the report without its entries, one entry): each entry is checked on its own, so one bad
    entry costs only itself."""
    schema = report_schema()
    top = {k: v for k, v in schema.items() if k != "definitions"}
    top["properties"] = {**schema["properties"], "links": {"type": "array", "description": "a list of link entries"}}
    return _Check(top), _Check(schema["definitions"]["link"])


@dataclass
class KnownRecords:
    """The catalogue a report is checked against: which ids exist, and how large a report can be."""

    resources: set[str]
    organisations: set[str]

    @classmethod
    def of(cls, catalogue: Any) -> "KnownRecords":
        return cls({r.id for r in catalogue.resources}, {o.id for o in catalogue.organisations})

    @property
    def max_bytes(self) -> int:
        return MIN_MAX_BYTES + BYTES_PER_LINK * 2 * (len(self.resources) + len(self.organisations))


@dataclass
class Checked:
    """A report after checking: what may be used (None: nothing), and what was left out, why."""

    report: dict[str, Any] | None
    warnings: list[str] = field(default_factory=list)
    entries: int = 0  # link entries in the file


def _megabytes(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB"


def read_file(path: Path, limit: int) -> tuple[bytes | None, str | None]:
    """The file's bytes if it is a regular file (not a link) of at most `limit` bytes, else the
    reason in one sentence. A missing file is (None, None): there is just no report yet."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        return None, None
    except OSError as err:
        if os.path.islink(path):
            return None, f"{path} is a symbolic link, not a file, so it was not read and no page is marked."
        return None, f"{path} could not be read ({err.strerror or err}), so no page is marked."
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return None, f"{path} is not a regular file, so it was not read and no page is marked."
        if info.st_size > limit:
            return None, (f"{path} is {_megabytes(info.st_size)}, more than a link report of this catalogue can be "
                          f"({_megabytes(limit)}), so it was not read and no page is marked.")
        with os.fdopen(fd, "rb", closefd=False) as f:
            data = f.read(limit + 1)
        if len(data) > limit:
            return None, f"{path} grew while it was read, so it was not used and no page is marked."
        return data, None
    finally:
        os.close(fd)


def read_report(path: Path, known: KnownRecords, name: str | None = None) -> Checked:
    """The report at `path`, checked: see the module's docstring. Never raises for what is in the file."""
    data, problem = read_file(Path(path), known.max_bytes)
    if data is None:
        return Checked(None, [problem] if problem else [])
    name = name or str(path)
    try:
        # A number with a fraction stays a Decimal, so that 200.0 is not taken for the whole number 200.
        doc = json.loads(data.decode("utf-8"), parse_float=decimal.Decimal)
    except UnicodeDecodeError:
        return Checked(None, [f"{name} is not UTF-8 text, so it was not used and no page is marked."])
    except json.JSONDecodeError as err:
        return Checked(None, [f"{name} is not valid JSON (line {err.lineno}, column {err.colno}), so it was not "
                              "used and no page is marked."])
    except (ValueError, RecursionError):
        return Checked(None, [f"{name} is not JSON that can be read, so it was not used and no page is marked."])
    return check_report(doc, known, name)


def check_report(doc: Any, known: KnownRecords, name: str) -> Checked:
    """Keep the entries that match the schema and name records of the catalogue."""
    top, one = _checks()
    try:
        problems = top.reasons(doc)
        if problems:
            return Checked(None, [f"{name}: not used, and no page is marked, because {reason}."
                                  for reason in problems])
        warnings: list[str] = []
        kept: list[dict[str, Any]] = []
        for i, entry in enumerate(doc["links"], start=1):
            problems = one.reasons(entry)
            if problems:
                warnings.append(f"{name}, entry {i}: left out, because {'; '.join(problems)}.")
                continue
            entry, unknown = _known_only(entry, known)
            if unknown and not any(entry[k] for k in ("resources", "organisations", "images", "logos")):
                warnings.append(f"{name}, entry {i}: left out, because {_listing(unknown)} "
                                f"{'is' if len(unknown) == 1 else 'are'} not in the catalogue.")
                continue
            if unknown:
                warnings.append(f"{name}, entry {i}: {_listing(unknown)} left out of it, because "
                                f"{'it is' if len(unknown) == 1 else 'they are'} not in the catalogue.")
            kept.append(entry)
    except RecursionError:
        return Checked(None, [f"{name} is nested too deeply to be a link report, so it was not used and no "
                              "page is marked."])
    report = {"kind": REPORT_KIND, "checked": doc["checked"], "settings": doc["settings"],
              "summary": summary_counts(kept), "links": kept}
    return Checked(report, warnings, len(doc["links"]))


def _known_only(entry: dict[str, Any], known: KnownRecords) -> tuple[dict[str, Any], list[str]]:
    """The entry without ids the catalogue doesn't have, and those ids."""
    unknown: list[str] = []
    entry = dict(entry)
    for key, pool in (("resources", known.resources), ("images", known.resources),
                      ("organisations", known.organisations), ("logos", known.organisations)):
        unknown += [i for i in entry[key] if i not in pool and i not in unknown]
        entry[key] = [i for i in entry[key] if i in pool]
    return entry, unknown


def _listing(ids: Iterable[str]) -> str:
    # The ids matched the schema's id pattern: lowercase letters, digits, hyphens and one slash.
    ids = list(ids)
    words = [f"'{i}'" for i in ids[:5]] + ([f"{len(ids) - 5} more"] if len(ids) > 5 else [])
    return ("the record " if len(ids) == 1 else "the records ") + ", ".join(words)


def last_check(path: Path, catalogue: Any) -> tuple[dict[str, dict[str, Any]], set[str], list[str]]:
    """The last report, read once and checked, for the site build: ({resource id: {status,
    checked, final_url, ok}}, ids of the resources and organisations whose picture (image or
    logo) failed, warnings). Empty, without warnings, if there is no report.

    `status` is the HTTP status, or the error word (e.g. "timeout") when there was none.
    """
    checked = read_report(Path(path), KnownRecords.of(catalogue))
    if checked.report is None:
        return {}, set(), checked.warnings
    links = checked.report["links"]
    status: dict[str, dict[str, Any]] = {}
    for link in links:
        for rid in link["resources"]:
            status[rid] = {"status": link["status"] if link["status"] is not None else link["error"],
                           "checked": link["checked"], "final_url": link["final_url"],
                           "ok": link["result"] != "broken"}
    broken = {i for link in links if link["result"] == "broken" for i in [*link["images"], *link["logos"]]}
    return status, broken, checked.warnings
