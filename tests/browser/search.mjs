// Browser checks of the default theme's site search (search.html, search.js) on a built site:
//  (a) on <base>search/ typing 细胞 lists the ECCV 2024 paper (/papers/eccv2024-sparse-view-subcellular/),
//      and its link leads there; so does the single character 胞 (the second half of a bigram);
//  (b) on <base>en/search/ typing "subcellular" lists /en/papers/eccv2024-sparse-view-subcellular/;
//  (c) <base>en/search/?q=segmentation prefills the box and lists results, with the word in <mark>;
//      the index is fetched lazily (not on a plain load, but on first focus); submitting puts ?q= in
//      the URL without reloading; clearing the box clears the results;
//  (d) a nonsense query shows the no-results message and no list;
//  (e) the header's search link on each language's home page leads to that language's search page;
//  (f) every document's title, searched for, lists that document (the page tokenises like the index);
//  (g) with results shown: no horizontal scroll at 360 px, and zero axe violations in the system
//      light and dark schemes and with the toggle's choice (localStorage "theme") forced;
//  (h) without JavaScript the page says search needs it and links to the sections.
//
// axe-core is taken from <playwright-core dir>/../axe-core/axe.min.js, as in a11y.mjs.
//
// Usage: node search.mjs <playwright-core dir> <chromium> <base url>
// e.g.   python3 -m http.server 8123 --directory /tmp/site --bind 127.0.0.1 &
//        node tests/browser/search.mjs target/acceptance-tools/node/node_modules/playwright-core \
//             /usr/bin/chromium http://127.0.0.1:8123/
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { Report, launch, parseArgs } from "./common.mjs";

const { playwrightDir, chromiumPath, baseUrl } = parseArgs("search.mjs");
const axePath = join(dirname(resolve(playwrightDir)), "axe-core", "axe.min.js");
const report = new Report();
const browser = await launch(playwrightDir, chromiumPath);
const PAPER = "papers/eccv2024-sparse-view-subcellular/";
const languages = [{ lang: "zh", prefix: "" }, { lang: "en", prefix: "en/" }];

try {
  await findByTyping("(a)", "search/", "细胞", baseUrl + PAPER, true);
  await findByTyping("(a)", "search/", "胞", baseUrl + PAPER, false);
  await findByTyping("(b)", "en/search/", "subcellular", baseUrl + "en/" + PAPER, false);
  await queryInUrl();
  await noResults();
  await headerLinks();
  await everyTitle();
  await layoutAndAxe();
  await withoutJavaScript();
} catch (err) {
  report.fail("unexpected error", err && err.stack ? err.stack : err);
}
await report.finish(browser);

async function newPage(options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  return { context, page, errors };
}

/// The results shown: the status line, and per result its link (absolute), title, kind label
/// and marked words.
function shown(page) {
  return page.evaluate(() => {
    const list = document.getElementById("search-results");
    return {
      status: document.getElementById("search-status").textContent,
      hidden: list.hidden,
      hits: [...list.children].map((li) => ({
        href: li.querySelector("h2 a")?.href,
        title: li.querySelector("h2")?.textContent,
        kind: li.querySelector(".pill")?.textContent,
        marks: [...li.querySelectorAll("mark")].map((m) => m.textContent),
      })),
      none: document.getElementById("search").dataset.none,
      value: document.getElementById("search-q").value,
    };
  });
}

/// Types `query` into the search box key by key, then waits until the page has searched for all
/// of it (the URL's ?q= is the whole query and the status line is set).
async function type(page, query) {
  await page.getByRole("searchbox").pressSequentially(query, { delay: 30 });
  await page.waitForFunction((q) => new URL(location.href).searchParams.get("q") === q
    && document.getElementById("search-status").textContent !== "", query.trim(), { timeout: 5000 }).catch(() => {});
}

// (a), (b) -------------------------------------------------------------------------------
async function findByTyping(label, path, query, expected, follow) {
  const { context, page, errors } = await newPage();
  await page.goto(baseUrl + path);
  await page.getByRole("searchbox").click();
  await type(page, query);
  const link = page.locator(`#search-results h2 a[href="${new URL(expected).pathname}"]`);
  const found = (await link.count()) > 0;
  const state = await shown(page);
  report.check(found && errors.length === 0,
    `${label} /${path}: typing ${query} lists ${new URL(expected).pathname} (${state.status}; first: ${state.hits[0]?.title} [${state.hits[0]?.kind}])`,
    () => `${errors.join("\n")}\nshown: ${JSON.stringify(state, null, 1).slice(0, 1500)}`);
  if (found && follow) {
    await Promise.all([page.waitForURL(expected, { timeout: 5000 }).catch(() => {}), link.first().click()]);
    report.check(page.url() === expected, `${label} the result's link leads to ${page.url()}`);
  }
  await context.close();
}

