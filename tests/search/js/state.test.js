// The search's address (src/oerbank/assets/search/state.js): what a shared, reloaded or
// back-stepped search link holds.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BURST_MS, historyStep, readState, sharesWords, stateURL, withFilter, withHint, withoutFilters, withoutWords } from '../../../src/oerbank/assets/search/state.js';

const FACETS = [
  { param: 'key_stage', values: [['ks1', 'Key Stage 1'], ['ks2', 'Key Stage 2']] },
  { param: 'cost', values: [['free', 'Free'], ['paid', 'Paid']] },
];
const PAGE = { pathname: '/search/', hash: '' };

test('a search link gives back its words, filters and sort', () => {
  assert.deepEqual(readState('?q=sea+shanty&cost=free&key_stage=ks2&key_stage=ks1&sort=title', FACETS),
    { q: 'sea shanty', filters: { key_stage: ['ks2', 'ks1'], cost: ['free'] }, sort: 'title' });
  assert.deepEqual(readState('', FACETS), { q: '', filters: {}, sort: 'relevance' });
});

test('unknown filter values, repeats and sorts in a link are ignored', () => {
  assert.deepEqual(readState('?key_stage=ks9&key_stage=ks1&key_stage=ks1&region=wales&sort=oldest', FACETS),
    { q: '', filters: { key_stage: ['ks1'] }, sort: 'relevance' });
  assert.equal(readState('?sort=constructor', FACETS).sort, 'relevance');
  assert.equal(readState('?sort=__proto__', FACETS).sort, 'relevance');
});

test('the address of a search lists filters in the facets\' order and leaves out defaults', () => {
  const state = { q: 'sea shanty & more', filters: { cost: ['paid'], key_stage: ['ks2', 'ks1'] }, sort: 'relevance' };
  const url = stateURL(state, FACETS, PAGE);
  assert.equal(url, '/search/?q=sea+shanty+%26+more&key_stage=ks2&key_stage=ks1&cost=paid');
  assert.deepEqual(readState(url.slice('/search/'.length), FACETS), state);
  assert.equal(stateURL({ q: '', filters: {}, sort: 'newest' }, FACETS, { pathname: '/s/', hash: '#oer-results-title' }),
    '/s/?sort=newest#oer-results-title');
  assert.equal(stateURL({ q: '', filters: {}, sort: 'relevance' }, FACETS, PAGE), '/search/');
});

test('ticking and unticking a value gives a new state and leaves the old one alone', () => {
  const before = { q: 'sea', filters: { cost: ['free'] }, sort: 'title' };
  const ticked = withFilter(before, 'key_stage', 'ks2', true);
  assert.deepEqual(ticked, { q: 'sea', filters: { cost: ['free'], key_stage: ['ks2'] }, sort: 'title' });
  assert.deepEqual(before, { q: 'sea', filters: { cost: ['free'] }, sort: 'title' });
  assert.deepEqual(withFilter(ticked, 'key_stage', 'ks2', true).filters.key_stage, ['ks2']);  // once only
  assert.deepEqual(withFilter(ticked, 'cost', 'free', false).filters, { key_stage: ['ks2'] });
});

test('using a hint takes its words out of the query and ticks its value', () => {
  const hint = { facet: FACETS[0], key: 'ks2', words: 'key stage 2' };
  assert.deepEqual(withHint({ q: 'Key Stage 2 drama', filters: {}, sort: 'relevance' }, hint),
    { q: 'drama', filters: { key_stage: ['ks2'] }, sort: 'relevance' });
});

test('only whole words are taken out of a query', () => {
  assert.equal(withoutWords('music for KS2', 'ks2'), 'music for');
  assert.equal(withoutWords('ks22 ks2 music', 'ks2'), 'ks22 music');
  assert.equal(withoutWords('key-stage 2, drama', 'key stage 2'), ', drama');
  assert.equal(withoutWords('ab axb', 'a.b'), 'ab axb');  // the words are text, not a pattern
});

test('typing a word is one step back; other changes are a step each', () => {
  const t = 100000;
  let step = historyStep('/search/?q=m', '/search/', 'typing', t, 0);
  assert.deepEqual(step, { action: 'pushState', typedAt: t });
  step = historyStep('/search/?q=ma', '/search/?q=m', 'typing', t + BURST_MS - 1, step.typedAt);
  assert.deepEqual(step, { action: 'replaceState', typedAt: t + BURST_MS - 1 });
  step = historyStep('/search/?q=mas', '/search/?q=ma', 'typing', t + 3 * BURST_MS, step.typedAt);
  assert.equal(step.action, 'pushState');  // a pause starts a new step
  step = historyStep('/search/?q=mas&cost=free', '/search/?q=mas', 'filter', t + 3 * BURST_MS + 1, step.typedAt);
  assert.deepEqual(step, { action: 'pushState', typedAt: 0 });
  assert.deepEqual(historyStep('/search/?q=mas', '/search/?q=mas', 'submit', t, 5), { action: null, typedAt: 5 });
});

test('the nation a teacher chose is kept in the address', () => {
  const state = readState('?q=masks&nation=scotland', FACETS);
  assert.equal(state.nation, 'scotland');
  assert.equal(stateURL(state, FACETS, { pathname: '/search/', hash: '' }), '/search/?q=masks&nation=scotland');
  assert.equal(readState('?q=masks', FACETS).nation, undefined);
});

test('the nation comes from the address, else from what the browser remembered', async () => {
  const { chooseNation, remember, remembered } = await import('../../../src/oerbank/assets/search/nation.js');
  const nations = [{ key: 'england' }, { key: 'scotland' }, { key: 'wales' }];
  assert.equal(chooseNation('wales', 'scotland', nations), 'wales');
  assert.equal(chooseNation('', 'scotland', nations), 'scotland');
  assert.equal(chooseNation('atlantis', 'atlantis', nations), '');
  const store = new Map();
  const storage = { getItem: (k) => store.get(k) || null, setItem: (k, v) => store.set(k, v) };
  remember(storage, 'scotland');
  assert.equal(remembered(storage), 'scotland');
  const refusing = { getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('denied'); } };
  remember(refusing, 'wales');
  assert.equal(remembered(refusing), '');
});

test('a query that keeps a word refines the last one; one that keeps none is new', () => {
  assert.equal(sharesWords('music drums', 'music'), true);
  assert.equal(sharesWords('Music', 'music'), true);
  assert.equal(sharesWords('monologues', 'music'), false);
  assert.equal(sharesWords('key stage 3 art', 'music'), false);
  assert.equal(sharesWords('anything', ''), false);
  assert.equal(sharesWords('musical', 'music'), false);  // whole words only
});

test('the filters the site added come off, the others stay', () => {
  const state = { q: 'monologues', filters: { key_stage: ['ks2', 'ks3'], cost: ['free'] }, sort: 'relevance' };
  assert.deepEqual(withoutFilters(state, { key_stage: ['ks2'] }),
    { q: 'monologues', filters: { key_stage: ['ks3'], cost: ['free'] }, sort: 'relevance' });
  assert.deepEqual(withoutFilters(state, { cost: ['free'] }).filters, { key_stage: ['ks2', 'ks3'] });
  assert.deepEqual(state.filters, { key_stage: ['ks2', 'ks3'], cost: ['free'] });  // not changed in place
});
