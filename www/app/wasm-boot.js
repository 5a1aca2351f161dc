// The single file's boot script: an inline classic script right after the engine's data block
// (scripts/build-page.mjs puts it there), which starts compiling the engine while the browser still
// parses the rest of the page and its module script, and starts the engine's worker, which reads the
// first model the page will most likely ask for (the embedded model, else the demo) as soon as the
// engine is compiled. app/engine.js takes the compilation from here and app/engine-host.js the worker
// (`globalThis.aligngraphCompiling`: the block, the promise of its module, the worker); a refusal (a
// CSP without 'wasm-unsafe-eval') is reported there, where the page handles it. The workers' script
// is carried here once (`globalThis.aligngraphWorkers`); the page's module reads it from there.
//
// The page's module itself is a data block too (`<script id="aligngraph-app">`, gzipped and base85
// like the engine, before it): inflated here and run as an inline module script, which the page's
// CSP allows by the hash of its text (scripts/build-page.mjs). Where it cannot start, the static
// picture stays and the console says why.

import { bytesFromText, compileBlock } from "./wasm-bytes.js";
import { showPicture } from "./picture.js";
import workersSource from "workers-source";

/**
 * The engine's worker, started now: {worker, early, terminate()}. Its messages until the page takes
 * it over are kept in `early` (a worker's messages with no listener would be lost). Null where
 * workers cannot start (the page then starts one itself, or runs the engine in-thread).
 */
function startWorker(module) {
  if (!workersSource || typeof Worker !== "function") return null;
  let worker;
  try {
    worker = new Worker(URL.createObjectURL(new Blob([workersSource], { type: "text/javascript" })), { name: "aligngraph-engine" });
  } catch {
    return null;
  }
  const early = [];
  worker.onmessage = (e) => early.push(e);
  worker.onerror = (e) => {
    e.preventDefault?.();
    early.push(e);
  };
  const embedded = document.getElementById("aligngraph-model")?.textContent ?? null;
  const first = embedded != null ? { op: "load", args: [embedded] } : { op: "loadDemo", args: [] };
  module.then(
    (m) => worker.postMessage({ type: "init", module: m, first }),
    () => {},
  );
  return { worker, early, terminate: () => worker.terminate() };
}

const block = document.getElementById("aligngraph-wasm");
if (block) {
  globalThis.aligngraphWorkers = workersSource;
  const module = compileBlock(block);
  module.catch(() => {}); // handled by the page's module, which awaits the same promise
  globalThis.aligngraphCompiling = { block, module, engine: startWorker(module) };
}

/** Runs the page's module from its data block: an inline module script whose text the CSP hashes. */
async function startApp(data) {
  const bytes = await bytesFromText(data.textContent, data.dataset.encoding ?? null);
  const script = document.createElement("script");
  script.type = "module";
  script.textContent = new TextDecoder().decode(bytes);
  document.body.appendChild(script);
}

const app = document.getElementById("aligngraph-app");
if (app) {
  startApp(app).catch((e) => {
    console.error("aligngraph: the page's script cannot start; showing the published picture", e);
    const root = document.getElementById("aligngraph");
    if (showPicture(document) && root) {
      const p = document.createElement("p");
      p.className = "ag-fallback-notice";
      p.setAttribute("role", "status");
      p.textContent = "The interactive dashboard could not start in this browser. Below is the picture computed when the file was published.";
      root.replaceChildren(p);
    }
  });
}
