// The search engine (src/oerbank/assets/search/engine.js) under Node, on the search files
// Python writes for the fixture catalogues: what a teacher's words and filters find.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import lunr from 'lunr';
import { Engine, Facets, decodeInts, filterHints, jsonGetter, loadManifest, resultNote } from '../../../src/oerbank/assets/search/engine.js';
import { openSite } from './sites.js';
import { isHiddenFacet, stageFacet } from '../../../src/oerbank/assets/search/nation.js';

const labelOf = (facet, i) => facet.values[i][1] || facet.values[i][0];

function fixture(name = 'search') {
  const site = openSite(name);
  return { ...site, engine: new Engine(lunr, site.manifest, site.getJSON), facets: Facets(site.manifest, site.getJSON) };
}

// The titles of `docs`, in their order.
async function titles(f, docs) {
  return (await f.facets.rows(docs.map((d) => d.doc))).map((row) => row[1]);
}

async function find(f, q) {
  const found = await f.engine.search(q);
  return found && titles(f, found);
}

const state = (filters, sort = 'relevance') => ({ q: '', filters, sort });

test('numbers decode as oerbank.search.codec writes them', () => {
  // encode_ints([0, 1, 44, 45, 2024, 100000, 7]) in Python
  assert.deepEqual([...decodeInts('#$OQ#}OQTb-*')], [0, 1, 44, 45, 2024, 100000, 7]);
  assert.deepEqual([...decodeInts('')], []);
});

test('a title word finds its resource', async () => {
  assert.deepEqual(await find(fixture(), 'shanty'), ['Compose a Sea Shanty']);
});

test('a word only in a description is found, and found while still being typed', async () => {
  const f = fixture();
  assert.deepEqual(await find(f, 'bowline'), ['Knots and Sailors']);
  assert.deepEqual(await find(f, 'bowli'), ['Knots and Sailors']);
  // a finished word matches only itself: "bowli " is no word of any resource, and two edits from "bowline"
  assert.deepEqual(await find(f, 'bowli '), []);
  // one letter missing is forgiven
  const found = await f.engine.search('bowlne ');
  assert.deepEqual(await titles(f, found), ['Knots and Sailors']);
  assert.equal(found.suggestion, 'bowline');
});

test('every word must match; when no resource has them all, those with most of them are shown', async () => {
  const f = fixture();
  assert.deepEqual((await find(f, 'sea')).sort(), ['Compose a Sea Shanty', 'Listening to the Sea']);
  const both = await f.engine.search('sea shanty');
  assert.deepEqual(await titles(f, both), ['Compose a Sea Shanty']);
  assert.equal(both.allWords, undefined);
  // no resource has both: those with either, and the page is told so
  const none = await f.engine.search('sea puppets');
  assert.equal(none.allWords, 0);
  assert.deepEqual((await titles(f, none)).sort(), ['Compose a Sea Shanty', 'Listening to the Sea', 'Shadow Puppet Play']);
  assert.deepEqual(resultNote(none), { text: 'No resource has all of \u201csea\u201d, \u201cpuppets\u201d; showing those with most of them.', suggestion: null });
});

test('a title match ranks above a match in the description', async () => {
  // "Knots and Sailors" has the word in its title; the shanty's description says "Sailors sang"
  assert.deepEqual(await find(fixture(), 'sailors'), ['Knots and Sailors', 'Compose a Sea Shanty']);
});

test('words lunr.js stems to themselves are found: key, play, day', async () => {
  const f = fixture();
  assert.deepEqual(await find(f, 'key '), ['Masks of the Mummers']);  // "The key to a good mask"
  assert.ok((await find(f, 'play ')).includes('Shadow Puppet Play'));
  assert.ok((await find(f, 'play ')).includes('Masks of the Mummers'));  // "a short folk play"
  assert.deepEqual((await find(f, 'day ')).sort(), ['Listening to the Sea', 'Shadow Puppet Play']);
});

test('only stop words is no search; an unknown word finds nothing', async () => {
  const f = fixture();
  assert.equal(await f.engine.search('the '), null);
  assert.equal(await f.engine.search(''), null);
  const unknown = await f.engine.search('zyzzyva ');
  assert.deepEqual([...unknown], []);
  assert.deepEqual(unknown.dropped, ['zyzzyva']);
});

