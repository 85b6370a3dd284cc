"""The search page's modules as one file, written into the site at build time.

The page's code is ES modules (src/oerbank/assets/search.js and search/*.js, which the tests run
under Node as they are). On a slow network each file is a request of its own, and over HTTP/1.1 a
browser opens six connections to a site, so five modules and the page's other files made some
wait their turn (docs/benchmarks.md). The site therefore loads search.bundle.js: each module's
code unchanged, wrapped in a function that returns what it exports, in the order they import each
other. first.js stays a file of its own, loaded by the page first, and is imported by the bundle,
so both share it. Only the import and export forms our modules use are understood; any other is
an error at build time, not a broken page. On the site, the bundle and first.js go without their
whole-line comments, blank lines and indentation (compact): a fifth fewer bytes, the same code.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

ENTRY = "search.js"
BUNDLE = "search.bundle.js"
SHARED = "search/first.js"  # loaded by the page itself, so imported rather than copied in

IMPORT = re.compile(r"^import \{([^}]*)\} from '(\./[^']+)';\n", re.M)
EXPORT_DECLARATION = re.compile(r"^export (?=(?:async )?(?:function|const|let|class) )", re.M)
DECLARED = re.compile(r"^export (?:async )?(?:function\*?|const|let|class) ([A-Za-z_$][\w$]*)", re.M)
EXPORT_LIST = re.compile(r"^export \{([^}]*)\};\n", re.M)
OTHER = re.compile(r"^(?:import|export)\b", re.M)
NAME = re.compile(r"[A-Za-z_$][\w$]*$")
LINE_COMMENT = re.compile(r"^\s*//.*\n?", re.M)


class BundleError(ValueError):
    """A module uses a form of import or export the bundle does not know."""


def _names(spec: str) -> list[tuple[str, str]]:
    """`a, b as c` as [(a, a), (b, c)]."""
    out = []
    for part in (p.strip() for p in spec.split(",")):
        if not part:
            continue
        name, _, alias = part.partition(" as ")
        name, alias = name.strip(), (alias or name).strip()
        if not NAME.match(name) or not NAME.match(alias):
            raise BundleError(f"an import or export the bundle does not know: {part!r}")
        out.append((name, alias))
    return out


def compact(code: str, name: str = "") -> str:
    """`code` without whole-line comments, blank lines and indentation. Safe for code whose strings
    and comments all end on the line they start on; anything that may span lines (a template literal,
    a block comment left open, a line continued with a backslash) is refused, not compacted."""
    code = LINE_COMMENT.sub("", code)
    if "`" in code:
        raise BundleError(f"{name}: a template literal (`) may span lines, so its lines are not compacted")
    for line in code.splitlines():
        if line.rstrip().endswith("\\"):
            raise BundleError(f"{name}: a line ending in a backslash continues on the next, so it is not compacted")
        if line.rfind("/*") > line.rfind("*/"):
            raise BundleError(f"{name}: a block comment (/* ... */) spans lines, so its lines are not compacted")
    return "".join(line.strip() + "\n" for line in code.splitlines() if line.strip())


def _exports(body: str, path: str) -> list[str]:
    """The names a module's text exports (as `bundle` understands them)."""
    exported = DECLARED.findall(body)
    for spec in EXPORT_LIST.findall(body):
        names = _names(spec)
        if any(name != alias for name, alias in names):
            raise BundleError(f"{path}: renamed exports are not supported")
        exported += [name for name, _ in names]
    return exported


def version(text: str) -> str:
    """A file's version for its address (?v=): the start of its content's SHA-256."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def bundle(assets: Path, first_version: str = "") -> str:
    """The modules of assets/`ENTRY` (assets: the folder holding search.js) as one module's text;
    `first_version`: first.js's version, which the bundle's import of it names."""
    order: list[str] = []
    imports: dict[str, list[tuple[str, list[tuple[str, str]]]]] = {}
    texts: dict[str, str] = {}  # each module's text, read once
    visiting: set[str] = set()

    def visit(path: str) -> None:
        if path in order or path == SHARED:
            return
        if path in visiting:
            raise BundleError(f"{path} imports itself through other modules")
        visiting.add(path)
        text = texts[path] = (assets / path).read_text(encoding="utf-8")
        found = []
        for spec, target in IMPORT.findall(text):
            resolved = (Path(path).parent / target).as_posix()
            resolved = str(Path(resolved)).replace("\\", "/")
            found.append((resolved, _names(spec)))
            visit(resolved)
        imports[path] = found
        visiting.discard(path)
        order.append(path)

    visit(ENTRY)
    var = {path: f"__m{n}" for n, path in enumerate([SHARED, *order])}
    exports = {SHARED: set(_exports((assets / SHARED).read_text(encoding="utf-8"), SHARED))}
    out = ["// The search page's modules in one file, made by oerbank.search.bundle from src/oerbank/assets/:",
           "// each module's code unchanged, in a function that returns what it exports.",
           f"import * as {var[SHARED]} from './{SHARED}{f'?v={first_version}' if first_version else ''}';"]
    for path in order:
        body = IMPORT.sub("", texts[path])
        exports[path] = set(_exports(body, path))
        for target, names in imports[path]:  # as a browser refuses a module that imports a name not exported
            missing = [name for name, _ in names if name not in exports[target]]
            if missing:
                raise BundleError(f"{path} imports {', '.join(missing)} from {target}, which does not export it")
        body = EXPORT_LIST.sub("", EXPORT_DECLARATION.sub("", body))
        stray = OTHER.search(body)
        if stray:
            line = body[stray.start():].split("\n", 1)[0]
            raise BundleError(f"{path}: an import or export the bundle does not know: {line!r}")
        head = [f"const {{ {', '.join(n if n == a else f'{n}: {a}' for n, a in names)} }} = {var[target]};"
                for target, names in imports[path]]
        out.append(f"// {path}")
        out.append(f"const {var[path]} = (() => {{")
        out.extend(head)
        out.append(compact(body, path).rstrip("\n"))
        out.append(f"return {{ {', '.join(sorted(exports[path]))} }};")
        out.append("})();")
    return "\n".join(out) + "\n"


def write_bundle(assets: Path) -> dict[str, str]:
    """Compact first.js and write search.bundle.js beside it (assets: the site's assets/oerbank folder, a
    copy of ours); return their versions, {"first": ..., "bundle": ...}, for the search page's addresses."""
    shared = assets / SHARED
    first = compact(shared.read_text(encoding="utf-8"), SHARED)
    shared.write_text(first, encoding="utf-8")
    versions = {"first": version(first)}
    text = bundle(assets, versions["first"])
    (assets / BUNDLE).write_text(text, encoding="utf-8")
    return {**versions, "bundle": version(text)}
