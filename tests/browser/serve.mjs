// End-to-end check of `folio serve` in real headless Chromium: an edit to a Markdown
// file appears without a manual reload; a broken template shows the error overlay naming
// the file; fixing it removes the overlay and shows the fix.
//
// Usage: node serve.mjs <playwright-core dir> <chromium> <base url> <site dir>
import { createRequire } from "node:module";
import { writeFileSync } from "node:fs";
import { join } from "node:path";

const [playwrightDir, chromiumPath, baseUrl, siteDir] = process.argv.slice(2);
const { chromium } = createRequire(import.meta.url)(playwrightDir);

const browser = await chromium.launch({
  executablePath: chromiumPath,
  args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"],
});
const fail = async (message) => { console.error("FAIL: " + message); await browser.close(); process.exit(1); };
try {
  const page = await browser.newPage();
  await page.goto(baseUrl + "posts/hello/");
  if (!(await page.textContent("body")).includes("First version.")) await fail("the page did not load");
  const post = join(siteDir, "content/posts/hello.md");

  writeFileSync(post, "+++\ntitle = \"Hello\"\ndate = 2024-01-01\n+++\nEdited in the editor.\n");
  await page.waitForFunction(() => document.body.innerText.includes("Edited in the editor."), null, { timeout: 10000 })
    .catch(() => fail("the edit did not appear without a manual reload"));
  console.log("ok: the edit appeared without a manual reload");

  const template = join(siteDir, "templates/post.html");
  writeFileSync(template, "{% extends \"base.html\" %}\n{% block main %}\n{% if page.title %}\n{{ page.content | safe }}\n{% endblock main %}\n");
  await page.waitForSelector("#folio-overlay", { timeout: 10000 }).catch(() => fail("no overlay for a broken template"));
  const overlay = await page.textContent("#folio-overlay");
  if (!overlay.includes("templates/post.html")) await fail("the overlay does not name the template: " + overlay);
  console.log("ok: the overlay names templates/post.html");

  writeFileSync(template, "{% extends \"base.html\" %}\n{% block main %}<p>Fixed template.</p>{{ page.content | safe }}{% endblock main %}\n");
  await page.waitForFunction(() => !document.getElementById("folio-overlay") && document.body.innerText.includes("Fixed template."), null, { timeout: 10000 })
    .catch(() => fail("the overlay did not go away after the fix"));
  console.log("ok: fixing the template removed the overlay and showed the fix");
} finally {
  await browser.close();
}
