// Click a table header to sort its rows (numbers with thousands separators sort as numbers).
(function () {
  function key(cell) {
    const t = cell.textContent.trim();
    const n = t.replace(/,/g, "");
    return n !== "" && !isNaN(n) ? [0, parseFloat(n)] : [1, t];
  }
  function sort(table, col, th) {
    const body = table.tBodies[0];
    const asc = !th.classList.contains("sorted-asc");
    table.querySelectorAll("th").forEach((h) => h.classList.remove("sorted-asc", "sorted-desc"));
    th.classList.add(asc ? "sorted-asc" : "sorted-desc");
    const rows = Array.from(body.rows);
    rows.sort((a, b) => {
      const x = key(a.cells[col]), y = key(b.cells[col]);
      const c = x[0] - y[0] || (x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0);
      return asc ? c : -c;
    });
    rows.forEach((r) => body.appendChild(r));
  }
  window.makeSortable = function (root) {
    (root || document).querySelectorAll("table.sortable").forEach((table) => {
      table.querySelectorAll("th").forEach((th, i) => th.addEventListener("click", () => sort(table, i, th)));
    });
  };
  window.makeSortable(document);
})();
