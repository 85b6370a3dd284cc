// Runs search.js's Engine under Node on a directory written by write_search.
// stdin: {"site": "<dir>", "queries": ["..."], "all": false, "serialize": false}
// stdout: {"results": {query: [[doc, score], ...]}, "shards": {query: [n, ...]}, "index": <lunr JSON>}
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
  if (input.serialize) { out.index = engine.serialize(); }
  process.stdout.write(JSON.stringify(out));
})().catch((e) => { console.error(e); process.exit(1); });
