// How the engine reads a teacher's words (src/oerbank/assets/search/engine.js): typos forgiven,
// the synonyms vocabulary (year groups, exams, school stages, other words for the same thing),
// and no dead ends, on the search files Python writes for the fixture catalogues.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import lunr from 'lunr';
import { Engine, Facets, resultNote } from '../../../src/oerbank/assets/search/engine.js';
import { openSite } from './sites.js';

function fixture(name = 'search') {
  const site = openSite(name);
  return { ...site, engine: new Engine(lunr, site.manifest, site.getJSON), facets: Facets(site.manifest, site.getJSON) };
}

const docs = (found) => found.map((d) => d.doc);

async function titles(f, found) {
  return (await f.facets.rows(docs(found))).map((row) => row[1]);
}

// The documents a key-stage filter keeps, from the facet data (not from the text).
async function withStages(f, stages) {
  const filters = { key_stage: stages };
  await f.facets.needColumns({ filters });
  return f.facets.filterAndCount(null, { q: '', filters, sort: 'relevance' }).matches.map((m) => m.doc).sort((a, b) => a - b);
}

test('a misspelt word finds the word it is one edit from, and the page can offer the word', async () => {
  const f = fixture('oak');
  const right = await f.engine.search('earthquakes ');
  for (const typo of ['earthqukes ', 'eartquakes ', 'earhtquakes ']) {  // a letter missing, another, two swapped
    const found = await f.engine.search(typo);
    assert.deepEqual(docs(found).sort(), docs(right).sort(), typo);
    assert.equal(found.suggestion, 'earthquakes');
    assert.deepEqual(resultNote(found), { text: '', suggestion: 'earthquakes' });
  }
});

test('long words forgive two edits, short words one, words under four letters none', async () => {
  const f = fixture('oak');
  assert.ok((await f.engine.search('eathqukes ')).length);  // two letters missing from 11
  assert.equal((await f.engine.search('eathqukes ')).suggestion, 'earthquakes');
  assert.ok((await f.engine.search('volcanos ')).length);  // one edit
  assert.deepEqual([...await f.engine.search('wrx ')], []);
});

test('a correct word is not mixed with its near misses', async () => {
  const f = fixture('oak');
  const found = await f.engine.search('migration ');
  assert.equal(found.suggestion, undefined);
  const [group] = await f.engine.plan('migration ');
  assert.deepEqual(group.terms, ['migrat']);
});

test('a year group, a Scottish primary year and "key stage 2" all find the key stage 2 resources', async () => {
  const f = fixture();
  const ks2 = await withStages(f, ['ks2']);
  for (const q of ['ks2', 'key stage 2', 'year 4', 'Year 6 ', 'P5 ', 'yr 3 ']) {
    assert.deepEqual(docs(await f.engine.search(q)).sort((a, b) => a - b), ks2, q);
  }
});

test('a key stage\'s ages as its label writes them find it: "ages 7-11", "7 to 11 year olds"', async () => {
  const f = fixture();
  const ks2 = await withStages(f, ['ks2']);
  for (const q of ['ages 7-11 ', 'Ages 7 to 11 ', '7-11 year olds ', 'ages 7\u201311 ']) {  // the label's en dash too
    assert.deepEqual(docs(await f.engine.search(q)).sort((a, b) => a - b), ks2, q);
  }
});

test('GCSE, A level and sixth form mean key stages 4 and 5; primary means 1 and 2', async () => {
  const f = fixture();
  assert.deepEqual(docs(await f.engine.search('gcse ')).sort((a, b) => a - b), await withStages(f, ['ks4']));
  assert.deepEqual(docs(await f.engine.search('a level ')).sort((a, b) => a - b), await withStages(f, ['ks5']));
  assert.deepEqual(docs(await f.engine.search('sixth form ')).sort((a, b) => a - b), await withStages(f, ['ks5']));
  assert.deepEqual(docs(await f.engine.search('primary ')).sort((a, b) => a - b), await withStages(f, ['ks1', 'ks2']));
});

test('a key stage while typing narrows the words as the filter would: "KS2 music" before Enter', async () => {
  const f = fixture();
  const typed = await f.engine.search('KS2 music');
  const filters = { key_stage: ['ks2'] };
  await f.facets.needColumns({ filters });
  const music = await f.engine.search('music');
  const filtered = f.facets.filterAndCount(music, { q: 'music', filters, sort: 'relevance' }).matches;
  assert.ok(filtered.length);
  assert.deepEqual(docs(typed).sort(), docs(filtered).sort());
  assert.equal(typed.allWords, undefined);  // every result has both
});

test('resource-type labels are words: "trip" finds the school visit, as "visit" does', async () => {
  const f = fixture();
  assert.deepEqual(await titles(f, await f.engine.search('school visit ')), ['Measuring the Rope Walk']);
  assert.deepEqual(await titles(f, await f.engine.search('trip ')), ['Measuring the Rope Walk']);
  assert.deepEqual(await titles(f, await f.engine.search('worksheet ')), ['Knots and Sailors']);
});

test('a word found nowhere is left out, and the page is told which', async () => {
  const f = fixture();
  const found = await f.engine.search('sea qqqqzz ');
  assert.deepEqual((await titles(f, found)).sort(), ['Compose a Sea Shanty', 'Listening to the Sea']);
  assert.deepEqual(found.dropped, ['qqqqzz']);
  assert.equal(resultNote(found).text, 'No resource has \u201cqqqqzz\u201d, so it was left out.');
  // Nothing found at all: the note says why, not that the word was left out of a search that found nothing.
  const none = await f.engine.search('qqqqzz ');
  assert.deepEqual([...none], []);
  assert.equal(resultNote(none).text, 'No resource has \u201cqqqqzz\u201d.');
});

test('with no resource holding every word, more words matched rank first', async () => {
  const f = fixture('oak');
  const found = await f.engine.search('volcanoes earthquakes migration ');
  assert.equal(found.allWords, 0);
  const both = docs(await f.engine.search('volcanoes earthquakes '));
  assert.ok(both.length);
  assert.deepEqual(docs(found).slice(0, both.length).sort(), both.slice().sort());
});

test('"lesson on", "resources for teaching": what is asked for never narrows the results, only orders them', async () => {
  const f = fixture('oak');
  const topic = docs(await f.engine.search('migration ')).sort((a, b) => a - b);
  assert.ok(topic.length > 3);
  for (const q of ['lesson on migration ', 'Resources for teaching migration ', 'lessons about migration ', 'ideas for migration ']) {
    const found = await f.engine.search(q);
    assert.deepEqual(docs(found).sort((a, b) => a - b), topic, q);
    assert.equal(resultNote(found), null, q);  // nothing was left out or only partly matched
  }
  // No resource has "opposition" and "lesson" and "resources": asked-for words do not make it a partial match.
  const found = await f.engine.search('resources for teaching opposition ');
  assert.equal(found.words, undefined);
  assert.ok(found.length > 0);
  // Asking words alone still find what holds them, and say so when nothing does.
  assert.ok((await f.engine.search('lessons on ')).length > 0);
  const none = await fixture().engine.search('how to teach ');  // the search fixture has no "teach"
  assert.deepEqual([...none], []);
  assert.equal(resultNote(none).text, 'No resource has \u201chow to teach\u201d.');
});
