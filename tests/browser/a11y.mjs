// axe-core on the default theme: home, papers list, a paper, projects list, a project and the
// CV, in every language of the site, each in four colour states: the system light and dark
// (prefers-color-scheme) and the toggle's choice forced through localStorage "theme" against
// the opposite system setting. Every <details> is opened first, so abstracts are checked too.
// All axe rules that run by default (WCAG 2.x A/AA and best-practice); zero violations required.
//
// axe-core is taken from the node_modules folder that holds playwright-core
// (<playwright-core dir>/../axe-core/axe.min.js).
//
// Usage: node a11y.mjs <playwright-core dir> <chromium> <base url> [<output dir>]
// With an output dir, the violations (if any) are also written there as a11y.json.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { Report, entryOf, launch, parseArgs, readSite, samplePages } from "./common.mjs";

const { playwrightDir, chromiumPath, baseUrl, outDir } = parseArgs("a11y.mjs");
const axePath = join(dirname(resolve(playwrightDir)), "axe-core", "axe.min.js");
if (!existsSync(axePath)) {
  console.log(`FAIL: axe-core not found at ${axePath}`);
  process.exit(1);
}
const report = new Report();
const site = await readSite(baseUrl);
const sample = samplePages(site, baseUrl);
const browser = await launch(playwrightDir, chromiumPath);

// The pages: the sample in the default language plus its translations from sitemap.xml.
const urls = [];
for (const path of Object.values(sample)) {
  const url = baseUrl + path;
  urls.push(url);
  const entry = entryOf(site, url);
  for (const alt of Object.values(entry ? entry.alternates : {})) if (!urls.includes(alt)) urls.push(alt);
}

const modes = [
  { name: "system light", colorScheme: "light", stored: null, expect: "light" },
  { name: "system dark", colorScheme: "dark", stored: null, expect: "dark" },
  { name: "toggle light (system dark)", colorScheme: "dark", stored: "light", expect: "light" },
  { name: "toggle dark (system light)", colorScheme: "light", stored: "dark", expect: "dark" },
];

const all = [];
let runs = 0;
try {
  for (const mode of modes) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: mode.colorScheme });
    if (mode.stored) await context.addInitScript((t) => { try { localStorage.setItem("theme", t); } catch (e) {} }, mode.stored);
    const page = await context.newPage();
    for (const url of urls) {
      const response = await page.goto(url, { waitUntil: "load" });
      if (!response || !response.ok()) { report.fail(`${url}: HTTP ${response ? response.status() : "no response"}`); continue; }
      const effective = await page.evaluate(() => {
        const bg = getComputedStyle(document.body).backgroundColor.match(/\d+/g).map(Number);
        return { attr: document.documentElement.getAttribute("data-theme"), dark: bg[0] + bg[1] + bg[2] < 384 };
      });
      if ((effective.dark ? "dark" : "light") !== mode.expect || (mode.stored && effective.attr !== mode.stored)) {
        report.fail(`${url} [${mode.name}]: the page is not in the expected theme`, JSON.stringify(effective));
      }
      await page.evaluate(() => document.querySelectorAll("details").forEach((d) => { d.open = true; }));
      await page.addScriptTag({ path: axePath });
      const result = await page.evaluate(async () => {
        const res = await window.axe.run(document, { resultTypes: ["violations"] });
        return {
          passes: res.passes.length,
          violations: res.violations.map((v) => ({
            id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl, tags: v.tags,
            nodes: v.nodes.map((n) => ({ target: n.target.join(" "), html: n.html, summary: n.failureSummary })),
          })),
        };
      });
      runs++;
      const label = `${url.slice(baseUrl.length - 1)} [${mode.name}]`;
      if (result.violations.length) {
        const details = result.violations.map((v) =>
          `${v.id} (${v.impact}): ${v.help} — ${v.helpUrl}\n` +
          v.nodes.map((n) => `  ${n.target}\n    ${n.html}\n    ${(n.summary || "").replace(/\n/g, "\n    ")}`).join("\n")).join("\n");
        report.fail(`${label}: ${result.violations.length} axe violation(s), ${result.violations.reduce((s, v) => s + v.nodes.length, 0)} node(s)`, details);
        all.push({ url, mode: mode.name, violations: result.violations });
      } else {
        report.ok(`${label}: 0 axe violations (${result.passes} rules passed)`);
      }
    }
    await context.close();
  }
} catch (err) {
  report.fail("unexpected error", err && err.stack ? err.stack : err);
}

const counts = { critical: 0, serious: 0, moderate: 0, minor: 0 };
for (const r of all) for (const v of r.violations) counts[v.impact] = (counts[v.impact] || 0) + v.nodes.length;
console.log(`${all.length ? "FAIL" : "ok"}: ${runs} axe runs (${urls.length} pages × ${modes.length} colour states); violating nodes: ` +
  Object.entries(counts).map(([k, n]) => `${k} ${n}`).join(", "));
if (outDir) {
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, "a11y.json"), JSON.stringify({ runs, urls, modes: modes.map((m) => m.name), counts, failures: all }, null, 2));
}
await report.finish(browser);
