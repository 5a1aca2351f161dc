// The single file's boot script: an inline classic script right after the engine's data block
// (scripts/build-page.mjs puts it there), which starts compiling the engine while the browser still
// parses the rest of the page and its module script. app/engine.js takes the compilation from here
// (`globalThis.aligngraphCompiling`: the block and the promise of its module); a refusal (a CSP without
// 'wasm-unsafe-eval') is reported there, where the page handles it.

import { compileBlock } from "./wasm-bytes.js";

const block = document.getElementById("aligngraph-wasm");
if (block) {
  const module = compileBlock(block);
  module.catch(() => {}); // handled by the page's module, which awaits the same promise
  globalThis.aligngraphCompiling = { block, module };
}
