// The search page inside <div id="oer-search" data-root="../">. Contributed text is only ever
// inserted as text, never as HTML.
import { Engine, Facets, filterHints, hasValues, jsonGetter, loadManifest, resultNote } from './engine.js';
import { firstSearch } from './first.js';
import { chooseNation, isHiddenFacet, remember as rememberNation, remembered, stageFacet } from './nation.js';
import { SORTS, copyState, historyStep, namesFilters, readState, sharesWords, stateURL, withFilter, withHint,
  withoutFilters, withoutWords } from './state.js';

const PAGE = 20;               // results shown at first and added by "Show more"
const FIRST_ROWS = 5;          // shown before the rest of a page: one round of a browser's six connections, one of
                               // which the page's icon may hold
const COLLAPSED = 8;           // values shown in a long facet until it is expanded
const FIND_OVER = 20;          // more values than this: a box to find one by name
const ANNOUNCE_MS = 700;       // let typing settle before the screen reader hears the count
const NARROW = '(max-width: 51.984em)';  // phones: the filters are a drawer (search.css says the same)

// Case and accents don't matter when finding a value by name ("theatr" finds "Théâtre").
function fold(text) {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().trim();
}

// A title inside a sentence: "Curriculum: England" -> "curriculum: England"; names and "CfE level" keep their capitals.
function inSentence(title) { return /^[A-Z][a-z]/.test(title) ? title[0].toLowerCase() + title.slice(1) : title; }

function plural(n, one, many) { return n.toLocaleString('en-GB') + ' ' + (n === 1 ? one : many); }

function sorry(err) { return 'Sorry, the search could not load (' + (err && err.message ? err.message : err) + ').'; }

