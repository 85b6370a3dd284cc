// A search in the address (/search/?q=masks&key_stage=ks2&sort=newest&nation=wales), to share,
// reload and step back through. A state is {q, filters: {param: [key, ...]}, sort, nation}.

export const SORTS = { relevance: 'Best match', newest: 'Newest first', title: 'Title (A to Z)' };
export const BURST_MS = 1000;  // keystrokes closer than this share one history entry

// Known values only, each once (a facet whose values have not arrived yet keeps none).
export function readState(search, facets) {
  const params = new URLSearchParams(search), filters = {};
  facets.forEach((f) => {
    const known = new Set((f.values || []).map((v) => v[0]));
    const keys = params.getAll(f.param).filter((k, i, a) => known.has(k) && a.indexOf(k) === i);
    if (keys.length) { filters[f.param] = keys; }
  });
  const sort = params.get('sort');
  const state = { q: params.get('q') || '', filters, sort: Object.prototype.hasOwnProperty.call(SORTS, sort) ? sort : 'relevance' };
  if (params.get('nation')) { state.nation = params.get('nation'); }
  return state;
}

// location: {pathname, hash}
export function stateURL(state, facets, location) {
  const params = new URLSearchParams();
  if (state.q) { params.append('q', state.q); }
  facets.forEach((f) => (state.filters[f.param] || []).forEach((k) => params.append(f.param, k)));
  if (state.sort !== 'relevance') { params.append('sort', state.sort); }
  if (state.nation) { params.append('nation', state.nation); }
  const s = params.toString();
  return location.pathname + (s ? '?' + s : '') + location.hash;
}

export function copyState(state) {
  return JSON.parse(JSON.stringify(state));
}

export function withFilter(state, param, key, on) {
  const sel = (state.filters[param] || []).filter((k) => k !== key);
  if (on) { sel.push(key); }
  const filters = Object.assign({}, state.filters);
  if (sel.length) { filters[param] = sel; } else { delete filters[param]; }
  return Object.assign({}, state, { filters });
}

// The hint's words out of the query, its value ticked.
export function withHint(state, hint) {
  const next = withFilter(state, hint.facet.param, hint.key, true);
  next.q = withoutWords(state.q, hint.words);
  return next;
}

// Without the first place `words` appear as whole words.
export function withoutWords(q, words) {
  const pattern = words.split(' ').map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^a-z0-9]+');
  return q.replace(new RegExp('(^|[^a-z0-9])' + pattern + '(?=$|[^a-z0-9])', 'i'), '$1').replace(/\s+/g, ' ').trim();
}

// Push a history entry, replace it (keystrokes within BURST_MS of the last, typedAt), or nothing.
export function historyStep(url, currentURL, how, now, typedAt) {
  if (url === currentURL) { return { action: null, typedAt }; }
  const action = how === 'typing' && now - typedAt < BURST_MS ? 'replaceState' : 'pushState';
  return { action, typedAt: how === 'typing' ? now : 0 };
}

// Whole words of a query, lower case.
function wordsOf(q) {
  return (q || '').toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

// Whether two queries have a word in common: "music drums" refines "music"; "monologues" is a new query.
export function sharesWords(q, other) {
  const mine = new Set(wordsOf(q));
  return wordsOf(other).some((w) => mine.has(w));
}

// The state without these filter values ({param: [key, ...]}).
export function withoutFilters(state, remove) {
  let next = Object.assign({}, state, { filters: Object.assign({}, state.filters) });
  Object.keys(remove || {}).forEach((param) => (remove[param] || []).forEach((key) => {
    next = withFilter(next, param, key, false);
  }));
  return next;
}

// Whether the address names a filter (the filters' values are then needed before the first results).
export function namesFilters(search, facets) {
  const params = new URLSearchParams(search);
  return facets.some((f) => params.has(f.param));
}
