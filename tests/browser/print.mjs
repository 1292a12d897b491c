// Prints the CV page of every language to A4 PDF as a reader's browser would (print media,
// the theme's print stylesheet) into <output dir>/print-cv-<lang>.pdf, for the caller to
// count the pages.
//
// Usage: node print.mjs <playwright-core dir> <chromium> <base url> <output dir>
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { Report, entryOf, launch, parseArgs, readSite } from "./common.mjs";

const { playwrightDir, chromiumPath, baseUrl, outDir } = parseArgs("print.mjs");
mkdirSync(outDir, { recursive: true });
const report = new Report();
const site = await readSite(baseUrl);
const browser = await launch(playwrightDir, chromiumPath);
try {
  const entry = entryOf(site, baseUrl + "cv/");
  if (!entry) report.fail(`${baseUrl}cv/ is not in sitemap.xml`);
  const versions = entry && Object.keys(entry.alternates).length ? entry.alternates : { default: baseUrl + "cv/" };
  for (const [lang, url] of Object.entries(versions)) {
    const page = await browser.newPage();
    await page.goto(url, { waitUntil: "load" });
    await page.emulateMedia({ media: "print" });
    // The page's own @page rules decide size and margins, as a browser's print dialog does.
    await page.pdf({ path: join(outDir, `print-cv-${lang}.pdf`), preferCSSPageSize: true });
    await page.close();
    report.ok(`printed ${url}`);
  }
} catch (error) {
  report.fail(String(error));
}
await report.finish(browser);
