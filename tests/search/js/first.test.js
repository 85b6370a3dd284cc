// The search page's first module (src/oerbank/assets/search/first.js): lunr.js's text pipeline as
// the page uses it instead of lunr.min.js, and the index shards it asks for before the engine runs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import lunr from 'lunr';
import { Engine } from '../../../src/oerbank/assets/search/engine.js';
import { firstSearch, wordShards, words } from '../../../src/oerbank/assets/search/first.js';
import { openSite } from './sites.js';

// Every word form the Oak fixture's index knows (terms/<letter>.json), and a few made to trip a stemmer.
async function wordForms() {
  const site = openSite('oak'), forms = new Set(['Yesterday', 'skies', 'relational', 'hopping', "teachers'",
    '--drums--', 'A-level', 'café', 'ÉTUDE', '3d', 'agreed', 'conditional', 'sensibility', 'yelling']);
  for (const c of site.manifest.spelling) {
    const list = await site.getJSON('terms/' + c + '.json');
    list.terms.forEach((t, i) => { forms.add(t); (list.words[i] || '').split('|').filter(Boolean).forEach((w) => forms.add(w)); });
  }
  return [...forms];
}

test("the page's words are read as lunr.js 2.3.9 reads them: tokens, trimming, stems and stop words", async () => {
  const forms = await wordForms();
  assert.ok(forms.length > 1000, 'the Oak fixture should give a thousand words and more');
  const text = forms.join(' ');
  assert.deepEqual(words.tokenizer(text).map(String), lunr.tokenizer(text).map(String));
  for (const w of forms.concat(['the', 'and', 'would', 'x'])) {
    const trimmed = words.trimmer(new words.Token(w)).toString();
    assert.equal(trimmed, lunr.trimmer(new lunr.Token(w)).toString(), w);
    assert.equal(words.stemmer(new words.Token(trimmed)).toString(), lunr.stemmer(new lunr.Token(trimmed)).toString(), w);
    assert.equal(!words.stopWordFilter(new words.Token(trimmed)), !lunr.stopWordFilter(new lunr.Token(trimmed)), w);
  }
});

// The shards the engine asks for to answer `q` on the Oak fixture (more than one shard).
async function engineShards(q) {
  const site = openSite('oak');
  await new Engine(lunr, site.manifest, site.getJSON).search(q);
  return site.requested.filter((p) => p.startsWith('index/')).map((p) => +/\d+/.exec(p)[0]).sort((a, b) => a - b);
}

test("the shards asked for first are the ones the engine reads the address's words with", async () => {
  const { manifest } = openSite('oak');
  assert.ok(manifest.shards.length >= 2);
  for (const q of ['music', 'music ', 'rivers and coasts', 'Victorian ', 'earthquakes volcanoes', 'the']) {
    const early = wordShards(words, manifest.shards, q).sort((a, b) => a - b);
    assert.ok(early.length, q);
    assert.deepEqual(early, await engineShards(q), q);
  }
  // A phrase of the synonyms vocabulary ("year 4": key stage 2) is the engine's to read: the words
  // asked for first are a part of what it needs, never more.
  const engine = await engineShards('year 4 singing ');
  wordShards(words, manifest.shards, 'year 4 singing ').forEach((n) => assert.ok(engine.includes(n), String(n)));
  assert.deepEqual(wordShards(words, manifest.shards, ''), []);
  assert.deepEqual(wordShards(words, [], 'music'), []);
});

test('under Node, where there is no page, nothing is asked for', () => {
  assert.equal(firstSearch(), null);
});
