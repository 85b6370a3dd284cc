"""Validate and build a real catalogue, as it is and with every optional field taken out.

Real catalogues leave fields empty that the sample fills (nobody writes keywords, few give a
published date). This copies a catalogue next to the project's site configuration, optionally
removes every field the schema does not require (and the Markdown description) from every
record, then runs `oerbank validate` and `oerbank build` and checks that each resource got its
page. The source folder is only read.

    python scripts/check_corpus.py ../shared/corpora/oak-humanities
    python scripts/check_corpus.py ../shared/corpora/oak-humanities --without-optional

Prints one line per step with its time; exits 1 if the catalogue is invalid or a page is missing.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from oerbank.load import split_front_matter
from oerbank.schema import load_schema

PROJECT = Path(__file__).resolve().parents[1]
SITE_FILES = ("mkdocs.yml", "docs", "theme", "editors.yml", "CONTRIBUTING.md")


def optional_fields(kind: str) -> set[str]:
    """Fields a contributor may leave out: not required by the schema, or filled from the folder."""
    schema = load_schema()
    table = schema.table(kind)
    raw = next(r for r in schema.descriptor["resources"] if r["name"] == kind)
    by_folder = {name for fk in raw["schema"].get("foreignKeys", []) for name in fk["fields"]}
    return {f.name for f in table.contributed if not f.required or f.name in by_folder}


_KEY = re.compile(r"^([A-Za-z_][A-Za-z0-9_-]*)\s*:")


def without_fields(text: str, drop: set[str]) -> str:
    """YAML text without the top-level keys in `drop` (and their indented or listed lines).

    Done on the text, so every field that stays is byte for byte as its contributor wrote it.
    """
    kept, skipping = [], False
    for line in text.split("\n"):
        key = _KEY.match(line)
        if key:
            skipping = key.group(1) in drop
        elif not (line.startswith((" ", "\t", "-")) or not line.strip()):
            skipping = False
        if not skipping:
            kept.append(line)
    return "\n".join(kept)


def copy_without_optional(source: Path, dest: Path) -> None:
    """Copy the records, keeping only the required fields (and no description)."""
    for kind, pattern in (("organisations", "*.yml"), ("resources", "*/*.md")):
        drop = optional_fields(kind)
        for path in sorted((source / kind).glob(pattern)):
            rel = path.relative_to(source)
            text = path.read_text(encoding="utf-8")
            if kind == "resources":
                parts = split_front_matter(text, rel.as_posix())
                if not isinstance(parts, tuple):
                    raise SystemExit(f"{rel}: {parts.message}")
                text = "---\n" + without_fields(parts[0], drop).rstrip("\n") + "\n---\n"
            else:
                text = without_fields(text, drop)
            out = dest / rel
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(text, encoding="utf-8")


def _run(args: list[str]) -> tuple[subprocess.CompletedProcess, float]:
    start = time.monotonic()
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    return done, time.monotonic() - start


def check(source: Path, without_optional: bool) -> int:
    oerbank = Path(sys.executable).with_name("oerbank")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for name in SITE_FILES:
            if (PROJECT / name).is_dir():
                shutil.copytree(PROJECT / name, root / name)
            elif (PROJECT / name).exists():
                shutil.copy(PROJECT / name, root / name)
        if without_optional:
            copy_without_optional(source, root)
        else:
            for folder in ("organisations", "resources"):
                shutil.copytree(source / folder, root / folder)
        lessons = sorted(p.relative_to(root / "resources").with_suffix("").as_posix()
                         for p in (root / "resources").glob("*/*.md"))
        what = "without optional fields" if without_optional else "as it is"
        validated, seconds = _run([str(oerbank), "validate", "--root", str(root)])
        print(f"validate ({what}): {validated.stdout.strip().splitlines()[-1]} in {seconds:.1f} s")
        if validated.returncode != 0:
            print(validated.stdout[-3000:])
            return 1
        built, seconds = _run([str(oerbank), "build", "--root", str(root)])
        if built.returncode != 0:
            print(f"build ({what}) failed in {seconds:.1f} s:\n{built.stdout[-2000:]}{built.stderr[-2000:]}")
            return 1
        site = root / "build" / "site"
        missing = [rid for rid in lessons if not (site / "resources" / rid / "index.html").is_file()]
        pages = len(lessons) - len(missing)
        print(f"build ({what}): {pages:,} of {len(lessons):,} resource pages in {seconds:.1f} s")
        if missing:
            print("missing pages: " + ", ".join(missing[:10]))
            return 1
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="a catalogue folder with organisations/ and resources/")
    parser.add_argument("--without-optional", action="store_true",
                        help="take every optional field (and the description) out of every record first")
    args = parser.parse_args()
    return check(args.corpus.resolve(), args.without_optional)


if __name__ == "__main__":
    sys.exit(main())
