"""Turn a fork of this repository into a new catalogue: its name, web address, repository and editors.

`oerbank init` works out every change first (`plan`), so bad answers or a refusal change nothing,
then writes each file atomically (`apply`). The old instance's name, address and repository are
read from mkdocs.yml, never written here, so a fork of a fork is set up the same way.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from .atomic import write_text
from .github.codeowners import CODEOWNERS_PATH, codeowners_text
from .github.issueform import FORM_PATH, form_text
from .github.owners import EDITORS_FILE, username_pattern

CONFIG = "mkdocs.yml"
MARKER = "# This catalogue was set up with `oerbank init`."
REPO = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}$")
MAX_NAME = 100
# Text files that may name the instance, besides mkdocs.yml and editors.yml (globs from the root).
NAMED_IN = ("README.md", "CONTRIBUTING.md", "docs/**/*.md", "theme/**/*.html", ".github/*.md",
            ".github/ISSUE_TEMPLATE/*.yml", ".github/workflows/*.yml")
SAMPLE_FOLDERS = ("organisations", "resources")

ORGANISATIONS_README = """\
# Organisations

One file per organisation: `organisations/<your-org-id>.yml`. The catalogue is empty until the
first one is added. CONTRIBUTING.md ("Add your organisation") shows the fields, or run

    oerbank new organisation --id your-org-id

then list its maintainers, run `oerbank codeowners --force`, and open a pull request.
"""

RESOURCES_README = """\
# Resources

One folder per organisation, named like its file in `organisations/`, with one `<short-name>.md`
file per resource. CONTRIBUTING.md ("Add a resource") shows the fields, or run

    oerbank new resource --org your-org-id