test('a short word just begun after others is left out until it is long enough', async () => {
  const f = fixture();
  assert.deepEqual(await find(f, 'sea s'), await find(f, 'sea'));
  assert.deepEqual(await find(f, 'sea sha'), ['Compose a Sea Shanty']);
});

test('a cold search fetches only the shards of its words', async () => {
  const f = fixture('oak');
  const shards = f.manifest.shards;
  assert.ok(shards.length >= 2, 'the oak fixture should need more than one shard');
  const found = await f.engine.search('music ');
  assert.ok(found.length > 0);
  const fetched = f.requested.filter((p) => p.startsWith('index/'));
  assert.equal(fetched.length, 1);
  const n = +/\d+/.exec(fetched[0])[0];
  assert.ok(shards[n] <= 'music' && (n + 1 === shards.length || 'music' < shards[n + 1]));
});

test('a filter keeps the resources with any of its values, and counts say what a change would give', async () => {
  const f = fixture();
  await Promise.all(f.facets.facets.map(f.facets.loadColumn));
  let result = f.facets.filterAndCount(null, state({ key_stage: ['ks1'] }));
  assert.deepEqual((await titles(f, result.matches)).sort(), ['Knots and Sailors', 'Shadow Puppet Play']);
  const count = (facet, key) => {
    const i = f.facets.facets.findIndex((x) => x.param === facet);
    return result.counts[i][f.facets.facets[i].values.findIndex((v) => v[0] === key)];
  };
  assert.equal(count('key_stage', 'ks4'), 1);  // Devising for GCSE Drama, if ticked as well
  assert.equal(count('cost', 'free'), 1);
  assert.equal(count('cost', 'paid'), 1);
  // OR within a facet, AND across facets
  result = f.facets.filterAndCount(null, state({ key_stage: ['ks1', 'ks4'], cost: ['free'] }));
  assert.deepEqual((await titles(f, result.matches)).sort(), ['Devising for GCSE Drama', 'Knots and Sailors']);
  assert.equal(count('cost', 'paid'), 1);  // what ticking "paid" as well would add
  const costs = f.facets.byName.cost;
  assert.equal(f.facets.countWithout(null, state({ key_stage: ['ks1', 'ks4'], cost: ['free'] }), costs), 3);
});

test('filters narrow the results of words', async () => {
  const f = fixture();
  await f.facets.needColumns(state({ key_stage: ['ks3'] }));
  const base = await f.engine.search('sea');
  const result = f.facets.filterAndCount(base, state({ key_stage: ['ks3'] }));
  assert.deepEqual(await titles(f, result.matches), ['Listening to the Sea']);
});

test('a first search needs neither the filters nor their columns; their values and counts follow', async () => {
  const f = fixture();
  const found = await f.engine.search('sea');
  const result = f.facets.filterAndCount(found, state({}));
  assert.deepEqual((await titles(f, result.matches)).sort(), ['Compose a Sea Shanty', 'Listening to the Sea']);
  const rows = await f.facets.rows(result.matches.map((m) => m.doc));
  assert.deepEqual(rows.map((row) => row[8]), ['Glen Chamber Orchestra', 'Glen Chamber Orchestra']);
  assert.deepEqual(f.requested.filter((p) => !p.startsWith('index/') && !p.startsWith('docs/')), []);
  // the filters arrive: their values, then each column's counts for the same results
  assert.equal(f.facets.byName.cost.values, undefined);
  await f.facets.ready();
  assert.deepEqual(f.facets.byName.cost.values.map((v) => v[0]), ['free', 'free-registration', 'paid']);
  await f.facets.loadColumn(f.facets.byName.key_stages);
  const counted = f.facets.filterAndCount(found, state({})), ks = f.facets.byName.key_stages;
  const count = (key) => counted.counts[f.facets.facets.indexOf(ks)][ks.values.findIndex((v) => v[0] === key)];
  assert.deepEqual([count('ks2'), count('ks3'), count('ks4')], [2, 1, 0]);  // both are KS2, one KS3 as well
  assert.deepEqual(f.requested.filter((p) => !p.startsWith('index/') && !p.startsWith('docs/')),
    ['filters.json', 'facets/key_stage.json']);
});

