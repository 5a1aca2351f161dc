// The Wasm engine, compiled and instantiated once per page: every dashboard on the page (the page
// itself, or several <aligngraph-dashboard> elements) shares the one compiled module and makes its
// own `Engine`. The bytes come from an inlined data block (the single file, the element script), a
// caller (the element's ESM flavour), or the `.wasm` file next to the bundle (the served page).

import init, { Engine } from "../../pkg/aligngraph.js";

export { Engine };

let ready = null;

function base64Bytes(text) {
  const bin = atob(text.replace(/\s+/g, ""));
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

/** Inflates gzipped bytes in the browser (no network: a Blob's stream through DecompressionStream). */
async function gunzip(bytes) {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** The engine's bytes from base64 text (gzipped when `encoding` is "gzip"). */
export async function bytesFromBase64(text, encoding = null) {
  const bytes = base64Bytes(text);
  return encoding === "gzip" ? gunzip(bytes) : bytes;
}

async function compile(source) {
  if (source.bytes) return WebAssembly.compile(await source.bytes);
  if (source.block) return WebAssembly.compile(await bytesFromBase64(source.block.textContent, source.block.dataset.encoding ?? null));
  const res = await fetch(source.url);
  if (!res.ok) throw new Error(`${source.url}: HTTP ${res.status}`);
  return /^application\/wasm\b/.test(res.headers.get("content-type") ?? "")
    ? WebAssembly.compileStreaming(res)
    : WebAssembly.compile(await res.arrayBuffer());
}

/**
 * Compiles and instantiates the engine once; later calls get the same module. `source` is one of
 * {bytes} (a Uint8Array or a promise of one), {block} (a `<script id="aligngraph-wasm">` data block)
 * or {url}. Resolves to the compiled `WebAssembly.Module` (the simulation worker instantiates it
 * again); rejects when the browser refuses WebAssembly (for example a CSP without 'wasm-unsafe-eval').
 */
export function startEngine(source) {
  if (!ready) {
    ready = (async () => {
      const module = await compile(source);
      await init({ module_or_path: module });
      return module;
    })();
    // A failure is not cached: a later dashboard may bring bytes that work.
    ready.catch(() => {
      ready = null;
    });
  }
  return ready;
}
