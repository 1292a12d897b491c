// Browser checks of the default theme on a built site, in headless Chromium:
//  (a) at 360 px no page of sitemap.xml scrolls horizontally (abstracts and other <details> open too);
//  (b) the language switcher leads to the same item in the other language and back
//      (home, papers list, a paper, a project, the CV);
//  (c) the dark-mode toggle switches data-theme and the background, the choice survives a reload
//      and reaches other pages (localStorage); without JavaScript the toggle is hidden and the
//      content is there;
//  (d) the CV in print media hides the header, navigation, footer and toggle, and page.pdf()
//      (A4) gives a PDF (written as <output dir>/cv.pdf when an output dir is given);
//  (e) on a 1280×800 desktop the home page of every language reads in one screen: the name,
//      the bio and the latest news are above the fold and the selected papers begin there,
//      and no project card has a decorative stand-in for a missing picture.
//
// Usage: node theme.mjs <playwright-core dir> <chromium> <base url> [<output dir>]
// e.g.   python3 -m http.server 8099 --directory /tmp/site &
//        node tests/browser/theme.mjs target/acceptance-tools/node/node_modules/playwright-core \
//             /usr/bin/chromium http://127.0.0.1:8099/ target/browser
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Report, entryOf, launch, parseArgs, readSite, samplePages } from "./common.mjs";

const { playwrightDir, chromiumPath, baseUrl, outDir } = parseArgs("theme.mjs");
const report = new Report();
const site = await readSite(baseUrl);
const sample = samplePages(site, baseUrl);
const browser = await launch(playwrightDir, chromiumPath);

try {
  await noHorizontalScroll();
  await languageSwitcher();
  await themeToggle();
  await withoutJavaScript();
  await printCv();
  await homeInOneScreen();
} catch (err) {
  report.fail("unexpected error", err && err.stack ? err.stack : err);
}
await report.finish(browser);

