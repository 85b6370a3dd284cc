"""A deterministic synthetic catalogue of any size, in memory, for the search tests and scripts/bench_search.py.

The sample catalogue is too small to show what the search downloads at scale, so this makes
organisations and resources that look like real ones: words drawn from the sample
catalogue's own text with a Zipf distribution and a vocabulary that grows with the catalogue
(Heaps' law), and organisations with a house style (licence, cost, art forms, subjects), as
real ones have. The same `n` and `seed` always give the same catalogue.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import accumulate
from pathlib import Path
from typing import Any

from oerbank.schema import load_schema

_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
_SYLLABLES = ["ba", "ca", "da", "fe", "ga", "he", "ki", "lo", "ma", "ne", "po", "ra", "si", "ta", "vo",
              "wy", "ar", "el", "in", "or", "un", "ex", "st", "th", "ch", "ll", "sk", "br", "gl", "tr"]


@dataclass
class Entry:
    """A record as write_search sees it: only `.data` matters."""

    data: dict[str, Any]


@dataclass
class SyntheticCatalogue:
    organisations: list[Entry] = field(default_factory=list)
    resources: list[Entry] = field(default_factory=list)


def _seed_words() -> list[str]:
    """Words of the sample catalogue, most frequent first (or a fallback list if it is absent)."""
    counts: dict[str, int] = {}
    root = Path(__file__).resolve().parents[2] / "resources"
    for path in sorted(root.rglob("*.md")) if root.is_dir() else []:
        for w in _WORD.findall(path.read_text(encoding="utf-8", errors="replace").lower()):
            counts[w] = counts.get(w, 0) + 1
    if len(counts) < 200:
        for i, w in enumerate("the of and to a in for pupils with their on art music theatre dance museum "
                              "history school lesson make explore story play day key drawing film sound "
                              "stage gallery object learn create write poem song mask paint".split()):
            counts.setdefault(w, 1000 - i)
    return sorted(counts, key=lambda w: (-counts[w], w))


def _vocabulary(size: int, rnd: random.Random) -> list[str]:
    words = _seed_words()
    seen = set(words)
    while len(words) < size:
        w = "".join(rnd.choice(_SYLLABLES) for _ in range(rnd.randint(2, 4)))
        if w not in seen:
            seen.add(w)
            words.append(w)
    return words[:size]


def _pick(rnd: random.Random, keys: list[str], k: int, favourites: list[str]) -> list[str]:
    chosen: list[str] = []
    while len(chosen) < k:
        pool = favourites if favourites and rnd.random() < 0.75 else keys
        v = rnd.choice(pool)
        if v not in chosen:
            chosen.append(v)
    return [v for v in keys if v in chosen]


def synthetic_catalogue(n: int, seed: int = 0, organisations: int | None = None) -> SyntheticCatalogue:
    """`n` resources from `organisations` organisations (default: one per 25 resources)."""
    rnd = random.Random(seed)
    schema = load_schema()
    keys = {name: list(v.keys) for name, v in schema.vocabularies.items()}
    vocab = _vocabulary(int(8000 * (max(n, 100) / 1000) ** 0.6), rnd)
    weights = list(accumulate(1.0 / (r + 1) ** 1.05 for r in range(len(vocab))))
    cat = SyntheticCatalogue()
    n_orgs = organisations or max(8, n // 25)

    def words(k: int) -> list[str]:
        return rnd.choices(vocab, cum_weights=weights, k=k)

    profiles = []
    for i in range(n_orgs):
        name = " ".join(w.capitalize() for w in words(2)) + " " + rnd.choice(
            ["Museum", "Gallery", "Theatre", "Orchestra", "Arts Centre", "Trust", "Archive", "Festival"])
        org_id = f"org-{i:05d}"
        region = rnd.choice(keys["regions"])
        cat.organisations.append(Entry({
            "id": org_id, "name": name, "url": f"https://{org_id}.example/", "summary": " ".join(words(15)),
            "type": rnd.choice(keys["organisation_types"]), "region": region, "maintainers": [org_id],
            "description": None, "logo": None, "email": None, "wikidata": None, "charity_number": None,
            "path": f"organisations/{org_id}.yml",
        }))
        profiles.append({
            "licence": rnd.choices(keys["licence"], weights=[3, 30, 6, 8, 6, 2, 4, 2, 3][:len(keys["licence"])])[0],
            "cost": rnd.choices(keys["cost"], weights=[6, 3, 2][:len(keys["cost"])])[0],
            "art_forms": rnd.sample(keys["art_forms"], 3), "subjects": rnd.sample(keys["subjects"], 4),
            "resource_types": rnd.sample(keys["resource_types"], 4),
            "languages": ["en", "cy"] if region == "wales" else ["en", "gd"] if region == "scotland" else ["en"],
        })

    start = date(2014, 1, 1)
    for i in range(n):
        o = rnd.randrange(n_orgs)
        org, prof = cat.organisations[o].data, profiles[o]
        title_words = words(rnd.randint(3, 8))
        slug = re.sub(r"[^a-z0-9]+", "-", " ".join(title_words))[:60].strip("-") + f"-{i}"
        body_len = min(1500, int(rnd.lognormvariate(4.8, 0.6)))
        paragraphs = [" ".join(words(body_len // 2)).capitalize() + ".",
                      " ".join(words(body_len - body_len // 2)).capitalize() + "."]
        stages = sorted(rnd.sample(range(len(keys["key_stages"])), rnd.randint(1, 3)))
        languages = prof["languages"] if rnd.random() < 0.3 else ["en"]
        cat.resources.append(Entry({
            "id": f"{org['id']}/{slug}", "organisation": org["id"], "slug": slug,
            "title": " ".join(title_words).capitalize(), "url": f"https://{org['id']}.example/{slug}",
            "summary": " ".join(words(rnd.randint(12, 30))).capitalize() + ".",
            "resource_types": _pick(rnd, keys["resource_types"], rnd.randint(1, 2), prof["resource_types"]),
            "key_stages": [keys["key_stages"][s] for s in stages],
            "subjects": _pick(rnd, keys["subjects"], rnd.randint(1, 3), prof["subjects"]),
            "licence": prof["licence"] if rnd.random() < 0.9 else rnd.choice(keys["licence"]),
            "cost": prof["cost"] if rnd.random() < 0.85 else rnd.choice(keys["cost"]),
            "art_forms": _pick(rnd, keys["art_forms"], rnd.randint(1, 2), prof["art_forms"]),
            "audiences": _pick(rnd, keys["audiences"], rnd.randint(1, 2), ["pupils", "teachers"]),
            "delivery": _pick(rnd, keys["delivery"], 1, ["download", "online"]),
            "languages": languages, "duration_minutes": rnd.choice([None, 30, 45, 60, 90, 120]),
            "published": (start + timedelta(days=rnd.randrange(4400))).isoformat(), "updated": None,
            "keywords": [" ".join(words(rnd.randint(1, 2))) for _ in range(rnd.randint(2, 6))],
            "accessibility": _pick(rnd, keys["accessibility"], rnd.randint(0, 2), []),
            "image": None, "image_alt": None, "content_guidance": None,
            "body": "\n\n".join(paragraphs), "path": f"resources/{org['id']}/{slug}.md",
        }))
    return cat
