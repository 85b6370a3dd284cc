#!/usr/bin/env python3
"""Judged search queries for the Oak corpus, with relevance from Oak's own curriculum data.

Reads Oak National Academy's open curriculum (the Turtle files of the repository
oaknational/oak-curriculum-ontology, release 0.1.3, as a Git checkout) and the lesson files of
a catalogue converted from it (../shared/corpora/oak-humanities), and writes:

- tests/fixtures/oak-relevance/units.json: each lesson of the catalogue (by file name) with the
  units it is taught in, the key stage and year groups, and Oak's keywords for it;
- tests/fixtures/oak-relevance/queries.json: about 70 queries a teacher might type, of six kinds
  (topic, plural, typo, unit, key stage, natural phrase), each with the lessons that answer it.

Relevance never comes from the text the search indexes: a query built from an Oak keyword is
answered by the lessons Oak tags with that keyword (grade 2) and the other lessons of their
units (grade 1); a unit's name by the lessons of that unit; "year 8 <keyword>" by the keyword's
lessons taught in year 8 (grade 2) or elsewhere in that key stage (grade 1). The corpus has no
keywords or unit fields. Queries are drawn with a fixed seed from every keyword and unit that
has 2 to 30 lessons in the catalogue, so nobody picks them by hand.

    .venv/bin/python scripts/oak_judgements.py /work/.mirror/oaknational+oak-curriculum-ontology/repo \\
        ../shared/corpora/oak-humanities
"""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
from collections import defaultdict
from pathlib import Path

RELEASE = "v0.1.3"
SUBJECTS = ("history", "geography", "design-and-technology", "physical-education")
OUT = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "oak-relevance"
PER_KIND = 12
SEED = 13

_BLOCK = re.compile(r"^oakcurric:([\w-]+)\n(.*?)(?=\n\n|\Z)", re.S | re.M)
_TYPE = re.compile(r"\ba curric:(\w+)")
_LABEL = re.compile(r'(?:rdfs:label|schema:name)\s+"((?:[^"\\]|\\.)*)"')
_SLUG = re.compile(r'curric:slug\s+"([^"]*)"')
_YEAR = re.compile(r"natcurric:year-group-(\d+)")
_REFS = re.compile(r"oakcurric:([\w-]+)")
_FOLLOW = {"Programme", "UnitVariantInclusion", "UnitVariantChoice", "UnitVariant", "LessonInclusion"}


def read_ontology(repo: Path) -> dict[str, dict]:
    """Every block of the subjects' files: {id: {type, label, slug, years, refs}}."""
    names = subprocess.run(["git", "-C", str(repo), "ls-tree", "-r", "--name-only", RELEASE, "data/subjects"],
                           check=True, capture_output=True, text=True).stdout.split()
    blocks: dict[str, dict] = {}
    for name in names:
        if not name.endswith(".ttl") or name.split("/")[2] not in SUBJECTS:
            continue
        text = subprocess.run(["git", "-C", str(repo), "show", f"{RELEASE}:{name}"], check=True,
                              capture_output=True, text=True).stdout
        for m in _BLOCK.finditer(text):
            body = m.group(2)
            kind = _TYPE.search(body)
            label, slug = _LABEL.search(body), _SLUG.search(body)
            blocks[m.group(1)] = {"type": kind.group(1) if kind else "", "label": label.group(1) if label else "",
                                  "slug": slug.group(1) if slug else "", "years": _YEAR.findall(body),
                                  "refs": _REFS.findall(body), "file": name}
    return blocks


def lessons_under(blocks: dict[str, dict], start: str) -> set[str]:
    """The lessons a programme or unit variant leads to."""
    seen, todo, lessons = set(), [start], set()
    while todo:
        b = todo.pop()
        if b in seen or b not in blocks:
            continue
        seen.add(b)
        kind = blocks[b]["type"]
        if kind == "Lesson":
            lessons.add(b)
        elif kind in _FOLLOW:
            todo.extend(r for r in blocks[b]["refs"] if r not in seen and not r.startswith(("unit-", "scheme-")))
    return lessons


def key_stage(year: int) -> str:
    return "ks1" if year <= 2 else "ks2" if year <= 6 else "ks3" if year <= 9 else "ks4"


def lesson_table(blocks: dict[str, dict], slugs: set[str]) -> dict[str, dict]:
    """{slug: {units, years, key_stages, keywords}} for the catalogue's lessons."""
    table: dict[str, dict] = {}
    for b in blocks.values():
        if b["type"] == "Lesson" and b["slug"] in slugs:
            t = table.setdefault(b["slug"], {"units": set(), "years": set(), "keywords": set()})
            t["keywords"].update(blocks[r]["label"] for r in b["refs"]
                                 if r.startswith("keyword-") and r in blocks and blocks[r]["label"])
    ids = {bid: b["slug"] for bid, b in blocks.items() if b["type"] == "Lesson" and b["slug"] in slugs}
    for bid, b in blocks.items():
        if b["type"] == "UnitVariant":
            unit = next((r for r in b["refs"] if r.startswith("unit-")), None)
            if unit is None or unit not in blocks:
                continue
            for lesson in lessons_under(blocks, bid):
                if lesson in ids:
                    table[ids[lesson]]["units"].add(blocks[unit]["label"])
        elif b["type"] == "Programme":
            for lesson in lessons_under(blocks, bid):
                if lesson in ids:
                    table[ids[lesson]]["years"].update(int(y) for y in b["years"])
    return {s: {"units": sorted(t["units"]), "years": sorted(t["years"]),
                "key_stages": sorted({key_stage(y) for y in t["years"]}), "keywords": sorted(t["keywords"])}
            for s, t in sorted(table.items())}