"""

EMPTY_CATALOGUE = """\
The catalogue is empty: add the first organisation as `organisations/README.md` and
[CONTRIBUTING.md](CONTRIBUTING.md) explain, then its resources in `resources/<org-id>/`.
"""


class InitError(Exception):
    """`oerbank init` refused to run; the message is plain sentences for the person running it."""


@dataclass(frozen=True)
class Instance:
    """What makes one catalogue itself."""

    name: str
    site_url: str
    repo: str  # owner/name on GitHub
    editors: tuple[str, ...] = ()

    @property
    def repo_url(self) -> str:
        return f"https://github.com/{self.repo}"

    @property
    def local_address(self) -> str:
        """Where `make serve` shows the site: the path of site_url on 127.0.0.1:8000."""
        return "http://127.0.0.1:8000" + (urlsplit(self.site_url).path or "/")


@dataclass
class Plan:
    """Every change init makes: files with their new text, folders and files to remove."""

    writes: dict[str, str] = field(default_factory=dict)
    removals: list[str] = field(default_factory=list)


def pages_address(repo: str) -> str:
    """The GitHub Pages address of a repository, the usual site address."""
    owner, name = repo.split("/", 1)
    host = f"{owner.lower()}.github.io"
    return f"https://{host}/" if name.lower() == host else f"https://{host}/{name}/"


def repo_from(text: str) -> str:
    """owner/name from 'owner/name' or a GitHub address."""
    text = text.strip()
    for prefix in ("https://github.com/", "http://github.com/", "github.com/", "git@github.com:"):
        if text.lower().startswith(prefix):
            text = text[len(prefix):]
    return text.removesuffix("/").removesuffix(".git")


def editors_from(values: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """Usernames from options or an answer, separated by commas or spaces, without @ and repeats."""
    seen: dict[str, str] = {}
    for value in values:
        for name in re.split(r"[,\s]+", value):
            name = name.strip().lstrip("@")
            if name and name.lower() not in seen:
                seen[name.lower()] = name
    return tuple(seen.values())


def check_instance(new: Instance) -> list[str]:
    """What is wrong with the answers, one sentence each (nothing when they can be used)."""
    wrong = []
    if not new.name.strip():
        wrong.append("The catalogue needs a name (--name), e.g. \"North East Arts Learning\".")
    elif len(new.name) > MAX_NAME or not new.name.isprintable():
        wrong.append(f"The name must be one line of at most {MAX_NAME} characters.")
    parts = urlsplit(new.site_url)
    if parts.scheme != "https" or not parts.hostname or parts.query or parts.fragment:
        wrong.append(f"The site address '{new.site_url}' must be a full https:// address, e.g. "
                     "https://your-org.github.io/your-repository/.")
    if not REPO.match(new.repo):
        wrong.append(f"The repository '{new.repo}' must be written owner/name, e.g. your-org/arts-catalogue.")
    if not new.editors:
        wrong.append("The catalogue needs at least one editor: a GitHub username (--editor).")
    ok = username_pattern()
    bad = [e for e in new.editors if not ok.match(e)]
    if bad:
        wrong.append(f"'{bad[0]}' is not a GitHub username (letters, digits and single hyphens, at most 39).")
    return wrong


def _top_level(text: str, key: str) -> str:
    """A top-level value of mkdocs.yml, read from its line (the file may use MkDocs-only YAML tags)."""
    match = re.search(rf"^{key}:[ \t]*(.*?)[ \t]*$", text, re.M)
    if not match or not match.group(1):
        return ""
    try:
        value = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        return match.group(1)
    return value if isinstance(value, str) else ""


def current_instance(root: Path) -> Instance:
    """The instance mkdocs.yml describes now (empty values for what it doesn't say)."""
    text = (root / CONFIG).read_text(encoding="utf-8")
    repo_url = _top_level(text, "repo_url")
    repo = _top_level(text, "repo_name") or (repo_from(repo_url) if "github.com" in repo_url else "")
    return Instance(_top_level(text, "site_name"), _top_level(text, "site_url"), repo)


def _yaml_string(value: str) -> str:
    """A YAML scalar for one line of text: plain when that reads back the same, else double-quoted."""
    try:
        if yaml.safe_load(f"key: {value}") == {"key": value}:
            return value
    except yaml.YAMLError:
        pass
    return json.dumps(value, ensure_ascii=False)


def _set_top_level(text: str, key: str, value: str) -> str:
    line = f"{key}: {_yaml_string(value)}"
    pattern = re.compile(rf"^{key}:.*$", re.M)
    if pattern.search(text):
        return pattern.sub(lambda _: line, text, count=1)
    anchor = re.search(r"^site_name:.*$", text, re.M)
    if anchor:
        return text[:anchor.end()] + "\n" + line + text[anchor.end():]
    return line + "\n" + text


def _replacements(old: Instance, new: Instance) -> list[tuple[str, str]]:
    """Old instance strings and what replaces them, longest first, so a URL goes before its parts."""
    pairs: list[tuple[str, str]] = []
    if old.site_url:
        pairs.append((old.site_url, new.site_url))
        if old.site_url.endswith("/"):
            pairs.append((old.site_url.rstrip("/"), new.site_url.rstrip("/")))
        if old.local_address != new.local_address and urlsplit(old.site_url).path not in ("", "/"):
            pairs.append((old.local_address, new.local_address))
    if old.repo:
        pairs += [(old.repo_url, new.repo_url), (old.repo, new.repo)]
    if old.name:
        pairs.append((old.name, new.name))
    pairs = [(a, b) for a, b in pairs if a and a != b]
    return sorted(pairs, key=lambda pair: -len(pair[0]))


def replace_names(text: str, pairs: list[tuple[str, str]]) -> str:
    for old, new in pairs:
        text = text.replace(old, new)
    return text


def _tokens(old: Instance, new: Instance) -> list[tuple[re.Pattern[str], str]]:
    """The old repository's owner and name as whole words, e.g. in a release tag 'oldowner-data'."""
    if not (old.repo and new.repo):
        return []
    pairs = zip(old.repo.split("/", 1), new.repo.split("/", 1), strict=False)
    return [(re.compile(rf"(?<![A-Za-z0-9]){re.escape(a)}(?![A-Za-z0-9])"), b) for a, b in pairs if a != b]


def _config_text(text: str, old: Instance, new: Instance) -> str:
    text = replace_names(text, _replacements(old, new))
    release = re.search(r"^[ \t]*large_files_release:.*$", text, re.M)
    if release:  # a release tag that names the old repository names the new one
        line = release.group(0)
        for pattern, value in _tokens(old, new):
            line = pattern.sub(value, line)
        text = text[:release.start()] + line + text[release.end():]
    for key, value in (("site_name", new.name), ("site_url", new.site_url),
                       ("repo_url", new.repo_url), ("repo_name", new.repo)):
        text = _set_top_level(text, key, value)
    return text if MARKER in text else MARKER + "\n" + text


def _editors_text(text: str | None, editors: tuple[str, ...]) -> str:
    """editors.yml with the new editors, keeping its explanation (the comments above the list)."""
    lines = (text or "").splitlines()
    head = []
    for line in lines:
        if line.startswith("editors:"):
            break
        head.append(line)
    else:
        head = ["# The catalogue editors: GitHub usernames of the people who look after the whole catalogue.",
                "# After changing it, run `oerbank codeowners --force` to update .github/CODEOWNERS."]
    rest = []
    seen_list = False
    for line in lines[len(head):]:
        if line.startswith("editors:"):
            seen_list = True
            continue
        if seen_list and (line.startswith((" ", "-", "\t")) or not line.strip()):
            continue
        seen_list = False
        rest.append(line)
    body = ["editors:", *[f"  - {e}" for e in editors]]
    return "\n".join([*head, *body, *rest]) + "\n"


def _without_sample_section(readme: str) -> str:
    """The README's description of the sample catalogue becomes a pointer to adding the first organisation."""
    match = re.search(r"^## The sample catalogue\n.*?(?=^## |\Z)", readme, re.M | re.S)
    if not match:
        return readme
    return readme[:match.start()] + "## The catalogue\n\n" + EMPTY_CATALOGUE + "\n" + readme[match.end():]


def _named_files(root: Path) -> list[Path]:
    found: set[Path] = set()
    for pattern in NAMED_IN:
        found.update(p for p in root.glob(pattern) if p.is_file() and not p.is_symlink())
    return sorted(found)


def _sample(root: Path) -> list[str]:
    """The sample's organisation files and resource folders (README files stay)."""
    out = []
    for folder in SAMPLE_FOLDERS:
        for entry in sorted((root / folder).iterdir()):
            if entry.name != "README.md":
                out.append(entry.relative_to(root).as_posix())
    return out


def _read(root: Path, rel: str) -> str:
    try:
        return (root / rel).read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        raise InitError(f"{rel} is not UTF-8 text, so its old name and addresses can't be replaced; "
                        "nothing was changed. Save it as UTF-8 and run `oerbank init` again.") from err
    except OSError as err:
        raise InitError(f"{rel} can't be read ({err.strerror or err}); nothing was changed.") from err


def plan(root: Path, new: Instance, keep_sample: bool) -> Plan:
    """Every file init writes or removes, worked out before anything is changed."""
    old = current_instance(root)
    pairs = _replacements(old, new)
    result = Plan()
    result.writes[CONFIG] = _config_text(_read(root, CONFIG), old, new)
    editors = root / EDITORS_FILE
    result.writes[EDITORS_FILE] = _editors_text(_read(root, EDITORS_FILE) if editors.is_file() else None,
                                                new.editors)
    for path in _named_files(root):
        rel = path.relative_to(root).as_posix()
        if rel in (FORM_PATH, CODEOWNERS_PATH):
            continue
        text = _read(root, rel)
        changed = replace_names(text, pairs)
        if rel == "README.md" and not keep_sample:
            changed = _without_sample_section(changed).replace("check the sample catalogue", "check the catalogue")
        if changed != text:
            result.writes[rel] = changed
    if not keep_sample:
        result.removals = _sample(root)
        result.writes["organisations/README.md"] = ORGANISATIONS_README
        result.writes["resources/README.md"] = RESOURCES_README
    return result


def apply(root: Path, changes: Plan) -> None:
    """Remove the sample, then write every file atomically; the generated files come last, from the result."""
    for rel in changes.removals:
        path = root / rel
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
    for rel, text in changes.writes.items():
        write_text(root / rel, text)
    write_text(root / CODEOWNERS_PATH, codeowners_text(root))
    write_text(root / FORM_PATH, form_text())


def uncommitted(root: Path) -> list[str] | None:
    """Files with uncommitted changes, or None when the folder is not a git working tree."""
    try:
        done = subprocess.run(["git", "status", "--porcelain", "--untracked-files=normal"], cwd=root,
                              capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0:
        return None
    return [line[3:] for line in done.stdout.splitlines() if line.strip()]


def refusal(root: Path) -> str:
    """Why init should not run here without --force, or '' when it may."""
    if MARKER in (root / CONFIG).read_text(encoding="utf-8"):
        return ("This catalogue has already been set up with `oerbank init` (mkdocs.yml says so at the top); "
                "running it again would replace its name, address and editors. Pass --force to do that anyway.")
    dirty = uncommitted(root)
    if dirty:
        shown = ", ".join(dirty[:3]) + (", ..." if len(dirty) > 3 else "")
        return (f"This folder has changes that are not committed ({len(dirty)} file"
                f"{'' if len(dirty) == 1 else 's'}: {shown}). Commit or stash them first, so that what "
                "`oerbank init` changes can be looked over and undone on its own, or pass --force.")
    return ""


def required_checks(root: Path) -> list[str]:
    """The checks a branch ruleset should require: the commit statuses that the base branch's
    pull-request workflows post (a job's `CONTEXT`), else their job names.

    Workflows on pull_request_target run the base branch's file, which a pull request cannot
    change; when there are any, they give the checks. Otherwise those on pull_request.
    """
    found: dict[str, list[str]] = {"pull_request_target": [], "pull_request": []}
    for path in sorted((root / ".github" / "workflows").glob("*.y*ml")):
        try:
            workflow = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError):
            continue
        if not isinstance(workflow, dict):
            continue
        triggers: Any = workflow.get("on", workflow.get(True, {}))  # YAML 1.1 reads a bare `on` as true
        names = set(triggers) if isinstance(triggers, (dict, list)) else {triggers}
        for event in found:
            if event in names:
                for job_id, job in (workflow.get("jobs") or {}).items():
                    if isinstance(job, dict):
                        env = job.get("env")
                        env = env if isinstance(env, dict) else {}
                        found[event].append(str(env.get("CONTEXT") or job.get("name") or job_id))
    return sorted(set(found["pull_request_target"])) or sorted(set(found["pull_request"]))


def checklist(root: Path, new: Instance) -> str:
    """The GitHub settings init cannot make, in the order to make them (docs/publishing.md has the same steps)."""
    settings = f"{new.repo_url}/settings"
    checks = ", ".join(f"\"{c}\"" for c in required_checks(root)) or "the pull-request checks"
    return f"""\
Now, on GitHub ({settings}):

1. Pages source. Settings > Pages > Build and deployment > Source: GitHub Actions.
   Settings > Environments > github-pages: deployment branches "main" only.
2. Branch ruleset. Settings > Rules > Rulesets > New branch ruleset, target the default branch, Active:
   - Require a pull request before merging, with "Require approval of the most recent reviewable push"
     and "Require review from Code Owners" (CODEOWNERS names the editors for .github/, src/, theme/,
     docs/, mkdocs.yml and editors.yml).
   - Require status checks to pass: {checks}, each with "GitHub Actions" as its source.
   - Block force pushes; restrict deletions.
3. Actions permissions. Settings > Actions > General > Workflow permissions: "Read repository contents
   and packages permissions" (a read-only default token). Tick "Allow GitHub Actions to create and
   approve pull requests" only if you use the GITHUB_TOKEN fallback instead of a GitHub App (step 5).
4. First-time contributors. Settings > Actions > General > "Approval for running fork pull request
   workflows": keep "Require approval for first-time contributors". The required checks run on
   pull_request_target, which GitHub always runs; only the unprivileged site preview waits for an
   editor to press "Approve and run".
5. GitHub App for pull requests made from issues. Create a GitHub App (your account or organisation >
   Settings > Developer settings > GitHub Apps) with Contents and Pull requests read and write, install
   it on {new.repo} only, and store its client ID and private key as the secrets RESOURCE_BOT_CLIENT_ID
   and RESOURCE_BOT_PRIVATE_KEY of the environment "resource-bot", limited to "main".
   The workflow creates a token for each run with actions/create-github-app-token, pinned by commit.
   Don't store an installation token: it expires after one hour.

Then review the changes (git diff), commit them and push.
"""
