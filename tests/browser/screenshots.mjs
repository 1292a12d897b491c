// Full-page screenshots of the default theme: home, papers list and CV, at 375 px and 1280 px,
// light and dark (prefers-color-scheme), in every language of the site:
// <output dir>/<page>-<lang>-<width>-<scheme>.png, e.g. home-zh-375-light.png.
// Also the first screen (viewport only) of each page in the default language, at both widths
// and in both schemes: readme-<page>-<lang>-<width>-<scheme>.png in the output dir, and
// <page>-<lang>-<width>-<scheme>.png in docs/screenshots/ of the repository when --readme is
// given (the README shows two of them).
//
// Usage: node screenshots.mjs <playwright-core dir> <chromium> <base url> [<output dir>] [--readme]
// (output dir default: target/screenshots of the repository)
import { mkdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Report, entryOf, launch, parseArgs, readSite } from "./common.mjs";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const args = parseArgs("screenshots.mjs");
const { playwrightDir, chromiumPath, baseUrl } = args;
const readme = process.argv.includes("--readme");
const outDir = args.outDir && args.outDir !== "--readme" ? args.outDir : join(repo, "target", "screenshots");
mkdirSync(outDir, { recursive: true });

const report = new Report();
const site = await readSite(baseUrl);
const browser = await launch(playwrightDir, chromiumPath);
const pages = { home: "", papers: "papers/", cv: "cv/" };

try {
  let shots = 0;
  for (const [name, path] of Object.entries(pages)) {
    const entry = entryOf(site, baseUrl + path);
    if (!entry) { report.fail(`${baseUrl + path} is not in sitemap.xml`); continue; }
    const versions = Object.keys(entry.alternates).length ? entry.alternates : { default: baseUrl + path };
    for (const [lang, url] of Object.entries(versions)) {
      for (const width of [375, 1280]) {
        for (const scheme of ["light", "dark"]) {
          const file = join(outDir, `${name}-${lang}-${width}-${scheme}.png`);
          await shoot(url, width, scheme, { path: file, fullPage: true });
          shots++;
        }
      }
    }
  }
  report.ok(`${shots} full-page screenshots in ${outDir}`);

  // The first screen of each page in the default language, at both widths and in both
  // schemes: what a visitor sees before scrolling (docs/screenshots/ with --readme).
  const home = entryOf(site, baseUrl);
  const homeLang = Object.entries(home.alternates).find(([, url]) => url === baseUrl)?.[0] || "default";
  const screens = [];
  for (const [name, path] of Object.entries(pages)) {
    for (const [width, height] of [[375, 812], [1280, 800]]) {
      for (const scheme of ["light", "dark"]) {
        screens.push({ url: baseUrl + path, file: `${name}-${homeLang}-${width}-${scheme}.png`, width, height, scheme });
      }
    }
  }
  const targets = [outDir, ...(readme ? [join(repo, "docs", "screenshots")] : [])];
  for (const shot of screens) {
    const buffer = await shoot(shot.url, shot.width, shot.scheme, { fullPage: false }, shot.height);
    for (const dir of targets) {
      mkdirSync(dir, { recursive: true });
      const file = join(dir, dir === outDir ? "readme-" + shot.file : shot.file);
      writeFileSync(file, buffer);
      const size = statSync(file).size;
      report.check(size < 200 * 1024, `first-screen picture ${file}: ${Math.round(size / 1024)} KB (< 200 KB)`);
    }
  }
} catch (err) {
  report.fail("unexpected error", err && err.stack ? err.stack : err);
}
await report.finish(browser);

async function shoot(url, width, scheme, options, height = 800) {
  const context = await browser.newContext({ viewport: { width, height }, colorScheme: scheme, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const response = await page.goto(url, { waitUntil: "load" });
  if (!response || !response.ok()) throw new Error(`${url}: HTTP ${response ? response.status() : "no response"}`);
  await page.evaluate(() => document.fonts.ready);
  const buffer = await page.screenshot({ ...options, animations: "disabled" });
  await context.close();
  return buffer;
}