test('a nation\'s stages, which its result cards show, need no wait for the filters', async () => {
  const f = fixture();
  const scotland = f.facets.facets.find((x) => x.nation === 'scotland');
  await f.facets.loadColumn(scotland);
  const found = await f.engine.search('sea');
  const docs = f.facets.filterAndCount(found, state({})).matches.map((m) => m.doc);
  const named = docs.map((d) => f.facets.valuesOf(scotland, d).map((i) => scotland.values[i][1]));
  assert.ok(named.every((n) => n.length) && named.flat().includes('Second level (P5\u2013P7)'), JSON.stringify(named));
  assert.deepEqual(f.requested.filter((p) => !p.startsWith('index/')), ['facets/scotland_stage.json']);
});

test('results sort newest first or by title', async () => {
  const f = fixture();
  const result = f.facets.filterAndCount(null, state({}, 'newest'));
  result.state = state({}, 'newest');
  await f.facets.sortMatches(result);
  assert.deepEqual((await titles(f, result.matches)).slice(0, 2), ['Devising for GCSE Drama', 'Listening to the Sea']);
  result.state = state({}, 'title');
  await f.facets.sortMatches(result);
  const names = await titles(f, result.matches);
  assert.deepEqual(names, [...names].sort((a, b) => a.localeCompare(b)));
  assert.equal(names.length, f.manifest.count);
});

test('words naming a filter value are offered as that filter, in the order typed', async () => {
  // The facets the page shows to a visitor who has not said where they teach: England's key stages.
  const facets = (await fixture().facets.ready()).filter((f) => !isHiddenFacet(f, ''));
  const hints = filterHints('music for ks2', {}, facets, labelOf);
  assert.deepEqual(hints.map((h) => [h.facet.param, h.key]), [['subject', 'music'], ['art_form', 'music'], ['key_stage', 'ks2']]);
  assert.deepEqual(filterHints('key stage 2 drama', { subject: ['drama'] }, facets, labelOf).map((h) => [h.facet.param, h.key]),
    [['key_stage', 'ks2']]);
});

test("a nation's stage names are offered as its stage filter once the teacher has chosen it", async () => {
  const facets = (await fixture().facets.ready()).filter((f) => !isHiddenFacet(f, 'scotland'));
  assert.deepEqual(filterHints('second level drama', {}, facets, labelOf).map((h) => [h.facet.param, h.key]),
    [['scotland_stage', 'scotland-second-level'], ['subject', 'drama']]);
  assert.equal(stageFacet(fixture().facets.facets, 'scotland').param, 'scotland_stage');
  assert.equal(stageFacet(fixture().facets.facets, '').param, 'key_stage');
});

test('each search file is fetched once per build, again after a failure', async () => {
  const calls = [];
  let fail = true;
  const fetch = (url, init) => {
    calls.push([url, init]);
    const ok = !(fail && url.includes('facets'));
    return Promise.resolve({ ok, status: ok ? 200 : 503, json: () => Promise.resolve({ url }) });
  };
  const getJSON = jsonGetter(fetch, '../', 'abc123');
  await getJSON('docs/0.json');
  await getJSON('docs/0.json');
  assert.deepEqual(calls.map((c) => c[0]), ['../search/docs/0.json?v=abc123']);
  await assert.rejects(getJSON('facets/cost.json'), /search\/facets\/cost.json\?v=abc123: HTTP 503/);
  fail = false;
  assert.deepEqual(await getJSON('facets/cost.json'), { url: '../search/facets/cost.json?v=abc123' });
  await assert.rejects(loadManifest(() => Promise.resolve({ ok: false, status: 404 }), '../'),
    { message: 'search/docs.json: HTTP 404' });
  const manifestCalls = [];
  await loadManifest((url, init) => { manifestCalls.push([url, init]); return Promise.resolve({ ok: true, json: () => ({}) }); }, '../');
  assert.deepEqual(manifestCalls, [['../search/docs.json', { cache: 'no-cache' }]]);
});

test('a word being typed matches the longer words it begins, at half the weight of the word itself', async () => {
  const [group] = await fixture('oak').engine.plan('war');
  const terms = group.terms.map((t, k) => [t, group.boosts[k]]);
  assert.deepEqual(terms[0], ['war', 1]);
  assert.ok(terms.length > 1, 'the oak lessons should have longer words beginning "war"');
  for (const [term, boost] of terms.slice(1)) {
    assert.ok(term.startsWith('war') && term !== 'war', term);
    assert.equal(boost, 0.5, term);
  }
  const [finished] = await fixture('oak').engine.plan('war ');
  assert.deepEqual(finished.terms, ['war']);
});
