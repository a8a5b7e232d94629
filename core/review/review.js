// pagenorm review pages: inlined into every page. Page text reaches the DOM only through
// textContent, never as HTML.
(function () {
  "use strict";

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  function span(first, last) {
    return first === last ? "line " + first : "lines " + first + "–" + last;
  }

  function claimText(claim) {
    return claim.plugin + " " + claim.kind + " " + claim.confidence.toFixed(2) + " (" +
      span(claim.first, claim.last) + ")";
  }

  // --- one page: hover or click a line to see its section, plugin and competing claims ---

  function setUpLines(data) {
    const table = document.getElementById("lines");
    const detail = document.getElementById("detail");
    const rows = Array.from(table.querySelectorAll("tr.ln"));
    const bySection = new Map();
    rows.forEach(function (row) {
      const section = row.dataset.section;
      if (section === undefined) return;
      if (!bySection.has(section)) bySection.set(section, []);
      bySection.get(section).push(row);
    });
    let pinned = null;
    let lit = [];

    function light(row) {
      lit.forEach(function (r) { r.classList.remove("hl"); });
      lit = row.dataset.section === undefined ? [row] : bySection.get(row.dataset.section);
      lit.forEach(function (r) { r.classList.add("hl"); });
    }

    function show(row) {
      light(row);
      const d = row.dataset;
      const parts = [];
      const head = el("h3", "Line " + d.line + " · " + d.kind);
      parts.push(el("span", pinned === row ? "pinned: click again to unpin" : "click to pin",
                    "pin"));
      parts.push(head);
      if (d.plugin) {
        const section = data.sections[Number(d.section)];
        const about = el("p");
        about.append("plugin ", el("b", d.plugin, "plugin"), " · confidence ",
                     el("b", Number(d.confidence).toFixed(2), "confidence"),
                     " · section " + span(section.first, section.last));
        parts.push(about);
      } else if (d.kind === "residual") {
        parts.push(el("p", "No section covers this line: it is kept in residual.", "why"));
      } else {
        parts.push(el("p", "A blank line no section covers.", "why"));
      }
      const lost = (data.lost_by_line[d.line] || []).map(function (i) { return data.losses[i]; });
      if (lost.length) {
        parts.push(el("p", "Competing claims that lost (" + lost.length + "):"));
        const list = el("ul", null, "competing");
        lost.forEach(function (loss) {
          const item = el("li", claimText(loss.claim));
          if (loss.winner) item.append(" lost to " + claimText(loss.winner));
          item.append(el("div", loss.reason, "why"));
          list.append(item);
        });
        parts.push(list);
      } else {
        parts.push(el("p", "No competing claims on this line.", "why"));
      }
      detail.replaceChildren.apply(detail, parts);
      detail.dataset.line = d.line;
    }

    function rowOf(event) {
      return event.target.closest ? event.target.closest("tr.ln") : null;
    }

    table.addEventListener("mouseover", function (event) {
      const row = rowOf(event);
      if (row && !pinned) show(row);
    });
    table.addEventListener("click", function (event) {
      const row = rowOf(event);
      if (!row) return;
      if (pinned) pinned.classList.remove("pinned");
      pinned = pinned === row ? null : row;
      if (pinned) pinned.classList.add("pinned");
      show(row);
    });
    table.addEventListener("focusin", function (event) {
      const row = rowOf(event);
      if (row && !pinned) show(row);
    });
    table.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") {
        const row = rowOf(event);
        if (row) { event.preventDefault(); row.click(); }
      }
    });
    if (location.hash && /^#L\d+$/.test(location.hash)) {
      const row = document.getElementById(location.hash.slice(1));
      if (row) row.click();
    }
  }

  // --- the index: filters and sortable columns ---

  function setUpIndex() {
    const table = document.getElementById("pages");
    const body = table.tBodies[0];
    const rows = Array.from(body.rows);
    const text = document.getElementById("filter");
    const selects = {
      site: document.getElementById("filter-site"),
      kind: document.getElementById("filter-kind"),
      code: document.getElementById("filter-code"),
    };
    const shown = document.getElementById("shown");

    function matches(row) {
      const query = text.value.trim().toLowerCase();
      if (query && !query.split(/\s+/).every(function (w) { return row.dataset.text.includes(w); }))
        return false;
      if (selects.site.value && row.dataset.site !== selects.site.value) return false;
      if (selects.kind.value && row.dataset.kind !== selects.kind.value) return false;
      const code = selects.code.value;
      if (code === "(none)") return row.dataset.codes === "";
      if (code) return row.dataset.codes.split(" ").includes(code);
      return true;
    }

    function apply() {
      let count = 0;
      rows.forEach(function (row) {
        const ok = matches(row);
        row.hidden = !ok;
        if (ok) count += 1;
      });
      shown.textContent = count + " of " + rows.length + " pages shown";
    }

    text.addEventListener("input", apply);
    Object.values(selects).forEach(function (s) { s.addEventListener("change", apply); });

    const headers = Array.from(table.tHead.rows[0].cells);
    headers.forEach(function (th, column) {
      th.addEventListener("click", function () {
        const ascending = th.getAttribute("aria-sort") !== "ascending";
        headers.forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        const numeric = th.dataset.type === "num";
        const key = function (row) {
          const cell = row.cells[column];
          const value = cell.dataset.value !== undefined ? cell.dataset.value : cell.textContent;
          return numeric ? Number(value) : value.toLowerCase();
        };
        const sorted = rows.slice().sort(function (a, b) {
          const x = key(a), y = key(b);
          const order = x < y ? -1 : x > y ? 1 : 0;
          return ascending ? order : -order;
        });
        sorted.forEach(function (row) { body.append(row); });
      });
    });
    apply();
  }

  const holder = document.getElementById("pagenorm-data");
  const data = holder ? JSON.parse(holder.textContent) : {};
  if (document.getElementById("lines")) setUpLines(data);
  if (document.getElementById("pages")) setUpIndex();
})();
