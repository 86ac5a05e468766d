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

  /* Who is joined to whom, from the lines' data-a/data-b. */
  var lines = Array.prototype.slice.call(svg.querySelectorAll("line[data-a]"));
  var nodes = {};
  Array.prototype.forEach.call(svg.querySelectorAll("a[data-id]"), function (a) {
    nodes[a.getAttribute("data-id")] = a;
  });
  var touching = {};
  lines.forEach(function (line) {
    var a = line.getAttribute("data-a"), b = line.getAttribute("data-b");
    (touching[a] = touching[a] || []).push(line);
    (touching[b] = touching[b] || []).push(line);
  });

  /* A frame for the buttons and the name label. */
  var frame = document.createElement("div");
  frame.className = "graph-frame";
  svg.parentNode.insertBefore(frame, svg);
  frame.appendChild(svg);
  var label = document.createElement("p");
  label.className = "graph-name";
  label.setAttribute("aria-live", "polite");
  label.hidden = true;
  frame.appendChild(label);
  var controls = document.createElement("div");
  controls.className = "graph-controls";
  frame.appendChild(controls);

  function button(text, name, action) {
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = text;
    b.setAttribute("aria-label", name);
    b.title = name;
    b.addEventListener("click", action);
    controls.appendChild(b);
  }

  function apply() {
    svg.setAttribute("viewBox", [view.x, view.y, view.w, view.h].map(function (n) {
      return Math.round(n * 100) / 100;
    }).join(" "));
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
    label.hidden = true;
  }
  function light(a) {
    clear();
    var id = a.getAttribute("data-id");
    a.classList.add("near", "hot");
    lit.push(a);
    (touching[id] || []).forEach(function (line) {
      line.classList.add("near");
      lit.push(line);
      var other = line.getAttribute("data-a") === id ? line.getAttribute("data-b") : line.getAttribute("data-a");
      if (nodes[other]) {
        nodes[other].classList.add("near");
        lit.push(nodes[other]);
      }
    });
    svg.classList.add("focused");
    var title = a.querySelector("title");
    label.textContent = title ? title.textContent : id;
    label.hidden = false;
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
})();
