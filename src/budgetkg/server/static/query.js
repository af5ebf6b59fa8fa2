// The query page: pick an example, run it against /sparql (JSON results), show a sortable table.
(function () {
  const examples = JSON.parse(document.getElementById("examples-data").textContent);
  const select = document.getElementById("examples");
  const text = document.getElementById("sparql");
  const status = document.getElementById("status");
  const results = document.getElementById("results");
  const download = document.getElementById("download");
  function pick() { text.value = examples[select.value].sparql; link(); }
  function link() { download.href = "/sparql?format=csv&query=" + encodeURIComponent(text.value); }
  select.addEventListener("change", pick);
  text.addEventListener("input", link);
  function esc(s) { const d = document.createElement("div"); d.textContent = s; return d.innerHTML; }
  const DECIMAL = "http://www.w3.org/2001/XMLSchema#decimal";
  function wan(v) {  // 万元 as published: thousands separators, at least two decimals
    const [i, f = ""] = v.replace(/^-/, "").split(".");
    const frac = (f + "00").slice(0, Math.max(2, f.length));
    return (v.startsWith("-") ? "-" : "") + i.replace(/\B(?=(\d{3})+(?!\d))/g, ",") + "." + frac;
  }
  function cell(b) {
    if (!b) return "<td></td>";
    if (b.type === "uri") return '<td><a href="' + esc(b.value) + '">' + esc(b.value) + "</a></td>";
    if (b.datatype === DECIMAL) return '<td class="num">' + esc(wan(b.value)) + "</td>";
    return "<td>" + esc(b.value) + "</td>";
  }
  document.getElementById("q").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    status.textContent = "…";
    results.innerHTML = "";
    const t0 = performance.now();
    const resp = await fetch("/sparql", {
      method: "POST",
      headers: { "Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json" },
      body: text.value,
    });
    const ms = Math.round(performance.now() - t0);
    if (!resp.ok) {
      status.innerHTML = '<span class="error">' + resp.status + " " + esc(await resp.text()) + "</span>";
      return;
    }
    const data = await resp.json();
    if ("boolean" in data) { results.textContent = String(data.boolean); status.textContent = ms + " ms"; return; }
    const vars = data.head.vars;
    const rows = data.results.bindings;
    let html = '<table class="sortable" id="result-table"><thead><tr>' + vars.map((v) => "<th>" + esc(v) + "</th>").join("") + "</tr></thead><tbody>";
    for (const r of rows) html += "<tr>" + vars.map((v) => cell(r[v])).join("") + "</tr>";
    results.innerHTML = html + "</tbody></table>";
    window.makeSortable(results);
    status.textContent = rows.length + " rows, " + ms + " ms";
  });
  if (examples.length) pick();
})();
