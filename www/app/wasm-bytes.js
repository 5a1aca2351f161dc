// The engine's bytes as the page carries them (gzipped, as base85 or base64 text), and their
// compilation: shared by app/engine.js and the single file's boot script (app/wasm-boot.js). No
// imports: the boot script is bundled from this file alone.
//
// Base85 (`data-encoding="gzip-base85"`) writes 4 bytes as 5 characters of BASE85_ALPHABET, big
// endian, a last group of k bytes as its first k + 1 characters (as Ascii85 does): 6 % fewer
// characters than base64. The alphabet leaves out " ' \ ` $ < so that the text needs no escape in a
// data block of HTML ("</script" cannot occur) or in a JavaScript string.

/** The 85 characters of the base85 text, in digit order (scripts/build-page.mjs writes with it). */
export const BASE85_ALPHABET = "!#%()*+,-./0123456789:;=?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_abcdefghijklmnopqrstuvwxyz{|}";

const TOP = BASE85_ALPHABET.charCodeAt(84);

/** Base85 text (BASE85_ALPHABET) as bytes; a character outside it is an error naming its place. */
export function base85Bytes(text) {
  const digit = new Int8Array(128).fill(-1);
  for (let i = 0; i < 85; i++) digit[BASE85_ALPHABET.charCodeAt(i)] = i;
  const n = text.length;
  const tail = n % 5;
  if (tail === 1) throw new Error(`base85 text of ${n} characters: a last group of one character is not possible`);
  const out = new Uint8Array(Math.floor(n / 5) * 4 + (tail ? tail - 1 : 0));
  let o = 0;
  for (let i = 0; i < n; i += 5) {
    let v = 0;
    for (let j = 0; j < 5; j++) {
      const c = i + j < n ? text.charCodeAt(i + j) : TOP; // a short last group is padded with the top digit
      const d = c < 128 ? digit[c] : -1;
      if (d < 0) throw new Error(`not base85: character ${JSON.stringify(text[i + j])} at ${i + j}`);
      v = v * 85 + d;
    }
    const k = Math.min(4, out.length - o);
    for (let j = 0; j < k; j++) out[o + j] = (v >>> (24 - 8 * j)) & 255;
    o += k;
  }
  return out;
}

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

/** The bytes of text in an `encoding`: "gzip-base85", "gzip" (base64) or none (base64). */
function textBytes(text, encoding) {
  return encoding === "gzip-base85" ? base85Bytes(text) : base64Bytes(text);
}

/** The engine's bytes from their text (gzipped when `encoding` is "gzip" or "gzip-base85"). */
export async function bytesFromText(text, encoding = null) {
  const bytes = textBytes(text, encoding);
  return encoding?.startsWith("gzip") ? gunzip(bytes) : bytes;
}

/**
 * Compiles the engine held by a `<script id="aligngraph-wasm">` data block: a promise of the
 * `WebAssembly.Module`. Gzipped bytes are compiled while they inflate where the browser compiles a
 * stream.
 */
export async function compileBlock(block) {
  const encoding = block.dataset.encoding ?? null;
  if (encoding?.startsWith("gzip") && typeof WebAssembly.compileStreaming === "function") {
    const stream = new Blob([textBytes(block.textContent, encoding)]).stream().pipeThrough(new DecompressionStream("gzip"));
    return WebAssembly.compileStreaming(new Response(stream, { headers: { "content-type": "application/wasm" } }));
  }
  return WebAssembly.compile(await bytesFromText(block.textContent, encoding));
}
