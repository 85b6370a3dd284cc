// The reference for the search bench: a whole lunr index held in memory, queried as the engine
// means each query, with nothing taken from our shards.
// stdin: {"site": "<dir written by write_search>", "queries": ["..."],
//         "docs": "<JSON file: [{"ref": "0", "title": "...", ...}]>", "fields": [["title", 10], ...]}
//        or, instead of "docs"/"fields", "index": "<lunr JSON file>" (an index built elsewhere).
// stdout: {"reference": "lunr.js" | "file", "build_s": s, "peak_rss_mb": MB,
//          "results": {query: [[doc, score], ...] in lunr.js's order, or null for no words},
//          "plans": {query: [[term, boost], ...]}, "plan_differs": {query: {"engine": [...], "reference": [...]}}}
//
// With "docs", lunr.js builds the index the ordinary way, lunr(function () {...}), from the
// same texts and field boosts as ours. Each query is parsed by the page's Engine (which words,
// which is being typed); the terms each word matches are then looked up in this index's own
// term list (the stem, and for the word being typed every term it begins), and the query runs as
// engine.js's "whole" mode runs it: one lunr.Query with a clause per term, required words
// required, the word being typed required through its match data. The engine's own plan (from
// our shards) is only compared with, and any difference reported in "plan_differs".
import fs from 'node:fs';
import path from 'node:path';
import lunr from 'lunr';
import { Engine } from '../../../src/oerbank/assets/search/engine.js';

const PREFIX_BOOST = 0.5;  // as the engine: a longer word the typed word begins counts for half

const input = JSON.parse(fs.readFileSync(0, 'utf8'));
const read = (p) => JSON.parse(fs.readFileSync(path.join(input.site, 'search', p), 'utf8'));

function lowerBound(list, term) {
  let lo = 0, hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid] < term) { lo = mid + 1; } else { hi = mid; }
  }
  return lo;
}

(async () => {
  const t0 = process.hrtime.bigint();
  let index, reference;
  if (input.docs) {
    const docs = JSON.parse(fs.readFileSync(input.docs, 'utf8'));
    index = lunr(function () {
      this.ref('ref');
      input.fields.forEach(([name, boost]) => this.field(name, { boost }));
      for (let i = 0; i < docs.length; i++) { this.add(docs[i]); docs[i] = null; }
    });
    reference = 'lunr.js';
  } else {
    index = lunr.Index.load(JSON.parse(fs.readFileSync(input.index, 'utf8')));
    reference = 'file';
  }
  const buildS = Number(process.hrtime.bigint() - t0) / 1e9;
  const terms = Object.keys(index.invertedIndex).sort();  // JavaScript's order, as the shards'

  const engine = new Engine(lunr, read('docs.json'), (p) => Promise.resolve(read(p)));
  const out = { reference, build_s: buildS, results: {}, plans: {}, plan_differs: {} };
  for (const q of input.queries) {
    const groups = engine.parse(q).filter((g) => !g.dangling);
    if (!groups.length) { out.results[q] = null; continue; }
    groups.forEach((g) => {
      g.terms = [];
      const known = g.stem !== null && Object.prototype.hasOwnProperty.call(index.invertedIndex, g.stem);
      if (known) { g.terms.push(g.stem); }
      if (g.prefix) {
        for (let i = lowerBound(terms, g.prefix); i < terms.length && terms[i].startsWith(g.prefix); i++) {
          if (terms[i] !== g.stem) { g.terms.push(terms[i]); }
        }
      }
      g.boosts = g.terms.map((t) => (g.prefix && t !== g.stem ? PREFIX_BOOST : 1));
    });
    const mine = groups.map((g) => g.terms.map((t, k) => [t, g.boosts[k]]));
    const theirs = (await engine.plan(q)).map((g) => g.terms.map((t, k) => [t, g.boosts[k]]));
    out.plans[q] = mine.flat().slice(0, 50);
    if (JSON.stringify(mine) !== JSON.stringify(theirs)) {
      out.plan_differs[q] = { engine: theirs.flat().slice(0, 50), reference: mine.flat().slice(0, 50) };
    }
    if (groups.some((g) => !g.terms.length && !g.optional)) { out.results[q] = []; continue; }
    const results = index.query((query) => groups.forEach((g) => g.terms.forEach((t, k) => query.term(t, {
      usePipeline: false, boost: g.boosts[k],
      presence: !g.prefix && !g.optional ? lunr.Query.presence.REQUIRED : lunr.Query.presence.OPTIONAL,
    }))));
    const needed = groups.filter((g) => g.prefix && !g.optional);
    out.results[q] = results
      .filter((r) => needed.every((g) => g.terms.some((t) => t in r.matchData.metadata)))
      .map((r) => [+r.ref, r.score]);
  }
  out.peak_rss_mb = Math.round(process.resourceUsage().maxRSS / 1024);
  process.stdout.write(JSON.stringify(out));
})().catch((e) => { console.error(e); process.exit(1); });
