// The first of the search page's code to run: loaded `async`, it runs as soon as it arrives, before
// the styles and the rest of the search code, and asks for the manifest (which the page's head
// preloads) and then the index shards the address's words need, so that they load together with the
// rest of the page instead of after it (docs/benchmarks.md, "A shared search link on school Wi-Fi").
// It also holds what the rest shares: lunr.js's text pipeline (`words`) and the search files' getter.

const MIN_PREFIX = 3;     // the last word, still being typed, also matches longer words (as engine.js)
const EARLY_SHARDS = 8;   // no more shards than this are asked for before the engine reads the words

// lunr.js 2.3.9's tokenizer, trimmer, Porter stemmer and stop-word filter, exactly as its lunr.min.js
// has them (MIT licence: vendor/lunr.LICENSE.txt): all the search needs of lunr.js in the browser,
// since the scores are read from the shards (engine.js), so lunr.min.js itself is not loaded.
const e = { utils: {} };
e.utils.asString=function(e){return void 0===e||null===e?"":e.toString()},e.utils.clone=function(e){if(null===e||void 0===e)return e;for(var t=Object.create(null),r=Object.keys(e),i=0;i<r.length;i++){var n=r[i],s=e[n];if(Array.isArray(s))t[n]=s.slice();else{if("string"!=typeof s&&"number"!=typeof s&&"boolean"!=typeof s)throw new TypeError("clone is not deep and does not support nested objects");t[n]=s}}return t};
e.Token=function(e,t){this.str=e||"",this.metadata=t||{}},e.Token.prototype.toString=function(){return this.str},e.Token.prototype.update=function(e){return this.str=e(this.str,this.metadata),this},e.Token.prototype.clone=function(t){return t=t||function(e){return e},new e.Token(t(this.str,this.metadata),this.metadata)},e.tokenizer=function(t,r){if(null==t||void 0==t)return[];if(Array.isArray(t))return t.map(function(t){return new e.Token(e.utils.asString(t).toLowerCase(),e.utils.clone(r))});for(var i=t.toString().toLowerCase(),n=i.length,s=[],o=0,a=0;o<=n;o++){var u=i.charAt(o),l=o-a;if(u.match(e.tokenizer.separator)||o==n){if(l>0){var c=e.utils.clone(r)||{};c.position=[a,l],c.index=s.length,s.push(new e.Token(i.slice(a,o),c))}a=o+1}}return s},e.tokenizer.separator=/[\s\-]+/;
e.stemmer=function(){var e={ational:"ate",tional:"tion",enci:"ence",anci:"ance",izer:"ize",bli:"ble",alli:"al",entli:"ent",eli:"e",ousli:"ous",ization:"ize",ation:"ate",ator:"ate",alism:"al",iveness:"ive",fulness:"ful",ousness:"ous",aliti:"al",iviti:"ive",biliti:"ble",logi:"log"},t={icate:"ic",ative:"",alize:"al",iciti:"ic",ical:"ic",ful:"",ness:""},r="[^aeiou]",i="[aeiouy]",n=r+"[^aeiouy]*",s=i+"[aeiou]*",o="^("+n+")?"+s+n,a="^("+n+")?"+s+n+"("+s+")?$",u="^("+n+")?"+s+n+s+n,l="^("+n+")?"+i,c=new RegExp(o),h=new RegExp(u),d=new RegExp(a),f=new RegExp(l),p=/^(.+?)(ss|i)es$/,y=/^(.+?)([^s])s$/,m=/^(.+?)eed$/,v=/^(.+?)(ed|ing)$/,g=/.$/,x=/(at|bl|iz)$/,w=new RegExp("([^aeiouylsz])\\1$"),Q=new RegExp("^"+n+i+"[^aeiouwxy]$"),k=/^(.+?[^aeiou])y$/,S=/^(.+?)(ational|tional|enci|anci|izer|bli|alli|entli|eli|ousli|ization|ation|ator|alism|iveness|fulness|ousness|aliti|iviti|biliti|logi)$/,E=/^(.+?)(icate|ative|alize|iciti|ical|ful|ness)$/,L=/^(.+?)(al|ance|ence|er|ic|able|ible|ant|ement|ment|ent|ou|ism|ate|iti|ous|ive|ize)$/,b=/^(.+?)(s|t)(ion)$/,P=/^(.+?)e$/,T=/ll$/,O=new RegExp("^"+n+i+"[^aeiouwxy]$"),I=function(r){var i,n,s,o,a,u,l;if(r.length<3)return r;if(s=r.substr(0,1),"y"==s&&(r=s.toUpperCase()+r.substr(1)),o=p,a=y,o.test(r)?r=r.replace(o,"$1$2"):a.test(r)&&(r=r.replace(a,"$1$2")),o=m,a=v,o.test(r)){var I=o.exec(r);o=c,o.test(I[1])&&(o=g,r=r.replace(o,""))}else if(a.test(r)){var I=a.exec(r);i=I[1],a=f,a.test(i)&&(r=i,a=x,u=w,l=Q,a.test(r)?r+="e":u.test(r)?(o=g,r=r.replace(o,"")):l.test(r)&&(r+="e"))}if(o=k,o.test(r)){var I=o.exec(r);i=I[1],r=i+"i"}if(o=S,o.test(r)){var I=o.exec(r);i=I[1],n=I[2],o=c,o.test(i)&&(r=i+e[n])}if(o=E,o.test(r)){var I=o.exec(r);i=I[1],n=I[2],o=c,o.test(i)&&(r=i+t[n])}if(o=L,a=b,o.test(r)){var I=o.exec(r);i=I[1],o=h,o.test(i)&&(r=i)}else if(a.test(r)){var I=a.exec(r);i=I[1]+I[2],a=h,a.test(i)&&(r=i)}if(o=P,o.test(r)){var I=o.exec(r);i=I[1],o=h,a=d,u=O,(o.test(i)||a.test(i)&&!u.test(i))&&(r=i)}return o=T,a=h,o.test(r)&&a.test(r)&&(o=g,r=r.replace(o,"")),"y"==s&&(r=s.toLowerCase()+r.substr(1)),r};return function(e){return e.update(I)}}();
e.generateStopWordFilter=function(e){var t=e.reduce(function(e,t){return e[t]=t,e},{});return function(e){if(e&&t[e.toString()]!==e.toString())return e}},e.stopWordFilter=e.generateStopWordFilter(["a","able","about","across","after","all","almost","also","am","among","an","and","any","are","as","at","be","because","been","but","by","can","cannot","could","dear","did","do","does","either","else","ever","every","for","from","get","got","had","has","have","he","her","hers","him","his","how","however","i","if","in","into","is","it","its","just","least","let","like","likely","may","me","might","most","must","my","neither","no","nor","not","of","off","often","on","only","or","other","our","own","rather","said","say","says","she","should","since","so","some","than","that","the","their","them","then","there","these","they","this","tis","to","too","twas","us","wants","was","we","were","what","when","where","which","while","who","whom","why","will","with","would","yet","you","your"]);
e.trimmer=function(e){return e.update(function(e){return e.replace(/^\W+/,"").replace(/\W+$/,"")})};

