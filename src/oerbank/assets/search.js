/*
 * oerbank: the search page.
 *
 * Builds the search interface inside <div id="oer-search" data-root="../">. The lunr index was
 * built in Python (oerbank.search) and cut into shards by term, each a small lunr index; this
 * script loads the shards a query needs with lunr.Index.load and lets lunr.js score the words.
 * Facet counts, filters and sorting use a compact table of every document's facet values.
 *
 * Query, filters and sort live in the URL (/search/?q=masks&key_stage=ks2&sort=newest), so a
 * search can be shared, reloaded and stepped through with the back button. Contributed text
 * is only ever inserted as text (textContent), never as HTML. No inline code, no eval.
 */
(function (global, factory) {
  var api = factory();
  if (typeof module === 'object' && module.exports) {
    module.exports = api;  // under Node, for the tests: the engine without the page
  } else if (global.document) {
    api.start(global);
  }
}(this, function () {
  'use strict';

  var MIN_PREFIX = 3;          // the word being typed matches longer words from this length
  var PREFIX_BOOST = 0.5;      // ... but a whole-word match counts for more
  var TERM_CACHE = 400;        // terms whose lunr.js scores are kept
  var PREPARE_SHARDS = 8;      // load ahead for the first letters of a word if they span no more shards
  var PREPARE_POSTINGS = 150000;  // ... and score ahead its commonest words up to this many documents

  // Work for when the page is idle (setTimeout where requestIdleCallback is missing, as in Node).
  var idle = typeof requestIdleCallback === 'function' ? function (fn) { requestIdleCallback(fn, { timeout: 500 }); } :
    function (fn) { setTimeout(function () { fn({ timeRemaining: function () { return 10; } }); }, 0); };

  /* ---- numbers written by oerbank.search.codec ------------------------------------------ */

  // Digits 0-44 end a number ('#'..'O'); 45 more characters ('P'..'}', no backslash) continue it.
  function decodeInts(text) {
    var out = new Uint32Array(text.length), n = 0, v = 0;
    for (var i = 0; i < text.length; i++) {
      var c = text.charCodeAt(i);
      if (c >= 80) {
        v = v * 45 + (c - 80 - (c > 92 ? 1 : 0));
      } else {
        out[n++] = v * 45 + (c - 35);
        v = 0;
      }
    }
    return out.subarray(0, n);
  }

  /* ---- the lunr index, a shard at a time ------------------------------------------------ */

  /*
   * Each shard is a lunr index of one field over a run of terms (see oerbank/search/index.py),
   * which lunr.js loads with lunr.Index.load and queries one term at a time. lunr scores a
   * document by a dot product that only involves the query's terms, so a term's score from its
   * shard is its score in the whole index, and a query's score is put together from its
   * terms' scores exactly as lunr.js puts its clauses together (see run()).
   * getJSON(path) fetches a file under search/.
   */
  function Engine(lunr, manifest, getJSON) {
    var field = manifest.lunr.fields[0];
    var indexes = [];              // lunr.Index of each loaded shard
    var shardTerms = [];           // sorted terms of each loaded shard
    var shardLoads = [];           // promise per shard
    var shardCounts = [];          // how many documents each of its terms is in
    var textCache = { key: null, value: null };

    // A shard file in lunr's serialised form: an inverted index and a field vector per document.
    function serialised(p) {
      var counts = decodeInts(p.counts), docs = decodeInts(p.docs), weights = decodeInts(p.weights);
      var invertedIndex = new Array(p.terms.length), vectors = new Map(), k = 0;
      for (var t = 0; t < p.terms.length; t++) {
        var termIndex = p.first + t, refs = {}, doc = 0;
        for (var j = 0; j < counts[t]; j++, k++) {
          doc += docs[k];
          refs[doc] = {};
          var elements = vectors.get(doc);
          if (!elements) { vectors.set(doc, elements = []); }
          elements.push(termIndex, weights[k] / 1000);
        }
        var posting = { _index: termIndex };
        posting[field] = refs;
        invertedIndex[t] = [p.terms[t], posting];
      }
      var fieldVectors = [];
      vectors.forEach(function (elements, doc) { fieldVectors.push([field + '/' + doc, elements]); });
      return { version: lunr.version, fields: [field], fieldVectors: fieldVectors, invertedIndex: invertedIndex,
        pipeline: manifest.lunr.pipeline };
    }

    function loadShard(n) {
      if (!shardLoads[n]) {
        shardLoads[n] = getJSON('index/' + n + '.json').then(function (p) {
          indexes[n] = lunr.Index.load(serialised(p));
          shardTerms[n] = p.terms;
          shardCounts[n] = decodeInts(p.counts);
        });
        shardLoads[n].catch(function () { shardLoads[n] = null; });
      }
      return shardLoads[n];
    }

    // The shard whose run of terms would hold `term`.
    function shardOf(term) {
      var firsts = manifest.shards, lo = 0, hi = firsts.length - 1;
      while (lo < hi) {
        var mid = (lo + hi + 1) >> 1;
        if (firsts[mid] <= term) { lo = mid; } else { hi = mid - 1; }
      }
      return lo;
    }

    function lowerBound(list, term) {
      var lo = 0, hi = list.length;
      while (lo < hi) {
        var mid = (lo + hi) >> 1;
        if (list[mid] < term) { lo = mid + 1; } else { hi = mid; }
      }
      return lo;
    }

    /*
     * A query is a list of groups, one per word. Every group must match (AND). A finished word
     * matches its stem, as lunr.js's pipeline makes it; the last word, perhaps still being
     * typed, also matches the longer words it begins ("mas" finds "masks"), or if it is too
     * short for that and follows other words, is left out (so "pupils m" shows "pupils").
     */
    function parse(q) {
      var tokens = lunr.tokenizer(q), groups = [];
      var typing = q.length > 0 && !/[\s\-]$/.test(q);
      for (var i = 0; i < tokens.length; i++) {
        var word = lunr.trimmer(tokens[i]).toString();
        if (!word) { continue; }
        var last = typing && i === tokens.length - 1;
        var stop = !lunr.stopWordFilter(new lunr.Token(word));
        var stem = lunr.stemmer(new lunr.Token(word)).toString();
        if (last && word.length >= MIN_PREFIX) {
          groups.push({ word: word, stem: stop ? null : stem, prefix: word, optional: stop });
        } else if (last && !stop && groups.length) {
          groups.push({ word: word, stem: stem, prefix: null, optional: false, dangling: true });
        } else if (!stop) {
          groups.push({ word: word, stem: stem, prefix: null, optional: false });
        }
        if (last && word.length === MIN_PREFIX - 1) { groups.typing = word; }
      }
      return groups;
    }

    function shardsFor(groups) {
      var need = [];
      if (!manifest.shards.length) { return need; }
      groups.forEach(function (g) {
        if (g.dangling) { return; }
        if (g.stem !== null) { need.push(shardOf(g.stem)); }
        if (g.prefix) {
          for (var n = shardOf(g.prefix), end = shardOf(g.prefix + '\uffff'); n <= end; n++) { need.push(n); }
        }
      });
      return need;
    }

    function has(term) {
      var list = shardTerms[shardOf(term)] || [], i = lowerBound(list, term);
      return list[i] === term;
    }

    function candidates(g) {
      var terms = [];
      if (g.stem !== null && manifest.shards.length && has(g.stem)) { terms.push(g.stem); }
      if (g.prefix && manifest.shards.length) {
        for (var n = shardOf(g.prefix), end = shardOf(g.prefix + '\uffff'); n <= end; n++) {
          var list = shardTerms[n] || [];
          for (var i = lowerBound(list, g.prefix); i < list.length && list[i].lastIndexOf(g.prefix, 0) === 0; i++) {
            if (list[i] !== g.stem) { terms.push(list[i]); }
          }
        }
      }
      return terms;
    }

    /*
     * lunr.js's score for one term: a query of just that term, run by lunr.js on the loaded
     * shards. Cached, so a keystroke only asks lunr.js about the words that changed.
     */
    var termScores = new Map();

    function scoresOf(term) {
      var scores = termScores.get(term);
      if (scores) { return scores; }
      var results = indexes[shardOf(term)].query(function (query) { query.term(term, { usePipeline: false }); });
      scores = new Map();
      for (var i = 0; i < results.length; i++) { scores.set(+results[i].ref, results[i].score); }
      if (termScores.size >= TERM_CACHE) { termScores.delete(termScores.keys().next().value); }
      termScores.set(term, scores);
      return scores;
    }

    // Which index terms each word matches, and with what boost; drops a dangling short word.
    function plan(groups) {
      return groups.filter(function (g) {
        g.terms = candidates(g);
        g.boosts = g.terms.map(function (t) { return g.prefix && t !== g.stem ? PREFIX_BOOST : 1; });
        return !g.dangling;
      });
    }

    /*
     * [{doc, score}] best first; null when the query has no searchable words.
     *
     * This is the score lunr.js gives the whole query as one lunr.Query with a clause per term
     * (a required word's clause required), computed from lunr.js's one-term scores: with every
     * clause over every field, lunr's score is the sum over terms of boost * (the term's
     * one-term score), divided by the length of the query vector, sqrt(sum of boost^2).
     */
    function run(groups) {
      if (!groups.length) { return null; }
      groups = plan(groups);
      if (!groups.length) { return null; }
      var boost = new Map(), required = [], maps = [];
      for (var i = 0; i < groups.length; i++) {
        var g = groups[i];
        if (!g.terms.length && !g.optional) { return []; }
        g.terms.forEach(function (t, k) { boost.set(t, (boost.get(t) || 0) + g.boosts[k]); });
        var map;
        if (g.terms.length === 1 && g.boosts[0] === 1) {
          map = scoresOf(g.terms[0]);
        } else {
          map = new Map();
          g.terms.forEach(function (t, k) {
            scoresOf(t).forEach(function (score, doc) { map.set(doc, (map.get(doc) || 0) + g.boosts[k] * score); });
          });
        }
        maps.push(map);
        if (!g.optional) { required.push(map); }
      }
      var norm = 0;
      boost.forEach(function (b) { norm += b * b; });
      norm = Math.sqrt(norm);
      if (!norm) { return []; }
      var out = [];
      var add = function (doc) {
        var score = 0;
        for (var m = 0; m < maps.length; m++) { score += maps[m].get(doc) || 0; }
        out.push({ doc: doc, score: score / norm });
      };
      if (required.length) {
        required.sort(function (a, b) { return a.size - b.size; });
        required[0].forEach(function (_, doc) {
          for (var r = 1; r < required.length; r++) { if (!required[r].has(doc)) { return; } }
          add(doc);
        });
      } else {
        var seen = new Set();
        maps.forEach(function (map) { map.forEach(function (_, doc) { if (!seen.has(doc)) { seen.add(doc); add(doc); } }); });
      }
      out.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
      return out;
    }

    // The documents matching `q`, best first, loading the shards it needs; null for no words.
    function search(q) {
      var groups = parse(q);
      var key = JSON.stringify(groups);
      var done = textCache.key === key ? Promise.resolve(textCache.value) :
        Promise.all(shardsFor(groups).map(loadShard)).then(function () {
          var value = run(groups);
          textCache = { key: key, value: value };
          return value;
        });
      if (groups.typing) { done.then(function () { prepare(groups.typing); }); }
      return done;
    }

    /*
     * While the first letters of a word are typed, load the shards of the words they begin and,
     * when the page is idle, ask lunr.js for the scores of the commonest of those words, so the
     * letter that makes the word long enough to search finds them ready.
     */
    var prepared = null;

    function prepare(start) {
      if (prepared === start || !manifest.shards.length) { return; }
      prepared = start;
      var from = shardOf(start), to = shardOf(start + '\uffff'), loads = [];
      if (to - from >= PREPARE_SHARDS) { return; }  // too common a start: wait for another letter
      for (var n = from; n <= to; n++) { loads.push(loadShard(n)); }
      Promise.all(loads).then(function () {
        var terms = [];
        for (var n = from; n <= to; n++) {
          var list = shardTerms[n];
          for (var i = lowerBound(list, start); i < list.length && list[i].lastIndexOf(start, 0) === 0; i++) {
            terms.push([list[i], shardCounts[n][i]]);
          }
        }
        terms.sort(function (a, b) { return b[1] - a[1]; });
        var budget = PREPARE_POSTINGS;
        terms = terms.filter(function (t) { budget -= t[1]; return budget >= 0 || t === terms[0]; });
        var step = function (deadline) {
          while (terms.length && prepared === start && deadline.timeRemaining() > 2) { scoresOf(terms.shift()[0]); }
          if (terms.length && prepared === start) { idle(step); }
        };
        idle(step);
      }, function () {});
    }

    return {
      search: search, parse: parse, loadShard: loadShard,
      // The words of `q` as index terms with boosts, once its shards are loaded (for tests).
      plan: function (q) {
        var groups = parse(q);
        return Promise.all(shardsFor(groups).map(loadShard)).then(function () { return plan(groups); });
      },
      loadedShards: function () { return shardTerms.map(function (t, i) { return t ? i : -1; }).filter(function (i) { return i >= 0; }); },
      // What lunr.js loaded, {term: [term index, [[doc, weight], ...]]}, to check against Python.
      loaded: function () {
        var out = {};
        indexes.forEach(function (index) {
          Object.keys(index.invertedIndex).forEach(function (term) {
            var posting = index.invertedIndex[term];
            out[term] = [posting._index, Object.keys(posting[field]).map(function (doc) {
              var el = index.fieldVectors[field + '/' + doc].elements, i = 0;
              while (el[i] !== posting._index) { i += 2; }
              return [+doc, el[i + 1]];
            })];
          });
        });
        return out;
      }
    };
  }

  /* ---- the page ------------------------------------------------------------------------ */

  function start(window) {
    var document = window.document;
    var host = document.getElementById('oer-search');
    if (!host || !window.lunr || !window.fetch || !window.Promise) { return; }
    var lunr = window.lunr;

    var PAGE = 20;               // results shown at first and added by "Show more"
    var COLLAPSED = 8;           // values shown in a long facet until it is expanded
    var FIND_OVER = 20;          // a facet with more values than this gets a box to find one by name
    var BURST_MS = 1000;         // keystrokes closer than this share one history entry
    var ANNOUNCE_MS = 700;       // let typing settle before the screen reader hears the count

    var root = host.getAttribute('data-root') || './';
    if (root.slice(-1) !== '/') { root += '/'; }

    var manifest = null;
    var engine = null;
    var cache = Object.create(null);

    function getJSON(path) {
      var url = root + 'search/' + path + '?v=' + manifest.build;
      if (!cache[url]) {
        cache[url] = window.fetch(url).then(function (r) {
          if (!r.ok) { throw new Error(url + ': HTTP ' + r.status); }
          return r.json();
        });
        cache[url].catch(function () { delete cache[url]; });
      }
      return cache[url];
    }

    /* ---- facets -------------------------------------------------------------------------- */

    var facets = [];               // from the manifest, plus .column (combination per document)
    var columnLoads = Object.create(null);
    var languageNames = null;
    try { languageNames = new Intl.DisplayNames([document.documentElement.lang || 'en'], { type: 'language' }); } catch (e) { languageNames = null; }

    function labelOf(facet, i) {
      var v = facet.values[i];
      if (v[1]) { return v[1]; }
      if (facet.name === 'languages' && languageNames) {
        try { return languageNames.of(v[0]) || v[0]; } catch (e) { return v[0]; }
      }
      return v[0];
    }

    function loadColumn(facet) {
      if (facet.column) { return Promise.resolve(facet.column); }
      if (!columnLoads[facet.param]) {
        var p;
        if (facet.from) {
          var source = facetByName[facet.from];
          p = loadColumn(source).then(function (col) {
            var out = new Array(col.length);
            for (var d = 0; d < col.length; d++) { out[d] = facet.map[source.sets[col[d]][0]]; }
            return out;
          });
        } else {
          p = getJSON('facets/' + facet.param + '.json').then(decodeInts);
        }
        columnLoads[facet.param] = p.then(function (col) { facet.column = col; return col; });
        columnLoads[facet.param].catch(function () { delete columnLoads[facet.param]; });
      }
      return columnLoads[facet.param];
    }

    var facetByName = Object.create(null);

    // For each active facet: which of its combinations pass (any selected value: OR within a facet).
    function passes(facet, selected) {
      var keys = Object.create(null), ok = new Uint8Array(facet.sets.length);
      selected.forEach(function (k) { keys[k] = true; });
      for (var s = 0; s < facet.sets.length; s++) {
        var set = facet.sets[s];
        for (var i = 0; i < set.length; i++) {
          if (keys[facet.values[set[i]][0]]) { ok[s] = 1; break; }
        }
      }
      return ok;
    }

    /*
     * One pass over the documents matching the words: a document failing no filter counts
     * for every facet and is a result; one failing exactly one facet counts for that facet
     * only (what you would get by changing it): AND across facets, live counts within each.
     */
    function filterAndCount(base, state) {
      var active = [], loaded = facets.filter(function (f) { return f.column; });
      facets.forEach(function (f, i) {
        var sel = state.filters[f.param];
        if (sel && sel.length) { active.push({ i: i, facet: f, ok: passes(f, sel) }); }
      });
      var comboCounts = facets.map(function (f) { return f.column ? new Uint32Array(f.sets.length) : null; });
      var columns = loaded.map(function (f) { return f.column; });
      var tallies = loaded.map(function (f) { return comboCounts[facets.indexOf(f)]; });
      var matches = [];
      var n = base ? base.length : manifest.count;
      for (var k = 0; k < n; k++) {
        var doc = base ? base[k].doc : k, failed = -1, fails = 0;
        for (var a = 0; a < active.length; a++) {
          if (!active[a].ok[active[a].facet.column[doc]]) {
            fails++;
            failed = active[a].i;
            if (fails > 1) { break; }
          }
        }
        if (fails === 0) {
          matches.push(base ? base[k] : { doc: doc, score: 0 });
          for (var l = 0; l < columns.length; l++) { tallies[l][columns[l][doc]]++; }
        } else if (fails === 1 && facets[failed].column) {
          comboCounts[failed][facets[failed].column[doc]]++;
        }
      }
      var counts = comboCounts.map(function (cc, i) {
        if (!cc) { return null; }
        var f = facets[i], values = new Uint32Array(f.values.length);
        for (var s = 0; s < cc.length; s++) {
          if (!cc[s]) { continue; }
          var set = f.sets[s];
          for (var j = 0; j < set.length; j++) { values[set[j]] += cc[s]; }
        }
        return values;
      });
      return { matches: matches, counts: counts, active: active };
    }

    // How many documents match the words and every filter but those of `facet`.
    function countWithout(base, state, facet) {
      var filters = {};
      Object.keys(state.filters).forEach(function (p) { if (p !== facet.param) { filters[p] = state.filters[p]; } });
      return filterAndCount(base, { filters: filters }).matches.length;
    }

    /* ---- URL state ----------------------------------------------------------------------- */

    function readState() {
      var params = new URLSearchParams(window.location.search), filters = {};
      facets.forEach(function (f) {
        var known = {};
        f.values.forEach(function (v) { known[v[0]] = true; });
        var keys = params.getAll(f.param).filter(function (k, i, a) { return known[k] && a.indexOf(k) === i; });
        if (keys.length) { filters[f.param] = keys; }
      });
      var sort = params.get('sort');
      return { q: params.get('q') || '', filters: filters, sort: SORTS[sort] ? sort : 'relevance' };
    }

    function stateURL(state) {
      var params = new URLSearchParams();
      if (state.q) { params.append('q', state.q); }
      facets.forEach(function (f) { (state.filters[f.param] || []).forEach(function (k) { params.append(f.param, k); }); });
      if (state.sort !== 'relevance') { params.append('sort', state.sort); }
      var s = params.toString();
      return window.location.pathname + (s ? '?' + s : '') + window.location.hash;
    }

    var lastTyped = 0;

    function remember(how) {
      var url = stateURL(state);
      if (url === window.location.pathname + window.location.search + window.location.hash) { return; }
      var now = Date.now();
      if (how === 'typing' && now - lastTyped < BURST_MS) {
        window.history.replaceState(null, '', url);
      } else {
        window.history.pushState(null, '', url);
      }
      lastTyped = how === 'typing' ? now : 0;
    }

    /* ---- building the page --------------------------------------------------------------- */

    function el(tag, attrs, children) {
      var node = document.createElement(tag);
      Object.keys(attrs || {}).forEach(function (k) {
        if (k === 'text') { node.textContent = attrs[k]; } else if (k === 'className') { node.className = attrs[k]; } else { node.setAttribute(k, attrs[k]); }
      });
      (children || []).forEach(function (c) { if (c) { node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); } });
      return node;
    }

    var SORTS = { relevance: 'Best match', newest: 'Newest first', title: 'Title (A to Z)' };
    var state = null;
    var ui = {};
    var shown = PAGE;

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
      // Filters fold away on narrow screens, where they would push the results far down.
      ui.filters = el('details', { className: 'oer-search__filters' }, [
        el('summary', {}, [el('h2', { id: 'oer-filters-title', className: 'oer-search__heading', text: 'Filter results' })]),
        ui.clear
      ]);
      if (!window.matchMedia || window.matchMedia('(min-width: 52em)').matches || Object.keys(state.filters).length) {
        ui.filters.open = true;
      }
      facets.forEach(function (f) { ui.filters.appendChild(buildFacet(f)); });

      ui.sort = el('select', { id: 'oer-sort' });
      Object.keys(SORTS).forEach(function (k) { ui.sort.appendChild(el('option', { value: k, text: SORTS[k] })); });
      ui.status = el('p', { id: 'oer-status', className: 'oer-search__status', tabindex: '-1' });
      ui.live = el('div', { className: 'oer-visually-hidden', 'aria-live': 'polite', 'aria-atomic': 'true', id: 'oer-live' });
      ui.help = el('div', { className: 'oer-search__help', hidden: 'hidden' });
      ui.hints = el('p', { className: 'oer-search__suggest', hidden: 'hidden' });
      ui.rewrite = el('p', { className: 'oer-search__rewrite', hidden: 'hidden' });
      ui.list = el('ol', { className: 'oer-results', 'aria-labelledby': 'oer-results-title' });
      ui.more = el('button', { type: 'button', className: 'oer-search__more', hidden: 'hidden', text: 'Show more results' });
      ui.results = el('div', { className: 'oer-search__results' }, [
        el('h2', { id: 'oer-results-title', className: 'oer-visually-hidden', tabindex: '-1', text: 'Results' }),
        el('div', { className: 'oer-search__bar' }, [ui.status, el('div', { className: 'oer-search__sort' }, [
          el('label', { 'for': 'oer-sort', text: 'Sort by' }), ui.sort])]),
        ui.live, ui.rewrite, ui.hints, ui.help, ui.list, ui.more
      ]);
      host.appendChild(ui.form);
      // About ninety filter boxes come before the results in reading order: let keyboard users jump.
      host.appendChild(el('a', { href: '#oer-results-title', className: 'oer-search__skip', text: 'Skip to results' }));
      host.appendChild(el('div', { className: 'oer-search__layout' }, [ui.filters, ui.results]));

      ui.form.addEventListener('submit', function (e) {
        e.preventDefault();
        state.q = ui.input.value;
        lastTyped = 0;
        changed('submit');
      });
      ui.input.addEventListener('input', function () {
        state.q = ui.input.value;
        changed('typing');
      });
      ui.sort.addEventListener('change', function () { state.sort = ui.sort.value; changed('sort'); });
      ui.clear.addEventListener('click', function () { state.filters = {}; changed('filter'); ui.status.focus(); });
      ui.more.addEventListener('click', function () {
        var first = shown;
        shown += PAGE;
        render().then(function () {
          var link = ui.list.children[first] && ui.list.children[first].querySelector('a');
          if (link) { link.focus(); }
        });
      });
      window.addEventListener('popstate', function () { state = readState(); shown = PAGE; syncControls(); update(); });

      // The site header's search box (a plain GET form) searches in place on this page.
      headerInputs().forEach(function (input) {
        var form = input.form;
        form.addEventListener('submit', function (e) {
          e.preventDefault();
          state.q = input.value;
          lastTyped = 0;
          syncControls();
          changed('submit');
          ui.input.focus();
        });
      });
    }

    function headerInputs() {
      return Array.prototype.filter.call(document.querySelectorAll('form[role="search"] input[name="q"]'),
        function (input) { return !host.contains(input); });
    }

    // Case and accents don't matter when finding a value by name ("theatr" finds "Théâtre").
    function fold(text) {
      return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().trim();
    }

    function buildFacet(f) {
      var list = el('ul', { className: 'oer-facet__values' });
      f.boxes = [];
      f.values.forEach(function (v, i) {
        var id = 'oer-f-' + f.param + '-' + i;
        var box = el('input', { type: 'checkbox', id: id, name: f.param, value: v[0] });
        var count = el('span', { className: 'oer-facet__count' });
        var item = el('li', { className: 'oer-facet__value' }, [box, el('label', { 'for': id }, [labelOf(f, i), ' ', count])]);
        box.addEventListener('change', function () {
          var sel = (state.filters[f.param] || []).filter(function (k) { return k !== v[0]; });
          if (box.checked) { sel.push(v[0]); }
          if (sel.length) { state.filters[f.param] = sel; } else { delete state.filters[f.param]; }
          changed('filter');
        });
        f.boxes.push({ box: box, count: count, item: item, shown: null, text: null, name: fold(labelOf(f, i)) });
        list.appendChild(item);
      });
      var fieldset = el('fieldset', { className: 'oer-facet', id: 'oer-facet-' + f.param }, [el('legend', { text: f.title })]);
      if (f.values.length > FIND_OVER) {
        // Hundreds of organisations: typing part of a name beats scrolling a list of checkboxes.
        var findId = 'oer-find-' + f.param;
        f.find = el('input', { type: 'search', id: findId, className: 'oer-facet__find', autocomplete: 'off' });
        f.find.addEventListener('input', function () { paintFacet(f, lastCounts); });
        f.find.addEventListener('keydown', function (e) { if (e.key === 'Enter') { e.preventDefault(); } });
        fieldset.appendChild(el('label', { 'for': findId, className: 'oer-facet__find-label',
          text: 'Find ' + (/^[aeiou]/i.test(f.title) ? 'an ' : 'a ') + f.title.toLowerCase() }));
        fieldset.appendChild(f.find);
      }
      fieldset.appendChild(list);
      if (f.values.length > COLLAPSED + 2) {
        f.toggle = el('button', { type: 'button', className: 'oer-facet__toggle', 'aria-expanded': 'false',
          'aria-controls': 'oer-facet-' + f.param });
        f.expanded = false;
        f.toggle.addEventListener('click', function () {
          f.expanded = !f.expanded;
          paintFacet(f, lastCounts);
        });
        fieldset.appendChild(f.toggle);
      }
      f.fieldset = fieldset;
      return fieldset;
    }

    function syncControls() {
      if (ui.input.value !== state.q) { ui.input.value = state.q; }
      headerInputs().forEach(function (input) { if (input.value !== state.q && document.activeElement !== input) { input.value = state.q; } });
      ui.sort.value = state.sort;
      facets.forEach(function (f) {
        var sel = state.filters[f.param] || [];
        f.boxes.forEach(function (b, i) { b.box.checked = sel.indexOf(f.values[i][0]) >= 0; });
      });
      ui.clear.hidden = !Object.keys(state.filters).length;
    }

    var lastCounts = null;

    function paintFacet(f, counts) {
      var values = counts ? counts[facets.indexOf(f)] : null;
      var sel = state.filters[f.param] || [];
      var visible = 0, hidden = 0, needle = f.find ? fold(f.find.value) : '';
      f.boxes.forEach(function (b, i) {
        var n = values ? values[i] : null;
        var text = n === null ? '' : '(' + n + ')';
        if (b.text !== text) { b.count.textContent = text; b.text = text; }
        var chosen = sel.indexOf(f.values[i][0]) >= 0;
        var show = needle ? chosen || b.name.indexOf(needle) >= 0
          : f.expanded || !f.toggle || chosen || (visible < COLLAPSED && (n === null || n > 0));
        if (show) { visible++; } else { hidden++; }
        if (b.shown !== show) { b.item.hidden = !show; b.shown = show; }
        b.item.classList.toggle('oer-facet__value--none', n === 0 && !chosen);
      });
      if (f.toggle) {
        f.toggle.textContent = f.expanded ? 'Show fewer' : 'Show all ' + f.values.length;
        f.toggle.setAttribute('aria-expanded', f.expanded ? 'true' : 'false');
        f.toggle.hidden = !!needle || (!f.expanded && hidden === 0);
      }
      f.fieldset.classList.toggle('oer-facet--loading', !values);
    }

    /* ---- searching and showing ----------------------------------------------------------- */

    var generation = 0;
    var current = null;            // the last computed {base, matches, counts, groups}

    function changed(how) {
      shown = PAGE;
      remember(how);
      syncControls();
      update(how === 'submit');
    }

    function needColumns(s) {
      return Promise.all(facets.filter(function (f) { return (s.filters[f.param] || []).length; }).map(loadColumn));
    }

    // rewrite: a search that was submitted (not typed letter by letter) and finds nothing may be
    // run again with words that name a filter value used as that filter ("KS2 music").
    function update(rewrite) {
      var gen = ++generation, snapshot = JSON.parse(JSON.stringify(state));
      ui.results.setAttribute('aria-busy', 'true');
      return Promise.all([engine.search(snapshot.q), needColumns(snapshot)]).then(function (r) {
        if (gen !== generation) { return; }
        if (rewrite && snapshot.q.trim() && !filterAndCount(r[0], snapshot).matches.length) {
          return rewritten(gen, snapshot).then(function (found) {
            if (gen !== generation) { return; }
            if (!found) { return show(gen, r[0], snapshot, null); }
            state = found.state;
            window.history.replaceState(null, '', stateURL(state));
            syncControls();
            return show(gen, found.base, JSON.parse(JSON.stringify(state)), found);
          });
        }
        return show(gen, r[0], snapshot, null);
      }).catch(function (err) { if (gen === generation) { failed(err); } });
    }

    function show(gen, base, snapshot, rewrote) {
      var result = filterAndCount(base, snapshot);
      result.base = base;
      result.state = snapshot;
      result.rewrote = rewrote;
      current = result;
      lastCounts = result.counts;
      facets.forEach(function (f) { paintFacet(f, result.counts); });
      return sortMatches(result).then(function () { return gen === generation ? render() : null; });
    }

    // The first word that names a filter value and, used as that filter, leaves some results.
    function rewritten(gen, snapshot) {
      var hints = filterHints(snapshot.q, snapshot.filters);
      var attempt = function (i) {
        if (i >= hints.length) { return Promise.resolve(null); }
        var h = hints[i], alt = JSON.parse(JSON.stringify(snapshot));
        alt.q = withoutWords(alt.q, h.words);
        alt.filters[h.facet.param] = (alt.filters[h.facet.param] || []).concat([h.key]);
        return Promise.all([engine.search(alt.q), needColumns(alt)]).then(function (r) {
          if (gen !== generation) { return null; }
          return filterAndCount(r[0], alt).matches.length ? { state: alt, base: r[0], from: snapshot, hint: h }
            : attempt(i + 1);
        });
      };
      return attempt(0);
    }

    // When a facet column arrives after the results, fill in its counts.
    function recount() {
      if (!current) { return; }
      var result = filterAndCount(current.base, current.state);
      lastCounts = result.counts;
      facets.forEach(function (f) { paintFacet(f, result.counts); });
    }

    function sortMatches(result) {
      var m = result.matches, sort = result.state.sort;
      var byDoc = function (a, b) { return a.doc - b.doc; };
      if (sort === 'newest' || (sort === 'relevance' && !result.base)) {
        m.sort(byDoc);  // documents are numbered newest first
        return Promise.resolve();
      }
      if (sort === 'title') {
        return getJSON('title-order.json').then(function (text) {
          var rank = titleRanks || (titleRanks = decodeInts(text));
          m.sort(function (a, b) { return rank[a.doc] - rank[b.doc]; });
        });
      }
      return Promise.resolve();  // relevance: already best first
    }
    var titleRanks = null;

    function rows(docs) {
      var size = manifest.chunk, chunks = [];
      docs.forEach(function (d) { var c = Math.floor(d / size); if (chunks.indexOf(c) < 0) { chunks.push(c); } });
      return Promise.all(chunks.map(function (c) { return getJSON('docs/' + c + '.json'); })).then(function (loaded) {
        var byChunk = {};
        chunks.forEach(function (c, i) { byChunk[c] = loaded[i]; });
        return docs.map(function (d) { return byChunk[Math.floor(d / size)][d % size]; });
      });
    }

    var orgIndex = null;

    function organisationName(key) {
      var f = facetByName.organisation;
      if (!orgIndex) {
        orgIndex = Object.create(null);
        f.values.forEach(function (v, i) { orgIndex[v[0]] = i; });
      }
      return key in orgIndex ? labelOf(f, orgIndex[key]) : key;
    }

    function labelsFor(facetName, doc) {
      var f = facetByName[facetName];
      if (!f || !f.column) { return []; }
      return f.sets[f.column[doc]].map(function (i) { return labelOf(f, i); });
    }

    function render() {
      var result = current, gen = generation;
      var page = result.matches.slice(0, shown).map(function (m) { return m.doc; });
      var meta = ['key_stages', 'cost'].map(function (n) { return loadColumn(facetByName[n]); });
      return Promise.all([rows(page), Promise.all(meta)]).then(function (r) {
        if (gen !== generation) { return; }
        var list = document.createDocumentFragment();
        r[0].forEach(function (row, i) { list.appendChild(resultItem(row, page[i])); });
        ui.list.textContent = '';
        ui.list.appendChild(list);
        var left = result.matches.length - shown;
        ui.more.hidden = left <= 0;
        ui.more.textContent = left <= 0 ? '' : left <= PAGE ? 'Show the last ' + plural(left, 'result', 'results')
          : 'Show ' + PAGE + ' more results (' + left.toLocaleString('en-GB') + ' not shown yet)';
        describe(result);
        ui.results.removeAttribute('aria-busy');
      });
    }

    function resultItem(row, doc) {
      var id = row[0], stages = labelsFor('key_stages', doc), cost = labelsFor('cost', doc);
      var org = organisationName(id.split('/')[0]);
      var meta = el('p', { className: 'oer-result__meta' });
      if (stages.length) { meta.appendChild(el('span', { className: 'oer-result__stages', text: stages.join(', ') })); }
      if (cost.length) { meta.appendChild(el('span', { className: 'oer-result__cost', text: cost.join(', ') })); }
      return el('li', { className: 'oer-result' }, [
        el('h3', { className: 'oer-result__title' }, [el('a', { href: root + 'resources/' + id + '/', text: row[1] })]),
        el('p', { className: 'oer-result__org', text: org }),
        el('p', { className: 'oer-result__summary', text: row[2] }),
        meta
      ]);
    }

    function plural(n, one, many) { return n.toLocaleString('en-GB') + ' ' + (n === 1 ? one : many); }

    var announceTimer = null;

    function describe(result) {
      var n = result.matches.length, q = result.state.q.trim();
      var text = n ? plural(n, 'resource', 'resources') : 'No resources';
      if (q && result.base) { text += ' for \u201c' + q + '\u201d'; }
      var filters = result.active.map(function (a) {
        return a.facet.title + ': ' + result.state.filters[a.facet.param].map(function (k) {
          return labelOf(a.facet, a.facet.values.findIndex(function (v) { return v[0] === k; }));
        }).join(' or ');
      });
      if (filters.length) { text += ', ' + filters.join('; '); }
      ui.status.textContent = text;
      showRewrite(result.rewrote);
      showHints(result.state);
      if (!n) { showHelp(result); } else { ui.help.hidden = true; ui.help.textContent = ''; }
      clearTimeout(announceTimer);
      announceTimer = setTimeout(function () {
        var said = result.rewrote ? ui.rewrite.firstChild.textContent : '';
        ui.live.textContent = said + (n ? text : text + '. Suggestions follow.');
      }, ANNOUNCE_MS);
    }

    /* ---- words that name a filter value ("ks2", "key stage 2", "free") ---------------------- */

    // Teachers type key stages, subjects and costs into the box; the words only match texts that
    // say them, so offer the filter that means them. Candidates come from the facets' own values
    // (key and label, without the bracketed ages): nothing here lists them again.
    var HINT_MAX = 3;
    var hintWords = null;

    function valueWords() {
      if (hintWords) { return hintWords; }
      hintWords = [];
      facets.forEach(function (f) {
        if (f.name === 'organisation' || f.from) { return; }
        f.values.forEach(function (v, i) {
          var label = labelOf(f, i).replace(/\s*\(.*\)\s*$/, '');
          [v[0], label].forEach(function (w) {
            w = w.toLowerCase().replace(/[-_]/g, ' ').trim();
            if (w.length > 1) { hintWords.push({ facet: f, key: v[0], index: i, words: w }); }
          });
        });
      });
      hintWords.sort(function (a, b) { return b.words.length - a.words.length; });  // longest first
      return hintWords;
    }

    function filterHints(q, filters) {
      var text = ' ' + q.toLowerCase().replace(/[^a-z0-9\u00c0-\u024f]+/g, ' ') + ' ', found = [], at = {};
      valueWords().forEach(function (c) {
        var where = c.words in at ? at[c.words] : text.indexOf(' ' + c.words + ' ');
        if (where < 0 || (filters[c.facet.param] || []).indexOf(c.key) >= 0) { return; }
        if (found.some(function (h) { return h.facet === c.facet && h.key === c.key; })) { return; }
        if (!(c.words in at)) {  // blank the words out, so a shorter value inside them can't match too
          at[c.words] = where;
          text = text.slice(0, where + 1) + c.words.replace(/./g, ' ') + text.slice(where + 1 + c.words.length);
        }
        found.push({ facet: c.facet, key: c.key, index: c.index, words: c.words, at: where });
      });
      found.sort(function (a, b) { return a.at - b.at; });  // in the order they were typed
      return found.slice(0, HINT_MAX);
    }

    function withoutWords(q, words) {
      var pattern = words.split(' ').map(function (w) { return w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'); }).join('[^a-z0-9]+');
      return q.replace(new RegExp('(^|[^a-z0-9])' + pattern + '(?=$|[^a-z0-9])', 'i'), '$1').replace(/\s+/g, ' ').trim();
    }

    function showRewrite(rewrote) {
      ui.rewrite.textContent = '';
      ui.rewrite.hidden = !rewrote;
      if (!rewrote) { return; }
      var h = rewrote.hint, from = rewrote.from.q.trim(), rest = withoutWords(rewrote.from.q, h.words);
      ui.rewrite.appendChild(document.createTextNode('Nothing contains all of \u201c' + from + '\u201d, so these are the ' +
        h.facet.title.toLowerCase() + ' \u201c' + labelOf(h.facet, h.index) + '\u201d resources' +
        (rest ? ' for \u201c' + rest + '\u201d' : '') + '. '));
      var exact = el('button', { type: 'button', text: 'Search for \u201c' + from + '\u201d exactly' });
      exact.addEventListener('click', function () {
        state = JSON.parse(JSON.stringify(rewrote.from));
        shown = PAGE;
        lastTyped = 0;
        remember('help');
        syncControls();
        update(false);
        ui.status.focus();
      });
      ui.rewrite.appendChild(exact);
    }

    function showHints(state0) {
      var hints = state0.q.trim() ? filterHints(state0.q, state0.filters) : [];
      ui.hints.textContent = '';
      ui.hints.hidden = !hints.length;
      if (!hints.length) { return; }
      ui.hints.appendChild(document.createTextNode('Filter instead: '));
      hints.forEach(function (h, k) {
        var button = el('button', { type: 'button', className: 'oer-search__suggestion',
          text: h.facet.title + ': ' + labelOf(h.facet, h.index) });
        button.addEventListener('click', function () {
          state.filters[h.facet.param] = (state.filters[h.facet.param] || []).concat([h.key]);
          state.q = withoutWords(state.q, h.words);
          after();
        });
        if (k) { ui.hints.appendChild(document.createTextNode(' ')); }
        ui.hints.appendChild(button);
      });
    }

    /* ---- no results: say what would help ------------------------------------------------- */

    function showHelp(result) {
      var state0 = result.state, items = [];
      var heading = el('h2', { className: 'oer-search__heading', id: 'oer-help-title', text: 'No resources match' });
      result.active.forEach(function (a) {
        var n = countWithout(result.base, state0, a.facet);
        if (!n) { return; }
        items.push(action('Remove the \u201c' + a.facet.title + '\u201d filter', n, function () {
          delete state.filters[a.facet.param];
        }));
      });
      if (result.active.length > 1) {
        var all = filterAndCount(result.base, { filters: {} }).matches.length;
        if (all) { items.push(action('Clear all filters', all, function () { state.filters = {}; })); }
      }
      var groups = engine.parse(state0.q);
      if (state0.q.trim()) {
        if (groups.length > 1) {
          groups.forEach(function (g) {
            var rest = groups.filter(function (x) { return x !== g; }).map(function (x) { return x.word; }).join(' ');
            var li = el('li', {}, [el('button', { type: 'button', text: 'Search for \u201c' + rest + '\u201d instead' })]);
            li.firstChild.addEventListener('click', function () { state.q = rest; after(); });
            items.push(li);
          });
        }
        items.push(el('li', { text: 'Check the spelling, or try a shorter or more general word (\u201cdrama\u201d rather than \u201cplaywriting\u201d).' }));
        items.push(action('Clear the search words', filterAndCount(null, state0).matches.length, function () { state.q = ''; }));
      }
      items.push(el('li', {}, [el('a', { href: window.location.pathname, text: 'Start again with all ' + plural(manifest.count, 'resource', 'resources') })]));
      ui.help.textContent = '';
      ui.help.appendChild(heading);
      ui.help.appendChild(el('p', { text: 'Try one of these:' }));
      ui.help.appendChild(el('ul', {}, items));
      ui.help.hidden = false;
    }

    function action(label, count, apply) {
      var button = el('button', { type: 'button', text: label + ' (' + plural(count, 'resource', 'resources') + ')' });
      button.addEventListener('click', function () { apply(); after(); });
      return el('li', {}, [button]);
    }

    function after() {
      lastTyped = 0;
      changed('help');
      ui.status.focus();
    }

    function failed(err) {
      ui.results.removeAttribute('aria-busy');
      ui.status.textContent = 'Sorry, the search could not load (' + (err && err.message ? err.message : err) + '). ';
      ui.status.appendChild(el('a', { href: root, text: 'Browse the catalogue from the home page instead.' }));
    }

    /* ---- start --------------------------------------------------------------------------- */

    var ready = window.fetch(root + 'search/docs.json', { cache: 'no-cache' }).then(function (r) {
      if (!r.ok) { throw new Error('search/docs.json: HTTP ' + r.status); }
      return r.json();
    }).then(function (m) {
      manifest = m;
      engine = new Engine(lunr, m, getJSON);
      facets = m.facets;
      facets.forEach(function (f) { facetByName[f.name] = f; });
      state = readState();
      build();
      syncControls();
      facets.forEach(function (f) { paintFacet(f, null); });
      // The other facet columns follow the first results; their counts fill in as they arrive.
      return update(true).then(function () {
        facets.forEach(function (f) { loadColumn(f).then(recount, function () {}); });
      });
    }).catch(function (err) {
      host.textContent = '';
      host.appendChild(el('p', { className: 'oer-search__status', text: 'Sorry, the search could not load (' + (err && err.message ? err.message : err) + ').' }));
    });

    // For tests and measurements: settles when the first results are on the page.
    window.oerSearch = {
      ready: ready,
      engine: function () { return engine; }
    };
  }

  return { decodeInts: decodeInts, Engine: Engine, start: start };
}));
