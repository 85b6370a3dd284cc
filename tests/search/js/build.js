// Builds a lunr.js index the ordinary way, lunr(function () {...}), and prints its JSON.
// stdin: {"fields": [["title", 10], ...], "docs": [{"ref": "0", "title": "...", ...}]}
'use strict';
const fs = require('fs');
const path = require('path');
const lunr = require(path.join(__dirname, '..', '..', '..', 'node_modules', 'lunr'));

const input = JSON.parse(fs.readFileSync(0, 'utf8'));
const idx = lunr(function () {
  this.ref('ref');
  input.fields.forEach(([name, boost]) => this.field(name, { boost }));
  input.docs.forEach((d) => this.add(d));
});
process.stdout.write(JSON.stringify(idx));