// (c) ------------------------------------------------------------------------------------
async function queryInUrl() {
  const { context, page, errors } = await newPage();
  const fetched = [];
  page.on("request", (r) => { if (r.url().endsWith("/index.json")) fetched.push(r.url()); });

  await page.goto(baseUrl + "en/search/?q=segmentation");
  await page.locator("#search-results li").first().waitFor({ timeout: 5000 }).catch(() => {});
  const state = await shown(page);
  const marked = state.hits.some((h) => h.marks.some((m) => m.toLowerCase().startsWith("segmentation")));
  report.check(state.value === "segmentation" && state.hits.length >= 1 && !state.hidden && marked && errors.length === 0,
    `(c) /en/search/?q=segmentation prefills the box and lists ${state.hits.length} result(s) (${state.status}), the word in <mark>`,
    () => `${errors.join("\n")}\n${JSON.stringify(state, null, 1).slice(0, 1500)}`);

  fetched.length = 0;
  await page.goto(baseUrl + "en/search/");
  await page.waitForTimeout(300);
  const before = fetched.length;
  await page.getByRole("searchbox").focus();
  await page.waitForTimeout(300);
  report.check(before === 0 && fetched.length === 1, `(c) the index is fetched on first focus, not on load (${before} before focus, ${fetched.length} after)`);

  await page.evaluate(() => { window.notReloaded = true; });
  await page.getByRole("searchbox").fill("video");
  await page.keyboard.press("Enter");
  await page.waitForTimeout(300);
  const after = await page.evaluate(() => ({ kept: window.notReloaded === true, q: new URL(location.href).searchParams.get("q") }));
  const submitted = await shown(page);
  report.check(after.kept && after.q === "video" && submitted.hits.length > 0,
    `(c) Enter shows ${submitted.hits.length} result(s) for "video" without reloading and puts ?q=video in the URL`, () => JSON.stringify(after));

  await page.getByRole("searchbox").fill("");
  await page.waitForTimeout(300);
  const cleared = await shown(page);
  const url = new URL(page.url());
  report.check(cleared.hits.length === 0 && cleared.hidden && cleared.status === "" && !url.searchParams.has("q"),
    "(c) clearing the box clears the results, the status line and ?q=", () => JSON.stringify({ cleared, url: url.href }));
  await context.close();
}

// (d) ------------------------------------------------------------------------------------
async function noResults() {
  for (const { lang, prefix } of languages) {
    const { context, page, errors } = await newPage();
    await page.goto(baseUrl + prefix + "search/");
    await type(page, "qzxvkjw 无此词");
    const state = await shown(page);
    report.check(state.status === state.none && state.hits.length === 0 && state.hidden && errors.length === 0,
      `(d) ${lang}: a nonsense query shows "${state.status}"`, () => `${errors.join("\n")}\n${JSON.stringify(state)}`);
    await context.close();
  }
}

// (e) ------------------------------------------------------------------------------------
async function headerLinks() {
  const { context, page } = await newPage();
  for (const { lang, prefix } of languages) {
    await page.goto(baseUrl + prefix);
    const link = page.locator('header a[rel="search"]');
    const problems = [];
    if ((await link.count()) !== 1) problems.push(`${await link.count()} search links in the header`);
    else {
      if (!(await link.isVisible())) problems.push("the search link is not visible");
      const name = await link.evaluate((a) => a.textContent.trim());
      if (!name) problems.push("the search link has no text");
      await Promise.all([page.waitForNavigation(), link.click()]);
      if (page.url() !== baseUrl + prefix + "search/") problems.push(`it leads to ${page.url()}`);
      const htmlLang = await page.getAttribute("html", "lang");
      if (htmlLang !== lang) problems.push(`<html lang> is ${htmlLang}`);
      if (!(await page.getByRole("searchbox").count())) problems.push("no search box there");
    }
    report.check(problems.length === 0, `(e) ${lang}: the header's search link on /${prefix} leads to /${prefix}search/`, () => problems.join("\n"));
  }
  await context.close();
}

