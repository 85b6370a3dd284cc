"""Write a deterministic synthetic catalogue of any size, as contributors would write it.

Organisations and resources look like the sample catalogue's: text drawn from the sample's own
words (Zipf-distributed, with a vocabulary that grows with the catalogue), one to four
paragraphs of description, and field values and list lengths in the sample's proportions.
Every value comes from the project's vocabularies, so `oerbank validate` accepts the result.
The same size and seed always give the same files.

    python scripts/synthetic.py 10000 /tmp/catalogue
"""

from __future__ import annotations

import json
import random
import re
import sys
from datetime import date, timedelta
from itertools import accumulate
from pathlib import Path

import yaml

from oerbank.confusables import name_key

PROJECT = Path(__file__).resolve().parents[1]
VOCABULARIES = PROJECT / "src" / "oerbank" / "schema" / "vocabularies"
_WORD = re.compile(r"[a-z]{2,}")
# Words YAML 1.1 would read as booleans or null; plain list items must not be one of them.
_YAML_SURPRISES = {"yes", "no", "on", "off", "true", "false", "null", "y", "n"}
_SYLLABLES = ["ba", "ca", "da", "fe", "ga", "he", "ki", "lo", "ma", "ne", "po", "ra", "si", "ta", "vo",
              "wy", "ar", "el", "in", "or", "un", "ex", "st", "th", "ch", "ll", "sk", "br", "gl", "tr"]
_KINDS = ["Museum", "Gallery", "Theatre", "Orchestra", "Arts Centre", "Trust", "Archive", "Festival",
          "Dance Company", "Opera", "Library", "Castle"]


def vocabulary_keys() -> dict[str, list[str]]:
    keys = {}
    for path in sorted(VOCABULARIES.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        keys[path.stem] = [v["key"] for v in data["values"]]
    return keys


def _seed_words() -> list[str]:
    """The sample catalogue's words, most frequent first."""
    counts: dict[str, int] = {}
    for path in sorted((PROJECT / "resources").rglob("*.md")):
        _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
        data = yaml.safe_load(front)
        prose = " ".join([data.get("title", ""), data.get("summary", ""), body])
        for w in _WORD.findall(prose.lower()):
            if w not in _YAML_SURPRISES:
                counts[w] = counts.get(w, 0) + 1
    return sorted(counts, key=lambda w: (-counts[w], w))


class Text:
    """Zipf-distributed words over a vocabulary that grows with the catalogue (Heaps' law)."""

    def __init__(self, rng: random.Random, size: int) -> None:
        words = _seed_words()
        seen = set(words) | _YAML_SURPRISES
        while len(words) < size:
            w = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))
            if w not in seen:
                seen.add(w)
                words.append(w)
        self.rng, self.vocab = rng, words[:size]
        self.weights = list(accumulate(1.0 / (r + 1) ** 1.05 for r in range(len(self.vocab))))

    def words(self, k: int) -> list[str]:
        return self.rng.choices(self.vocab, cum_weights=self.weights, k=k)

    def sentence(self, lo: int, hi: int) -> str:
        return " ".join(self.words(self.rng.randint(lo, hi))).capitalize() + "."

    def paragraph(self) -> str:
        return " ".join(self.sentence(8, 22) for _ in range(self.rng.randint(2, 5)))


def _q(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)  # a JSON string is a valid double-quoted YAML scalar


def _flow(values: list[str]) -> str:
    return "[" + ", ".join(values) + "]"


def _pick(rng: random.Random, keys: list[str], k: int, favourites: list[str]) -> list[str]:
    k = min(k, len(keys))
    chosen: set[str] = set()
    while len(chosen) < k:
        chosen.add(rng.choice(favourites if favourites and rng.random() < 0.75 else keys))
    return [v for v in keys if v in chosen]


