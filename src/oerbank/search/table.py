"""The document table: facet columns every search needs, and display rows fetched a few at a time.

Facet counts need every document's facet values, so those are loaded up front, but compactly:
a column per facet holding, for each document, the number of its combination of values
(documents share combinations, and a column of small numbers gzips well). Labels come from
the vocabularies. What a result shows (title, summary, link) is only needed for the results
on screen, so it lives in small chunks of consecutive documents.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any, Iterable

from ..curriculum import NATIONS, load_curriculum
from ..render.format import cost_text, duration
from ..schema import Schema, load_schema
from ..stages import ENGLAND, stages_of
from .documents import SearchDoc


@dataclass(frozen=True)
class Facet:
    name: str  # the record field, e.g. "key_stages"
    param: str  # its URL parameter, e.g. "key_stage"
    title: str
    vocabulary: str | None
    nation: str | None = None  # a stage facet ("stages:<nation>", shown to who teaches there) or a curriculum one


def facets(schema: Schema | None = None) -> list[Facet]:
    """The filters, in the order the page shows them."""
    schema = schema or load_schema()
    out = []
    for name in ("key_stages", "subjects", "art_forms", "resource_types", "cost", "licence", "delivery",
                 "audiences", "accessibility", "languages"):
        f = schema.resources.field(name)
        assert f is not None, name
        vocab = schema.vocabulary_for(f)
        out.append(Facet(name, f.item_name, vocab.title if vocab else f.title, f.vocabulary))
        if name == "key_stages":
            out.extend(stage_facets(schema))
    for nation, label in NATIONS.items():
        param = "curriculum_" + nation.replace("-", "_")
        out.append(Facet(param, param, f"Curriculum: {label}", "curriculum", nation))
    org = schema.resources.field("organisation")
    region = schema.organisations.field("region")
    assert org is not None and region is not None
    out.append(Facet("organisation", "organisation", org.title, None))
    out.append(Facet("region", "region", region.title, region.vocabulary))
    return out


def stage_facets(schema: Schema) -> list[Facet]:
    """Each nation's stages, worked out from the key stages (England's are the key stages themselves)."""
    stages = stages_of(schema)
    return [Facet(f"stages:{n.key}", n.param, n.stage_title, None, n.key) for n in stages.nations if n.key != ENGLAND]


def _as_list(value: Any) -> list[str]:
    if value is None or value == "":
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def _ordered_values(used: set[str], order: list[str]) -> list[str]:
    """Vocabulary order first; anything else (there should be nothing) after, sorted."""
    known = [k for k in order if k in used]
    return known + sorted(used - set(known))


def _column(values_per_doc: list[list[str]], order: list[str], labels: dict[str, str | None]) -> dict[str, Any]:
    """Values with labels, their combinations (most common first, so most documents get a
    one-character number), and each document's combination number."""
    used = {v for vs in values_per_doc for v in vs}
    keys = _ordered_values(used, order)
    pos = {k: i for i, k in enumerate(keys)}
    combos = [tuple(sorted({pos[v] for v in vs})) for vs in values_per_doc]
    ranked = [c for c, _ in Counter(combos).most_common()]
    number = {c: i for i, c in enumerate(ranked)}
    return {
        "values": [[k, labels.get(k)] for k in keys],
        "sets": [list(c) for c in ranked],
        "docs": [number[c] for c in combos],
    }


def facet_columns(docs: list[SearchDoc], organisations: Iterable[Any],
                  schema: Schema | None = None) -> list[dict[str, Any]]:
    """One column per facet: its values with labels, its value combinations, and each document's combination."""
    schema = schema or load_schema()
    orgs = {o.data["id"]: o.data for o in organisations}
    out = []
    org_column: dict[str, Any] | None = None
    for facet in facets(schema):
        head = {"name": facet.name, "param": facet.param, "title": facet.title}
        if facet.name == "region":
            # Derived from the organisation column: a combination per organisation value.
            assert org_column is not None
            vocab = schema.vocabularies[facet.vocabulary or "regions"]
            regions = [_as_list(orgs.get(k, {}).get("region")) for k, _ in org_column["values"]]
            col = _column(regions, vocab.keys, {t.key: t.label for t in vocab.terms})
            col["from"] = "organisation"
            col["map"] = col.pop("docs")
            out.append(head | col)
            continue
        if facet.name.startswith("stages:"):
            nation, stages = facet.name.removeprefix("stages:"), stages_of(schema)
            col = _column([[s.key for s in stages.for_key_stages(_as_list(d.data.get("key_stages")), nation)]
                           for d in docs], [s.key for s in stages.of(nation)],
                          {s.key: s.label for s in stages.of(nation)})
            out.append(head | {"nation": nation} | col)
            continue
        if facet.name == "key_stages":
            head["nation"] = ENGLAND
        if facet.name == "organisation":
            ids = sorted({d.data["organisation"] for d in docs},
                         key=lambda k: ((orgs.get(k, {}).get("name") or k).casefold(), k))
            labels = {k: orgs.get(k, {}).get("name") or k for k in ids}
            col = _column([[d.data["organisation"]] for d in docs], ids, labels)
            org_column = col
        elif facet.nation:
            statements = [st for st in load_curriculum().statements if st.nation == facet.nation]
            known = {st.id for st in statements}
            col = _column([[v for v in _as_list(d.data.get("curriculum")) if v in known] for d in docs],
                          [st.id for st in statements],
                          {st.id: f"{st.code}: {st.wording}" if st.code else st.wording for st in statements})
            if not col["values"]:
                continue  # no resource links to this nation's curriculum yet: no empty filter
        elif facet.vocabulary:
            vocab = schema.vocabularies[facet.vocabulary]
            col = _column([_as_list(d.data.get(facet.name)) for d in docs], vocab.keys,
                          {t.key: t.label for t in vocab.terms})
        else:
            # Languages have no vocabulary: the most used come first, and the browser names
            # them (Intl.DisplayNames), so no list of language names is kept here.
            values = [_as_list(d.data.get(facet.name)) for d in docs]
            used = Counter(v for vs in values for v in vs)
            col = _column(values, sorted(used, key=lambda k: (-used[k], k)), {})
        out.append(head | col)
    return out


def display_rows(docs: list[SearchDoc], organisations: Iterable[Any] = (),
                 schema: Schema | None = None) -> list[list[str]]:
    """What a result shows: [id, title, summary, types, key stages, duration, cost key, cost with price,
    organisation name].

    The card's words are written here, so the first results need neither a facet column nor the filters."""
    schema = schema or load_schema()
    v = schema.vocabularies
    names = {o.data["id"]: o.data.get("name") or o.data["id"] for o in organisations}

    def labels(vocab: str, keys: Any) -> str:
        return ", ".join(v[vocab].label(k) for k in _as_list(keys))

    return [[d.data["id"], d.data.get("title") or "", d.data.get("summary") or "",
             labels("resource_types", d.data.get("resource_types")), labels("key_stages", d.data.get("key_stages")),
             duration(d.data.get("duration_minutes")), str(d.data.get("cost") or ""),
             cost_text(labels("cost", d.data.get("cost")), d.data.get("price")),
             names.get(d.data["organisation"], d.data["organisation"])] for d in docs]


def title_ranks(docs: list[SearchDoc]) -> list[int]:
    """Each document's place in A-Z order of titles."""
    order = sorted(docs, key=lambda d: ((d.data.get("title") or "").casefold(), d.data["id"]))
    ranks = [0] * len(docs)
    for rank, d in enumerate(order):
        ranks[d.number] = rank
    return ranks