// (f) ------------------------------------------------------------------------------------
async function everyTitle() {
  const { context, page, errors } = await newPage();
  for (const { lang, prefix } of languages) {
    await page.goto(baseUrl + prefix + "search/");
    const missed = await page.evaluate(async (indexUrl) => {
      const index = await (await fetch(indexUrl)).json();
      const form = document.getElementById("search"), input = document.getElementById("search-q");
      const status = document.getElementById("search-status");
      const missed = [];
      for (const doc of index.docs) {
        input.value = doc.title;
        status.textContent = "";
        form.requestSubmit();
        for (let i = 0; i < 200 && !status.textContent; i++) await new Promise((r) => setTimeout(r, 10));
        const hrefs = [...document.querySelectorAll("#search-results h2 a")].map((a) => a.getAttribute("href"));
        if (!hrefs.includes(doc.url)) missed.push(`${doc.title} (${doc.url}): ${document.getElementById("search-status").textContent}`);
      }
      return { count: index.docs.length, missed };
    }, new URL(prefix + "search/index.json", baseUrl).pathname);
    report.check(missed.missed.length === 0 && errors.length === 0,
      `(f) ${lang}: each of the ${missed.count} documents is found by its title`, () => errors.concat(missed.missed).join("\n"));
  }
  await context.close();
}

// (g) ------------------------------------------------------------------------------------
async function layoutAndAxe() {
  const queries = { zh: "视频 分割", en: "segmentation" };
  const width = 360;
  for (const { lang, prefix } of languages) {
    const { context, page } = await newPage({ viewport: { width, height: 740 } });
    await page.goto(`${baseUrl}${prefix}search/?q=${encodeURIComponent(queries[lang])}`);
    await page.locator("#search-results li").first().waitFor({ timeout: 5000 }).catch(() => {});
    const sw = await page.evaluate(() => document.documentElement.scrollWidth);
    const n = await page.locator("#search-results li").count();
    report.check(n > 0 && sw <= width, `(g) ${lang}: at ${width} px the page with ${n} result(s) does not scroll horizontally (scrollWidth ${sw})`);
    await context.close();
  }
  if (!existsSync(axePath)) { report.fail(`(g) axe-core not found at ${axePath}`); return; }
  const modes = [
    { name: "system light", colorScheme: "light", stored: null },
    { name: "system dark", colorScheme: "dark", stored: null },
    { name: "toggle light (system dark)", colorScheme: "dark", stored: "light" },
    { name: "toggle dark (system light)", colorScheme: "light", stored: "dark" },
  ];
  for (const mode of modes) {
    const { context, page } = await newPage({ colorScheme: mode.colorScheme });
    if (mode.stored) await context.addInitScript((t) => { try { localStorage.setItem("theme", t); } catch (e) {} }, mode.stored);
    for (const { lang, prefix } of languages) {
      for (const query of [queries[lang], "qzxvkjw", ""]) {
        await page.goto(`${baseUrl}${prefix}search/${query ? "?q=" + encodeURIComponent(query) : ""}`);
        if (query) await page.waitForFunction(() => document.getElementById("search-status").textContent !== "", null, { timeout: 5000 }).catch(() => {});
        const n = await page.locator("#search-results li").count();
        const marks = await page.locator("#search-results mark").count();
        await page.addScriptTag({ path: axePath });
        const violations = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ["violations"] })).violations
          .map((v) => `${v.id} (${v.impact}): ${v.help}\n` + v.nodes.map((x) => `  ${x.target.join(" ")}\n    ${x.html}\n    ${(x.failureSummary || "").replace(/\n/g, "\n    ")}`).join("\n")));
        report.check(violations.length === 0,
          `(g) /${prefix}search/${query ? "?q=" + query : ""} [${mode.name}]: ${n} result(s), ${marks} <mark>, ${violations.length} axe violation(s)`,
          () => violations.join("\n"));
      }
    }
    await context.close();
  }
}

// (h) ------------------------------------------------------------------------------------
async function withoutJavaScript() {
  const { context, page } = await newPage({ javaScriptEnabled: false });
  for (const { lang, prefix } of languages) {
    await page.goto(baseUrl + prefix + "search/");
    const state = await page.evaluate(() => ({
      h1: document.querySelector("main h1")?.textContent,
      label: document.querySelector('label[for="search-q"]')?.textContent,
      note: document.querySelector("main noscript") ? document.querySelector("main").innerText : "",
      links: [...document.querySelectorAll("main a")].filter((a) => a.getClientRects().length).length,
    }));
    report.check(state.h1 && state.label && state.note.length > 40 && state.links >= 3,
      `(h) ${lang}: without JavaScript /${prefix}search/ shows its heading, the labelled box, a note and ${state.links} section links`, () => JSON.stringify(state));
  }
  await context.close();
}
