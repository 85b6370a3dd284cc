// Loads a serialised index (built by Python) into lunr.js and runs lunr's own search on it.
// stdin: {"index": <lunr JSON>, "queries": ["key", ...]}; stdout: {query: [ref, ...]}
import fs from 'node:fs';
import lunr from 'lunr';

const input = JSON.parse(fs.readFileSync(0, 'utf8'));
const idx = lunr.Index.load(input.index);
const out = {};
input.queries.forEach((q) => { out[q] = idx.search(q).map((r) => r.ref); });
process.stdout.write(JSON.stringify(out));
