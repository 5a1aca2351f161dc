// The engine's bytes as the page carries them (base64 text, gzipped), and their compilation: shared by
// app/engine.js and the single file's boot script (app/wasm-boot.js). No imports: the boot script is
// bundled from this file alone.

/** Base64 text (ASCII whitespace ignored) as bytes: the browser's own decoder where it has one. */
function base64Bytes(text) {
  if (typeof Uint8Array.fromBase64 === "function") return Uint8Array.fromBase64(text);
  const bin = atob(text); // forgiving base64: skips ASCII whitespace
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

/**
 * Compiles the engine held by a `<script id="aligngraph-wasm">` data block: a promise of the
 * `WebAssembly.Module`. Gzipped bytes are compiled while they inflate where the browser compiles a
 * stream.
 */
export async function compileBlock(block) {
  const encoding = block.dataset.encoding ?? null;
  if (encoding === "gzip" && typeof WebAssembly.compileStreaming === "function") {
    const stream = new Blob([base64Bytes(block.textContent)]).stream().pipeThrough(new DecompressionStream("gzip"));
    return WebAssembly.compileStreaming(new Response(stream, { headers: { "content-type": "application/wasm" } }));
  }
  return WebAssembly.compile(await bytesFromBase64(block.textContent, encoding));
}
