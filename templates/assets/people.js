/* netvault people directory: filter (text, tag, tier, status) and sort (name, last
   contact, next due) the rows of #people-table. The table is complete without this script;
   it only hides and reorders rows, using their data-* attributes. The choice is kept in
   the address (#tag=x&sort=due) so it survives reloads and can be linked. */
(function () {
  "use strict";

  var form = document.getElementById("people-filters");
  var table = document.getElementById("people-table");
  if (!form || !table || !table.tBodies.length) return;

  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var count = document.getElementById("people-count");
  var none = document.getElementById("people-none"); // "No one matches these filters."
  var clear = document.getElementById("people-clear");
  var fields = {
    q: document.getElementById("filter-text"),
    tag: document.getElementById("filter-tag"),
    tier: document.getElementById("filter-tier"),
    status: document.getElementById("filter-status"),
    sort: document.getElementById("sort-by")
  };

  function fold(text) {
    return String(text || "")
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase();
  }

  // Read each row once.
  var facts = rows.map(function (row, order) {
    var d = row.dataset;
    return {
      row: row,
      order: order,
      text: fold((d.name || "") + " " + (d.search || "") + " " + row.textContent),
      tags: (d.tags || "").split("|").filter(Boolean),
      tier: d.tier || "",
      status: d.status || "",
      name: fold(d.name || row.cells[0].textContent),
      last: d.last || "",
      due: d.due || ""
    };
  });

  // 1234 -> "1,234", as the pages print counts.
  function number(n) {
    return String(n).replace(/\B(?=(\d{3})+$)/g, ",");
  }

  function value(name) {
    return fields[name] ? fields[name].value : "";
  }

  function compare(key) {
    return function (a, b) {
      if (key === "last" || key === "due") {
        var x = a[key], y = b[key];
        if (x !== y) {
          if (!x) return 1; // no date: at the end either way
          if (!y) return -1;
          // Most recent contact first; soonest due first.
          return key === "last" ? (x < y ? 1 : -1) : (x < y ? -1 : 1);
        }
      }
      if (a.name !== b.name) return a.name < b.name ? -1 : 1;
      return a.order - b.order;
    };
  }

  var sorted = null; // the order the rows are in, once sorted here

  // The sortable columns: their heads become buttons that sort by them, and the sorted
  // one says so (aria-sort, and an arrow drawn by the stylesheet).
  var SORTS = { 0: ["name", "ascending"], 5: ["last", "descending"], 6: ["due", "ascending"] };
  var heads = table.tHead ? table.tHead.rows[0].cells : [];
  Object.keys(SORTS).forEach(function (column) {
    var th = heads[column];
    if (!th) return;
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = th.textContent;
    button.addEventListener("click", function () {
      fields.sort.value = SORTS[column][0];
      apply();
    });
    th.textContent = "";
    th.appendChild(button);
  });

  function markSorted(sort) {
    Object.keys(SORTS).forEach(function (column) {
      var th = heads[column];
      if (!th) return;
      if (SORTS[column][0] === sort) th.setAttribute("aria-sort", SORTS[column][1]);
      else th.removeAttribute("aria-sort");
    });
  }

  function apply() {
    var words = fold(value("q")).split(/\s+/).filter(Boolean);
    var tag = value("tag"), tier = value("tier"), status = value("status");
    var sort = value("sort") || "name";
    var shown = 0;
    // Only what changed is touched: 2,000 rows moved or re-hidden on every keystroke cost
    // a third of a second.
    facts.forEach(function (f) {
      var visible = words.every(function (w) { return f.text.indexOf(w) >= 0; }) &&
        (!tag || f.tags.indexOf(tag) >= 0) &&
        (!tier || f.tier === tier) &&
        (!status || f.status === status);
      if (f.row.hidden === visible) f.row.hidden = !visible;
      if (visible) shown++;
    });
    if (sort !== sorted) {
      var moved = document.createDocumentFragment();
      facts.slice().sort(compare(sort)).forEach(function (f) { moved.appendChild(f.row); });
      body.appendChild(moved); // the DOM order becomes the sort order, in one step
      sorted = sort;
      markSorted(sort);
    }
    if (clear) clear.hidden = !(words.length || tag || tier || status);
    if (count) {
      count.textContent = shown === facts.length
        ? number(facts.length) + (facts.length === 1 ? " person" : " people")
        : number(shown) + " of " + number(facts.length) + " people";
    }
    if (none && none.hidden !== (shown > 0)) none.hidden = shown > 0;
    remember();
  }

  function remember() {
    var parts = [];
    Object.keys(fields).forEach(function (name) {
      var v = value(name);
      if (v && !(name === "sort" && v === "name")) {
        parts.push(name + "=" + encodeURIComponent(v));
      }
    });
    var hash = parts.length ? "#" + parts.join("&") : "";
    if (hash !== location.hash && window.history && history.replaceState) {
      try {
        history.replaceState(null, "", hash || location.pathname + location.search);
      } catch (e) {
        /* some browsers refuse this on file://; filtering still works */
      }
    }
  }

  function restore() {
    location.hash.replace(/^#/, "").split("&").forEach(function (part) {
      var pair = part.split("=");
      var field = fields[pair[0]];
      if (!field || pair.length !== 2) return;
      var v;
      try {
        v = decodeURIComponent(pair[1]);
      } catch (e) {
        return;
      }
      if (field.tagName === "SELECT") {
        var known = Array.prototype.some.call(field.options, function (o) { return o.value === v; });
        if (!known) return;
      }
      field.value = v;
    });
  }

  form.hidden = false;
  form.addEventListener("submit", function (event) {
    event.preventDefault();
  });
  form.addEventListener("input", apply);
  if (clear) {
    clear.addEventListener("click", function () {
      ["q", "tag", "tier", "status"].forEach(function (name) {
        if (fields[name]) fields[name].value = "";
      });
      apply();
      if (fields.q) fields.q.focus(); // the button is hidden now: keep the focus in the form
    });
  }
  form.addEventListener("change", apply);
  restore();
  apply();
  // A link to this page with other filters (the search box's "more people in the
  // directory", followed from here) changes only the address: it sets them all.
  window.addEventListener("hashchange", function () {
    if (!/(^#|&)(q|tag|tier|status|sort)=/.test(location.hash)) return; // #main, not filters
    Object.keys(fields).forEach(function (name) {
      if (fields[name]) fields[name].value = name === "sort" ? "name" : "";
    });
    restore();
    apply();
  });
})();
