"""Who may approve each part of a pull request, and whether someone has.

The rule, for each part of a pull request:

- An organisation's records (organisations/<id>.yml and resources/<id>/...) are approved when the
  author maintains that organisation or is a catalogue editor, or when one of its maintainers or
  an editor approves the pull request.
- A new organisation (no organisations/<id>.yml before the pull request) is approved only by a
  catalogue editor, as author or reviewer: the maintainers it lists are not trusted until it is in.
- Everything else (code, workflows, docs, editors.yml) needs an approving review by an editor; the
  author's own role does not count, so a second person sees every change to how the site is made.
  A catalogue with one editor sets `approvals: 0` in editors.yml, and then an editor's own change
  is approved by its author.

An approval is an approving pull-request review, or a comment whose first line is `/approve`
(anyone can write one, without write access to the repository). A comment counts only if it was
written after the newest push, which the workflow gives as `since`.

Maintainers and editors are read from the pull request's base, never from its changes, so a pull
request can't make its author an owner. Each reviewer's latest approving, change-requesting or
dismissed review counts (comments don't change it); when the head commit is known, an approval of
an earlier commit no longer counts.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from typing import Any, Callable, Iterable

import yaml

from ..load import SLUG
from ..schema import load_schema
from .inert import inert

EDITORS_FILE = "editors.yml"
OTHER = ""  # the part of a pull request outside organisation records
_DECISIVE = {"APPROVED", "CHANGES_REQUESTED", "DISMISSED"}


def username_pattern() -> re.Pattern[str]:
    pattern = load_schema().organisations.field("maintainers").item_pattern  # type: ignore[union-attr]
    return re.compile(pattern or r"^[A-Za-z0-9][A-Za-z0-9-]{0,38}$")


def usernames(value: Any) -> tuple[str, ...]:
    """The valid GitHub usernames in a YAML list; anything else is ignored."""
    ok = username_pattern()
    items = value if isinstance(value, list) else []
    return tuple(v for v in items if isinstance(v, str) and ok.match(v))


def _yaml_key(text: str | None, key: str) -> tuple[str, ...]:
    if not text:
        return ()
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return ()
    return usernames(data.get(key)) if isinstance(data, dict) else ()


def maintainers_in(text: str | None) -> tuple[str, ...]:
    """The maintainers an organisation file lists (none if it can't be read)."""
    return _yaml_key(text, "maintainers")


def editors_in(text: str | None) -> tuple[str, ...]:
    """The catalogue editors editors.yml lists."""
    return _yaml_key(text, "editors")


DEFAULT_APPROVALS = 1


def approvals_needed(text: str | None) -> int:
    """How many editors other than the author approve changes outside the organisations' records.

    `approvals:` in editors.yml; 1 when it is missing or not a whole number from 0 to 10, so a
    mistake never lowers the bar.
    """
    try:
        data = yaml.safe_load(text) if text else None
    except yaml.YAMLError:
        return DEFAULT_APPROVALS
    value = data.get("approvals", DEFAULT_APPROVALS) if isinstance(data, dict) else DEFAULT_APPROVALS
    return value if type(value) is int and 0 <= value <= 10 else DEFAULT_APPROVALS


def area_of(path: str) -> str:
    """The organisation a catalogue path belongs to, or OTHER."""
    parts = path.split("/")
    if len(parts) == 2 and parts[0] == "organisations" and parts[1].endswith((".yml", ".yaml")):
        stem = parts[1].rsplit(".", 1)[0]
        return stem if SLUG.match(stem) else OTHER
    if len(parts) >= 3 and parts[0] == "resources" and SLUG.match(parts[1]):
        return parts[1]
    return OTHER


def load_reviews(text: str) -> list[dict[str, Any]]:
    """Reviews from the REST API: one JSON list, or several in a row (as `gh api --paginate` prints)."""
    decoder, reviews, pos = json.JSONDecoder(), [], 0
    text = text.strip()
    while pos < len(text):
        value, pos = decoder.raw_decode(text, pos)
        reviews.extend(value if isinstance(value, list) else [value])
        while pos < len(text) and text[pos].isspace():
            pos += 1
    return [r for r in reviews if isinstance(r, dict)]


APPROVE_COMMAND = re.compile(r"^\s*/approve\s*$", re.IGNORECASE)


def _time(value: Any) -> datetime | None:
    """A time as the API writes it (2026-12-07T08:00:00Z); one without a zone is taken as UTC."""
    try:
        when = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def comment_reviews(comments: list[dict[str, Any]], since: str | None,
                    head_sha: str | None = None) -> tuple[list[dict[str, Any]], list[str]]:
    """`/approve` comments as approving reviews of the head commit, and who wrote one too early.

    A comment counts when its first line is `/approve` and it was written after `since` (the
    newest push); with no `since` every such comment counts (for trying the rule locally).
    """
    after = _time(since) if since else None
    counted, early = [], []
    for c in comments:
        login = str((c.get("user") or {}).get("login") or "")
        body = str(c.get("body") or "")
        if not login or not APPROVE_COMMAND.match(body.split("\n", 1)[0]):
            continue
        written = _time(c.get("created_at"))
        if since and (after is None or written is None or written <= after):
            early.append(login)
            continue
        counted.append({"user": {"login": login}, "state": "APPROVED", "commit_id": head_sha,
                        "submitted_at": c.get("created_at")})
    return counted, early


def approvals(reviews: list[dict[str, Any]], head_sha: str | None = None) -> tuple[set[str], set[str]]:
    """(people whose approval stands, people whose approval was of an earlier commit)."""
    latest: dict[str, tuple[str, str, str | None]] = {}
    for r in sorted(reviews, key=lambda r: _time(r.get("submitted_at")) or datetime.min.replace(tzinfo=timezone.utc)):
        login = str((r.get("user") or {}).get("login") or "")
        state = str(r.get("state") or "").upper()
        if login and state in _DECISIVE:
            latest[login.lower()] = (login, state, r.get("commit_id"))
    current: set[str] = set()
    stale: set[str] = set()
    for login, state, commit in latest.values():
        if state == "APPROVED":
            (stale if head_sha and commit and commit != head_sha else current).add(login)
    return current, stale


@dataclass(frozen=True)
class Verdict:
    """The approval one part of a pull request has, or who could give it."""

    area: str  # organisation id, or OTHER
    files: tuple[str, ...]
    new: bool = False  # a new organisation
    approved_by: str = ""  # who approved it ("" if nobody yet)
    how: str = ""  # "maintains it", "is a catalogue editor"
    by_author: bool = False
    maintainers: tuple[str, ...] = ()  # who maintains it (before the pull request)
    editors: tuple[str, ...] = ()
    listed: tuple[str, ...] = ()  # for a new organisation: the maintainers it lists
    needed: int = DEFAULT_APPROVALS  # for OTHER: editors other than the author who must approve
    so_far: tuple[str, ...] = ()  # for OTHER: editors who approved, when more are needed

    @property
    def approved(self) -> bool:
        return bool(self.approved_by)


def _in(login: str, people: Iterable[str]) -> bool:
    return login.lower() in {p.lower() for p in people}


def decide(paths: list[str], author: str, approvers: set[str], editors: tuple[str, ...],
           maintainers_at_base: Callable[[str], tuple[str, ...] | None],
           listed_in_change: Callable[[str], tuple[str, ...]] = lambda org: (),
           needed: int = DEFAULT_APPROVALS) -> list[Verdict]:
    """One verdict per organisation touched, then one for all other files.

    `maintainers_at_base(org)` gives an organisation's maintainers before the pull request, or
    None if the organisation is new; `listed_in_change(org)` the maintainers a new one lists;
    `needed` is editors.yml's `approvals`.
    """
    parts: dict[str, list[str]] = {}
    for path in paths:
        parts.setdefault(area_of(path), []).append(path)
    verdicts = []
    for area in sorted(parts, key=lambda a: (a == OTHER, a)):
        files = tuple(sorted(parts[area]))
        if area == OTHER:
            verdicts.append(_other(files, author, approvers, editors, needed))
            continue
        base = maintainers_at_base(area)
        new = base is None
        owners = base if base is not None else ()
        verdict = Verdict(area, files, new=new, maintainers=owners, editors=editors,
                          listed=listed_in_change(area) if new else ())
        if _in(author, owners):
            verdict = _approved(verdict, author, "maintains it", by_author=True)
        elif _in(author, editors):
            verdict = _approved(verdict, author, "is a catalogue editor", by_author=True)
        else:
            for person in sorted(approvers):
                if _in(person, owners) or _in(person, editors):
                    why = "maintains it" if _in(person, owners) else "is a catalogue editor"
                    verdict = _approved(verdict, person, why)
                    break
        verdicts.append(verdict)
    return verdicts


def _other(files: tuple[str, ...], author: str, approvers: set[str], editors: tuple[str, ...],
           needed: int) -> Verdict:
    verdict = Verdict(OTHER, files, editors=editors, needed=needed)
    if needed == 0 and _in(author, editors):
        return _approved(verdict, author, "is a catalogue editor, and editors.yml asks for no second editor",
                         by_author=True)
    editors_approving = sorted({p.lower(): p for p in approvers
                                if _in(p, editors) and p.lower() != author.lower()}.values())
    if len(editors_approving) >= max(needed, 1):
        who = ", @".join(editors_approving)
        return _approved(verdict, who, "is a catalogue editor" if len(editors_approving) == 1
                         else "are catalogue editors")
    return replace(verdict, so_far=tuple(editors_approving))


def _approved(v: Verdict, who: str, how: str, by_author: bool = False) -> Verdict:
    return replace(v, approved_by=who, how=how, by_author=by_author)


def _people(names: tuple[str, ...]) -> str:
    return ", ".join(f"@{n}" for n in names) if names else "nobody is listed"


def _files(files: tuple[str, ...], limit: int = 5) -> str:
    # A line break in a file name would start a new line in the log, where GitHub reads "::error::" as a command.
    shown = ", ".join(re.sub(r"[\x00-\x1f\x7f\x85\u2028\u2029]", "?", f) for f in files[:limit])
    return shown + (f" and {len(files) - limit} more" if len(files) > limit else "")


def explain(v: Verdict) -> str:
    """One plain-English line: what this part is, and its approval or who can give it."""
    if v.area == OTHER:
        what = f"Files outside organisations/ and resources/ ({_files(v.files)})"
    elif v.new:
        what = f"{v.area} (a new organisation)"
    else:
        what = v.area
    if v.approved:
        role = f"the author, @{v.approved_by}," if v.by_author else f"@{v.approved_by}"
        return f"{what}: approved; {role} {v.how}."
    editors = f"a catalogue editor ({_people(v.editors)})"
    if v.area == OTHER:
        if v.needed > 1:
            so_far = f" So far: {_people(v.so_far)}." if v.so_far else ""
            return (f"{what}: needs approving reviews from {v.needed} catalogue editors ({_people(v.editors)}) "
                    f"other than the author.{so_far}")
        return (f"{what}: needs an approving review from {editors} other than the author; "
                "changes to code, workflows and settings are always seen by a second person.")
    if v.new:
        listed = (f" The maintainers it lists ({_people(v.listed)}) can approve its changes once it is in "
                  "the catalogue, but not its first pull request.") if v.listed else ""
        return f"{what}: needs an approving review from {editors}.{listed}"
    return (f"{what}: needs an approving review from one of its maintainers ({_people(v.maintainers)}) "
            f"or {editors}.")


@dataclass
class OwnershipReport:
    verdicts: list[Verdict]
    stale: set[str] = field(default_factory=set)  # people whose approval was of an earlier commit
    early: set[str] = field(default_factory=set)  # people whose /approve comment came before the newest push

    @property
    def ok(self) -> bool:
        return all(v.approved for v in self.verdicts)

    def summary(self) -> str:
        if not self.verdicts:
            return "Ownership check passed: no files changed."
        if self.ok:
            return "Ownership check passed: every part of this pull request is approved."
        missing, parts = sum(not v.approved for v in self.verdicts), len(self.verdicts)
        return (f"Ownership check failed: {missing} of {parts} part{'s' * (parts != 1)} of this pull request "
                f"still need{'s' * (missing == 1)} approval.")

    def notes(self) -> list[str]:
        notes = [f"@{who} approved an earlier commit; an approval counts only for the latest one, "
                 "so it needs approving again." for who in sorted(self.stale)]
        return notes + [f"@{who} wrote /approve before the newest commits were pushed; it counts only for "
                        "what was there then, so write /approve again." for who in sorted(self.early)]


def format_text(report: OwnershipReport) -> str:
    lines = [("ok  " if v.approved else "NO  ") + explain(v) for v in report.verdicts]
    lines += ["    " + note for note in report.notes()]
    return "\n".join([*lines, "", report.summary()])


def format_markdown(report: OwnershipReport) -> str:
    lines = [("✅ " if v.approved else "❌ ") + inert(explain(v)) for v in report.verdicts]
    lines += ["ℹ️ " + inert(note) for note in report.notes()]
    return "\n".join(["### Ownership check", "", report.summary(), "", *[f"- {line}" for line in lines]]) + "\n"

