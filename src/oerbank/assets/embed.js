/* The bank's embed for an organisation's own website.

   <div data-oerbank-organisation="castlegate-gallery" data-oerbank-limit="5"> ...plain links... </div>
   <script src="https://<bank>/assets/oerbank/embed.js" defer></script>

   The div's links work as they are (no JavaScript, or the API out of reach); this script
   replaces them with the organisation's newest resources (data-oerbank-limit, 1 to 20) or the
   ones it chose (data-oerbank-resources="slug another-slug"), read from the bank's JSON API
   (api/v1/), in the bank's colours of the organisation and the host page's own fonts.
   Strict-CSP safe: no inline script or style (styles are set through the CSSOM), no eval, no
   cookies (credentials: "omit"), nothing from anywhere but the bank. The host page needs
   script-src and connect-src for the bank's origin. Contributed text only ever goes into
   textContent; links are built from the bank's address and checked to stay on it. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !script.src || !window.fetch || !window.URL) return;
  var root = new URL("../../", script.src); // assets/oerbank/embed.js -> the site's root
  var api = new URL("api/v1/", root);
  var ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
  var SLUG = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
  var HEX = /^#[0-9a-f]{6}$/;

  function onBank(path) {
    // A page of the bank, or null: a value that is not a plain path on the bank never becomes a link.
    if (typeof path !== "string" || /^[a-z][a-z0-9+.-]*:|^\/\//i.test(path)) return null;
    var url = new URL(path, root);
    return url.origin === root.origin && url.pathname.indexOf(root.pathname) === 0 ? url.href : null;
  }

  function css(el, styles) {
    for (var name in styles) el.style.setProperty(name, styles[name]);
    return el;
  }

  function el(tag, text, styles) {
    var node = document.createElement(tag);
    if (text) node.textContent = String(text);
    return styles ? css(node, styles) : node;
  }

  function link(text, href, styles) {
    var a = el("a", text, styles);
    a.href = href;
    return a;
  }

  function getJSON(path) {
    return fetch(new URL(path, api).href, {credentials: "omit", referrerPolicy: "no-referrer"})
      .then(function (response) {
        if (!response.ok) throw new Error(response.status + " " + path);
        return response.json();
      });
  }

  function render(box, org, items) {
    var brand = org.brand && HEX.test(org.brand.colour) && HEX.test(org.brand.text) ? org.brand : null;
    var accent = brand ? brand.colour : "currentColor";
    var frame = el("section", "", {"border": "1px solid " + accent, "border-radius": "6px", "overflow": "hidden",
                                    "font": "inherit", "color": "inherit", "max-width": "40em"});
    frame.setAttribute("aria-label", "Resources from " + org.name);
    var band = el("p", "", {"margin": "0", "padding": "0.5em 0.75em", "font-weight": "bold",
                            "background": brand ? brand.colour : "transparent",
                            "color": brand ? brand.text : "inherit"});
    var orgPage = onBank(org.page);
    band.appendChild(orgPage ? link(org.name, orgPage, {"color": "inherit"}) : el("span", org.name));
    frame.appendChild(band);
    var list = el("ul", "", {"list-style": "none", "margin": "0", "padding": "0.25em 0.75em"});
    items.forEach(function (item) {
      var href = item && onBank(item.page);
      if (!href) return;
      var li = el("li", "", {"margin": "0.5em 0"});
      li.appendChild(link(item.title, href, {"font-weight": "bold"}));
      if (item.summary) li.appendChild(el("span", item.summary, {"display": "block", "font-size": "0.9em"}));
      list.appendChild(li);
    });
    frame.appendChild(list);
    var more = el("p", "", {"margin": "0", "padding": "0.25em 0.75em 0.5em", "font-size": "0.9em"});
    var count = typeof org.resources === "number" ? org.resources : items.length;
    var index = onBank("");
    var said = "All " + count + (count === 1 ? " resource" : " resources") + " from " + org.name;
    more.appendChild(orgPage ? link(said, orgPage) : el("span", said));
    if (index) {
      more.appendChild(document.createTextNode(" in the "));
      more.appendChild(link(box.getAttribute("data-oerbank-name") || "resource bank", index));
    }
    frame.appendChild(more);
    box.replaceChildren(frame);
    box.setAttribute("data-oerbank-ready", "");
  }

  function start(box) {
    var id = box.getAttribute("data-oerbank-organisation") || "";
    if (!ID.test(id) || box.hasAttribute("data-oerbank-started")) return; // the snippet pasted twice
    box.setAttribute("data-oerbank-started", "");
    var limit = Math.min(20, Math.max(1, parseInt(box.getAttribute("data-oerbank-limit"), 10) || 5));
    var chosen = (box.getAttribute("data-oerbank-resources") || "").split(/\s+/).filter(function (s) {
      return SLUG.test(s);
    }).slice(0, 20);
    getJSON("organisations/" + id + ".json").then(function (org) {
      if (!chosen.length) return render(box, org, (org.newest || []).slice(0, limit));
      return Promise.all(chosen.map(function (slug) {
        return getJSON("resources/" + id + "/" + encodeURIComponent(slug) + ".json").catch(function () {
          return null;
        });
      })).then(function (found) {
        render(box, org, found.filter(Boolean));
      });
    }).catch(function () {
      /* The links already in the div stay: the embed still works as plain HTML. */
    });
  }

  var boxes = document.querySelectorAll("[data-oerbank-organisation]");
  for (var i = 0; i < boxes.length; i++) start(boxes[i]);
})();