NOT_NOUNS = ("s", "ing", "ed", "ly", "al", "ic", "ous", "ive", "ful", "ent", "ant", "ary", "ist")


def plural_of(word: str) -> str:
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(("ch", "sh", "x", "z")):
        return word + "es"
    return word + "s"


def typo_of(word: str, rng: random.Random) -> str:
    """One edit (two for long words, half the time), never touching the first letter."""
    edits = 2 if len(word) >= 8 and rng.random() < 0.5 else 1
    for _ in range(edits):
        i = rng.randrange(1, len(word) - 1)
        how = rng.choice(["delete", "swap", "double", "vowel"])
        if how == "delete":
            word = word[:i] + word[i + 1:]
        elif how == "swap":
            word = word[:i] + word[i + 1] + word[i] + word[i + 2:]
        elif how == "double":
            word = word[:i] + word[i] + word[i:]
        else:
            vowels = "aeiou"
            j = next((k for k in range(i, len(word)) if word[k] in vowels), i)
            word = word[:j] + rng.choice([v for v in vowels if v != word[j]]) + word[j + 1:]
    return word


NATURAL = ["lesson on {}", "how to teach {}", "activities about {}", "resources for teaching {}",
           "introduction to {}", "what is {}"]


def make_queries(table: dict[str, dict]) -> list[dict]:
    rng = random.Random(SEED)
    by_keyword: dict[str, set[str]] = defaultdict(set)
    by_unit: dict[str, set[str]] = defaultdict(set)
    for slug, t in table.items():
        for k in t["keywords"]:
            by_keyword[k.lower()].add(slug)
        for u in t["units"]:
            by_unit[u].add(slug)

    def mates(slugs: set[str]) -> set[str]:
        return {m for s in slugs for u in table[s]["units"] for m in by_unit[u]} - slugs

    def judged(strong: set[str], weak: set[str]) -> dict[str, int]:
        return {**dict.fromkeys(sorted(weak - strong), 1), **dict.fromkeys(sorted(strong), 2)}

    keywords = sorted(k for k, s in by_keyword.items() if 2 <= len(s) <= 30 and re.fullmatch(r"[a-z][a-z '-]+", k))
    single = [k for k in keywords if " " not in k and "-" not in k and len(k) >= 5]
    rng.shuffle(keywords)
    rng.shuffle(single)
    used: set[str] = set()
    queries: list[dict] = []

    def take(pool: list[str]) -> list[str]:
        out = [k for k in pool if k not in used][:PER_KIND]
        used.update(out)
        return out

    for k in take(keywords):
        queries.append({"type": "topic", "query": k, "relevant": judged(by_keyword[k], mates(by_keyword[k]))})
    def about(k: str) -> dict[str, int]:
        return judged(by_keyword[k], mates(by_keyword[k]))

    for k in take([k for k in single if not k.endswith(NOT_NOUNS)]):
        queries.append({"type": "plural", "query": plural_of(k), "relevant": about(k)})
    for k in take(single):
        queries.append({"type": "typo", "query": typo_of(k, rng), "relevant": about(k)})
    for k in take(keywords):
        queries.append({"type": "natural", "query": rng.choice(NATURAL).format(k),
                        "relevant": judged(by_keyword[k], mates(by_keyword[k]))})
    staged = [k for k in keywords if k not in used and any(table[s]["years"] for s in by_keyword[k])]
    for k in staged[:PER_KIND]:
        used.add(k)
        lessons = sorted(by_keyword[k])
        year = rng.choice(sorted({y for s in lessons for y in table[s]["years"]}))
        stage = key_stage(year)
        phrase = rng.choice([f"year {year}", f"ks{stage[-1]}", f"key stage {stage[-1]}"]
                            + (["gcse"] if stage == "ks4" else []))
        strong = {s for s in lessons if year in table[s]["years"]}
        if phrase.startswith(("ks", "key", "gcse")):
            strong = {s for s in lessons if stage in table[s]["key_stages"]}
        weak = {s for s in lessons if stage in table[s]["key_stages"]} - strong
        queries.append({"type": "key_stage", "query": f"{phrase} {k}", "relevant": judged(strong, weak)})
    by_name: dict[str, set[str]] = defaultdict(set)  # units of the same name in several key stages
    for u, lessons in by_unit.items():
        by_name[re.split(r"[:?]", u)[0].strip().lower()].update(lessons)
    names = sorted(u for u, s in by_name.items() if 2 <= len(s) <= 30)
    rng.shuffle(names)
    for name in names[:PER_KIND]:
        queries.append({"type": "unit", "query": name, "relevant": judged(by_name[name], set())})
    return queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("ontology", type=Path, help="A Git checkout of oaknational/oak-curriculum-ontology.")
    parser.add_argument("corpus", type=Path, help="The Oak catalogue (organisations/, resources/).")
    args = parser.parse_args()
    slugs = {p.stem for p in (args.corpus / "resources").glob("*/*.md")}
    table = lesson_table(read_ontology(args.ontology), slugs)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "units.json").write_text(json.dumps(table, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
    queries = make_queries(table)
    (OUT / "queries.json").write_text(json.dumps(queries, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(table)} of {len(slugs)} lessons found in Oak's data; {len(queries)} queries")


if __name__ == "__main__":
    main()
