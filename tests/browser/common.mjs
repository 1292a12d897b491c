// Shared helpers of the theme's browser checks (theme.mjs, a11y.mjs, screenshots.mjs).
//
// Every check runs as: node <script> <playwright-core dir> <chromium> <base url> [<output dir>]
// against a plain static server over a built site (python3 -m http.server works).
import { createRequire } from "node:module";
import { resolve } from "node:path";

export const CHROME_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--no-first-run"];

/// Reads the command line; exits 2 with the usage when it is short.
export function parseArgs(script, defaults = {}) {
  const [playwrightDir, chromiumPath, base, outDir, ...rest] = process.argv.slice(2);
  if (!playwrightDir || !chromiumPath || !base) {
    console.error(`usage: node ${script} <playwright-core dir> <chromium path> <base url> [<output dir>]`);
    process.exit(2);
  }
  return {
    playwrightDir,
    chromiumPath,
    baseUrl: base.endsWith("/") ? base : base + "/",
    outDir: outDir || defaults.outDir || null,
    rest,
  };
}

export async function launch(playwrightDir, chromiumPath) {
  const { chromium } = createRequire(import.meta.url)(resolve(playwrightDir));
  return chromium.launch({ executablePath: chromiumPath, args: CHROME_ARGS });
}

/// Collects failures; `finish` prints them and exits 1, or exits 0 when there are none.
export class Report {
  constructor() { this.failures = []; }
  ok(message) { console.log("ok: " + message); }
  fail(message, details) {
    this.failures.push(message);
    console.log("FAIL: " + message);
    if (details) console.log(String(details).replace(/^/gm, "    "));
  }
  check(condition, message, details) {
    if (condition) this.ok(message); else this.fail(message, typeof details === "function" ? details() : details);
    return condition;
  }
  async finish(browser) {
    if (browser) await browser.close().catch(() => {});
    if (this.failures.length) {
      console.log(`FAIL: ${this.failures.length} check(s) failed`);
      process.exit(1);
    }
    console.log("ok: all checks passed");
    process.exit(0);
  }
}

async function fetchText(url) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status}`);
  return res.text();
}

/// The site as published (its canonical home URL) and the sitemap, with every URL mapped onto
/// the local base URL: `{ siteUrl, local(url), entries: [{ loc, alternates: {lang: url} }] }`.
export async function readSite(baseUrl) {
  const home = await fetchText(baseUrl);
  const canonical = /<link rel="canonical" href="([^"]+)"/.exec(home);
  const siteUrl = canonical ? canonical[1] : "https://example.github.io/";
  const local = (url) => (url.startsWith(siteUrl) ? baseUrl + url.slice(siteUrl.length) : url);
  const xml = await fetchText(baseUrl + "sitemap.xml");
  const entries = [];
  for (const block of xml.split("<url>").slice(1)) {
    const loc = /<loc>([^<]+)<\/loc>/.exec(block);
    if (!loc) continue;
    const alternates = {};
    for (const m of block.matchAll(/<xhtml:link rel="alternate" hreflang="([^"]+)" href="([^"]+)"\/?>/g)) {
      alternates[m[1]] = local(decode(m[2]));
    }
    entries.push({ loc: local(decode(loc[1])), alternates });
  }
  if (!entries.length) throw new Error("sitemap.xml has no <loc>");
  return { siteUrl, local, entries };
}

function decode(s) {
  return s.replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'");
}

/// The pages the checks look at, in the default language (paths under the base URL): home,
/// the papers list, the first paper, the projects list, the first project, the CV.
export function samplePages(site, baseUrl) {
  const paths = site.entries.map((e) => e.loc.slice(baseUrl.length));
  const first = (re) => {
    const found = paths.find((p) => re.test(p));
    if (!found) throw new Error(`no page in sitemap.xml matches ${re}`);
    return found;
  };
  return {
    home: "",
    papers: "papers/",
    paper: first(/^papers\/(?!page\/)[^/]+\/$/),
    projects: "projects/",
    project: first(/^projects\/(?!page\/)[^/]+\/$/),
    cv: "cv/",
  };
}

/// The sitemap entry of a local URL, or undefined.
export function entryOf(site, url) {
  return site.entries.find((e) => e.loc === url);
}
