// Runs the search page's Engine (src/oerbank/assets/search/engine.js) under Node on a directory written by write_search.
// stdin: {"site": "<dir>", "queries": ["..."], "all": false, "cold": false, "loaded": false,
//         "whole": "<lunr JSON file>"}
// stdout: {"results": {query: [[doc, score], ...]}, "shards": {query: [n, ...] fetched so far},
//          "loaded": {term: [term index, [[doc, weight], ...]]} (what lunr.js loaded from the shards),
//          "whole": {query: [[doc, score], ...]}}
// "whole" runs each query as one lunr.Query on lunr.Index.load(that file): a clause per term
// of the engine's plan, required words required, and the word being typed required through
// its match data, as the engine means it.
import fs from 'node:fs';
import path from 'node:path';
import lunr from 'lunr';
import { Engine, shardIndex } from '../../../src/oerbank/assets/search/engine.js';

const input = JSON.parse(fs.readFileSync(0, 'utf8'));
const read = (p) => JSON.parse(fs.readFileSync(path.join(input.site, 'search', p), 'utf8'));
let fetched = new Set();  // the shards the engine asked for since it was made
const getJSON = (p) => {
  const shard = /^index\/(\d+)\.json$/.exec(p);
  if (shard) { fetched.add(+shard[1]); }
  return Promise.resolve(read(p));
};

// What lunr.js loads from these shards: {term: [term index, [[doc, weight], ...]]}.
function loaded(manifest, shards) {
  const field = manifest.lunr.fields[0], out = {};
  shards.forEach((n) => {
    const index = lunr.Index.load(shardIndex(lunr, manifest, read('index/' + n + '.json')));
    Object.keys(index.invertedIndex).forEach((term) => {
      const posting = index.invertedIndex[term];
      out[term] = [posting._index, Object.keys(posting[field]).map((doc) => {
        const el = index.fieldVectors[field + '/' + doc].elements;
        let i = 0;
        while (el[i] !== posting._index) { i += 2; }
        return [+doc, el[i + 1]];
      })];
    });
  });
  return out;
}

(async () => {
  const manifest = read('docs.json');
  const out = { results: {}, shards: {} };
  const fresh = () => { fetched = new Set(); return new Engine(lunr, manifest, getJSON); };
  let engine = fresh();
  if (input.all) {
    await Promise.all(manifest.shards.map((_, n) => engine.loadShard(n)));
  }
  for (const q of input.queries || []) {
    if (input.cold) { engine = fresh(); }
    const r = await engine.search(q);
    // the resources with every word; those with most of them that follow are no lunr query
    out.results[q] = r && r.slice(0, r.allWords === undefined ? r.length : r.allWords).map((x) => [x.doc, x.score]);
    out.shards[q] = [...fetched].sort((a, b) => a - b);
  }
  if (input.loaded) { out.loaded = loaded(manifest, [...fetched]); }
  if (input.whole) {
    const index = lunr.Index.load(JSON.parse(fs.readFileSync(input.whole, 'utf8')));
    out.whole = {};
    for (const q of input.queries || []) {
      const groups = await engine.plan(q);
      if (!groups.length) { out.whole[q] = null; continue; }
      if (groups.some((g) => !g.terms.length && !g.optional)) { out.whole[q] = []; continue; }
      // a group of several terms (a word being typed, or a word and its synonyms) needs any one of them
      const several = (g) => g.prefix || g.terms.length > 1;
      const results = index.query((query) => groups.forEach((g) => g.terms.forEach((t, k) => query.term(t, {
        usePipeline: false, boost: g.boosts[k],
        presence: !several(g) && !g.optional ? lunr.Query.presence.REQUIRED : lunr.Query.presence.OPTIONAL,
      }))));
      const needed = groups.filter((g) => several(g) && !g.optional);
      out.whole[q] = results
        .filter((r) => needed.every((g) => g.terms.some((t) => t in r.matchData.metadata)))
        .map((r) => [+r.ref, r.score]);
    }
  }
  process.stdout.write(JSON.stringify(out));
})().catch((e) => { console.error(e); process.exit(1); });
