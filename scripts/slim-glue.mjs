// Makes wasm-bindgen's JS glue (pkg/aligngraph.js) smaller without changing what it does: every
// exported method repeats the check that its object belongs to the current Wasm instance (the
// glue's reset-state support); the check is written once, as a function each method calls. The
// single file carries the glue twice (the page and its workers), so this saves about 14 KB there.
// Fails when the glue no longer has the pattern (another wasm-bindgen), so nothing changes silently.
import { readFileSync, writeFileSync } from "node:fs";

const file = process.argv[2] ?? "pkg/aligngraph.js";
const text = readFileSync(file, "utf8");
const CHECK =
  /if \(this\.__wbg_inst !== undefined && this\.__wbg_inst !== __wbg_instance_id\) \{\s*throw new Error\('Invalid stale object from previous Wasm instance'\);\s*\}/g;
const count = (text.match(CHECK) ?? []).length;
if (count === 0 || !/^let __wbg_instance_id\b/m.test(text)) {
  console.error(`[slim-glue] ${file}: the instance check of wasm-bindgen's glue was not found; update scripts/slim-glue.mjs for this wasm-bindgen`);
  process.exit(1);
}
// A call that returns a value or throws: `if (ret[2]) throw ...(ret[1]); return ...(ret[0]);`.
const TAKE =
  /if \(ret\[2\]\) \{\s*throw takeFromExternrefTable0\(ret\[1\]\);\s*\}\s*return takeFromExternrefTable0\(ret\[0\]\);/g;
const helper =
  "\nfunction __wbg_check(o) {\n    if (o.__wbg_inst !== undefined && o.__wbg_inst !== __wbg_instance_id) {\n        throw new Error('Invalid stale object from previous Wasm instance');\n    }\n}\n" +
  "\nfunction __wbg_take(ret) {\n    if (ret[2]) {\n        throw takeFromExternrefTable0(ret[1]);\n    }\n    return takeFromExternrefTable0(ret[0]);\n}\n";
const takes = (text.match(TAKE) ?? []).length;
writeFileSync(file, text.replace(CHECK, "__wbg_check(this);").replace(TAKE, "return __wbg_take(ret);") + helper);
console.log(`[slim-glue] ${file}: ${count} instance checks and ${takes} result takes written once`);
