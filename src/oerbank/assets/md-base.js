// Material for MkDocs' storage helpers (normally an inline script), scoped to the site root.
(function () {
  var scope = document.currentScript.getAttribute("data-scope") || ".";
  window.__md_scope = new URL(scope, location);
  window.__md_hash = function (e) { return [].reduce.call(e, function (h, c) { return (h << 5) - h + c.charCodeAt(0); }, 0); };
  window.__md_get = function (e, s, t) {
    s = s || localStorage; t = t || window.__md_scope;
    return JSON.parse(s.getItem(t.pathname + "." + e));
  };
  window.__md_set = function (e, v, s, t) {
    s = s || localStorage; t = t || window.__md_scope;
    try { s.setItem(t.pathname + "." + e, JSON.stringify(v)); } catch (err) { /* storage full or blocked */ }
  };
})();
