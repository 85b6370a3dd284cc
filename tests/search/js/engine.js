// Runs search.js's Engine under Node on a directory written by write_search.
// stdin: {"site": "<dir>", "queries": ["..."], "all": false, "cold": false, "loaded": false,
//         "whole": "<lunr JSON file>"}
// stdout: {"results": {query: [[doc, score], ...]}, "shards": {query: [n, ...]},
//          "loaded": {term: [term index, [[doc, weight], ...]]} (what lunr.js loaded from the shards),
//          "whole": {query: [[doc, score], ...]}}
// "whole" runs each query as one lunr.Query on lunr.Index.load(that file): a clause per term
// of the engine's plan, required words required, and the word being typed required through
// its match data, as the engine means it.
'use strict';
const fs = require('fs');
const path = require('path');
const lunr = require(path.join(__dirname, '..', '..', '..', 'node_modules', 'lunr'));
const { Engine } = require(path.join(__dirname, '..', '..', '..', 'src', 'oerbank', 'assets', 'search.js'));

const input = JSON.parse(fs.readFileSync(0, 'utf8'));
const read = (p) => JSON.parse(fs.readFileSync(path.join(input.site, 'search', p), 'utf8'));
const getJSON = (p) => Promise.resolve(read(p));

(async () => {
  const manifest = read('docs.json');
  const out = { results: {}, shards: {} };
  const fresh = () => new Engine(lunr, manifest, getJSON);
  let engine = fresh();
  if (input.all) {
    await Promise.all(manifest.shards.map((_, n) => engine.loadShard(n)));
  }
  for (const q of input.queries || []) {
    if (input.cold) { engine = fresh(); }
    const r = await engine.search(q);
    out.results[q] = r && r.map((x) => [x.doc, x.score]);
    out.shards[q] = engine.loadedShards();
  }
  if (input.loaded) { out.loaded = engine.loaded(); }
  if (input.whole) {
    const index = lunr.Index.load(JSON.parse(fs.readFileSync(input.whole, 'utf8')));
    out.whole = {};
    for (const q of input.queries || []) {
      const groups = await engine.plan(q);
      if (!groups.length) { out.whole[q] = null; continue; }
      if (groups.some((g) => !g.terms.length && !g.optional)) { out.whole[q] = []; continue; }
      const results = index.query((query) => groups.forEach((g) => g.terms.forEach((t, k) => query.term(t, {
        usePipeline: false, boost: g.boosts[k],
        presence: !g.prefix && !g.optional ? lunr.Query.presence.REQUIRED : lunr.Query.presence.OPTIONAL,
      }))));
      const needed = groups.filter((g) => g.prefix && !g.optional);
      out.whole[q] = results
        .filter((r) => needed.every((g) => g.terms.some((t) => t in r.matchData.metadata)))
        .map((r) => [+r.ref, r.score]);
    }
  }
  process.stdout.write(JSON.stringify(out));
})().catch((e) => { console.error(e); process.exit(1); });
