// The search on /cari/, over berita's own index in /cari/indeks/ (made by site/search.py; the
// format is in docs/architecture.md, "Search"). Only the chunks of the words typed are
// fetched, then the file of each result shown, and the filters' file when the reader opens
// the filters. Everything from the index is put into the page as text, never as HTML.
(function () {
  "use strict";
  var root = document.getElementById("pencarian");
  if (!root || !window.fetch || !window.Map) return;
  var tableUrl = root.getAttribute("data-index");
  var folder = tableUrl.slice(0, tableUrl.lastIndexOf("/") + 1);
  var form = root.querySelector("form");
  var input = root.querySelector("input[type=search]");
  var message = document.getElementById("pesan-cari");
  var list = document.getElementById("hasil-cari");
  var more = document.getElementById("lebih-banyak");
  var filterBox = document.getElementById("saring");
  var groupsBox = filterBox.querySelector(".search-filter-groups");
  var PAGE = 5; // results shown at first, and added by "Tampilkan lebih banyak"
  var PREFIX = 3; // a word of this many letters or more also finds the words it begins
  var PREFIX_CHUNKS = 4; // at most this many chunks read for the words a prefix begins
  var EXCERPT = 30; // words in a result's excerpt
  var LONGEST = 40; // longer runs are not in the index (search_terms.LONGEST_WORD)
  var GROUPS = [["kategori", "Kategori"], ["tag", "Tag"]];
  var table = null; // the promise of the word table (kata-<version>.json)
  var chunks = {}; // chunk file name: the promise of its words
  var filters = null; // the promise of the filters' file
  var filterSets = null; // the filters, once loaded: {group: {label: Set of article numbers}}
  var chosen = { kategori: new Set(), tag: new Set() };
  var current = null; // the last search: {term, words, ranked: article numbers, best first}
  var shown = 0;
  var latest = 0; // the number of the newest search: an older one drops its answer

  // The words of a text as the index has them (load/search_terms.py, words_of): lower case,
  // compatibility forms folded, combining marks and invisible format characters (a soft hyphen
  // pasted from a word processor) dropped, runs of letters and digits, at most LONGEST
  // characters (counted as Python counts them, not in UTF-16 units).
  function wordsOf(text) {
    var found = text.toLowerCase().normalize("NFKD").replace(/[\p{M}\p{Cf}]/gu, "").match(/[\p{L}\p{N}]+/gu) || [];
    return found.filter(function (word) { return Array.from(word).length <= LONGEST; });
  }

  function getJSON(url, options) {
    return fetch(url, options).then(function (response) {
      if (!response.ok) {
        var failed = new Error(response.status + " " + url);
        failed.status = response.status;
        failed.url = url;
        throw failed;
      }
      return response.json();
    });
  }

  function loadTable() {
    // A failed fetch is forgotten, so that the reader's next try fetches again.
    // Asked of the server each time the page loads it ("no-cache": a 304 when unchanged): a
    // table of an earlier build kept by the browser would name chunks and numbers that the
    // articles' files of the new build no longer match.
    if (!table) table = getJSON(tableUrl, { cache: "no-cache" }).catch(function (failed) { table = null; throw failed; });
    return table;
  }

  function loadChunk(name) {
    if (!chunks[name]) {
      chunks[name] = getJSON(folder + name).catch(function (failed) {
        delete chunks[name];
        if (failed && failed.status === 404) table = null; // the site was built again since the table was read
        throw failed;
      });
    }
    return chunks[name];
  }

  // The chunks that may hold `word`: the last one whose first word is not after it, and for a
  // prefix the next ones while they begin with it.
  function chunksFor(index, word) {
    var parts = index.potongan, low = 0, high = parts.length - 1, at = 0;
    while (low <= high) {
      var middle = (low + high) >> 1;
      if (parts[middle][0] <= word) { at = middle; low = middle + 1; } else { high = middle - 1; }
    }
    var names = [parts[at][1]];
    for (var next = at + 1; word.length >= PREFIX && next < parts.length && names.length < PREFIX_CHUNKS &&
      parts[next][0].lastIndexOf(word, 0) === 0; next++) names.push(parts[next][1]);
    return names;
  }

  // Each article that has the word, or for a prefix a word it begins (half as much), with its
  // score: the word's weight in it (BM25, made by the build) times the rarity of the articles
  // found for the query's word among all.
  function scoresOf(index, word, loaded) {
    var scores = new Map();
    loaded.forEach(function (words) {
      Object.keys(words).forEach(function (found) {
        var exact = found === word;
        if (!exact && !(word.length >= PREFIX && found.lastIndexOf(word, 0) === 0)) return;
        var flat = words[found];
        for (var i = 0, number = 0; i < flat.length; i += 2) {
          // The gap from the one before; a negative one begins a run: -1 minus the number itself.
          number = flat[i] < 0 ? -flat[i] - 1 : number + flat[i];
          var weight = exact ? flat[i + 1] : flat[i + 1] / 2;
          if (!(scores.get(number) >= weight)) scores.set(number, weight);
        }
      });
    });
    var rarity = Math.log(1 + (index.artikel - scores.size + 0.5) / (scores.size + 0.5));
    scores.forEach(function (weight, number) { scores.set(number, weight * rarity); });
    return scores;
  }

  function search(term) {
    var number = ++latest;
    var words = wordsOf(term).filter(function (word, at, all) { return all.indexOf(word) === at; });
    if (!words.length) {
      current = null;
      say("");
      render();
      return;
    }
    say("Mencari " + term + "…");
    loadTable().then(function (index) {
      return Promise.all(words.map(function (word) {
        return Promise.all(chunksFor(index, word).map(loadChunk));
      })).then(function (perWord) {
        if (number !== latest) return;
        // Every word must be found in an article; the scores add up.
        var total = null;
        perWord.forEach(function (loaded, at) {
          var scores = scoresOf(index, words[at], loaded);
          if (total === null) { total = scores; return; }
          var both = new Map();
          total.forEach(function (score, article) { if (scores.has(article)) both.set(article, score + scores.get(article)); });
          total = both;
        });
        // The best first; among equals the newer (a larger number).
        var ranked = Array.from(total.keys()).sort(function (a, b) { return total.get(b) - total.get(a) || b - a; });
        current = { term: term, words: words, ranked: ranked, code: index.kode };
        render();
      });
    }).catch(function (failed) {
      if (number !== latest) return;
      // No word table at all: the site was not built with its index (the author's preview
      // makes none), not a reader's connection that failed.
      if (failed && failed.status === 404 && failed.url === tableUrl) {
        say("Indeks pencarian belum dibuat, jadi pencarian belum bisa dipakai di sini. Di pratinjau penulis, indeks dibuat saat situs dibangun.");
      } else {
        say("Pencarian tidak dapat dimuat. Periksa sambungan internet, lalu coba lagi.");
      }
    });
  }

  function passes(article) {
    return GROUPS.every(function (group) {
      var picked = chosen[group[0]];
      if (!picked.size || !filterSets) return true;
      var values = filterSets[group[0]];
      return Array.from(picked).some(function (label) { return values[label] && values[label].has(article); });
    });
  }

  function matching() {
    return current ? current.ranked.filter(passes) : [];
  }

  function render() {
    list.textContent = "";
    shown = 0;
    more.hidden = true;
    filterBox.hidden = !current || !current.ranked.length;
    if (!current) return;
    var found = matching();
    say(found.length ? found.length + " hasil untuk " + current.term : "Tidak ada hasil untuk " + current.term);
    showMore(found);
    updateCounts();
  }

  function showMore(found) {
    found = found || matching();
    found.slice(shown, shown + PAGE).forEach(function (article) { addResult(article, latest); });
    shown = Math.min(found.length, shown + PAGE);
    more.hidden = shown >= found.length;
  }

  function element(name, className, text) {
    var made = document.createElement(name);
    if (className) made.className = className;
    if (text !== undefined) made.textContent = text;
    return made;
  }

  function addResult(article, number) {
    var item = element("li", "search-result");
    list.appendChild(item); // in its place now, filled when its file comes
    var words = current.words;
    getJSON(folder + "artikel/" + article + ".json?v=" + encodeURIComponent(current.code)).then(function (found) {
      if (number !== latest) return;
      var meta = element("p", "search-result-meta");
      meta.appendChild(element("span", "search-result-category", String(found.k)));
      var date = element("time", null, String(found.t));
      date.setAttribute("datetime", String(found.d));
      meta.appendChild(date);
      var title = element("h2", "search-result-title");
      var link = element("a", "search-result-link", String(found.j));
      // A link inside the site only (the build writes it so): never another scheme.
      if (/^\/(?!\/)/.test(found.u)) link.setAttribute("href", found.u);
      title.appendChild(link);
      var excerpt = element("p", "search-result-excerpt");
      fillExcerpt(excerpt, String(found.x), words);
      item.appendChild(meta);
      item.appendChild(title);
      item.appendChild(excerpt);
    }).catch(function () {
      if (number === latest) item.appendChild(element("p", "search-result-excerpt", "Hasil ini tidak dapat dimuat."));
    });
  }

  function isSearched(token, words) {
    return wordsOf(token).some(function (seen) {
      return words.some(function (word) {
        return seen === word || (word.length >= PREFIX && seen.lastIndexOf(word, 0) === 0);
      });
    });
  }

  // About EXCERPT words of the text around the first searched word, each searched word marked:
  // text nodes and <mark> elements only.
  function fillExcerpt(into, text, words) {
    var tokens = [], pattern = /[\p{L}\p{N}\p{M}]+/gu, match;
    while ((match = pattern.exec(text))) tokens.push([match.index, match.index + match[0].length]);
    if (!tokens.length) return;
    var hits = tokens.map(function (token) { return isSearched(text.slice(token[0], token[1]), words); });
    var first = Math.max(0, hits.indexOf(true));
    var start = Math.max(0, Math.min(first - Math.floor(EXCERPT / 3), tokens.length - EXCERPT));
    var end = Math.min(tokens.length, start + EXCERPT);
    var at = start ? tokens[start][0] : 0;
    if (start) into.appendChild(document.createTextNode("… "));
    for (var i = start; i < end; i++) {
      if (!hits[i]) continue;
      into.appendChild(document.createTextNode(text.slice(at, tokens[i][0])));
      into.appendChild(element("mark", null, text.slice(tokens[i][0], tokens[i][1])));
      at = tokens[i][1];
    }
    var last = end < tokens.length ? tokens[end - 1][1] : text.length;
    into.appendChild(document.createTextNode(text.slice(at, last) + (end < tokens.length ? " …" : "")));
  }

  function say(text) {
    message.textContent = text;
  }

  // The filters: loaded when the reader first opens them; a value is offered when some result
  // has it, with how many do.
  function loadFilters() {
    if (filters) return filters;
    filters = loadTable().then(function (index) { return getJSON(folder + index.saring); }).then(function (groups) {
      var ready = {};
      GROUPS.forEach(function (group) {
        ready[group[0]] = Object.create(null); // a tag may be named "__proto__"
        var values = groups[group[0]] || {};
        Object.keys(values).forEach(function (label) {
          var numbers = new Set(), number = 0;
          values[label].forEach(function (gap) { number += gap; numbers.add(number); });
          ready[group[0]][label] = numbers;
        });
      });
      filterSets = ready;
      buildFilters(ready);
      render();
      return ready;
    });
    filters.catch(function () {
      filters = null;
      groupsBox.textContent = "Saringan tidak dapat dimuat.";
    });
    return filters;
  }

  function buildFilters(ready) {
    groupsBox.textContent = "";
    GROUPS.forEach(function (group) {
      var set = element("fieldset", "search-filter");
      set.appendChild(element("legend", null, group[1]));
      Object.keys(ready[group[0]]).forEach(function (label) {
        var choice = element("label", "search-filter-value");
        var box = element("input");
        box.type = "checkbox";
        box.value = label;
        box.addEventListener("change", function () {
          if (box.checked) chosen[group[0]].add(label); else chosen[group[0]].delete(label);
          render();
        });
        choice.appendChild(box);
        choice.appendChild(element("span", "search-filter-label", label));
        choice.appendChild(element("span", "search-filter-count"));
        set.appendChild(choice);
      });
      groupsBox.appendChild(set);
    });
  }

  function updateCounts() {
    if (!filterSets || !current) return;
    groupsBox.querySelectorAll("fieldset").forEach(function (set, at) {
      var group = GROUPS[at][0], values = filterSets[group];
      set.querySelectorAll("label").forEach(function (choice) {
        var box = choice.querySelector("input"), numbers = values[box.value];
        var count = current.ranked.filter(function (article) { return numbers.has(article); }).length;
        choice.querySelector(".search-filter-count").textContent = "(" + count + ")";
        choice.hidden = count === 0 && !box.checked;
      });
      set.hidden = !set.querySelector("label:not([hidden])");
    });
  }

  var waiting = null;
  input.addEventListener("input", function () {
    clearTimeout(waiting);
    waiting = setTimeout(function () { search(input.value.trim()); }, 150);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(waiting);
    search(input.value.trim());
    if (window.history && history.replaceState) {
      var address = new URL(location.href);
      address.searchParams.set("q", input.value.trim());
      history.replaceState(null, "", address);
    }
  });
  more.addEventListener("click", function () { showMore(); });
  filterBox.addEventListener("toggle", function () { if (filterBox.open) loadFilters(); });

  var asked = new URLSearchParams(location.search).get("q");
  if (asked) {
    input.value = asked;
    search(asked.trim());
  }
})();