export function start(window, lunr) {
  const document = window.document;
  const host = document.getElementById('oer-search');
  if (!host || !lunr || !window.fetch) { return; }

  let root = host.getAttribute('data-root') || './';
  if (root.slice(-1) !== '/') { root += '/'; }

  let manifest = null, engine = null, facets = [], store = null, nations = [];
  let state = null, shown = PAGE, lastTyped = 0, lastCounts = null;
  let generation = 0;
  let current = null;
  // Filters the site ticked itself from words in a query ("KS2 music"): {filters, q}. A new query
  // drops them; ticking or unticking one by hand makes it the teacher's.
  let siteAdded = null;
  let drawerOpen = false;
  const ui = {};
  const views = new Map();       // facet -> its controls

  let languageNames = null;
  try { languageNames = new Intl.DisplayNames([document.documentElement.lang || 'en'], { type: 'language' }); } catch (e) { languageNames = null; }

  function labelOf(facet, i) {
    const v = facet.values[i];
    if (v[1]) { return v[1]; }
    if (facet.name === 'languages' && languageNames) {
      try { return languageNames.of(v[0]) || v[0]; } catch (e) { return v[0]; }
    }
    return v[0];
  }

  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    Object.keys(attrs || {}).forEach((k) => {
      if (k === 'text') { node.textContent = attrs[k]; } else if (k === 'className') { node.className = attrs[k]; } else { node.setAttribute(k, attrs[k]); }
    });
    (children || []).forEach((c) => { if (c) { node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); } });
    return node;
  }

  const here = () => window.location.pathname + window.location.search + window.location.hash;

  // What history keeps with each search besides its address: how many results were shown, where
  // the page was scrolled to, and which filters the site added, so Back from a resource returns here.
  function place(y) { return { oer: { shown, y, added: siteAdded } }; }

  function remember(how) {
    const url = stateURL(state, facets, window.location);
    const step = historyStep(url, here(), how, Date.now(), lastTyped);
    if (step.action) { window.history[step.action](place(0), '', url); }
    lastTyped = step.typedAt;
  }

  function keepPlace() {
    try { window.history.replaceState(place(window.scrollY), '', here()); } catch (e) { /* a browser refusing is harmless */ }
  }

  function restorePlace(saved) {
    shown = saved && saved.shown > PAGE ? saved.shown : PAGE;
    siteAdded = saved ? saved.added || null : null;
    return saved ? saved.y || 0 : 0;
  }

  // A new query drops the filters the site added for the last one.
  function dropSiteAdded() {
    if (!siteAdded || sharesWords(state.q, siteAdded.q)) { return; }
    state = withoutFilters(state, siteAdded.filters);
    siteAdded = null;
  }

  function forgetSiteAdded(param, key) {
    if (!siteAdded) { return; }
    siteAdded.filters = withoutFilters({ filters: siteAdded.filters }, { [param]: [key] }).filters;
    if (!Object.keys(siteAdded.filters).length) { siteAdded = null; }
  }

  function build() {
    host.textContent = '';
    host.classList.add('oer-search');
    ui.input = el('input', { id: 'oer-q', type: 'search', name: 'q', autocomplete: 'off', spellcheck: 'true',
      'aria-describedby': 'oer-q-hint' });
    // Not a second search landmark: the site header's search form already is one.
    ui.form = el('form', { className: 'oer-search__form', action: '' }, [
      el('label', { 'for': 'oer-q', className: 'oer-search__label', text: 'Search resources' }),
      el('p', { id: 'oer-q-hint', className: 'oer-search__hint', text: 'Words in titles, summaries, keywords, organisations and descriptions.' }),
      el('div', { className: 'oer-search__row' }, [ui.input, el('button', { type: 'submit', className: 'oer-search__go', text: 'Search' })])
    ]);
    ui.clear = el('button', { type: 'button', className: 'oer-search__clear', text: 'Clear all filters' });
    // On phones the filters are a drawer, closed at first (the chips above the results show what is
    // on), so the first results are on the first screen.
    ui.open = el('button', { type: 'button', className: 'oer-search__open', 'aria-expanded': 'false',
      'aria-controls': 'oer-filters', text: 'Filters' });
    ui.close = el('button', { type: 'button', className: 'oer-search__close', text: 'Close' });
    ui.showResults = el('button', { type: 'button', className: 'oer-search__show' });
    ui.filters = el('div', { className: 'oer-search__filters', id: 'oer-filters' }, [
      el('div', { className: 'oer-search__drawer-head' }, [
        el('h2', { id: 'oer-filters-title', className: 'oer-search__heading', text: 'Filter results' }), ui.close]),
      ui.clear
    ]);
    ui.filters.appendChild(nationChooser());
    // The filters' boxes are added when their values arrive, after the first results (addFacets).
    ui.foot = el('div', { className: 'oer-search__drawer-foot' }, [ui.showResults]);
    ui.filters.appendChild(ui.foot);
    ui.chips = el('ul', { className: 'oer-search__chips', 'aria-label': 'Filters on' });

    ui.sort = el('select', { id: 'oer-sort' });
    Object.keys(SORTS).forEach((k) => ui.sort.appendChild(el('option', { value: k, text: SORTS[k] })));
    ui.status = el('p', { id: 'oer-status', className: 'oer-search__status', tabindex: '-1' });
    ui.live = el('div', { className: 'oer-visually-hidden', 'aria-live': 'polite', 'aria-atomic': 'true', id: 'oer-live' });
    ui.help = el('div', { className: 'oer-search__help', hidden: 'hidden' });
    ui.hints = el('p', { className: 'oer-search__suggest', hidden: 'hidden' });
    ui.rewrite = el('p', { className: 'oer-search__rewrite', hidden: 'hidden' });
    ui.note = el('p', { className: 'oer-search__note', id: 'oer-note', hidden: 'hidden' });
    ui.list = el('ol', { className: 'oer-results', 'aria-labelledby': 'oer-results-title' });
    ui.more = el('button', { type: 'button', className: 'oer-search__more', hidden: 'hidden', text: 'Show more results' });
    ui.results = el('div', { className: 'oer-search__results' }, [
      el('h2', { id: 'oer-results-title', className: 'oer-visually-hidden', tabindex: '-1', text: 'Results' }),
      el('div', { className: 'oer-search__bar' }, [ui.status, el('div', { className: 'oer-search__sort' }, [
        el('label', { 'for': 'oer-sort', text: 'Sort by' }), ui.sort])]),
      ui.chips, ui.live, ui.rewrite, ui.note, ui.hints, ui.help, ui.list, ui.more
    ]);
    host.appendChild(ui.form);
    // About ninety filter boxes come before the results in reading order: let keyboard users jump.
    host.appendChild(el('a', { href: '#oer-results-title', className: 'oer-search__skip', text: 'Skip to results' }));
    host.appendChild(ui.open);
    host.appendChild(el('div', { className: 'oer-search__layout' }, [ui.filters, ui.results]));

    ui.open.addEventListener('click', () => drawer(true));
    ui.close.addEventListener('click', () => drawer(false));
    ui.showResults.addEventListener('click', () => { drawer(false); ui.status.focus(); });
    ui.filters.addEventListener('keydown', (e) => { if (e.key === 'Escape' && drawerOpen) { drawer(false); } });
    // Where the teacher was, kept when they follow a result (and when the page goes away).
    ui.list.addEventListener('click', (e) => { if (e.target.closest && e.target.closest('a')) { keepPlace(); } });
    window.addEventListener('pagehide', keepPlace);

    ui.form.addEventListener('submit', (e) => {
      e.preventDefault();
      state.q = ui.input.value;
      lastTyped = 0;
      dropSiteAdded();
      changed('submit');
    });
    ui.input.addEventListener('input', () => {
      state.q = ui.input.value;
      dropSiteAdded();
      changed('typing');
    });
    ui.sort.addEventListener('change', () => { state.sort = ui.sort.value; changed('sort'); });
    ui.clear.addEventListener('click', () => { state.filters = {}; siteAdded = null; changed('filter'); ui.status.focus(); });
    ui.more.addEventListener('click', () => {
      const first = shown;
      shown += PAGE;
      ui.results.setAttribute('aria-busy', 'true');  // until the added rows arrive
      render().then(() => {
        const link = ui.list.children[first] && ui.list.children[first].querySelector('a');
        if (link) { link.focus(); }
      });
    });
    window.addEventListener('popstate', (e) => {
      // An address with filters waits for their values (they follow the first results).
      const wait = !facets.every(hasValues) && namesFilters(window.location.search, facets);
      (wait ? store.ready() : Promise.resolve()).then(() => stepped(e.state), () => {});
    });

    // The site header's search box (a plain GET form) searches in place on this page.
    headerInputs().forEach((input) => {
      input.form.addEventListener('submit', (e) => {
        e.preventDefault();
        state.q = input.value;
        lastTyped = 0;
        dropSiteAdded();
        syncControls();
        changed('submit');
        ui.input.focus();
      });
    });
  }

  // Back or forward to another search of this page.
  function stepped(saved) {
    state = readState(window.location.search, facets);
    const y = restorePlace(saved && saved.oer);
    setNation(chooseNation(state.nation, remembered(storage()), nations));
    syncControls();
    update().then(() => { if (y) { window.scrollTo(0, y); } });
  }

  function storage() {
    try { return window.localStorage; } catch (e) { return null; }
  }

  // "Where do you teach?": the stage facet, and the stages on results, follow the answer.
  function nationChooser() {
    const list = el('ul', { className: 'oer-facet__values' });
    const box = el('fieldset', { className: 'oer-facet oer-nation', id: 'oer-nation' }, [el('legend', { text: 'Where do you teach?' }), list]);
    ui.nations = nations.map((n) => {
      const id = 'oer-nation-' + n.key;
      const radio = el('input', { type: 'radio', id, name: 'nation', value: n.key });
      radio.addEventListener('change', () => {
        if (!radio.checked) { return; }
        rememberNation(storage(), n.key);
        setNation(n.key);
        changed('filter');
      });
      list.appendChild(el('li', { className: 'oer-facet__value' }, [radio, el('label', { 'for': id, text: n.label })]));
      return radio;
    });
    return box;
  }

  function setNation(key) {
    if (key) { state.nation = key; } else { delete state.nation; }
    facets.forEach((f) => {
      if (isHiddenFacet(f, key)) { delete state.filters[f.param]; }
      const view = views.get(f);
      if (view && view.fieldset) { view.fieldset.hidden = isHiddenFacet(f, key); }
    });
    (ui.nations || []).forEach((r) => { r.checked = r.value === key; });
  }

  function headerInputs() {
    return Array.prototype.filter.call(document.querySelectorAll('form[role="search"] input[name="q"]'),
      (input) => !host.contains(input));
  }

  // The filters' boxes, once their values have arrived (filters.json; a nation's stages come sooner),
  // each in the manifest's order whenever it arrives.
  function addFacets() {
    facets.forEach((f, i) => {
      if (views.has(f) || !hasValues(f)) { return; }
      const after = facets.slice(i + 1).map((g) => views.get(g)).find((v) => v && v.fieldset);
      ui.filters.insertBefore(buildFacet(f), after ? after.fieldset : ui.foot);
    });
  }

  function buildFacet(f) {
    const view = { boxes: [], find: null, toggle: null, expanded: false, fieldset: null };
    views.set(f, view);
    const list = el('ul', { className: 'oer-facet__values' });
    f.values.forEach((v, i) => {
      const id = 'oer-f-' + f.param + '-' + i;
      const box = el('input', { type: 'checkbox', id, name: f.param, value: v[0] });
      const count = el('span', { className: 'oer-facet__count' });
      const item = el('li', { className: 'oer-facet__value' }, [box, el('label', { 'for': id }, [labelOf(f, i), ' ', count])]);
      box.addEventListener('change', () => {
        state = withFilter(state, f.param, v[0], box.checked);
        forgetSiteAdded(f.param, v[0]);
        changed('filter');
      });
      view.boxes.push({ box, count, item, shown: null, text: null, name: fold(labelOf(f, i)) });
      list.appendChild(item);
    });
    const fieldset = el('fieldset', { className: 'oer-facet', id: 'oer-facet-' + f.param }, [el('legend', { text: f.title })]);
    if (f.values.length > FIND_OVER) {
      // Hundreds of organisations: typing part of a name beats scrolling a list of checkboxes.
      const findId = 'oer-find-' + f.param;
      view.find = el('input', { type: 'search', id: findId, className: 'oer-facet__find', autocomplete: 'off' });
      view.find.addEventListener('input', () => paintFacet(f, lastCounts));
      view.find.addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); } });
      fieldset.appendChild(el('label', { 'for': findId, className: 'oer-facet__find-label',
        text: 'Find ' + (/^[aeiou]/i.test(f.title) ? 'an ' : 'a ') + inSentence(f.title) }));
      fieldset.appendChild(view.find);
    }
    fieldset.appendChild(list);
    if (f.values.length > COLLAPSED + 2) {
      view.toggle = el('button', { type: 'button', className: 'oer-facet__toggle', 'aria-expanded': 'false',
        'aria-controls': 'oer-facet-' + f.param });
      view.toggle.addEventListener('click', () => {
        view.expanded = !view.expanded;
        paintFacet(f, lastCounts);
      });
      fieldset.appendChild(view.toggle);
    }
    view.fieldset = fieldset;
    fieldset.hidden = isHiddenFacet(f, state.nation);
    return fieldset;
  }

  function syncControls() {
    if (ui.input.value !== state.q) { ui.input.value = state.q; }
    headerInputs().forEach((input) => { if (input.value !== state.q && document.activeElement !== input) { input.value = state.q; } });
    ui.sort.value = state.sort;
    facets.forEach((f) => {
      const sel = state.filters[f.param] || [];
      if (views.has(f)) { views.get(f).boxes.forEach((b, i) => { b.box.checked = sel.indexOf(f.values[i][0]) >= 0; }); }
    });
    ui.clear.hidden = !Object.keys(state.filters).length;
    paintChips();
  }

  function drawer(open) {
    const narrow = window.matchMedia && window.matchMedia(NARROW).matches;
    drawerOpen = open && narrow;
    host.classList.toggle('oer-search--drawer', drawerOpen);
    document.documentElement.classList.toggle('oer-drawer-open', drawerOpen);
    ui.open.setAttribute('aria-expanded', drawerOpen ? 'true' : 'false');
    if (drawerOpen) {
      ui.filters.setAttribute('role', 'dialog');
      ui.filters.setAttribute('aria-modal', 'true');
      ui.filters.setAttribute('aria-labelledby', 'oer-filters-title');
      ui.close.focus();
    } else {
      ['role', 'aria-modal', 'aria-labelledby'].forEach((a) => ui.filters.removeAttribute(a));
      if (open === false && narrow) { ui.open.focus(); }
    }
  }

  // The filters that are on, each a button that takes it off.
  function paintChips() {
    ui.chips.textContent = '';
    let n = 0;
    facets.forEach((f) => (state.filters[f.param] || []).forEach((key) => {
      const i = f.values.findIndex((v) => v[0] === key);
      const button = el('button', { type: 'button', className: 'oer-chip' }, [
        el('span', { className: 'oer-visually-hidden', text: 'Remove filter: ' + f.title + ', ' }),
        labelOf(f, i), el('span', { className: 'oer-chip__x', 'aria-hidden': 'true', text: ' \u00d7' })]);
      button.addEventListener('click', () => {
        state = withFilter(state, f.param, key, false);
        forgetSiteAdded(f.param, key);
        changed('filter');
        const next = ui.chips.querySelector('button');
        (next || ui.status).focus();
      });
      ui.chips.appendChild(el('li', {}, [button]));
      n++;
    }));
    ui.chips.hidden = !n;
    ui.open.textContent = n ? 'Filters (' + n + ' on)' : 'Filters';
  }

  function paintFacet(f, counts) {
    const view = views.get(f);
    if (!view) { return; }
    const values = counts ? counts[facets.indexOf(f)] : null;
    const sel = state.filters[f.param] || [];
    const needle = view.find ? fold(view.find.value) : '';
    let visible = 0, hidden = 0;
    view.boxes.forEach((b, i) => {
      const n = values ? values[i] : null;
      const text = n === null ? '' : '(' + n + ')';
      if (b.text !== text) { b.count.textContent = text; b.text = text; }
      const chosen = sel.indexOf(f.values[i][0]) >= 0;
      const show = needle ? chosen || b.name.indexOf(needle) >= 0
        : view.expanded || !view.toggle || chosen || (visible < COLLAPSED && (n === null || n > 0));
      if (show) { visible++; } else { hidden++; }
      if (b.shown !== show) { b.item.hidden = !show; b.shown = show; }
      b.item.classList.toggle('oer-facet__value--none', n === 0 && !chosen);
    });
    if (view.toggle) {
      view.toggle.textContent = view.expanded ? 'Show fewer' : 'Show all ' + f.values.length;
      view.toggle.setAttribute('aria-expanded', view.expanded ? 'true' : 'false');
      view.toggle.hidden = !!needle || (!view.expanded && hidden === 0);
    }
    view.fieldset.classList.toggle('oer-facet--loading', !values);
  }

  function changed(how) {
    shown = PAGE;
    remember(how);
    syncControls();
    update(how === 'submit');
  }

  // rewrite: a submitted search that finds nothing with every word may use words naming a filter value as that filter.
  function update(rewrite) {
    const gen = ++generation, snapshot = copyState(state);
    ui.results.setAttribute('aria-busy', 'true');
    return Promise.all([engine.search(snapshot.q), store.needColumns(snapshot)]).then((r) => {
      if (gen !== generation) { return; }
      if (rewrite && snapshot.q.trim() && (partial(r[0]) || !store.filterAndCount(r[0], snapshot).matches.length)) {
        return rewritten(gen, snapshot).then((found) => {
          if (gen !== generation) { return; }
          if (!found) { return show(gen, r[0], snapshot, null); }
          state = found.state;
          siteAdded = { filters: { [found.hint.facet.param]: [found.hint.key] }, q: state.q };
          window.history.replaceState(place(0), '', stateURL(state, facets, window.location));
          syncControls();
          return show(gen, found.base, copyState(state), found);
        });
      }
      return show(gen, r[0], snapshot, null);
    }).catch((err) => { if (gen === generation) { failed(err); } });
  }

  function show(gen, base, snapshot, rewrote) {
    const result = store.filterAndCount(base, snapshot);
    result.base = base;
    result.state = snapshot;
    result.rewrote = rewrote;
    current = result;
    lastCounts = result.counts;
    facets.forEach((f) => paintFacet(f, result.counts));
    return store.sortMatches(result).then(() => (gen === generation ? render() : null));
  }

  // The engine left words out or showed resources with only some of them.
  function partial(found) {
    return !!found && ((found.dropped && found.dropped.length > 0) || !!found.words);
  }

  function rewritten(gen, snapshot) {
    return store.ready().then(() => rewrittenWith(gen, snapshot));
  }

  function rewrittenWith(gen, snapshot) {
    const hints = filterHints(snapshot.q, snapshot.filters, shownFacets(), labelOf);
    const attempt = (i) => {
      if (i >= hints.length) { return Promise.resolve(null); }
      const h = hints[i], alt = withHint(snapshot, h);
      return Promise.all([engine.search(alt.q), store.needColumns(alt)]).then((r) => {
        if (gen !== generation) { return null; }
        return store.filterAndCount(r[0], alt).matches.length && !partial(r[0]) ? { state: alt, base: r[0], from: snapshot, hint: h }
          : attempt(i + 1);
      });
    };
    return attempt(0);
  }

  function recount() {
    if (!current) { return; }
    const result = store.filterAndCount(current.base, current.state);
    lastCounts = result.counts;
    facets.forEach((f) => paintFacet(f, result.counts));
  }

  function shownFacets() {
    return facets.filter((f) => !isHiddenFacet(f, state.nation));
  }

  // A result's stages in the chosen nation's words, once that column has loaded; else the key stages.
  function stagesText(keyStages, doc) {
    const f = stageFacet(facets, state.nation);
    if (!f || f.name === 'key_stages' || doc === undefined) { return keyStages; }
    const labels = store.valuesOf(f, doc).map((i) => labelOf(f, i));
    return labels.length ? labels.join(', ') : keyStages;
  }

  function render() {
    const result = current, gen = generation;
    const page = result.matches.slice(0, shown).map((m) => m.doc);
    const fill = (rows) => {
      const list = document.createDocumentFragment();
      rows.forEach((row, i) => list.appendChild(resultItem(row, page[i])));
      ui.list.textContent = '';
      ui.list.appendChild(list);
    };
    // On a slow network the top results show while the rest load: their rows are asked for
    // first, so they take the browser's first connections, and each shows as soon as it and
    // those above it have arrived.
    if (shown === PAGE && page.length > FIRST_ROWS) {
      const top = [];
      let filled = 0;
      page.slice(0, FIRST_ROWS).forEach((doc, i) => store.rows([doc]).then((rows) => {
        top[i] = rows[0];
        let n = filled;
        while (n < FIRST_ROWS && top[n]) { n++; }
        if (n > filled && gen === generation && ui.results.getAttribute('aria-busy')) {
          fill(top.slice(0, n));
          if (!filled) { describe(result); }
          filled = n;
        }
      }, () => {}));
    }
    // England's key stages are in the rows; another nation's stages need its column.
    const stages = stageFacet(facets, state.nation);
    return Promise.all([store.rows(page), stages && stages.name !== 'key_stages' ? store.loadColumn(stages) : null]).then((r) => {
      if (gen !== generation) { return; }
      fill(r[0]);
      const left = result.matches.length - shown;
      ui.more.hidden = left <= 0;
      ui.more.textContent = left <= 0 ? '' : left <= PAGE ? 'Show the last ' + plural(left, 'result', 'results')
        : 'Show ' + PAGE + ' more results (' + left.toLocaleString('en-GB') + ' not shown yet)';
      describe(result);
      ui.showResults.textContent = result.matches.length ? 'Show ' + plural(result.matches.length, 'result', 'results')
        : 'No results: change the filters';
      ui.results.removeAttribute('aria-busy');
    });
  }

  // row: [id, title, summary, types, key stages, duration, cost key, cost with price, organisation]
  // (oerbank.search.table)
  function resultItem(row, doc) {
    const id = row[0], org = row[8];
    const parts = [['types', row[3]], ['stages', stagesText(row[4], doc)], ['duration', row[5]]].filter((p) => p[1])
      .map((p) => el('span', { className: 'oer-result__' + p[0], text: p[1] }));
    if (row[7]) {
      parts.push(el('span', { className: 'oer-result__cost oer-tag oer-cost oer-cost--' +
        (/^[a-z0-9-]+$/.test(row[6]) ? row[6] : 'unknown'), text: row[7] }));
    }
    const meta = el('p', { className: 'oer-result__meta' });
    parts.forEach((part, i) => { if (i) { meta.appendChild(document.createTextNode(' \u00b7 ')); } meta.appendChild(part); });
    return el('li', { className: 'oer-result' }, [
      el('h3', { className: 'oer-result__title' }, [el('a', { href: root + 'resources/' + id + '/', text: row[1] })]),
      el('p', { className: 'oer-result__org', text: org }),
      el('p', { className: 'oer-result__summary', text: row[2] }),
      meta
    ]);
  }

  let announceTimer = null;

  function describe(result) {
    const n = result.matches.length, q = result.state.q.trim();
    let text = n ? plural(n, 'resource', 'resources') : 'No resources';
    if (q && result.base) { text += ' for \u201c' + q + '\u201d'; }
    const filters = result.active.map((a) => a.facet.title + ': ' + result.state.filters[a.facet.param].map((k) =>
      labelOf(a.facet, a.facet.values.findIndex((v) => v[0] === k))).join(' or '));
    if (filters.length) { text += ', ' + filters.join('; '); }
    ui.status.textContent = text;
    showRewrite(result.rewrote);
    showNote(result);
    showHints(result.state);
    if (!n) { showHelp(result); } else { ui.help.hidden = true; ui.help.textContent = ''; }
    clearTimeout(announceTimer);
    announceTimer = setTimeout(() => {
      const said = result.rewrote ? ui.rewrite.firstChild.textContent : '';
      ui.live.textContent = said + (n ? text : text + '. Suggestions follow.');
    }, ANNOUNCE_MS);
  }

  function showRewrite(rewrote) {
    ui.rewrite.textContent = '';
    ui.rewrite.hidden = !rewrote;
    if (!rewrote) { return; }
    const h = rewrote.hint, from = rewrote.from.q.trim(), rest = withoutWords(rewrote.from.q, h.words);
    ui.rewrite.appendChild(document.createTextNode('Nothing contains all of \u201c' + from + '\u201d, so these are the ' +
      h.facet.title.toLowerCase() + ' \u201c' + labelOf(h.facet, h.index) + '\u201d resources' +
      (rest ? ' for \u201c' + rest + '\u201d' : '') + '. '));
    const exact = el('button', { type: 'button', text: 'Search for \u201c' + from + '\u201d exactly' });
    exact.addEventListener('click', () => {
      state = copyState(rewrote.from);
      shown = PAGE;
      lastTyped = 0;
      remember('help');
      syncControls();
      update(false);
      ui.status.focus();
    });
    ui.rewrite.appendChild(exact);
  }

  // How the engine read the words: some left out, the rest not all in one resource, or a typo.
  function showNote(result) {
    const note = resultNote(result.base);
    ui.note.textContent = '';
    ui.note.hidden = !note;
    if (!note) { return; }
    if (note.text) { ui.note.appendChild(document.createTextNode(note.text + ' ')); }
    if (note.suggestion) {
      const next = Object.assign(copyState(result.state), { q: note.suggestion });
      const link = el('a', { href: stateURL(next, facets, window.location), text: note.suggestion });
      link.addEventListener('click', (e) => {
        e.preventDefault();
        state = next;
        lastTyped = 0;
        syncControls();
        changed('submit');
      });
      ui.note.appendChild(document.createTextNode('Did you mean '));
      ui.note.appendChild(link);
      ui.note.appendChild(document.createTextNode('?'));
    }
  }

  function showHints(shownState) {
    const hints = shownState.q.trim() ? filterHints(shownState.q, shownState.filters, shownFacets(), labelOf) : [];
    ui.hints.textContent = '';
    ui.hints.hidden = !hints.length;
    if (!hints.length) { return; }
    ui.hints.appendChild(document.createTextNode('Filter instead: '));
    hints.forEach((h, k) => {
      const button = el('button', { type: 'button', className: 'oer-search__suggestion',
        text: h.facet.title + ': ' + labelOf(h.facet, h.index) });
      button.addEventListener('click', () => {
        state = withHint(state, h);
        after();
      });
      if (k) { ui.hints.appendChild(document.createTextNode(' ')); }
      ui.hints.appendChild(button);
    });
  }

  function showHelp(result) {
    const shownState = result.state, items = [];
    const heading = el('h2', { className: 'oer-search__heading', id: 'oer-help-title', text: 'No resources match' });
    result.active.forEach((a) => {
      const n = store.countWithout(result.base, shownState, a.facet);
      if (!n) { return; }
      items.push(action('Remove the \u201c' + a.facet.title + '\u201d filter', n, () => {
        delete state.filters[a.facet.param];
      }));
    });
    if (result.active.length > 1) {
      const all = store.filterAndCount(result.base, { filters: {} }).matches.length;
      if (all) { items.push(action('Clear all filters', all, () => { state.filters = {}; })); }
    }
    const groups = engine.parse(shownState.q);
    if (shownState.q.trim()) {
      if (groups.length > 1) {
        groups.forEach((g) => {
          const rest = groups.filter((x) => x !== g).map((x) => x.word).join(' ');
          const li = el('li', {}, [el('button', { type: 'button', text: 'Search for \u201c' + rest + '\u201d instead' })]);
          li.firstChild.addEventListener('click', () => { state.q = rest; after(); });
          items.push(li);
        });
      }
      items.push(el('li', { text: 'Check the spelling, or try a shorter or more general word (\u201cdrama\u201d rather than \u201cplaywriting\u201d).' }));
      if (result.active.length) {  // without filters, clearing the words is starting again (below)
        items.push(action('Clear the search words', store.filterAndCount(null, shownState).matches.length, () => { state.q = ''; }));
      }
    }
    items.push(el('li', {}, [el('a', { href: window.location.pathname, text: 'Start again with all ' + plural(manifest.count, 'resource', 'resources') })]));
    ui.help.textContent = '';
    ui.help.appendChild(heading);
    ui.help.appendChild(el('p', { text: 'Try one of these:' }));
    ui.help.appendChild(el('ul', {}, items));
    ui.help.hidden = false;
  }

  function action(label, count, apply) {
    const button = el('button', { type: 'button', text: label + ' (' + plural(count, 'resource', 'resources') + ')' });
    button.addEventListener('click', () => { apply(); after(); });
    return el('li', {}, [button]);
  }

  function after() {
    lastTyped = 0;
    changed('help');
    ui.status.focus();
  }

  function failed(err) {
    ui.results.removeAttribute('aria-busy');
    ui.status.textContent = sorry(err) + ' ';
    ui.status.appendChild(el('a', { href: root, text: 'Browse the catalogue from the home page instead.' }));
  }

  // After the first results: the filters' values (their boxes, and the hints the words name), then their counts.
  function filtersArrived() {
    addFacets();
    syncControls();
    facets.forEach((f) => paintFacet(f, lastCounts));
    if (current) { showHints(current.state); }
    facets.forEach((f) => { store.loadColumn(f).then(recount, () => {}); });
  }

  // The manifest and the first index shards are on their way already when first.js ran first.
  const fetch = window.fetch.bind(window);
  const first = firstSearch() || { manifest: loadManifest(fetch, root) };
  const ready = first.manifest.then((m) => Promise.all([m, first.getJSON || jsonGetter(fetch, root, m.build)])).then(([m, getJSON]) => {
    manifest = m;
    engine = new Engine(lunr, m, getJSON);
    store = Facets(m, getJSON);
    facets = store.facets;
    nations = m.nations || [];
    // A shared link with filters needs their values before its first results; one without, after.
    return namesFilters(window.location.search, facets) ? store.ready() : null;
  }).then(() => {
    state = readState(window.location.search, facets);
    const nation = chooseNation(state.nation, remembered(storage()), nations);
    if (nation) { state.nation = nation; } else { delete state.nation; }
    if ('scrollRestoration' in window.history) { window.history.scrollRestoration = 'manual'; }
    const y = restorePlace(window.history.state && window.history.state.oer);
    build();
    addFacets();
    setNation(nation);
    if (nation) { window.history.replaceState(window.history.state, '', stateURL(state, facets, window.location)); }
    syncControls();
    facets.forEach((f) => paintFacet(f, null));
    return update(!y).then(() => {
      if (y) { window.scrollTo(0, y); }
      return store.ready().then(filtersArrived, () => {});
    });
  }).catch((err) => {
    host.textContent = '';
    host.appendChild(el('p', { className: 'oer-search__status', text: sorry(err) }));
  });

  // For tests: settles with the first results.
  window.oerSearch = { ready };
}
