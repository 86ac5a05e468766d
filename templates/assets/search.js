/* netvault search box: people and notes from search-index.js (works from file://), plus
   full-text results from Pagefind when the site is served over http(s).
   Results are built with createElement/textContent only: every value is the user's text. */
(function () {
  "use strict";

  var root = document.documentElement.dataset.root || "";
  if (root === "./") root = "";
  // A link that only works with a script (the directory filtered by a tag) is hidden
  // until now, so a reader without JavaScript is not sent to an unfiltered list.
  var needy = document.querySelectorAll("[data-needs-script]");
  for (var n = 0; n < needy.length; n++) needy[n].hidden = false;
  // A long page's index scrolls sideways on a phone; a chip reached by Tab was left half
  // out of it, under the fading edge (the browser scrolls only what is wholly hidden).
  var chips = document.querySelector(".month-index ul");
  if (chips) {
    // A heading the index opens lands just below it: the stylesheet's clearance fits an
    // index of two rows, and this class tells it when there is only one.
    var oneRow = function () {
      var rows = chips.lastElementChild.offsetTop - chips.firstElementChild.offsetTop;
      document.documentElement.classList.toggle("index-one-row", rows < 4);
    };
    oneRow();
    window.addEventListener("resize", oneRow);
    // The chip of the part being read is marked as the page scrolls (and kept in sight
    // in a row that scrolls sideways), so a long timeline says which month this is.
    var bar = chips.closest(".month-index");
    var parts = Array.prototype.map.call(chips.querySelectorAll("a[href^='#']"), function (a) {
      return [a, document.getElementById(a.getAttribute("href").slice(1))];
    }).filter(function (pair) { return pair[1] && pair[1].id !== "top"; });
    var here = null, waiting = false, held = false;
    var mark = function () {
      waiting = false;
      // A chip under a pressed pointer stays put: moved between press and release, the
      // press and the release fell on two chips and the click on neither.
      if (held) return;
      // A part is being read once its top nears the index, or where a chip's jump puts
      // it (the scroll padding, which on a phone is 18 px below the index).
      var root = document.documentElement, sight = window.innerHeight;
      var padding = parseFloat(window.getComputedStyle(root).scrollPaddingTop) || 0;
      var line = Math.max(bar.getBoundingClientRect().bottom, padding) + 16;
      var now = null;
      parts.forEach(function (pair) {
        if (pair[1].getBoundingClientRect().top <= line) now = pair[0];
      });
      // At the foot of the page the last parts never reach the line: the one a chip
      // opened is marked, else the last whose top is in sight.
      var inSight = function (pair) { return pair[1].getBoundingClientRect().top < sight; };
      if (window.scrollY > 0 && window.scrollY + sight >= root.scrollHeight - 2) {
        var opened = parts.filter(function (pair) {
          return "#" + pair[1].id === location.hash;
        })[0];
        if (opened && inSight(opened)) {
          now = opened[0];
        } else {
          parts.filter(inSight).forEach(function (pair) { now = pair[0]; });
        }
      }
      if (now === here) return;
      if (here) here.removeAttribute("aria-current");
      here = now;
      if (!here) return;
      here.setAttribute("aria-current", "location");
      var chip = here.parentNode;
      if (chip.offsetLeft < chips.scrollLeft ||
          chip.offsetLeft + chip.offsetWidth > chips.scrollLeft + chips.clientWidth) {
        chips.scrollLeft = chip.offsetLeft - chips.clientWidth / 3;
      }
    };
    window.addEventListener("scroll", function () {
      if (!waiting) {
        waiting = true;
        window.requestAnimationFrame(mark);
      }
    }, { passive: true });
    mark();
    chips.addEventListener("pointerdown", function () { held = true; });
    var release = function () {
      if (!held) return;
      held = false;
      window.requestAnimationFrame(mark);
    };
    window.addEventListener("pointerup", release);
    window.addEventListener("pointercancel", release);
    chips.addEventListener("focusin", function (event) {
      // only for the keyboard: moved under a pointer mid-click, the chip missed the click
      var target = event.target;
      if (target.matches && target.matches(":focus-visible")) {
        target.scrollIntoView({ block: "nearest", inline: "nearest" });
      }
    });
  }
  // The form is built here rather than repeated in 20,000 pages: without JavaScript there
  // is no search, and the People link of the navigation stays.
  var header = document.querySelector(".site-header-inner");
  if (!header || document.querySelector("form.site-search")) return;
  var form = document.createElement("form");
  form.className = "site-search";
  form.setAttribute("role", "search");
  var label = document.createElement("label");
  label.htmlFor = "site-search-input";
  label.textContent = "Search people and notes";
  var input = document.createElement("input");
  input.id = "site-search-input";
  input.type = "search";
  input.autocomplete = "off";
  input.setAttribute("aria-controls", "site-search-results");
  var button = document.createElement("button");
  button.type = "submit";
  button.textContent = "Search";
  var box = document.createElement("div");
  box.id = "site-search-results";
  box.className = "search-results";
  box.setAttribute("role", "region");
  box.setAttribute("aria-live", "polite");
  box.setAttribute("aria-label", "Search results");
  box.hidden = true;
  form.appendChild(label);
  form.appendChild(input);
  form.appendChild(button);
  form.appendChild(box);
  header.appendChild(form);

  // The full placeholder where the box has room for it, a short one where the header
  // squeezes the box (tablet widths): a placeholder cut mid-word reads as a fault.
  var FULL = "Search people and notes";
  var ruler = document.createElement("canvas").getContext("2d");
  function placeholder() {
    var style = getComputedStyle(input);
    var room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    var em = parseFloat(style.fontSize) || 16;
    var needed = 14 * em; // no canvas: a rule of thumb
    if (ruler) {
      ruler.font = style.font;
      needed = ruler.measureText(FULL).width + em; // and the browser's clear button
    }
    input.placeholder = room < needed ? "Search" : FULL;
  }
  placeholder();
  if (window.ResizeObserver) new ResizeObserver(placeholder).observe(input);

  var indexState = 0; // 0 not asked for, 1 loading, 2 loaded (or failed: search what there is)
  var LIMIT = 8;
  var pagefind = null; // the module once loaded, false when unavailable
  var pagefindLoading = null; // the one promise of it, so shards are merged once
  var fullTextTimer = 0;
  var generation = 0; // drops answers to queries that are no longer current
  var shownFor = null; // the query the box's results are for

  function fold(text) {
    return String(text || "")
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase();
  }

  // search-index.js is a script, not JSON to fetch, so it loads from file:// too; it is
  // asked for when the box is first used, so pages that are only read never parse it.
  function loadIndex() {
    if (indexState) return;
    indexState = 1;
    var script = document.createElement("script");
    script.src = root + "search-index.js";
    script.onload = script.onerror = function () {
      indexState = 2;
      if (input.value.trim()) show(input.value);
    };
    document.head.appendChild(script);
  }

  function index() {
    var data = window.NETVAULT_INDEX || {};
    if (!data.prepared) {
      // Fold every searchable field once, not on each keystroke.
      (data.people || []).forEach(function (p) {
        p.f = [fold(p.n)].concat((p.a || []).map(fold), [fold(p.c)], (p.t || []).map(fold));
      });
      (data.notes || []).forEach(function (n) {
        n.f = [fold(n.n), fold(n.s)];
      });
      data.prepared = true;
    }
    return data;
  }

  // Score: 0 = no match; higher is better. Every word of the query must match a field.
  function score(fields, words) {
    var total = 0;
    for (var w = 0; w < words.length; w++) {
      var best = 0;
      for (var i = 0; i < fields.length; i++) {
        var at = fields[i].indexOf(words[w]);
        if (at < 0) continue;
        var s = at === 0 ? 3 : /[\s\-_.,(]/.test(fields[i].charAt(at - 1)) ? 2 : 1;
        if (i === 0) s += 3; // the name or title
        if (s > best) best = s;
      }
      if (!best) return 0;
      total += best;
    }
    return total;
  }

  function rank(items, words) {
    var hits = [];
    items.forEach(function (item, order) {
      var s = score(item.f, words);
      if (s) hits.push({ item: item, s: s, order: order });
    });
    // equal scores: the newest note first (people have no date: the index's order)
    hits.sort(function (a, b) {
      var da = a.item.d || "", db = b.item.d || "";
      return b.s - a.s || (da < db ? 1 : da > db ? -1 : 0) || a.order - b.order;
    });
    var shown = hits.slice(0, LIMIT).map(function (h) {
      return h.item;
    });
    shown.total = hits.length;
    return shown;
  }

  var SINGULAR = { people: "person", notes: "note" };

  // Under a list cut at LIMIT: how many more, and where to see them (if anywhere).
  function more(list, count, noun, href) {
    if (count <= LIMIT) return;
    var li = el("li", "search-more");
    var left = count - LIMIT;
    if (left === 1) noun = SINGULAR[noun] || noun;
    var text = "and " + left.toLocaleString("en") + " more " + noun;
    if (href) {
      var a = el("a", "", text + " in the directory");
      a.href = href;
      li.appendChild(a);
    } else {
      li.appendChild(el("p", "", text + "; add a word to narrow the search"));
    }
    list.appendChild(li);
  }

  function matchedAlias(person, words) {
    var aliases = person.a || [];
    for (var i = 0; i < aliases.length; i++) {
      var folded = fold(aliases[i]);
      if (words.every(function (w) { return folded.indexOf(w) >= 0; })) return aliases[i];
    }
    return "";
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function link(href, title, detail) {
    var a = el("a", "", title);
    a.href = href;
    if (detail) a.appendChild(el("span", "", detail));
    var li = el("li");
    li.appendChild(a);
    return li;
  }

  function section(id, title) {
    var wrap = el("div", "search-group");
    wrap.id = id;
    var heading = el("h2", "", title);
    var list = el("ul");
    wrap.appendChild(heading);
    wrap.appendChild(list);
    return wrap;
  }

  function show(query) {
    var words = fold(query).split(/\s+/).filter(Boolean);
    box.textContent = "";
    generation++;
    if (!words.length) {
      close();
      return;
    }
    if (indexState < 2) {
      loadIndex();
      return; // shown when the index has loaded
    }
    var data = index();
    var people = rank(data.people || [], words);
    var notes = rank(data.notes || [], words);
    if (people.length) {
      var ps = section("search-people", "People");
      people.forEach(function (p) {
        var alias = matchedAlias(p, words);
        var detail = [alias ? "also " + alias : "", p.c || "", (p.t || []).map(function (t) {
          return "#" + t;
        }).join(" ")].filter(Boolean).join(" · ");
        ps.lastChild.appendChild(link(root + p.u, p.n, detail));
      });
      more(ps.lastChild, people.total, "people",
        root + "people/index.html#q=" + encodeURIComponent(query.trim()));
      box.appendChild(ps);
    }
    if (notes.length) {
      var ns = section("search-notes", "Notes");
      notes.forEach(function (n) {
        ns.lastChild.appendChild(link(root + n.u, n.n, [n.d, n.s].filter(Boolean).join(" · ")));
      });
      more(ns.lastChild, notes.total, "notes");
      box.appendChild(ns);
    }
    if (!people.length && !notes.length) box.appendChild(el("p", "search-none", "No matches in names, aliases, companies, tags or note titles."));
    box.hidden = false;
    shownFor = query;
    markDefault();
    scheduleFullText(query, generation);
  }

  function close() {
    box.hidden = true;
    box.textContent = "";
    shownFor = null;
  }

  /* Full text over note bodies: only over http(s), never from file:// (modules and
     fetch do not work there, and a failed attempt would log errors). */
  function fullTextPossible() {
    var data = window.NETVAULT_INDEX || {};
    return (location.protocol === "http:" || location.protocol === "https:") &&
      data.fulltext !== false && pagefind !== false;
  }

  function scheduleFullText(query, ticket) {
    if (!fullTextPossible()) return;
    clearTimeout(fullTextTimer);
    fullTextTimer = setTimeout(function () {
      loadPagefind().then(function (module) {
        if (!module || ticket !== generation) return null;
        return module.search(query).then(function (found) {
          return Promise.all(found.results.slice(0, LIMIT).map(function (r) {
            return r.data();
          }));
        });
      }).then(function (pages) {
        if (pages && ticket === generation) showFullText(pages);
      }).catch(function () {
        pagefind = false;
      });
    }, 150);
  }

  // A big vault's index is built in shards (pagefind/, pagefind-2/, ...): the first is
  // loaded, the others named in pagefind/netvault-shards.json are merged into it.
  function mergeShards(module, base) {
    if (!module.mergeIndex) return Promise.resolve();
    return fetch(new URL("pagefind/netvault-shards.json", base).href).then(function (answer) {
      return answer.ok ? answer.json() : { bundles: [] };
    }).then(function (manifest) {
      return Promise.all((manifest.bundles || []).map(function (bundle) {
        return module.mergeIndex(new URL(bundle, base).href, { baseUrl: base.pathname });
      }));
    });
  }

  function loadPagefind() {
    if (!pagefindLoading) {
      var base = new URL(root || "./", location.href);
      pagefindLoading = import(new URL("pagefind/pagefind.js", base).href).then(function (module) {
        return Promise.resolve(module.options ? module.options({ baseUrl: base.pathname }) : null)
          .then(function () {
            return mergeShards(module, base);
          })
          .then(function () {
            pagefind = module;
            return module;
          });
      }).catch(function () {
        pagefind = false;
        return null;
      });
    }
    return pagefindLoading;
  }

  function plain(html) {
    // An inert document: nothing in it runs or loads; only its text is used.
    return new DOMParser().parseFromString(String(html || ""), "text/html").body.textContent;
  }

  function showFullText(pages) {
    var old = document.getElementById("search-fulltext");
    if (old) old.remove();
    // A note already listed by its title or summary is not listed again.
    var listed = Array.prototype.map.call(box.querySelectorAll("#search-notes a"), function (a) {
      return a.href;
    });
    pages = pages.filter(function (page) {
      return listed.indexOf(new URL(page.url, location.href).href) < 0;
    });
    if (!pages.length) return;
    var fs = section("search-fulltext", "In note text");
    pages.forEach(function (page) {
      var title = (page.meta && page.meta.title) || page.url;
      fs.lastChild.appendChild(link(page.url, plain(title), plain(page.excerpt)));
    });
    var none = box.querySelector(".search-none");
    if (none) none.remove();
    box.appendChild(fs);
    box.hidden = false;
    markDefault();
  }

  function links() {
    return Array.prototype.slice.call(box.querySelectorAll("a"));
  }

  // Enter opens the first result: it is marked so, until the arrows move into the list.
  function markDefault() {
    links().forEach(function (a, at) {
      a.classList.toggle("search-default", at === 0);
    });
  }

  function move(step) {
    var all = links();
    if (!all.length) return;
    var at = all.indexOf(document.activeElement);
    var next = at + step;
    if (next < 0) {
      input.focus();
      return;
    }
    all[Math.min(next, all.length - 1)].focus();
  }

  input.addEventListener("focus", loadIndex);
  input.addEventListener("input", function () {
    show(input.value);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault(); // the page's CSP forbids form submission anyway
    // Results already shown for these words are kept (they may hold full-text ones that
    // arrived later, the first of them marked): Enter opens the marked one.
    if (box.hidden || shownFor !== input.value) show(input.value);
    var first = links()[0];
    if (first) first.click();
  });
  form.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown") {
      event.preventDefault();
      if (box.hidden && input.value.trim()) show(input.value);
      move(1);
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      move(-1);
    } else if (event.key === "Escape") {
      if (!box.hidden) {
        event.preventDefault();
        close();
        input.focus();
      }
    }
  });
  document.addEventListener("click", function (event) {
    if (!form.contains(event.target)) close();
  });
  window.addEventListener("hashchange", close); // a result on this very page was opened
  document.addEventListener("keydown", function (event) {
    // "/" jumps to the search box, as on many sites, unless the user is typing.
    var tag = (event.target.tagName || "").toLowerCase();
    if (event.key === "/" && tag !== "input" && tag !== "select" && tag !== "textarea") {
      event.preventDefault();
      input.focus();
    }
  });
})();