// (a) ------------------------------------------------------------------------------------
async function noHorizontalScroll() {
  const width = 360;
  const context = await browser.newContext({ viewport: { width, height: 740 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const wide = [];
  for (const { loc } of site.entries) {
    const response = await page.goto(loc, { waitUntil: "load" });
    if (!response || !response.ok()) {
      wide.push(`${loc}: HTTP ${response ? response.status() : "no response"}`);
      continue;
    }
    for (const state of ["closed", "open"]) {
      if (state === "open") await page.evaluate(() => document.querySelectorAll("details").forEach((d) => { d.open = true; }));
      const result = await page.evaluate((w) => {
        const sw = document.documentElement.scrollWidth;
        const culprits = [];
        if (sw > w) {
          for (const el of document.querySelectorAll("body *")) {
            const r = el.getBoundingClientRect();
            if (r.right > w + 0.5 && r.width > 0) {
              culprits.push(`${el.tagName.toLowerCase()}${el.className && typeof el.className === "string" ? "." + el.className.trim().replace(/\s+/g, ".") : ""} right=${Math.round(r.right)}`);
              if (culprits.length >= 5) break;
            }
          }
        }
        return { sw, culprits };
      }, width);
      if (result.sw > width) {
        wide.push(`${loc} (details ${state}): scrollWidth ${result.sw} > ${width}; ${result.culprits.join(", ")}`);
        break;
      }
    }
  }
  report.check(wide.length === 0, `(a) none of the ${site.entries.length} pages of sitemap.xml scrolls horizontally at ${width} px (details closed and open)`, () => wide.slice(0, 20).join("\n") + (wide.length > 20 ? `\n... and ${wide.length - 20} more pages` : ""));
  await context.close();
}

// (b) ------------------------------------------------------------------------------------
async function languageSwitcher() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  for (const [name, path] of Object.entries(sample)) {
    if (name === "projects") continue;
    const start = baseUrl + path;
    const entry = entryOf(site, start);
    if (!entry) { report.fail(`(b) ${name}: ${start} is not in sitemap.xml`); continue; }
    await page.goto(start);
    const startLang = await page.getAttribute("html", "lang");
    const others = Object.entries(entry.alternates).filter(([lang]) => lang !== startLang);
    if (!others.length) { report.fail(`(b) ${name}: sitemap.xml lists no translation of ${start}`); continue; }
    const [otherLang, otherUrl] = others[0];
    const problems = [];
    await follow(page, otherLang, problems);
    if (page.url() !== otherUrl) problems.push(`switching to ${otherLang} led to ${page.url()}, expected ${otherUrl}`);
    const lang2 = await page.getAttribute("html", "lang");
    if (lang2 !== otherLang) problems.push(`<html lang> is ${lang2} after switching, expected ${otherLang}`);
    await follow(page, startLang, problems);
    if (page.url() !== start) problems.push(`switching back led to ${page.url()}, expected ${start}`);
    const lang3 = await page.getAttribute("html", "lang");
    if (lang3 !== startLang) problems.push(`<html lang> is ${lang3} after switching back, expected ${startLang}`);
    report.check(problems.length === 0, `(b) ${name}: the language switcher leads /${path} (${startLang}) ⇄ ${otherUrl.slice(baseUrl.length - 1)} (${otherLang})`, () => problems.join("\n"));
  }
  await context.close();
}

async function follow(page, lang, problems) {
  const link = page.locator(`header a[hreflang="${lang}"]`).first();
  if (!(await link.count())) { problems.push(`no language link to ${lang} in the header of ${page.url()}`); return; }
  if (!(await link.isVisible())) problems.push(`the language link to ${lang} is not visible on ${page.url()}`);
  await Promise.all([page.waitForNavigation(), link.click()]);
}

// (c) ------------------------------------------------------------------------------------
async function themeToggle() {
  for (const system of ["light", "dark"]) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: system });
    const page = await context.newPage();
    const problems = [];
    const state = () => page.evaluate(() => ({
      theme: document.documentElement.getAttribute("data-theme"),
      bg: getComputedStyle(document.body).backgroundColor,
      pressed: document.getElementById("theme-toggle")?.getAttribute("aria-pressed"),
      stored: localStorage.getItem("theme"),
    }));
    await page.goto(baseUrl);
    const toggle = page.locator("#theme-toggle");
    if (!(await toggle.isVisible())) problems.push("the toggle is not visible with JavaScript on");
    const before = await state();
    if (before.theme !== null) problems.push(`data-theme is ${before.theme} before any choice`);
    if (before.pressed !== (system === "dark" ? "true" : "false")) problems.push(`aria-pressed is ${before.pressed} under a ${system} system`);
    const flipped = system === "dark" ? "light" : "dark";
    await toggle.click();
    const after = await state();
    if (after.theme !== flipped) problems.push(`after a click data-theme is ${after.theme}, expected ${flipped}`);
    if (after.bg === before.bg) problems.push(`the background stayed ${after.bg} after the click`);
    if (after.stored !== flipped) problems.push(`localStorage theme is ${after.stored}, expected ${flipped}`);
    if (after.pressed !== (flipped === "dark" ? "true" : "false")) problems.push(`aria-pressed is ${after.pressed} in ${flipped}`);
    await page.reload();
    const reloaded = await state();
    if (reloaded.theme !== flipped || reloaded.bg !== after.bg) problems.push(`after a reload: data-theme ${reloaded.theme}, background ${reloaded.bg}; expected ${flipped}, ${after.bg}`);
    await page.goto(baseUrl + sample.papers);
    const other = await state();
    if (other.theme !== flipped || other.bg !== after.bg) problems.push(`on ${sample.papers}: data-theme ${other.theme}, background ${other.bg}; expected ${flipped}, ${after.bg}`);
    await page.locator("#theme-toggle").click();
    const back = await state();
    if (back.theme !== system || back.bg !== before.bg) problems.push(`a second click gave data-theme ${back.theme}, background ${back.bg}; expected ${system}, ${before.bg}`);
    report.check(problems.length === 0, `(c) system ${system}: the toggle switches to ${flipped} (background ${before.bg} → ${after.bg}), which persists across a reload and to ${sample.papers}, and back`, () => problems.join("\n"));
    await context.close();
  }
}

