"""Write England's curriculum vocabulary from Oak National Academy's curriculum ontology.

The National Curriculum's content descriptors (their ids, URIs and exact wording) come from one
pinned release of github.com/oaknational/oak-curriculum-ontology (Open Government Licence v3).
Point this at a copy of that release (its `data/` folder, or the excerpt vendored in
`tests/fixtures/oak-curriculum-ontology/`) and it rewrites
`src/oerbank/schema/vocabularies/curriculum/england.yml`:

    git clone --depth 1 --branch v0.1.3 https://github.com/oaknational/oak-curriculum-ontology /tmp/oak
    python scripts/curriculum_from_oak.py /tmp/oak

To move to a newer release, change RELEASE and COMMIT below, run it, and update the vendored
excerpt (the test `tests/test_curriculum.py` compares the two). Needs rdflib (the `test` extra).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

import yaml

RELEASE = "v0.1.3"
COMMIT = "c07f4ee7b967a0b55f619401bb000b4ed02e81b6"
RELEASED = "2026-06-10"
PROJECT = Path(__file__).resolve().parents[1]
OUT = PROJECT / "src" / "oerbank" / "schema" / "vocabularies" / "curriculum" / "england.yml"

CURRIC = "https://w3id.org/uk/oak/curriculum/ontology/"
NATCURRIC = "https://w3id.org/uk/oak/curriculum/nationalcurriculum/"
SKOS_PREF = "http://www.w3.org/2004/02/skos/core#prefLabel"

# Ontology subject folder -> (our subject key, the record subjects a descriptor also suits).
SUBJECTS: dict[str, tuple[str, list[str]]] = {
    "art-and-design": ("art-and-design", ["art-and-design"]),
    "music": ("music", ["music"]),
    "english": ("english", ["english", "drama"]),
    "design-and-technology": ("design-and-technology", ["design-and-technology"]),
    "computing": ("computing", ["computing"]),
    "physical-education": ("physical-education", ["physical-education", "dance"]),
    "history": ("history", ["history"]),
}
# English: spoken language and drama only; physical education: dance only.
_ENGLISH_DRAMA = re.compile(r"\b(perform\w*|recite|drama\w*|play scripts)\b", re.I)
_DANCE = re.compile(r"\bdances?\b", re.I)
STAGES = [
    {"id": f"key-stage-{n}", "label": f"Key Stage {n}", "key_stages": [f"ks{n}"], "ages": list(ages),
     "uri": f"{NATCURRIC}key-stage-{n}"}
    for n, ages in ((1, [5, 7]), (2, [7, 11]), (3, [11, 14]), (4, [14, 16]))
]


def _text(value: Any) -> str:
    return " ".join(str(value).split())


def _keep(folder: str, progression: str, wording: str) -> bool:
    if folder == "english":
        return "-speak-" in progression or bool(_ENGLISH_DRAMA.search(wording))
    if folder == "physical-education":
        return bool(_DANCE.search(wording))
    return True


def england_entries(ontology: Path) -> list[dict[str, Any]]:
    """Every content descriptor of the chosen subjects, with the key stages whose programmes include it."""
    import rdflib  # a development dependency: only this script and its test need it

    curric = rdflib.Namespace(CURRIC)
    entries: dict[str, dict[str, Any]] = {}
    for folder, (subject, subjects) in SUBJECTS.items():
        graph = rdflib.Graph()
        for part in ("programme-structure", "knowledge-taxonomy"):
            graph.parse(ontology / "data" / "subjects" / folder / f"{folder}-{part}.ttl", format="turtle")
        for progression in sorted(graph.subjects(curric.isProgressionOf, None)):
            stages = [str(ks).removeprefix(NATCURRIC)
                      for scheme in graph.objects(progression, curric.isProgressionOf)
                      for ks in graph.objects(scheme, curric.coversKeyStage)]
            for descriptor in graph.objects(progression, curric.includesContentDescriptor):
                wording = _text(graph.value(descriptor, rdflib.URIRef(SKOS_PREF)))
                if not _keep(folder, str(progression), wording):
                    continue
                uri = str(descriptor)
                entry = entries.setdefault(uri, {
                    "id": "natcurric:" + uri.removeprefix(NATCURRIC),
                    "framework": "national-curriculum-england", "nation": "england",
                    "kind": "content-descriptor", "stages": [], "key_stages": [],
                    "subject": subject, "subjects": list(subjects), "code": None,
                    "wording": wording, "uri": uri,
                })
                for stage in stages:
                    if stage not in entry["stages"]:
                        entry["stages"].append(stage)
    for entry in entries.values():
        entry["stages"].sort()
        entry["key_stages"] = ["ks" + s.removeprefix("key-stage-") for s in entry["stages"]]
    order = list(SUBJECTS.values())
    return sorted(entries.values(),
                  key=lambda e: ([s for s, _ in order].index(e["subject"]), e["stages"][0], e["id"]))


def vocabulary(ontology: Path) -> dict[str, Any]:
    return {
        "title": "National Curriculum in England",
        "framework": "national-curriculum-england",
        "nation": "england",
        "source": "Oak National Academy, Oak Curriculum Ontology (National Curriculum for England knowledge "
                  "taxonomies and programme structures, Department for Education)",
        "source_url": f"https://github.com/oaknational/oak-curriculum-ontology/tree/{RELEASE}",
        "version": f"{RELEASE} (commit {COMMIT})",
        "licence": "OGL-UK-3.0",
        "licence_url": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
        "attribution": "Contains public sector information licensed under the Open Government Licence v3.0. "
                       "Crown Copyright (Department for Education); curriculum ontology by Oak National Academy.",
        "date": RELEASED,
        "notes": "Content descriptors of art and design, music, design and technology, computing and history; "
                 "English's spoken language and drama (the speaking programmes at key stages 3 and 4 and the "
                 "descriptors about performing, reciting and drama); physical education's dance descriptors. "
                 "Ids and URIs are the ontology's own. Made by scripts/curriculum_from_oak.py: do not edit.",
        "stages": STAGES,
        "entries": england_entries(ontology),
    }


def render(data: dict[str, Any]) -> str:
    head = ("# Made by scripts/curriculum_from_oak.py from the Oak Curriculum Ontology "
            f"{RELEASE}: run it again rather than editing.\n")
    return head + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ontology", type=Path, help="a copy of the ontology release (the folder holding data/)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    if not (args.ontology / "data" / "subjects").is_dir():
        print(f"{args.ontology} has no data/subjects folder: give the ontology's top folder.", file=sys.stderr)
        return 2
    data = vocabulary(args.ontology)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(render(data), encoding="utf-8")
    print(f"{len(data['entries'])} content descriptors written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
