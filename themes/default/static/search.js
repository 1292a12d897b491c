/* Site search: queries this language's index (written by folio). Words are tokenised as in
   src/search.rs; each must match a term or a term's start. Title 3, meta 2, summary 1. */
(() => {
  const form = document.getElementById("search"), data = form.dataset, input = form.elements.q;
  const status = document.getElementById("search-status"), list = document.getElementById("search-results");
  const CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\u{20000}-\u{2fa1f}]/u;
  const WORD = /[\p{Alphabetic}\p{N}]/u, MAX = 20;
  let index, terms, loading, timer;

  function tokens(text) {
    const out = new Set();
    let word = "", run = [];
    for (const c of text + " ") {
      const k = CJK.test(c) ? 2 : WORD.test(c) ? 1 : 0;
      if (k !== 1 && word) { out.add(word); word = ""; }
      if (k !== 2 && run.length) {
        if (run.length === 1) out.add(run[0]);
        for (let i = 1; i < run.length; i++) out.add(run[i - 1] + run[i]);
        run = [];
      }
      if (k === 1) word += c.toLowerCase(); else if (k === 2) run.push(c);
    }
    return [...out];
  }

  const load = () => loading = loading || fetch(data.index)
    .then((r) => { if (!r.ok) throw r.status; return r.json(); })
    .then((j) => { index = j; terms = Object.keys(j.terms); }, (e) => { loading = null; throw e; });

  // [doc, score] of the docs matching every word, best first, then in index order.
  function search(words) {
    let scores;
    for (const t of words) {
      // One CJK character may be the second half of a bigram too (胞 in 细胞).
      const one = t.length === 1 && CJK.test(t), best = new Map();
      for (const term of terms) if (one ? term.includes(t) : term.startsWith(t)) {
        for (const p of index.terms[term]) {
          const w = 3 - (p & 3) + (term === t ? 0.5 : 0);
          if (!(best.get(p >> 2) >= w)) best.set(p >> 2, w);
        }
      }
      if (!scores) scores = best;
      else for (const [d, s] of scores) best.has(d) ? scores.set(d, s + best.get(d)) : scores.delete(d);
    }
    return [...scores].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  }

  // A new <tag class=cls> in `parent` holding `text`, the query words (at word starts) in <mark>.
  function add(parent, tag, cls, text = "", re = null) {
    const el = parent.appendChild(document.createElement(tag));
    if (cls) el.className = cls;
    let last = 0, m;
    while (re && (m = re.exec(text))) {
      const before = text[m.index - 1] || " ";
      if (CJK.test(m[0] + before) || !WORD.test(before)) {
        el.append(text.slice(last, m.index));
        add(el, "mark", "", m[0]);
        last = re.lastIndex;
      }
    }
    el.append(text.slice(last));
    return el;
  }

  function render() {
    const q = input.value.trim(), words = tokens(q), hits = words.length ? search(words) : [];
    list.textContent = status.textContent = "";
    list.hidden = !hits.length;
    if (!q) return;
    const n = hits.length;
    status.textContent = (n ? (n > 1 ? data.many.replace("{n}", n) : data.one) : data.none) +
      (n > MAX ? " · " + data.first.replace("{n}", MAX) : "");
    // Tokens are letters and digits: nothing to escape. Longest first.
    const re = new RegExp(words.sort((a, b) => b.length - a.length).join("|"), "giu");
    for (const [d] of hits.slice(0, MAX)) {
      const doc = index.docs[d], li = add(list, "li");
      add(add(li, "h2", "paper-title"), "a", "", doc.title, re).href = doc.url;
      const meta = add(li, "p", "meta");
      add(meta, "span", "pill", form.getAttribute("data-kind-" + doc.kind) || doc.kind);
      if (doc.meta) add(meta, "span", "", doc.meta, re);
      if (doc.summary) add(li, "p", "", doc.summary, re);
    }
  }

  function update() {
    clearTimeout(timer);
    const url = new URL(location.href), q = input.value.trim();
    q ? url.searchParams.set("q", q) : url.searchParams.delete("q");
    try { history.replaceState(null, "", url); } catch (e) { /* rate-limited */ }
    load().then(render, () => { status.textContent = data.error; });
  }

  input.addEventListener("focus", () => load().catch(() => {}), { once: true });
  input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(update, 100); });
  form.addEventListener("submit", (e) => { e.preventDefault(); update(); });
  input.value = new URLSearchParams(location.search).get("q") || input.value;
  if (input.value) update();
})();
