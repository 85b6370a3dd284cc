import fs from 'node:fs';
import path from 'node:path';
import lunr from 'lunr';
import { Engine, Facets } from '../../../src/oerbank/assets/search/engine.js';
const folder = process.argv[2];
const read = (p) => JSON.parse(fs.readFileSync(path.join(folder, 'search', p), 'utf8'));
const getJSON = (p) => Promise.resolve(read(p));
const manifest = read('docs.json');
const e = new Engine(lunr, manifest, getJSON), f = Facets(manifest, getJSON);
for (const q of process.argv.slice(3)) {
  const r = await e.search(q);
  const rows = r ? await f.rows(r.slice(0, 6).map((d) => d.doc)) : [];
  console.log(JSON.stringify(q), r && r.length, r && JSON.stringify({ all: r.allWords, d: r.dropped, c: r.corrected, s: r.suggestion }), rows.map((x) => x[1]).join(' | '));
}
