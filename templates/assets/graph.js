/* netvault network graph: zoom (wheel, pinch, buttons), pan (drag, arrow keys) and
   highlighting of a person's neighbours (hover or keyboard focus) on the inline SVG
   written by render/graph.py. The SVG is complete without this script. */
(function () {
  "use strict";

  var svg = document.querySelector("svg.graph");
  if (!svg || !svg.viewBox || !svg.viewBox.baseVal) return;

  var full = svg.viewBox.baseVal;
  var home = { x: full.x, y: full.y, w: full.width, h: full.height };
  var view = { x: home.x, y: home.y, w: home.w, h: home.h };
  var MIN = home.w / 40, MAX = home.w * 2;

  /* Who is joined to whom: each dot's data-n lists where its neighbours come among the
     dots. A highlighted person's edges are drawn again on top, in one path. */
  var dots = Array.prototype.slice.call(svg.querySelectorAll("g.nodes a[data-id]"));
  var group = svg.querySelector("g.nodes");
  var trail = document.createElementNS(svg.namespaceURI, "path");
  trail.setAttribute("class", "near");
  group.parentNode.insertBefore(trail, group);
  /* The lit dot and its name are drawn again last, so no dot drawn after it covers it. */
  var lifted = document.createElementNS(svg.namespaceURI, "g");
  lifted.setAttribute("aria-hidden", "true");
  group.parentNode.appendChild(lifted);
  function lift(a) {
    lifted.textContent = "";
    if (!a) return;
    lifted.setAttribute("class", "lifted hot " + (a.getAttribute("class") || ""));
    lifted.setAttribute("font-size", group.getAttribute("font-size") || "");
    Array.prototype.forEach.call(a.querySelectorAll("circle, text"), function (el) {
      lifted.appendChild(el.cloneNode(true));
    });
  }
  function joined(a) {
    return (a.getAttribute("data-n") || "").split(" ").filter(Boolean).map(function (k) {
      return dots[+k];
    }).filter(Boolean);
  }

  /* How to use the graph: the caption's plain words hold without this script; with it,
     the words for a mouse or for a finger (a screen with no hover) take their place. */
  var finger = window.matchMedia("(hover: none)").matches;
  Array.prototype.forEach.call(document.querySelectorAll("[data-how]"), function (how) {
    how.hidden = how.getAttribute("data-how") !== (finger ? "touch" : "mouse");
  });

  /* A bar above the graph, so nothing covers it: the name in focus, then the buttons. */
  var bar = document.createElement("div");
  bar.className = "graph-bar";
  svg.parentNode.insertBefore(bar, svg);
  var label = document.createElement("p");
  label.className = "graph-name";
  label.setAttribute("aria-live", "polite");
  bar.appendChild(label);
  var controls = document.createElement("div");
  controls.className = "graph-controls";
  bar.appendChild(controls);

  function button(text, name, action) {
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = text;
    b.setAttribute("aria-label", name);
    b.title = name;
    b.addEventListener("click", action);
    controls.appendChild(b);
  }

  function apply(still) {
    svg.setAttribute("viewBox", [view.x, view.y, view.w, view.h].map(function (n) {
      return Math.round(n * 100) / 100;
    }).join(" "));
    if (!pending) pending = window.requestAnimationFrame(redraw);
    if (big && still !== true) { // the first drawing, or a resize, is no move: edges stay
      svg.classList.add("moving");
      window.clearTimeout(settle);
      settle = window.setTimeout(function () { svg.classList.remove("moving"); }, 200);
    }
  }

  /* A big graph (no names drawn) hides its thousands of edges while it moves, and draws
     them again once it has stood still for a moment: each step then paints at once. */
  var big = !svg.classList.contains("labelled"), settle = 0;

  /* In a big graph dots grow with the zoom slower than the picture does (as its fourth
     root), so zoomed far in on 2,000 people they stay dots rather than a carpet of discs. */
  var circles = dots.map(function (a) {
    var dot = a.querySelector("circle");
    return { dot: dot, r: +dot.getAttribute("r") };
  });
  var shrunk = 1;

  /* Lines stay a pixel wide at any zoom, so drawn small (a phone) a busy graph's lines
     cover its dots many times over, and zoomed in they part: they fade by how much they
     cover (data-ink: times over, drawn 800 px wide; render/graph_svg.py). */
  var edges = svg.querySelector("g.edges");
  var ink = edges ? +edges.getAttribute("data-ink") || 0 : 0;
  function fade() {
    var width = svg.getBoundingClientRect().width;
    if (!ink || !width) return;
    var cover = ink * (800 / width) * (view.w / home.w);
    edges.setAttribute("opacity", Math.max(0.25, Math.min(1, 1.5 / cover)).toFixed(2));
  }

  function redraw() {
    pending = 0;
    fade();
    var shrink = big ? Math.min(1, Math.pow(view.w / home.w, 0.75)) : 1;
    if (shrink !== shrunk) {
      shrunk = shrink;
      circles.forEach(function (c) { c.dot.setAttribute("r", (c.r * shrink).toFixed(2)); });
    }
    relabel();
    lift(lit[0]);
  }

  /* Names keep one size on screen whatever the zoom; each goes right, left, below or above
     its dot, wherever it covers no dot, no name placed before it and stays in view. Where
     the whole name fits nowhere its short form ("Fatima B.") is tried, and where that does
     not fit either the name hides (zoom in to see it). The best connected are placed first. */
  var texts = Array.prototype.map.call(svg.querySelectorAll("g.nodes text"), function (text) {
    var a = text.parentNode, dot = a.querySelector("circle");
    var em = parseFloat(window.getComputedStyle(text).fontSize) || 16;
    var name = text.textContent, short = shortName(name);
    var forms = [[name, text.getComputedTextLength() / em]];
    if (short) {
      text.textContent = short;
      forms.push([short, text.getComputedTextLength() / em]);
      text.textContent = name;
    }
    return {
      text: text, forms: forms, shown: name,
      x: +dot.getAttribute("cx"), y: +dot.getAttribute("cy"), r0: +dot.getAttribute("r"),
      rank: joined(a).length
    };
  }).sort(function (p, q) { return q.rank - p.rank; });
  var pending = 0;
  var heading = svg.querySelector("text.band");

  // "Fatima Zahra Benali" -> "Fatima B.": the first word and the last one's initial (a
  // whole character, not half of one); what is no name ("(ACME Ltd)", "Jr.", "III") is
  // passed over. "" when there is nothing shorter to say.
  function shortName(name) {
    var words = name.replace(/\([^)]*\)/g, " ").trim().split(/\s+/).filter(function (word) {
      return /^\p{L}/u.test(word) && !/^(jr|sr|ii|iii|iv)\.?$/i.test(word);
    });
    if (words.length < 2) return "";
    return words[0] + " " + Array.from(words[words.length - 1])[0] + ".";
  }
  var headingEm = heading ? heading.getComputedTextLength() / 16 : 0; // drawn at 16 units
  var band = Math.min.apply(null, circles.filter(function (c) {
    return !c.dot.parentNode.hasAttribute("data-n"); // the people without edges
  }).map(function (c) { return +c.dot.getAttribute("cy"); }));

  function overlap(p, q) {
    var w = Math.min(p[2], q[2]) - Math.max(p[0], q[0]);
    var h = Math.min(p[3], q[3]) - Math.max(p[1], q[1]);
    return w > 0 && h > 0;
  }

  function relabel() {
    var box = svg.getBoundingClientRect();
    if (!box.width) return;
    var unit = Math.max(view.w / box.width, view.h / box.height);
    var size = (box.width < 600 ? 12 : 14) * unit;
    var half = size * 0.62, taken = [], inset = 6 * unit, pad = 5 * unit;
    var sight = [view.x + inset, view.y + inset, view.x + view.w - inset, view.y + view.h - inset];
    texts.forEach(function (t) {
      t.r = t.r0 * shrunk;
      taken.push([t.x - t.r, t.y - t.r, t.x + t.r, t.y + t.r, t]);
    });
    if (heading) placeHeading(size * 0.9, taken);
    if (!texts.length) return;
    group.setAttribute("font-size", size.toFixed(2));
    texts.forEach(function (t) {
      var g = t.r + 4 * unit, x = t.x, y = t.y, side = null, form = null;
      for (var f = 0; f < t.forms.length && !side; f++) {
        var w = t.forms[f][1] * size;
        form = t.forms[f][0];
        side = [
          [x + g, y, "start", [x + g, y - half, x + g + w, y + half]],
          [x - g, y, "end", [x - g - w, y - half, x - g, y + half]],
          [x, y + g + half, "middle", [x - w / 2, y + g, x + w / 2, y + g + 2 * half]],
          [x, y - g - half, "middle", [x - w / 2, y - g - 2 * half, x + w / 2, y - g]]
        ].filter(function (s) {
          var b = s[3];
          if (b[0] < sight[0] || b[1] < sight[1] || b[2] > sight[2] || b[3] > sight[3]) return false;
          // a name keeps clear of other dots too, so it never reads as theirs
          var clear = [b[0] - pad, b[1] - pad, b[2] + pad, b[3] + pad];
          return !taken.some(function (o) {
            return o[4] !== t && overlap(o[4] ? clear : b, o);
          });
        })[0];
      }
      t.text.classList.toggle("off", !side);
      if (!side) return;
      if (form !== t.shown) t.text.textContent = t.shown = form;
      t.text.setAttribute("x", side[0].toFixed(1));
      t.text.setAttribute("y", side[1].toFixed(1));
      t.text.setAttribute("text-anchor", side[2]);
      taken.push(side[3].concat([null]));
    });
  }

  /* The heading over the people without edges keeps a readable size on screen too; it
     hides only where it would cover a dot, and the names make way for it. */
  function placeHeading(size, taken) {
    var r = shrunk * Math.max.apply(null, circles.map(function (c) { return c.r; }));
    var x = +heading.getAttribute("x"), y = band - r - size * 0.75;
    heading.setAttribute("y", y.toFixed(1));
    var b = [x, y - size * 0.62, x + headingEm * size, y + size * 0.62, null];
    var covers = taken.some(function (o) { return overlap(b, o); });
    heading.classList.toggle("off", covers);
    heading.setAttribute("font-size", size.toFixed(2));
    if (!covers) taken.push(b);
  }

  // Zoom by `factor` (<1 zooms in) keeping the point (px, py) in SVG units where it is.
  function zoom(factor, px, py) {
    var w = Math.min(MAX, Math.max(MIN, view.w * factor));
    var f = w / view.w;
    if (px === undefined) {
      px = view.x + view.w / 2;
      py = view.y + view.h / 2;
    }
    view.x = px - (px - view.x) * f;
    view.y = py - (py - view.y) * f;
    view.w = w;
    view.h = view.h * f;
    apply();
  }

  function pan(dx, dy) {
    view.x += dx;
    view.y += dy;
    apply();
  }

  function reset() {
    view = { x: home.x, y: home.y, w: home.w, h: home.h };
    apply();
  }

  // Screen pixels -> SVG units.
  function toSvg(clientX, clientY) {
    var box = svg.getBoundingClientRect();
    var scale = Math.max(view.w / box.width, view.h / box.height);
    var offX = (box.width * scale - view.w) / 2, offY = (box.height * scale - view.h) / 2;
    return {
      x: view.x - offX + (clientX - box.left) * scale,
      y: view.y - offY + (clientY - box.top) * scale,
      scale: scale
    };
  }

  button("+", "Zoom in", function () { zoom(1 / 1.4); });
  button("\u2212", "Zoom out", function () { zoom(1.4); });
  button("Reset", "Reset the view", reset);

  svg.addEventListener("wheel", function (event) {
    event.preventDefault();
    var p = toSvg(event.clientX, event.clientY);
    zoom(Math.pow(1.0015, event.deltaY * (event.deltaMode === 1 ? 16 : 1)), p.x, p.y);
  }, { passive: false });

  /* Drag to pan, two fingers to pinch. A drag never counts as a click on a person. */
  var pointers = {};
  var moved = false;
  var pinch = 0;

  function spread() {
    var ids = Object.keys(pointers);
    if (ids.length < 2) return 0;
    var a = pointers[ids[0]], b = pointers[ids[1]];
    return Math.sqrt(Math.pow(a.x - b.x, 2) + Math.pow(a.y - b.y, 2));
  }

  svg.addEventListener("pointerdown", function (event) {
    if (event.button !== 0) return;
    touch = event.pointerType === "touch" || event.pointerType === "pen";
    litBefore = lit[0] || null; // a tap's focus lights its dot before the click comes
    pointers[event.pointerId] = { x: event.clientX, y: event.clientY };
    moved = false;
    pinch = spread();
  });
  svg.addEventListener("pointermove", function (event) {
    var last = pointers[event.pointerId];
    if (!last) return;
    var dx = event.clientX - last.x, dy = event.clientY - last.y;
    if (!moved && Math.abs(dx) + Math.abs(dy) < 4) return;
    if (!moved) {
      moved = true;
      svg.classList.add("grabbing");
      try {
        svg.setPointerCapture(event.pointerId);
      } catch (e) {
        /* capture is a nicety */
      }
    }
    pointers[event.pointerId] = { x: event.clientX, y: event.clientY };
    var now = spread();
    if (pinch && now) {
      var ids = Object.keys(pointers);
      var mid = toSvg((pointers[ids[0]].x + pointers[ids[1]].x) / 2,
        (pointers[ids[0]].y + pointers[ids[1]].y) / 2);
      zoom(pinch / now, mid.x, mid.y);
      pinch = now;
    } else {
      var scale = toSvg(0, 0).scale;
      pan(-dx * scale, -dy * scale);
    }
  });
  function release(event) {
    delete pointers[event.pointerId];
    pinch = spread();
    if (!Object.keys(pointers).length) svg.classList.remove("grabbing");
  }
  svg.addEventListener("pointerup", release);
  svg.addEventListener("pointercancel", release);
  svg.addEventListener("click", function (event) {
    if (moved) {
      event.preventDefault();
      moved = false;
    }
  }, true);

  /* A finger has no hover: its first tap on a dot names it and lights its connections,
     the second opens the page. The tap goes to the nearest dot within a fingertip
     (REACH px from its edge), as a dot may be drawn a few pixels wide. */
  var touch = false, litBefore = null, REACH = 22;
  function nearest(event) {
    var best = null, gap = REACH;
    dots.forEach(function (a) {
      var b = a.querySelector("circle").getBoundingClientRect();
      var d = Math.sqrt(Math.pow(b.left + b.width / 2 - event.clientX, 2) +
        Math.pow(b.top + b.height / 2 - event.clientY, 2)) - b.width / 2;
      if (d < gap) {
        best = a;
        gap = d;
      }
    });
    return best;
  }
  svg.addEventListener("click", function (event) {
    // event.detail is 0 for a click made by the keyboard (Enter on a focused dot): it
    // opens the page, whatever a finger did before
    if (!touch || event.detail === 0 || event.defaultPrevented) return;
    var a = target(event) || nearest(event);
    if (!a) {
      clear();
    } else if (a !== litBefore) {
      event.preventDefault();
      light(a);
    } else if (a !== target(event)) {
      window.location.assign(a.getAttribute("href"));
    }
  });

  /* Keyboard: arrows pan, + and - zoom, 0 resets, while focus is in the graph. */
  svg.addEventListener("keydown", function (event) {
    var step = view.w / 10;
    var keys = {
      ArrowLeft: function () { pan(-step, 0); },
      ArrowRight: function () { pan(step, 0); },
      ArrowUp: function () { pan(0, -step); },
      ArrowDown: function () { pan(0, step); },
      "+": function () { zoom(1 / 1.4); },
      "=": function () { zoom(1 / 1.4); },
      "-": function () { zoom(1.4); },
      "0": reset
    };
    if (keys[event.key]) {
      event.preventDefault();
      keys[event.key]();
    }
  });
  if (!svg.hasAttribute("tabindex")) svg.setAttribute("tabindex", "0");

  /* Highlight a person and their neighbours. */
  var lit = [];
  function clear() {
    lit.forEach(function (el) { el.classList.remove("near", "hot"); });
    lit = [];
    svg.classList.remove("focused");
    trail.removeAttribute("d");
    label.textContent = "";
    lift(null);
  }
  function light(a) {
    clear();
    a.classList.add("near", "hot");
    lit.push(a);
    var at = a.querySelector("circle"), path = "";
    joined(a).forEach(function (dot) {
      dot.classList.add("near");
      lit.push(dot);
      var to = dot.querySelector("circle");
      path += "M" + at.getAttribute("cx") + " " + at.getAttribute("cy") +
        "L" + to.getAttribute("cx") + " " + to.getAttribute("cy");
    });
    if (path) trail.setAttribute("d", path);
    lift(a);
    svg.classList.add("focused");
    label.textContent = nameOf(a);
    if (big) { // shown, not announced: a sweep of the pointer would read out lists of names
      var more = document.createElement("span");
      more.setAttribute("aria-hidden", "true");
      more.textContent = neighbours(a);
      label.appendChild(more);
    }
  }
  // The page's language, not the reader's: everyone sees the same first eight.
  var byName = new Intl.Collator(document.documentElement.lang || "en").compare;
  function nameOf(a) {
    var title = a.querySelector("title");
    return title ? title.textContent : a.getAttribute("data-id");
  }
  /* A big graph draws no names, so the bar says who the lit dots around this one are:
     how many, then alphabetically (never by any rank) the first eight. */
  function neighbours(a) {
    var names = joined(a).map(nameOf).sort(byName);
    if (!names.length) return "";
    var count = names.length + (names.length === 1 ? " connection: " : " connections: ");
    var more = names.length > 8 ? " and " + (names.length - 8) + " more" : "";
    return " · " + count + names.slice(0, 8).join(", ") + more;
  }
  function target(event) {
    var el = event.target;
    return el && el.closest ? el.closest("a[data-id]") : null;
  }
  svg.addEventListener("mouseover", function (event) {
    var a = target(event);
    if (a) light(a);
  });
  svg.addEventListener("mouseleave", clear);
  svg.addEventListener("focusin", function (event) {
    var a = target(event);
    if (a) light(a);
  });
  svg.addEventListener("focusout", clear);
  window.addEventListener("resize", function () { apply(true); });
  apply(true);
})();
