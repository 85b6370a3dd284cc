"""The search page's ES modules under `node --test` (tests/search/js/*.test.js), so `make test` runs them.

The engine's tests read the search files Python writes for the fixture catalogues; the address
tests need nothing but the module.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from search_harness import NODE_HELP, PROJECT
from search_sites import write_sites

TESTS = PROJECT / "tests" / "search" / "js"


def test_the_engine_and_address_modules_pass_their_node_tests(tmp_path: Path) -> None:
    if shutil.which("node") is None or not (PROJECT / "node_modules" / "lunr" / "lunr.js").is_file():
        raise AssertionError(NODE_HELP)
    files = sorted(p.name for p in TESTS.glob("*.test.js"))
    assert files == ["engine.test.js", "first.test.js", "state.test.js", "understanding.test.js"]
    env = {**os.environ, "OERBANK_SEARCH_SITES": str(write_sites(tmp_path))}
    run = subprocess.run(["node", "--test", *(str(TESTS / f) for f in files)], cwd=PROJECT, env=env,
                         capture_output=True, text=True, check=False, timeout=300)
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    passed = re.search(r"^# pass (\d+)$", run.stdout, re.M)
    assert passed and int(passed.group(1)) >= 30, run.stdout[-2000:]
    assert re.search(r"^# fail 0$", run.stdout, re.M)


def _imports(module: Path) -> set[Path]:
    """Every module `module` imports, directly or through others."""
    found: set[Path] = set()
    for relative in re.findall(r"^import [^;]*? from '(\./[^']+)';", module.read_text(encoding="utf-8"), re.M):
        target = (module.parent / relative).resolve()
        found |= {target} | _imports(target)
    return found


def test_the_search_page_preloads_every_module_its_entry_imports() -> None:
    """Without a preload link each import waits for the module before it: a slower first search.
    first.js, which asks for the manifest and the query's first index shards, runs as soon as it
    arrives (async), without waiting for the styles or the other modules; lunr.min.js is not loaded.
    (The site's page loads the other modules as one file: test_the_site_loads_the_modules_as_one_file.)"""
    from search_harness import ASSETS, PAGE

    entry = ASSETS / "search.js"
    wanted = sorted(str(p.relative_to(ASSETS.resolve())) for p in _imports(entry.resolve()))
    assert wanted == ["search/engine.js", "search/first.js", "search/nation.js", "search/state.js", "search/ui.js"]
    preloaded = re.findall(r'<link rel="modulepreload" href="\{root\}assets/oerbank/([^"]+)">', PAGE)
    assert sorted(preloaded + ["search/first.js"]) == wanted
    assert '<script type="module" async src="{root}assets/oerbank/search/first.js"></script>' in PAGE
    assert '<script type="module" src="{root}assets/oerbank/search.js"></script>' in PAGE
    assert '<link rel="preload" href="{root}search/docs.json" as="fetch" crossorigin>' in PAGE
    assert "lunr.min.js" not in PAGE


def test_the_site_loads_the_modules_as_one_file(tmp_path: Path) -> None:
    """The site's search page: first.js, then one file with the other modules, which imports first.js
    (one instance of it, shared) and runs under Node as the modules do."""
    from search_harness import ASSETS

    from jinja2 import Environment

    from oerbank.search.bundle import compact, version, write_bundle

    template = (PROJECT / "src" / "oerbank" / "templates" / "search_head.html").read_text(encoding="utf-8")
    assert "modulepreload" not in template and "lunr.min.js" not in template
    shutil.copytree(ASSETS, tmp_path / "assets")
    versions = write_bundle(tmp_path / "assets")
    bundled = (tmp_path / "assets" / "search.bundle.js").read_text(encoding="utf-8")
    first = (tmp_path / "assets" / "search" / "first.js").read_text(encoding="utf-8")
    # each asked for by its content's hash, and the bundle imports the very first.js the page loads
    assert versions == {"first": version(first), "bundle": version(bundled)}
    head = Environment().from_string(template).render(root="../", versions=versions)
    assert re.findall(r"<script [^>]*>", head) == [
        f'<script type="module" async src="../assets/oerbank/search/first.js?v={versions["first"]}">',
        f'<script type="module" src="../assets/oerbank/search.bundle.js?v={versions["bundle"]}">']
    assert re.findall(r"^import .*$", bundled, re.M) == [
        f"import * as __m0 from './search/first.js?v={versions['first']}';"]
    for module in ("search/engine.js", "search/state.js", "search/nation.js", "search/ui.js", "search.js"):
        code = (ASSETS / module).read_text(encoding="utf-8")
        # every line of code of each module is in the bundle, but its imports and exports (the word
        # "export"), without its indentation; whole-line comments are left out
        body = re.sub(r"^(import|export) \{[^}]*\}[^;]*;$", "", code, flags=re.M)
        for line in (x.strip() for x in body.splitlines()):
            assert not line or line.startswith("//") or line.removeprefix("export ") in bundled.splitlines(), (module, line)
    modules = ("search/engine.js", "search/ui.js", "search/state.js", "search/nation.js", "search.js")
    assert "\n  " not in bundled
    assert len(bundled) < 0.85 * sum(len((ASSETS / m).read_text(encoding="utf-8")) for m in modules)
    assert first == compact((ASSETS / "search" / "first.js").read_text(encoding="utf-8"))
    for code in (bundled, first):
        check = subprocess.run(["node", "--input-type=module", "--check"], input=code, text=True,
                               capture_output=True, check=False)
        assert check.returncode == 0, check.stderr


def test_compacting_leaves_code_alone_and_refuses_what_it_could_break() -> None:
    from oerbank.search.bundle import BundleError, compact

    code = "// a comment\nconst a = '//not a comment';  // kept\n\n  if (a) {\n    f(a);\n  }\n"
    assert compact(code) == "const a = '//not a comment';  // kept\nif (a) {\nf(a);\n}\n"
    with pytest.raises(BundleError, match="template literal"):
        compact("const t = `two\n  lines`;\n", "x.js")


def test_a_module_importing_a_name_another_does_not_export_stops_the_build(tmp_path: Path) -> None:
    """A browser refuses such a module; the bundle must too, rather than hand the page an undefined."""
    from search_harness import ASSETS

    from oerbank.search.bundle import BundleError, bundle

    shutil.copytree(ASSETS, tmp_path / "assets")
    ui = tmp_path / "assets" / "search" / "ui.js"
    text = ui.read_text(encoding="utf-8")
    imported = re.search(r"^import \{ ?(\w+)", text, re.M)
    assert imported, "ui.js imports names"
    ui.write_text(text.replace(imported.group(0), imported.group(0) + "Z", 1), encoding="utf-8")
    with pytest.raises(BundleError, match=rf"search/ui.js imports {imported.group(1)}Z from .*, which does not export it"):
        bundle(tmp_path / "assets")


def test_compacting_refuses_comments_and_lines_that_continue() -> None:
    from oerbank.search.bundle import BundleError, compact

    with pytest.raises(BundleError, match="block comment"):
        compact("/* a note\n// see x */\nf();\n", "x.js")  # the closing */ would go with the // line
    with pytest.raises(BundleError, match="backslash"):
        compact("const s = 'a \\\n  b';\n", "x.js")
    assert compact("/* one line */ f();\n") == "/* one line */ f();\n"
