// The search engine: lunr.js scores from index shards, facet filters and counts. How it works:
// docs/architecture.md, "Search in the browser".

const MIN_PREFIX = 3;          // the word being typed matches longer words from this length
const PREFIX_BOOST = 0.5;      // ... but a whole-word match counts for more
const TERM_CACHE = 400;        // terms whose lunr.js scores are kept
const PREPARE_SHARDS = 8;      // load ahead for a word's first letters if they span no more shards
const PREPARE_POSTINGS = 150000;  // ... and score its commonest words up to this many documents
const HINT_MAX = 3;
const SYNONYM_BOOST = 0.8;     // another word for the one typed counts a little less
const TYPO_BOOST = 0.3;        // a word one or two edits from the one typed counts for much less
const TYPO_ONE = 4;            // words this long forgive one edit (a letter missing, extra, wrong or swapped)
const TYPO_TWO = 8;            // ... and this long, two
const TYPO_TERMS = 4;          // index terms a misspelt word may stand for, commonest first

import { decodeInts, jsonGetter, loadManifest, shardOf as shardIn } from './first.js';

export { decodeInts, jsonGetter, loadManifest };

const idle = typeof requestIdleCallback === 'function' ? (fn) => requestIdleCallback(fn, { timeout: 500 })
  : (fn) => setTimeout(() => fn({ timeRemaining: () => 10 }), 0);

function lowerBound(list, term) {
  let lo = 0, hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid] < term) { lo = mid + 1; } else { hi = mid; }
  }
  return lo;
}

// A shard file (a run of terms) as a serialised lunr index.
export function shardIndex(lunr, manifest, p) {
  const field = manifest.lunr.fields[0];
  const counts = decodeInts(p.counts), docs = decodeInts(p.docs), weights = decodeInts(p.weights);
  const invertedIndex = new Array(p.terms.length), vectors = new Map();
  let k = 0;
  for (let t = 0; t < p.terms.length; t++) {
    const termIndex = p.first + t, refs = {};
    let doc = 0;
    for (let j = 0; j < counts[t]; j++, k++) {
      doc += docs[k];
      refs[doc] = {};
      let elements = vectors.get(doc);
      if (!elements) { vectors.set(doc, elements = []); }
      elements.push(termIndex, weights[k] / 1000);
    }
    invertedIndex[t] = [p.terms[t], { _index: termIndex, [field]: refs }];
  }
  const fieldVectors = [];
  vectors.forEach((elements, doc) => fieldVectors.push([field + '/' + doc, elements]));
  return { version: lunr.version, fields: [field], fieldVectors, invertedIndex, pipeline: manifest.lunr.pipeline };
}

