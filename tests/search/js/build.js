// Builds a lunr.js index the ordinary way, lunr(function () {...}), and prints its JSON.
// stdin: {"fields": [["title", 10], ...], "docs": [{"ref": "0", "title": "...", ...}]}
import fs from 'node:fs';
import lunr from 'lunr';

const input = JSON.parse(fs.readFileSync(0, 'utf8'));
const idx = lunr(function () {
  this.ref('ref');
  input.fields.forEach(([name, boost]) => this.field(name, { boost }));
  input.docs.forEach((d) => this.add(d));
});
process.stdout.write(JSON.stringify(idx));