async function withoutJavaScript() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, javaScriptEnabled: false });
  const page = await context.newPage();
  for (const path of [sample.home, sample.papers, sample.cv]) {
    await page.goto(baseUrl + path);
    const problems = [];
    const toggle = page.locator("#theme-toggle");
    if (await toggle.count() && (await toggle.isVisible())) problems.push("the toggle is visible without JavaScript");
    const text = (await page.locator("main").innerText()).trim();
    if (text.length < 100) problems.push(`main has only ${text.length} characters of text`);
    if (!(await page.locator("main h1").count())) problems.push("main has no h1");
    report.check(problems.length === 0, `(c) without JavaScript ${path || "/"} hides the toggle and shows its content (${text.length} characters)`, () => problems.join("\n"));
  }
  await context.close();
}

// (d) ------------------------------------------------------------------------------------
async function printCv() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(baseUrl + sample.cv);
  await page.emulateMedia({ media: "print" });
  const shown = await page.evaluate(() => {
    const chrome = [...document.querySelectorAll("nav, body > header, body > footer, .site-header, .site-footer, #theme-toggle, .lang")];
    return {
      count: chrome.length,
      visible: chrome.filter((el) => el.getClientRects().length > 0).map((el) => `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}.${el.className}`),
      main: document.querySelector("main")?.innerText.trim().length || 0,
    };
  });
  report.check(shown.count > 0 && shown.visible.length === 0, `(d) in print media the CV hides its ${shown.count} header/nav/footer/toggle elements`, () => `still rendered: ${shown.visible.join(", ")}`);
  report.check(shown.main > 500, `(d) in print media the CV still shows its content (${shown.main} characters)`);
  const pdf = await page.pdf({ format: "A4", printBackground: true });
  const pages = (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) || []).length;
  const valid = pdf.length > 1000 && pdf.subarray(0, 5).toString() === "%PDF-";
  report.check(valid, `(d) page.pdf() gives an A4 PDF of the CV: ${pdf.length} bytes, ${pages} page(s)`);
  if (outDir && valid) {
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, "cv.pdf"), pdf);
    report.ok(`(d) wrote ${join(outDir, "cv.pdf")}`);
  }
  await context.close();
}

async function homeInOneScreen() {
  const home = entryOf(site, baseUrl);
  const versions = home && Object.keys(home.alternates).length ? home.alternates : { default: baseUrl };
  for (const [lang, url] of Object.entries(versions)) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(url, { waitUntil: "load" });
    const found = await page.evaluate(() => {
      const top = (selector) => { const e = document.querySelector(selector); return e ? Math.round(e.getBoundingClientRect().top) : null; };
      return {
        name: top("main h1"),
        bio: top("main .bio"),
        news: top("main #news"),
        papers: top("main #papers"),
        standIns: document.querySelectorAll(".card .mono, .card [aria-hidden=true] > span").length,
      };
    });
    await context.close();
    const problems = [];
    for (const [part, at] of Object.entries({ name: found.name, bio: found.bio, news: found.news, "selected papers": found.papers })) {
      if (at === null) problems.push(`no ${part} on the page`);
      else if (at >= 800) problems.push(`${part} starts at ${at} px, below the fold`);
    }
    if (found.standIns) problems.push(`${found.standIns} project cards with a decorative stand-in`);
    report.check(problems.length === 0, `(e) ${lang}: the home page reads in one screen at 1280×800 (name ${found.name}, bio ${found.bio}, news ${found.news}, selected papers ${found.papers} px)`, () => problems.join("\n"));
  }
}