def generate(root: Path, n: int, seed: int = 7) -> int:
    """Write `n` resources under root/resources and their organisations; return how many organisations."""
    rng = random.Random(seed)
    keys = vocabulary_keys()
    text = Text(rng, int(6000 * (max(n, 100) / 1000) ** 0.6))
    n_orgs = min(400, max(10, n // 25))
    (root / "organisations").mkdir(parents=True, exist_ok=True)
    profiles = []
    names: set[str] = set()
    for i in range(n_orgs):
        org_id = f"{'-'.join(text.words(2))}-{i}"[:60].strip("-")
        region = rng.choice(keys["regions"])
        name = " ".join(w.capitalize() for w in org_id.split("-")[:2]) + " " + rng.choice(_KINDS)
        if name_key(name) in names:  # organisation names must read differently (duplicate-name)
            name = f"{name} {i}"
        names.add(name_key(name))
        lines = [f"name: {_q(name)}", f"url: https://www.{org_id}.example/",
                 f"summary: {_q(text.sentence(10, 25))}", f"type: {rng.choice(keys['organisation_types'])}",
                 f"region: {region}", "maintainers:", f"  - {org_id[:30].strip('-')}-learning",
                 "description: |", "  " + text.paragraph(), "", "  " + text.paragraph()]
        if rng.random() < 0.8:
            lines.append(f"email: learning@{org_id}.example")
        if rng.random() < 0.5:
            lines.append(f'charity_number: "{rng.randint(1000000, 1199999)}"')
        if i % 5 < 3:  # three in five give a logo, colour and bookings (by position: the random draws stay the same)
            lines += [f"logo: https://www.{org_id}.example/images/logo.png", f"logo_alt: {_q(name + ' logo')}",
                      f'colour: "{("#1f5f8b", "#8a1c3b", "#f2c230", "#24615a")[i % 4]}"',
                      f"bookings: https://www.{org_id}.example/schools/book", "nations: [england]"]
        (root / "organisations" / f"{org_id}.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
        (root / "resources" / org_id).mkdir(parents=True, exist_ok=True)
        profiles.append({
            "id": org_id, "licence": rng.choice(keys["licence"]), "cost": rng.choice(keys["cost"]),
            "art_forms": rng.sample(keys["art_forms"], 3), "subjects": rng.sample(keys["subjects"], 4),
            "resource_types": rng.sample(keys["resource_types"], 4),
            "languages": ["en", "cy"] if region == "wales" else ["en", "gd"] if region == "scotland" else ["en"],
        })
    start = date(2014, 1, 1)
    for i in range(n):
        p = profiles[min(int(rng.paretovariate(1.2)) - 1, n_orgs - 1) if rng.random() < 0.3 else rng.randrange(n_orgs)]
        title_words = text.words(rng.randint(3, 9))
        slug = re.sub(r"[^a-z0-9]+", "-", " ".join(title_words))[:60].strip("-") + f"-{i}"
        published = start + timedelta(days=rng.randrange(4000))
        stages = sorted(rng.sample(range(len(keys["key_stages"])), rng.choice([1, 1, 2, 2, 2, 3, 3, 4])))
        lines = [
            "---",
            f"title: {_q(' '.join(title_words).capitalize())}",
            f"url: https://www.{p['id']}.example/learning/{slug}",
            f"summary: {_q(text.sentence(12, 30))}",
            "resource_types: "
            f"{_flow(_pick(rng, keys['resource_types'], rng.choice([1, 1, 2, 2, 3]), p['resource_types']))}",
            f"key_stages: {_flow([keys['key_stages'][s] for s in stages])}",
            f"subjects: {_flow(_pick(rng, keys['subjects'], rng.choice([1, 2, 2, 3, 4]), p['subjects']))}",
            f"art_forms: {_flow(_pick(rng, keys['art_forms'], rng.choice([1, 1, 2, 3]), p['art_forms']))}",
            f"audiences: {_flow(_pick(rng, keys['audiences'], rng.choice([1, 2, 2, 3]), ['pupils', 'teachers']))}",
            f"delivery: {_flow(_pick(rng, keys['delivery'], rng.choice([1, 1, 1, 2]), ['download', 'online']))}",
            f"languages: {_flow(p['languages'] if rng.random() < 0.4 else ['en'])}",
            f"licence: {p['licence'] if rng.random() < 0.9 else rng.choice(keys['licence'])}",
            f"cost: {p['cost'] if rng.random() < 0.85 else rng.choice(keys['cost'])}",
        ]
        if rng.random() < 0.6:
            lines.append(f"duration_minutes: {rng.choice([30, 45, 50, 60, 90, 100, 120])}")
        lines.append(f"published: {published.isoformat()}")
        if rng.random() < 0.8:
            lines.append(f"updated: {(published + timedelta(days=rng.randrange(900))).isoformat()}")
        keywords = dict.fromkeys(" ".join(text.words(rng.randint(1, 2))) for _ in range(rng.randint(3, 6)))
        lines.append(f"keywords: [{', '.join(_q(k) for k in keywords)}]")
        if rng.random() < 0.98:
            lines.append(f"accessibility: {_flow(_pick(rng, keys['accessibility'], rng.choice([1, 1, 2, 2, 3]), []))}")
        if rng.random() < 0.7:
            lines += [f"image: https://www.{p['id']}.example/images/{slug}.jpg",
                      f"image_alt: {_q(text.sentence(5, 12))}"]
        if rng.random() < 0.09:
            lines.append(f"content_guidance: {_q(text.sentence(6, 14))}")
        lines.append("---")
        body = "\n\n".join(text.paragraph() for _ in range(rng.choice([1, 2, 2, 2, 2, 3, 3, 4])))
        (root / "resources" / p["id"] / f"{slug}.md").write_text("\n".join(lines) + "\n" + body + "\n",
                                                                 encoding="utf-8")
    return n_orgs


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    print(f"{generate(Path(sys.argv[2]), int(sys.argv[1]))} organisations written to {sys.argv[2]}")
