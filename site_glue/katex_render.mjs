// Renders a batch of formulas with the KaTeX the site ships (node_modules/katex), for
// site_glue/prerender_math.py: reads [[tex, displayMode], ...] as JSON on stdin and writes
// the HTML of each (null when KaTeX cannot render it) as a JSON list on stdout.
// The options are those of docs/javascripts/convdims-math.js, so build-time and live math
// look the same.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const katex = require("katex");
const OPTIONS = { throwOnError: false, output: "htmlAndMathml", strict: "ignore" };

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const items = JSON.parse(input || "[]");
  const html = items.map(([tex, displayMode]) => {
    try { return katex.renderToString(tex, { ...OPTIONS, displayMode: !!displayMode }); } catch (_) { return null; }
  });
  process.stdout.write(JSON.stringify({ version: katex.version, html }));
});