export const words = { Token: e.Token, tokenizer: e.tokenizer, trimmer: e.trimmer, stemmer: e.stemmer,
  stopWordFilter: e.stopWordFilter };

function getJSON(fetch, url, init, name) {
  return fetch(url, init).then((r) => {
    if (!r.ok) { throw new Error((name || url) + ': HTTP ' + r.status); }
    return r.json();
  });
}

// Fetched fresh: it names the build of the other files.
export function loadManifest(fetch, root) {
  return getJSON(fetch, root + 'search/docs.json', { cache: 'no-cache' }, 'search/docs.json');
}

// getJSON(path) under search/: once per file, again after a failure.
export function jsonGetter(fetch, root, build) {
  const cache = new Map();
  return (path) => {
    const url = root + 'search/' + path + '?v=' + build;
    if (!cache.has(url)) {
      cache.set(url, getJSON(fetch, url));
      cache.get(url).catch(() => cache.delete(url));
    }
    return cache.get(url);
  };
}

// As oerbank.search.codec writes: '#'..'O' end a number, 'P'..'}' (no backslash) continue it.
export function decodeInts(text) {
  const out = new Uint32Array(text.length);
  let n = 0, v = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 80) {
      v = v * 45 + (c - 80 - (c > 92 ? 1 : 0));
    } else {
      out[n++] = v * 45 + (c - 35);
      v = 0;
    }
  }
  return out.subarray(0, n);
}

// The shard whose run of terms holds `term` (shards: each shard's first term, in order).
export function shardOf(shards, term) {
  let lo = 0, hi = shards.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (shards[mid] <= term) { lo = mid; } else { hi = mid - 1; }
  }
  return lo;
}

// The shards a query's words need, as the engine reads them but for the synonyms vocabulary (whose
// words the engine asks for itself): each word's stem, and the words starting as the last one does.
export function wordShards(lunr, shards, q) {
  const need = [];
  if (!shards.length || !q) { return need; }
  const add = (n) => { if (need.indexOf(n) < 0) { need.push(n); } };
  const tokens = lunr.tokenizer(q), typing = !/[\s\-]$/.test(q);
  tokens.forEach((token, i) => {
    const word = lunr.trimmer(token).toString(), last = typing && i === tokens.length - 1;
    if (!word || (last && word.length < MIN_PREFIX)) { return; }
    if (lunr.stopWordFilter(new lunr.Token(word))) { add(shardOf(shards, lunr.stemmer(new lunr.Token(word)).toString())); }
    if (last) {
      for (let n = shardOf(shards, word), end = shardOf(shards, word + '\uffff'); n <= end; n++) { add(n); }
    }
  });
  return need.slice(0, EARLY_SHARDS);
}

// {root, manifest, getJSON}: promises of the manifest and of the getter for the other files, started
// when this module runs on the search page; null elsewhere (under Node).
let early = null;

export function firstSearch() { return early; }

if (typeof window !== 'undefined' && window.fetch && window.location) {
  const root = new URL('../../../', import.meta.url).href;  // this file is <root>assets/oerbank/search/first.js
  const fetch = window.fetch.bind(window);
  const manifest = loadManifest(fetch, root);
  const getter = manifest.then((m) => jsonGetter(fetch, root, m.build));
  early = { root, manifest, getJSON: getter };
  const q = new URLSearchParams(window.location.search).get('q');
  Promise.all([manifest, getter]).then(([m, getJSON]) => {
    wordShards(words, m.shards, q || '').forEach((n) => getJSON('index/' + n + '.json').catch(() => {}));
  }, () => {});
}
