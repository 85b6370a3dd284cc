// Where the visitor teaches: England, Scotland, Wales or Northern Ireland. It picks which stage
// facet the search shows (each nation's stages are worked out from the key stages when the site
// is built). The choice lives in the address (?nation=scotland) and in localStorage, no account.

export const STORAGE_KEY = 'oerbank.nation';

// The nation in the address if known, else the one remembered, else none ('').
export function chooseNation(fromURL, stored, nations) {
  const known = (k) => nations.some((n) => n.key === k);
  if (fromURL && known(fromURL)) { return fromURL; }
  return stored && known(stored) ? stored : '';
}

// The stage facet to show: the nation's, or England's key stages when none is chosen.
export function stageFacet(facets, nation) {
  return facets.find((f) => f.nation && f.nation === (nation || 'england')) || null;
}

// Stage facets other than the shown one are hidden; their filters no longer apply.
export function isHiddenFacet(facet, nation) {
  return !!facet.nation && facet.nation !== (nation || 'england');
}

export function remembered(storage) {
  try { return storage ? storage.getItem(STORAGE_KEY) || '' : ''; } catch (e) { return ''; }
}

export function remember(storage, nation) {
  try { if (storage) { storage.setItem(STORAGE_KEY, nation); } } catch (e) { /* private browsing: the address still has it */ }
}