export function Engine(lunr, manifest, getJSON) {
  const postings = [], shardTerms = [], shardLoads = [];
  const shardCounts = [];          // how many documents each term is in
  let textCache = { key: null, value: null };

  function loadShard(n) {
    if (!shardLoads[n]) {
      shardLoads[n] = getJSON('index/' + n + '.json').then((p) => {
        const counts = decodeInts(p.counts), starts = new Uint32Array(counts.length);
        for (let t = 1; t < counts.length; t++) { starts[t] = starts[t - 1] + counts[t - 1]; }
        postings[n] = { docs: decodeInts(p.docs), weights: decodeInts(p.weights), starts };
        shardTerms[n] = p.terms;
        shardCounts[n] = counts;
      });
      shardLoads[n].catch(() => { shardLoads[n] = null; });
    }
    return shardLoads[n];
  }

  const shardOf = (term) => shardIn(manifest.shards, term);

  const stemOf = (word) => lunr.stemmer(new lunr.Token(word)).toString();

  // The synonyms vocabulary as runs of stems: [{stems: [...], entry}] longest first.
  const phrases = [];
  (manifest.synonyms || []).forEach(([words, stages, narrows], entry) => {
    words.forEach((w) => {
      const stems = lunr.tokenizer(w).map((t) => stemOf(lunr.trimmer(t).toString())).filter(Boolean);
      if (stems.length) { phrases.push({ stems, entry, stages, words, asking: narrows === 0 }); }
    });
  });
  phrases.sort((a, b) => b.stems.length - a.stems.length);

  // The terms a synonym entry stands for: its key stages' keys (the index holds them as words) and
  // its one-word phrases; the words typed count fully, the others a little less.
  function synonymGroup(p, typed) {
    const alts = [], boosts = [], own = new Set(typed);
    const add = (stem, boost) => {
      const k = alts.indexOf(stem);
      if (k < 0) { alts.push(stem); boosts.push(boost); } else { boosts[k] = Math.max(boosts[k], boost); }
    };
    if (typed.length === 1) { add(typed[0], 1); }
    p.stages.forEach((k) => add(stemOf(k), 1));
    if (!p.stages.length) {
      p.words.forEach((w) => {
        const stems = lunr.tokenizer(w).map((t) => stemOf(lunr.trimmer(t).toString())).filter(Boolean);
        if (stems.length === 1) { add(stems[0], own.has(stems[0]) ? 1 : SYNONYM_BOOST); }
      });
    }
    return { alts, boosts };
  }

  // A group per word, all required; the last may still be typed ("mas" finds "masks"; "pupils m": "pupils").
  // Words of the synonyms vocabulary become one group of what they mean ("year 4" is key stage 2).
  function parse(q) {
    q = q.replace(/[\u2013\u2014]/g, '-');  // "ages 7–11" as the labels print it: lunr splits words at '-' only
    const tokens = lunr.tokenizer(q), groups = [];
    const typing = q.length > 0 && !/[\s\-]$/.test(q);
    const words = tokens.map((t) => lunr.trimmer(t).toString());
    const stems = words.map((w) => (w ? stemOf(w) : ''));
    for (let i = 0; i < tokens.length; i++) {
      const word = words[i];
      if (!word) { continue; }
      const p = phrases.find((ph) => ph.stems.every((st, k) => stems[i + k] === st));
      if (p && p.asking) {
        // "lesson on", "resources for teaching": what is asked for, not what about; it orders, never narrows
        const typed = words.slice(i, i + p.stems.length).filter((w) => lunr.stopWordFilter(new lunr.Token(w)));
        const alts = typed.map(stemOf);
        groups.push({ word: words.slice(i, i + p.stems.length).join(' '), stem: null, prefix: null, optional: true,
          asking: true, alts, altBoosts: alts.map(() => 1) });
        i += p.stems.length - 1;
        continue;
      }
      if (p) {
        const typed = stems.slice(i, i + p.stems.length);
        const { alts, boosts } = synonymGroup(p, typed);
        if (alts.length) {
          groups.push({ word: words.slice(i, i + p.stems.length).join(' '), stem: null, prefix: null,
            optional: false, alts, altBoosts: boosts, stage: p.stages.length > 0 });
          i += p.stems.length - 1;
          continue;
        }
      }
      const last = typing && i === tokens.length - 1;
      const stop = !lunr.stopWordFilter(new lunr.Token(word));
      const stem = stems[i];
      if (last && word.length >= MIN_PREFIX) {
        groups.push({ word, stem: stop ? null : stem, prefix: word, optional: stop });
      } else if (last && !stop && groups.length) {
        groups.push({ word, stem, prefix: null, optional: false, dangling: true });
      } else if (!stop) {
        groups.push({ word, stem, prefix: null, optional: false });
      }
      if (last && word.length === MIN_PREFIX - 1) { groups.typing = word; }
    }
    return groups;
  }

  function shardsFor(groups) {
    const need = [];
    if (!manifest.shards.length) { return need; }
    groups.forEach((g) => {
      if (g.dangling) { return; }
      if (g.stem !== null) { need.push(shardOf(g.stem)); }
      (g.alts || []).forEach((t) => need.push(shardOf(t)));
      (g.typos || []).forEach((t) => need.push(shardOf(t)));
      if (g.prefix) {
        for (let n = shardOf(g.prefix), end = shardOf(g.prefix + '\uffff'); n <= end; n++) { need.push(n); }
      }
    });
    return need;
  }

  function has(term) {
    const list = shardTerms[shardOf(term)] || [];
    return list[lowerBound(list, term)] === term;
  }

  function candidates(g) {
    const terms = [];
    if (g.stem !== null && manifest.shards.length && has(g.stem)) { terms.push(g.stem); }
    (g.alts || []).forEach((t) => { if (manifest.shards.length && has(t) && terms.indexOf(t) < 0) { terms.push(t); } });
    (g.typos || []).forEach((t) => { if (manifest.shards.length && has(t) && terms.indexOf(t) < 0) { terms.push(t); } });
    if (g.prefix && manifest.shards.length) {
      for (let n = shardOf(g.prefix), end = shardOf(g.prefix + '\uffff'); n <= end; n++) {
        const list = shardTerms[n] || [];
        for (let i = lowerBound(list, g.prefix); i < list.length && list[i].startsWith(g.prefix); i++) {
          if (list[i] !== g.stem) { terms.push(list[i]); }
        }
      }
    }
    return terms;
  }

  // Cached: a keystroke asks lunr.js only about the words that changed.
  const termScores = new Map();

  // A one-word lunr.js query scores each document by its weight for the word (the query vector has
  // one element, of magnitude 1), so the scores are read straight from the shard's postings, as
  // lunr.Index.load(shardIndex(...)).query() would give them without building its objects.
  function scoresOf(term) {
    let scores = termScores.get(term);
    if (scores) { return scores; }
    const n = shardOf(term), list = shardTerms[n], t = lowerBound(list, term), p = postings[n];
    scores = new Map();
    if (list[t] === term) {
      let doc = 0;
      for (let k = p.starts[t], end = k + shardCounts[n][t]; k < end; k++) {
        doc += p.docs[k];
        scores.set(doc, p.weights[k] / 1000);
      }
    }
    if (termScores.size >= TERM_CACHE) { termScores.delete(termScores.keys().next().value); }
    termScores.set(term, scores);
    return scores;
  }

  function boostOf(g, t) {
    if (t === g.stem) { return 1; }
    if (g.alts && g.alts.indexOf(t) >= 0) { return g.altBoosts[g.alts.indexOf(t)]; }
    if (g.typos && g.typos.indexOf(t) >= 0) { return TYPO_BOOST; }
    return g.prefix ? PREFIX_BOOST : 1;
  }

  function plan(groups) {
    return groups.filter((g) => {
      g.terms = candidates(g);
      g.boosts = g.terms.map((t) => boostOf(g, t));
      return !g.dangling;
    });
  }

  // --- typos: index terms one edit away (two for long words), from the letter's term list ---

  const letterLoads = Object.create(null);

  function loadLetter(c) {
    if ((manifest.spelling || '').indexOf(c) < 0) { return Promise.resolve(null); }
    if (!letterLoads[c]) {
      letterLoads[c] = getJSON('terms/' + c + '.json').then((p) => ({ terms: p.terms, words: p.words, counts: decodeInts(p.counts) }));
      letterLoads[c].catch(() => { delete letterLoads[c]; });
    }
    return letterLoads[c];
  }

  // Damerau-Levenshtein (adjacent swaps count once), or max + 1 once it must exceed max.
  function distance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) { return max + 1; }
    let prev2 = null, prev = new Array(b.length + 1);
    for (let j = 0; j <= b.length; j++) { prev[j] = j; }
    for (let i = 1; i <= a.length; i++) {
      const row = new Array(b.length + 1);
      row[0] = i;
      let best = row[0];
      for (let j = 1; j <= b.length; j++) {
        const cost = a[i - 1] === b[j - 1] ? 0 : 1;
        let v = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
        if (prev2 && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) { v = Math.min(v, prev2[j - 2] + 1); }
        row[j] = v;
        if (v < best) { best = v; }
      }
      if (best > max) { return max + 1; }
      prev2 = prev;
      prev = row;
    }
    return prev[b.length];
  }

  // Words found nowhere get the index's nearest terms (same first letter); the group keeps the best as
  // its correction, shown as "Did you mean …?".
  // Words naming a filter value ("paid", "online") are not typos of other words: the page may offer them as filters.
  let valueNames = null;

  function filterWords() {
    return loadFilters(manifest, getJSON).then((facets) => {
      if (!valueNames) {
        valueNames = new Set();
        facets.forEach((f) => f.values.forEach((v) => v.forEach((name) => {
          if (typeof name === 'string') { name.toLowerCase().split(/[^a-z0-9]+/).forEach((w) => valueNames.add(w)); }
        })));
      }
      return valueNames;
    });
  }

  function forgive(groups) {
    const candidates = groups.filter((g) => !g.dangling && !g.alts && !g.optional && g.terms && !g.terms.length &&
      !g.typos && g.word.length >= TYPO_ONE && /^[a-z]/.test(g.word));
    if (!candidates.length) { return Promise.resolve(false); }
    let lost = [];
    return filterWords().then((names) => {
      lost = candidates.filter((g) => !names.has(g.word));
      return Promise.all(lost.map((g) => loadLetter(g.word[0])));
    }).then((lists) => {
      let found = false;
      lost.forEach((g, n) => {
        g.typos = [];
        const list = lists[n];
        if (!list) { return; }
        const max = g.word.length >= TYPO_TWO ? 2 : 1, near = [];
        for (let i = 0; i < list.terms.length; i++) {
          // words as written, not stems: "orators" is three edits from "oats", its stem one from theirs
          const forms = list.words[i] ? list.words[i].split('|') : [list.terms[i]];
          for (const shown of forms) {
            const d = Math.min(distance(g.word, shown, max),
              g.prefix && shown.length > g.word.length ? distance(g.word, shown.slice(0, g.word.length), max) + 0.5 : max + 1);
            if (d <= max) { near.push({ term: list.terms[i], word: shown, d, n: list.counts[i] }); break; }
          }
        }
        near.sort((a, b) => a.d - b.d || b.n - a.n);
        g.typos = near.filter((x) => x.d === near[0].d).slice(0, TYPO_TERMS).map((x) => x.term);
        if (near.length) { g.correction = near[0].word; found = true; }
      });
      return found;
    });
  }

  // [{doc, score}] best first (null: no words), as lunr.js scores the whole query:
  // sum(boost * one-term score) / sqrt(sum(boost^2)).
  function run(groups) {
    if (!groups.length) { return null; }
    groups = plan(groups);
    if (!groups.length) { return null; }
    const boost = new Map(), required = [], maps = [], dropped = [], corrected = [];
    for (const g of groups) {
      if (!g.terms.length && !g.optional) { dropped.push(g.word); continue; }
      if (g.correction && g.terms.some((t) => g.typos.indexOf(t) >= 0) && g.stem !== null && g.terms.indexOf(g.stem) < 0) {
        corrected.push([g.word, g.correction]);
      }
      g.terms.forEach((t, k) => boost.set(t, (boost.get(t) || 0) + g.boosts[k]));
      let map;
      if (g.terms.length === 1 && g.boosts[0] === 1) {
        map = scoresOf(g.terms[0]);
      } else {
        map = new Map();
        g.terms.forEach((t, k) => {
          scoresOf(t).forEach((score, doc) => map.set(doc, (map.get(doc) || 0) + g.boosts[k] * score));
        });
      }
      maps.push(map);
      if (!g.optional) {
        required.push(map);
        required.words = (required.words || []).concat([g.word]);
        if (!g.stage) { (required.topics = required.topics || []).push(map); }
      }
    }
    let norm = 0;
    boost.forEach((b) => { norm += b * b; });
    norm = Math.sqrt(norm);
    const out = [];
    const note = (o) => {
      if (!o.length && !required.length) {  // only asking words ("ideas for"), and no resource has them
        groups.forEach((g) => { if (g.asking) { dropped.push(g.word); } });
      }
      o.dropped = dropped;
      o.corrected = corrected;
      return o;
    };
    if (!norm) { return note(out); }
    const scoreOf = (doc) => {
      let score = 0;
      for (const m of maps) { score += m.get(doc) || 0; }
      return score / norm;
    };
    if (required.length) {
      const words = required.words, order = required.slice().sort((a, b) => a.size - b.size);
      order[0].forEach((_, doc) => {
        for (let r = 1; r < order.length; r++) { if (!order[r].has(doc)) { return; } }
        out.push({ doc, score: scoreOf(doc) });
      });
      out.sort((a, b) => b.score - a.score || a.doc - b.doc);
      if (!out.length && required.length > 1 && required.topics) {
        // No resource has every word: those with most of them, each word weighing its idf (a rare word
        // more than two common ones), then lunr's score; a key stage alone does not make a resource worth showing.
        const all = new Set(out.map((o) => o.doc)), more = [];
        const weight = required.map((m) => Math.log(1 + manifest.count / Math.max(m.size, 1)));
        required.topics.forEach((map) => map.forEach((_, doc) => {
          if (all.has(doc)) { return; }
          all.add(doc);
          let n = 0;
          required.forEach((m, k) => { if (m.has(doc)) { n += weight[k]; } });
          more.push({ doc, score: scoreOf(doc), n });
        }));
        more.sort((a, b) => b.n - a.n || b.score - a.score || a.doc - b.doc);
        if (more.length) {
          out.allWords = out.length;
          out.words = words;
        }
        more.forEach((m) => out.push({ doc: m.doc, score: m.score }));
      }
    } else {
      const seen = new Set();
      maps.forEach((map) => map.forEach((_, doc) => { if (!seen.has(doc)) { seen.add(doc); out.push({ doc, score: scoreOf(doc) }); } }));
      out.sort((a, b) => b.score - a.score || a.doc - b.doc);
    }
    return note(out);
  }

  function search(q) {
    const groups = parse(q);
    const key = JSON.stringify(groups);
    const load = () => Promise.all(shardsFor(groups).map(loadShard));
    const done = textCache.key === key ? Promise.resolve(textCache.value)
      : load().then(() => { plan(groups); return forgive(groups); })
        .then((found) => (found ? load() : null))
        .then(() => {
          const value = run(groups);
          if (value && value.corrected.length) { value.suggestion = suggest(q, value.corrected); }
          textCache = { key, value };
          return value;
        });
    if (groups.typing) { done.then(() => prepare(groups.typing)); }
    return done;
  }

  // While a word's first two letters are typed, score its commonest words when idle.
  let prepared = null;

  function prepare(start) {
    if (prepared === start || !manifest.shards.length) { return; }
    prepared = start;
    const from = shardOf(start), to = shardOf(start + '\uffff'), loads = [];
    if (to - from >= PREPARE_SHARDS) { return; }  // too common a start: wait for another letter
    for (let n = from; n <= to; n++) { loads.push(loadShard(n)); }
    Promise.all(loads).then(() => {
      let terms = [];
      for (let n = from; n <= to; n++) {
        const list = shardTerms[n];
        for (let i = lowerBound(list, start); i < list.length && list[i].startsWith(start); i++) {
          terms.push([list[i], shardCounts[n][i]]);
        }
      }
      terms.sort((a, b) => b[1] - a[1]);
      let budget = PREPARE_POSTINGS;
      terms = terms.filter((t) => { budget -= t[1]; return budget >= 0 || t === terms[0]; });
      const step = (deadline) => {
        while (terms.length && prepared === start && deadline.timeRemaining() > 2) { scoresOf(terms.shift()[0]); }
        if (terms.length && prepared === start) { idle(step); }
      };
      idle(step);
    }, () => {});
  }

  // The query with each misspelt word replaced by its correction.
  function suggest(q, corrected) {
    let out = q;
    corrected.forEach(([from, to]) => {
      out = out.replace(new RegExp('(^|[^a-z0-9])' + from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + '(?=$|[^a-z0-9])', 'i'), '$1' + to);
    });
    return out.trim();
  }

  return {
    search, parse, loadShard,
    // for tests
    plan: (q) => {
      const groups = parse(q);
      return Promise.all(shardsFor(groups).map(loadShard)).then(() => plan(groups));
    },
  };
}

