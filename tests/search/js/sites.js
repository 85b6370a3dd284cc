// The search files of the fixture catalogues (tests/search/search_sites.py), read from disk as
// the page would fetch them. pytest writes them and names the folder in OERBANK_SEARCH_SITES;
// run on its own (node --test tests/search/js), this writes them with the project's Python.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const PROJECT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

function sitesFolder() {
  if (process.env.OERBANK_SEARCH_SITES) { return process.env.OERBANK_SEARCH_SITES; }
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'oerbank-search-sites-'));
  const venv = path.join(PROJECT, '.venv', 'bin', 'python');
  const python = process.env.PYTHON || (fs.existsSync(venv) ? venv : 'python3');
  const run = spawnSync(python, [path.join(PROJECT, 'tests', 'search', 'search_sites.py'), out], { encoding: 'utf8' });
  if (run.status !== 0) {
    throw new Error('Could not write the search files with ' + python + ' (run `make setup` first):\n' + run.stderr);
  }
  process.on('exit', () => fs.rmSync(out, { recursive: true, force: true }));
  process.env.OERBANK_SEARCH_SITES = out;
  return out;
}

// {manifest, getJSON(path), requested: [paths asked for]} for the site of fixture `name`.
export function openSite(name) {
  const folder = path.join(sitesFolder(), name, 'search');
  const read = (p) => JSON.parse(fs.readFileSync(path.join(folder, p), 'utf8'));
  const requested = [];
  return {
    manifest: read('docs.json'),
    requested,
    getJSON: (p) => { requested.push(p); return Promise.resolve(read(p)); },
  };
}