// The filters' values, labels and combinations (filters.json), which the manifest leaves out so that
// the first results come sooner: loaded once, and added to the manifest's facets.
const filterLoads = new WeakMap();

export function loadFilters(manifest, getJSON) {
  if (!filterLoads.has(manifest)) {
    const load = getJSON('filters.json').then((data) => {
      manifest.facets.forEach((f) => Object.assign(f, data[f.param]));
      return manifest.facets;
    });
    load.catch(() => filterLoads.delete(manifest));
    filterLoads.set(manifest, load);
  }
  return filterLoads.get(manifest);
}

// Whether a facet's values have arrived (loadFilters).
export const hasValues = (facet) => Array.isArray(facet.values);

// Facets, each with a column (its set of values per document) loaded on demand; rows; order.
export function Facets(manifest, getJSON) {
  const facets = manifest.facets;
  const ready = () => loadFilters(manifest, getJSON);
  const byName = Object.create(null);
  const columns = new Map();
  const columnLoads = Object.create(null);
  let titleRanks = null;
  facets.forEach((f) => { byName[f.name] = f; });

  function loadColumn(facet) {
    if (columns.has(facet)) { return Promise.resolve(columns.get(facet)); }
    if (!columnLoads[facet.param]) {
      let p;
      if (facet.from) {
        const source = byName[facet.from];
        p = Promise.all([loadColumn(source), ready()]).then(([col]) => {
          const out = new Array(col.length);
          for (let d = 0; d < col.length; d++) { out[d] = facet.map[source.sets[col[d]][0]]; }
          return out;
        });
      } else {
        // A nation's stages come with the manifest (their names and combinations): no need to wait for the filters.
        p = Promise.all([getJSON('facets/' + facet.param + '.json'), hasValues(facet) && facet.sets ? null : ready()])
          .then(([text]) => decodeInts(text));
      }
      columnLoads[facet.param] = p.then((col) => { columns.set(facet, col); return col; });
      columnLoads[facet.param].catch(() => { delete columnLoads[facet.param]; });
    }
    return columnLoads[facet.param];
  }

  function needColumns(state) {
    return Promise.all(facets.filter((f) => (state.filters[f.param] || []).length).map(loadColumn));
  }

  // OR within a facet
  function passes(facet, selected) {
    const keys = new Set(selected), ok = new Uint8Array(facet.sets.length);
    facet.sets.forEach((set, s) => {
      if (set.some((i) => keys.has(facet.values[i][0]))) { ok[s] = 1; }
    });
    return ok;
  }

  // AND across facets; a document failing one facet only counts for it (what changing it gives).
  function filterAndCount(base, state) {
    const active = [];
    facets.forEach((f, i) => {
      const sel = state.filters[f.param];
      if (sel && sel.length) { active.push({ i, facet: f, ok: passes(f, sel), column: columns.get(f) }); }
    });
    const comboCounts = facets.map((f) => (columns.has(f) ? new Uint32Array(f.sets.length) : null));
    const loaded = facets.filter((f) => columns.has(f));
    const cols = loaded.map((f) => columns.get(f));
    const tallies = loaded.map((f) => comboCounts[facets.indexOf(f)]);
    const matches = [];
    const n = base ? base.length : manifest.count;
    for (let k = 0; k < n; k++) {
      const doc = base ? base[k].doc : k;
      let failed = -1, fails = 0;
      for (let a = 0; a < active.length; a++) {
        if (!active[a].ok[active[a].column[doc]]) {
          fails++;
          failed = a;
          if (fails > 1) { break; }
        }
      }
      if (fails === 0) {
        matches.push(base ? base[k] : { doc, score: 0 });
        for (let l = 0; l < cols.length; l++) { tallies[l][cols[l][doc]]++; }
      } else if (fails === 1) {
        comboCounts[active[failed].i][active[failed].column[doc]]++;
      }
    }
    const counts = comboCounts.map((cc, i) => {
      if (!cc) { return null; }
      const f = facets[i], values = new Uint32Array(f.values.length);
      for (let s = 0; s < cc.length; s++) {
        if (!cc[s]) { continue; }
        for (const v of f.sets[s]) { values[v] += cc[s]; }
      }
      return values;
    });
    return { matches, counts, active };
  }

  function countWithout(base, state, facet) {
    const filters = {};
    Object.keys(state.filters).forEach((p) => { if (p !== facet.param) { filters[p] = state.filters[p]; } });
    return filterAndCount(base, { filters }).matches.length;
  }

  function sortMatches(result) {
    const m = result.matches, sort = result.state.sort;
    if (sort === 'newest' || (sort === 'relevance' && !result.base)) {
      m.sort((a, b) => a.doc - b.doc);  // documents are numbered newest first
      return Promise.resolve();
    }
    if (sort === 'title') {
      return getJSON('title-order.json').then((text) => {
        const rank = titleRanks || (titleRanks = decodeInts(text));
        m.sort((a, b) => rank[a.doc] - rank[b.doc]);
      });
    }
    return Promise.resolve();  // relevance: already best first
  }

  function rows(docs) {
    const size = manifest.chunk, chunks = [];
    docs.forEach((d) => { const c = Math.floor(d / size); if (chunks.indexOf(c) < 0) { chunks.push(c); } });
    return Promise.all(chunks.map((c) => getJSON('docs/' + c + '.json'))).then((loaded) => {
      const byChunk = {};
      chunks.forEach((c, i) => { byChunk[c] = loaded[i]; });
      return docs.map((d) => byChunk[Math.floor(d / size)][d % size]);
    });
  }

  function valuesOf(facet, doc) {
    const col = facet && columns.get(facet);
    return col ? facet.sets[col[doc]] : [];
  }

  return { facets, byName, ready, loadColumn, needColumns, filterAndCount, countWithout, sortMatches, rows, valuesOf };
}

// Words naming a filter value ("ks2", "key stage 2", "free"), from the facets.
const hintWordsOf = new WeakMap();

function valueWords(facets, labelOf) {
  if (hintWordsOf.has(facets)) { return hintWordsOf.get(facets); }
  const words = [];
  facets.forEach((f) => {
    if (f.name === 'organisation' || f.from || !hasValues(f)) { return; }
    f.values.forEach((v, i) => {
      const label = labelOf(f, i).replace(/\s*\(.*\)\s*$/, '');
      [v[0], label].forEach((w) => {
        w = w.toLowerCase().replace(/[-_]/g, ' ').trim();
        if (w.length > 1) { words.push({ facet: f, key: v[0], index: i, words: w }); }
      });
    });
  });
  words.sort((a, b) => b.words.length - a.words.length);  // longest first
  if (facets.every(hasValues)) { hintWordsOf.set(facets, words); }
  return words;
}

// {facet, key, index, words} in `q` whose filter is not on
export function filterHints(q, filters, facets, labelOf) {
  let text = ' ' + q.toLowerCase().replace(/[^a-z0-9\u00c0-\u024f]+/g, ' ') + ' ';
  const found = [], at = {};
  valueWords(facets, labelOf).forEach((c) => {
    const where = c.words in at ? at[c.words] : text.indexOf(' ' + c.words + ' ');
    if (where < 0 || (filters[c.facet.param] || []).indexOf(c.key) >= 0) { return; }
    if (found.some((h) => h.facet === c.facet && h.key === c.key)) { return; }
    if (!(c.words in at)) {  // so a shorter value inside them can't match too
      at[c.words] = where;
      text = text.slice(0, where + 1) + c.words.replace(/./g, ' ') + text.slice(where + 1 + c.words.length);
    }
    found.push({ facet: c.facet, key: c.key, index: c.index, words: c.words, at: where });
  });
  found.sort((a, b) => a.at - b.at);  // in the order they were typed
  return found.slice(0, HINT_MAX);
}

const quoted = (words) => words.map((w) => '\u201c' + w + '\u201d').join(', ');

// What a search's results need said about how the words were read: {text, suggestion} or null.
export function resultNote(found) {
  if (!found || !found.length && !(found.dropped && found.dropped.length)) { return null; }
  const parts = [];
  if (found.dropped && found.dropped.length) {
    // Left out of a search that still finds something; when nothing is found, only why.
    parts.push('No resource has ' + quoted(found.dropped) + (!found.length ? '.'
      : ', so ' + (found.dropped.length === 1 ? 'it was' : 'they were') + ' left out.'));
  }
  if (found.words) {
    parts.push('No resource has all of ' + quoted(found.words) + '; showing those with most of them.');
  }
  if (!parts.length && !found.suggestion) { return null; }
  return { text: parts.join(' '), suggestion: found.suggestion || null };
}
