#!/usr/bin/env node
// Builds the web page from www/ and pkg/ (see docs/page-contract.md):
//
//   dist/web/            what `make run` serves: index.html, app.js (the Monte Carlo worker inside it, as text), app.css,
//                        aligngraph_bg.wasm (fetched by the page)
//   dist/aligngraph-element.js  the <aligngraph-dashboard> custom element as one classic script, the
//                        Wasm inlined (gzipped, base85); dist/element/: its ES module flavour with
//                        aligngraph_bg.wasm beside it (fetched)
//   dist/aligngraph.html ONE self-contained file (with the static picture the CLI renders of its model,
//                        `aligngraph fallback`, for readers whose browser cannot run it): the CSS in one <style>, the
//                        bundle in one <script type="module">, the Wasm
//                        gzipped and base85 in <script type="application/octet-stream"
//                        id="aligngraph-wasm" data-encoding="gzip-base85">, optionally a model in
//                        <script type="application/json" id="aligngraph-model">,
//                        and a Content-Security-Policy that allows exactly
//                        those inline blocks (by sha256) and no network at all.
//
// Usage: node scripts/build-page.mjs [--model FILE] [--out FILE]
//                                    [--web-only | --single-only] [--no-minify] [--quiet]
//
// Also importable: `import { buildPage } from "./build-page.mjs"`.

import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { BASE85_ALPHABET } from "../www/app/wasm-bytes.js";

/**
 * Bytes as base85 text (the page's reader: www/app/wasm-bytes.js): 4 bytes as 5 characters, big
 * endian, a last group of k bytes as its first k + 1 characters.
 */
export function base85(bytes) {
  const out = [];
  const chunk = new Array(5);
  for (let i = 0; i < bytes.length; i += 4) {
    const k = Math.min(4, bytes.length - i);
    let v = 0;
    for (let j = 0; j < 4; j++) v = v * 256 + (j < k ? bytes[i + j] : 0);
    for (let j = 4; j >= 0; j--) {
      chunk[j] = BASE85_ALPHABET[v % 85];
      v = Math.floor(v / 85);
    }
    out.push(k === 4 ? chunk.join("") : chunk.slice(0, k + 1).join(""));
  }
  return out.join("");
}

/**
 * The engine gzipped as small as gzip goes (zopfli: 33 KB, 5 %, under zlib's level 9 on this engine),
 * for the single file and the element. Zopfli takes seconds, so the result is kept in
 * target/page-cache/ under the engine's SHA-256; without the package, zlib's level 9.
 */
/** How the engine's bytes are written inline (www/app/wasm-bytes.js reads them). */
export const WASM_ENCODING = "gzip-base85";

async function gzipWasm(wasm, root, log) {
  const key = createHash("sha256").update(wasm).digest("hex");
  const cached = path.join(root, "target/page-cache", `${key}.zopfli.gz`);
  if (existsSync(cached)) return readFileSync(cached);
  let zopfli = null;
  try {
    zopfli = await import("@gfx/zopfli");
  } catch {
    log("@gfx/zopfli is not installed (npm ci): the engine is gzipped by zlib (level 9), about 33 KB larger");
    return gzipSync(wasm, { level: 9 });
  }
  const gz = Buffer.from(await zopfli.gzipAsync(wasm, { numiterations: 5 }));
  mkdirSync(path.dirname(cached), { recursive: true });
  writeFileSync(cached, gz);
  return gz;
}

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Target size of the single file (bytes): 1.5 MB; exceeding it prints a warning (a test fails). */
export const SINGLE_FILE_BUDGET = 1_500_000;

/** CSP of the single file; the two hashes are filled in per build. */
export function singleFileCsp(scriptHash, styleHash) {
  const scripts = [scriptHash].flat().map((h) => `'${h}'`).join(" ");
  return [
    "default-src 'none'",
    `script-src ${scripts} 'wasm-unsafe-eval'`,
    `style-src '${styleHash}'`,
    "img-src data: blob:",
    // The workers (www/workers/: the engine, the Monte Carlo runs) are bundled into the page and started from Blob URLs.
    "worker-src blob:",
    "connect-src 'none'",
    "font-src 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
}

/** CSP of the served page (dist/web): everything from its own origin, it fetches the .wasm. */
export const WEB_CSP = [
  "default-src 'none'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "worker-src blob:",
  "connect-src 'self'",
  "font-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");

export class BuildError extends Error {}

const sha256 = (text) => "sha256-" + createHash("sha256").update(text, "utf8").digest("base64");

function fmtBytes(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(2)} MiB`;
}

function escapeAttr(s) {
  return s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * Makes script text safe to put between <script> and </script>: no `</script`
 * (esbuild already writes `<\/script` in strings; done again in case) and no
 * `<!--` ... `<script` sequence (it would put the HTML tokenizer into the
 * "double escaped" state, in which the real `</script>` no longer closes the
 * element). The latter cannot be rewritten safely without a JS parser, so it
 * fails the build with a clear message.
 */
export function scriptSafe(js, what) {
  const out = js.replace(/<\/(script)/gi, "<\\/$1");
  const open = out.search(/<!--/);
  if (open >= 0 && /<script[\s/>]/i.test(out.slice(open))) {
    throw new BuildError(
      `${what} contains "<!--" followed by "<script": it cannot be inlined in a <script> element safely; ` +
        `write the string differently (e.g. "<" + "!--")`,
    );
  }
  return out;
}

/**
 * Minified CSS a little tighter: inside calc(), `*` and `/` need no spaces around them (`+` and `-`
 * do). esbuild keeps them; the page has hundreds of `calc(N * var(--u))`.
 */
export function tightCss(css) {
  let out = "";
  let at = 0;
  for (let i = css.indexOf("calc(", at); i >= 0; i = css.indexOf("calc(", at)) {
    let depth = 0;
    let j = i + 4;
    for (; j < css.length; j++) {
      if (css[j] === "(") depth++;
      else if (css[j] === ")" && --depth === 0) break;
    }
    out += css.slice(at, i) + css.slice(i, j + 1).replace(/ ([*/]) /g, "$1");
    at = j + 1;
  }
  return out + css.slice(at);
}

/** Makes CSS safe inside <style>: `</style` cannot occur in valid minified CSS except in strings. */
export function styleSafe(css) {
  if (/<\/style/i.test(css)) {
    throw new BuildError('the page\'s CSS contains "</style": it cannot be inlined in a <style> element');
  }
  return css;
}

/**
 * The model text as the content of <script type="application/json">: checked to be JSON, kept byte for
 * byte otherwise (so diagnostics keep their line and column) except that every `<` becomes `\u003c`
 * (which JSON allows only inside strings, where it means the same character).
 */
export function embedModelText(text, file = "model") {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    JSON.parse(text);
  } catch (e) {
    throw new BuildError(`${file}: not valid JSON (${e.message}); nothing was embedded`);
  }
  return text.replace(/</g, "\\u003c");
}

/** Removes the page's own references to its sources and any CSP it carries; returns the shell. */
function stripShell(html) {
  return html
    .replace(/<meta\s[^>]*http-equiv\s*=\s*["']?content-security-policy["']?[^>]*>\s*/gi, "")
    .replace(/<link\s[^>]*rel\s*=\s*["']?stylesheet["']?[^>]*>\s*/gi, "")
    .replace(/<script\b[^>]*\bsrc\s*=[^>]*>\s*<\/script\s*>\s*/gi, "");
}

/** Inserts `text` before the closing tag `tag` (e.g. "</head>"), or fails. */
function insertBefore(html, tag, text) {
  const i = html.toLowerCase().lastIndexOf(tag);
  if (i < 0) throw new BuildError(`www/index.html has no ${tag}`);
  return html.slice(0, i) + text + html.slice(i);
}

/** Puts the CSP meta right after <meta charset> (or at the start of <head>). */
function insertCsp(html, csp) {
  const meta = `<meta http-equiv="Content-Security-Policy" content="${escapeAttr(csp)}">`;
  const charset = html.match(/<meta\s+charset\s*=\s*["']?[\w-]+["']?\s*\/?>/i);
  if (charset) {
    const at = charset.index + charset[0].length;
    return html.slice(0, at) + "\n" + meta + html.slice(at);
  }
  const head = html.match(/<head(\s[^>]*)?>/i);
  if (!head) throw new BuildError("www/index.html has no <head>");
  const at = head.index + head[0].length;
  return html.slice(0, at) + '\n<meta charset="utf-8">\n' + meta + html.slice(at);
}

/**
 * Without an icon link browsers fetch /favicon.ico by themselves (a request and a 404 for the served
 * page); an empty data: icon (allowed by img-src data:) stops that. The shell's own icon wins.
 */
function ensureIcon(html) {
  if (/<link\s[^>]*rel\s*=\s*["']?[^"'>]*\bicon\b/i.test(html)) return html;
  return insertBefore(html, "</head>", '<link rel="icon" href="data:,">\n');
}

const FALLBACK_MARKERS = /<!--aligngraph:fallback-->[\s\S]*?<!--\/aligngraph:fallback-->/;

/**
 * The static picture of the dashboard for `modelFile` (the KPIs, the strategy graph, the matrix and the
 * goal and initiative tables), rendered by the CLI (`aligngraph fallback`), or null when there is no
 * CLI or model to render it with.
 */
function renderFallback({ root, modelFile, bin, log }) {
  if (!modelFile || !existsSync(modelFile)) return null;
  if (!existsSync(bin)) {
    log(`no static picture in the single file: ${path.relative(root, bin) || bin} is not built (cargo build --release)`);
    return null;
  }
  try {
    return execFileSync(bin, ["fallback", modelFile], { encoding: "utf8", maxBuffer: 64 << 20, stdio: ["ignore", "pipe", "pipe"] });
  } catch (e) {
    throw new BuildError(`${path.relative(root, bin)} fallback ${path.relative(root, modelFile)} failed: ${String(e.stderr || e.message).trim()}`);
  }
}

function requireFile(file, hint) {
  if (!existsSync(file)) throw new BuildError(`${path.relative(ROOT, file) || file} is missing: ${hint}`);
}

/**
 * Builds dist/web and/or the single file. Returns {web: {file: bytes}, single: {path, bytes}}.
 * Options: root, model (path), out (single file path), web (bool), single (bool), minify (bool), log (fn).
 */
export async function buildPage(opts = {}) {
  const root = opts.root ?? ROOT;
  const log = opts.log ?? (() => {});
  const doWeb = opts.web ?? true;
  const doSingle = opts.single ?? true;
  const minify = opts.minify ?? true;
  const www = path.join(root, "www");
  const pkg = path.join(root, "pkg");
  const dist = path.join(root, "dist");
  const doElement = opts.element ?? (doWeb && doSingle && existsSync(path.join(www, "app/element.js")));

  requireFile(path.join(pkg, "aligngraph.js"), "the Wasm package is not built; run make pkg");
  requireFile(path.join(pkg, "aligngraph_bg.wasm"), "the Wasm package is not built; run make pkg");
  for (const f of ["index.html", "app/main.js"]) {
    requireFile(path.join(www, f), "the page sources are incomplete");
  }
  let modelText = null;
  if (opts.model) {
    const modelPath = path.resolve(opts.model);
    requireFile(modelPath, "--model names a file that does not exist");
    modelText = embedModelText(readFileSync(modelPath, "utf8"), opts.model);
  }

  let esbuild;
  try {
    esbuild = await import("esbuild");
  } catch {
    throw new BuildError("esbuild is not installed; run make setup (npm ci)");
  }

  const esbuildFail = (e) => {
    const msgs = (e.errors ?? []).map(
      (m) => `  ${m.location ? `${m.location.file}:${m.location.line}:${m.location.column}: ` : ""}${m.text}`,
    );
    return new BuildError(`esbuild failed:\n${msgs.join("\n") || e.message}`);
  };
  // What every bundle of the page shares (the page, the worker, the element's two flavours).
  const common = {
    absWorkingDir: root,
    bundle: true,
    target: "es2022",
    platform: "browser",
    minify,
    legalComments: "none",
    charset: "utf8",
    logLevel: "silent",
    // d3-zoom's only use of d3-transition is interrupting transitions the page never starts.
    alias: { "d3-transition": path.join(ROOT, "www/lib/no-transition.js") },
  };
  // The workers (www/workers/NAME.js) are bundled together, once: one classic-worker script that
  // holds each worker's message handler and the Wasm glue they share, imported by the page as the
  // text of the virtual module "NAME-source" for every NAME (each a worker of its own at run time;
  // a worker answers only its own messages).
  const workerNames = ["sim-worker", "engine-worker"];
  const present = workerNames.filter((name) => existsSync(path.join(www, `workers/${name}.js`)));
  // A page without a worker (the build's own tests) gets an empty source: the page then runs that
  // work on its main thread.
  let workerCode = "";
  if (present.length) {
    try {
      const w = await esbuild.build({
        ...common,
        stdin: {
          contents: present.map((name) => `import "./${name}.js";`).join("\n"),
          resolveDir: path.join(www, "workers"),
          sourcefile: "workers.js",
          loader: "js",
        },
        // A classic worker: Chromium does not start a module worker from a blob: URL of a file://
        // page (opaque origin); the glue's default Wasm URL (never used: the page sends the compiled
        // module) must then not read import.meta.
        format: "iife",
        define: { "import.meta.url": "self.location.href" },
        write: false,
      });
      workerCode = w.outputFiles[0].text;
    } catch (e) {
      throw esbuildFail(e);
    }
  }
  const workerSource = {
    name: "worker-source",
    setup(build) {
      build.onResolve({ filter: /^([a-z-]+-worker|workers)-source$/ }, (args) => ({ path: args.path, namespace: "worker-source" }));
      build.onLoad({ filter: /.*/, namespace: "worker-source" }, (args) => {
        if (args.path === "workers-source") return { contents: `export default ${JSON.stringify(workerCode)};`, loader: "js" };
        const name = args.path.replace(/-source$/, "");
        if (!workerNames.includes(name)) return { errors: [{ text: `no worker ${name} in www/workers/` }] };
        const code = present.includes(name) ? 'export { default } from "workers-source";' : 'export default "";';
        return { contents: code, loader: "js" };
      });
    },
  };

  // The single file's boot script (www/app/wasm-boot.js, inlined right after the engine's data block:
  // the engine compiles while the rest of the page is parsed); a page source without it has none.
  let bootCode = "";
  const bootEntry = path.join(www, "app/wasm-boot.js");
  if (existsSync(bootEntry)) {
    try {
      // It carries the workers' script (it starts the engine's worker while the page is parsed).
      const b = await esbuild.build({ ...common, plugins: [workerSource], entryPoints: [bootEntry], format: "iife", write: false });
      bootCode = b.outputFiles[0].text;
    } catch (e) {
      throw esbuildFail(e);
    }
  }
  // One esbuild run: the JS entry and every stylesheet it imports (each view imports its own), in
  // import order, into app.css.
  let result;
  try {
    result = await esbuild.build({
      plugins: [workerSource],
      ...common,
      entryPoints: { app: path.join(www, "app/main.js") },
      format: "esm",
      outdir: path.join(dist, "web"),
      write: false,
    });
  } catch (e) {
    throw esbuildFail(e);
  }
  for (const w of result.warnings) {
    log(`warning: ${w.location ? `${w.location.file}:${w.location.line}: ` : ""}${w.text}`);
  }
  const outputs = new Map(result.outputFiles.map((f) => [path.basename(f.path), f]));
  const js = outputs.get("app.js")?.text;
  if (js == null) throw new BuildError("esbuild produced no app.js");
  const css = minify ? tightCss(outputs.get("app.css")?.text ?? "") : outputs.get("app.css")?.text ?? "";
  const extra = [...outputs.keys()].filter((k) => !["app.js", "app.css"].includes(k));
  if (extra.length) {
    throw new BuildError(
      `esbuild produced extra files (${extra.join(", ")}); the page must be one bundle (no dynamic imports or asset files)`,
    );
  }

  const shell = ensureIcon(stripShell(readFileSync(path.join(www, "index.html"), "utf8")));
  const wasm = readFileSync(path.join(pkg, "aligngraph_bg.wasm"));
  // The engine as the single file and the element inline it: gzipped (the page inflates it with
  // DecompressionStream, a third of the bytes), base85 (6 % fewer characters than base64).
  const packed = doSingle || doElement ? base85(await gzipWasm(wasm, root, log)) : null;
  const res = { web: null, single: null };

  if (doWeb) {
    const webDir = path.join(dist, "web");
    rmSync(webDir, { recursive: true, force: true });
    mkdirSync(webDir, { recursive: true });
    let html = insertCsp(shell, WEB_CSP);
    html = insertBefore(
      html,
      "</head>",
      '<link rel="stylesheet" href="app.css">\n<script type="module" src="app.js"></script>\n',
    );
    const files = { "index.html": html, "app.js": js, "app.css": css, "aligngraph_bg.wasm": wasm };
    res.web = {};
    for (const [name, data] of Object.entries(files)) {
      writeFileSync(path.join(webDir, name), data);
      res.web[name] = Buffer.byteLength(data);
    }
    res.web.dir = webDir;
  }

  if (doSingle) {
    // The page's module without the workers' script, which the boot script carries once and leaves
    // in globalThis.aligngraphWorkers (no boot script: no workers, the engine runs in-thread).
    let singleJs = js;
    if (workerCode) {
      try {
        const r = await esbuild.build({
          plugins: [
            {
              name: "worker-source-from-boot",
              setup(build) {
                build.onResolve({ filter: /^([a-z-]+-worker|workers)-source$/ }, (args) => ({ path: args.path, namespace: "worker-source" }));
                build.onLoad({ filter: /.*/, namespace: "worker-source" }, () => ({
                  contents: `export default ${bootCode ? 'globalThis.aligngraphWorkers ?? ""' : '""'};`,
                  loader: "js",
                }));
              },
            },
          ],
          ...common,
          entryPoints: { app: path.join(www, "app/main.js") },
          format: "esm",
          outdir: path.join(dist, "web"),
          write: false,
        });
        singleJs = r.outputFiles.find((f) => path.basename(f.path) === "app.js").text;
      } catch (e) {
        throw esbuildFail(e);
      }
    }
    const script = scriptSafe(singleJs, "the JS bundle");
    const boot = bootCode ? scriptSafe(bootCode.trim(), "the boot script") : null;
    const style = styleSafe(css);
    let html = insertCsp(shell, singleFileCsp(boot ? [sha256(script), sha256(boot)] : sha256(script), sha256(style)));
    // What a reader sees where the engine cannot run (docs/publishing.md): no script, no style attribute.
    const fallback = renderFallback({
      root,
      modelFile: opts.model ? path.resolve(opts.model) : path.join(root, "data/demo-model.json"),
      bin: opts.bin ?? process.env.ALIGNGRAPH_BIN ?? path.join(root, "target/release/aligngraph"),
      log,
    });
    if (fallback != null && FALLBACK_MARKERS.test(html)) html = html.replace(FALLBACK_MARKERS, () => fallback.trim());
    html = insertBefore(html, "</head>", `<style>${style}</style>\n`);
    let body = "";
    if (modelText != null) {
      body += `<script type="application/json" id="aligngraph-model">${modelText}</script>\n`;
    }
    // With a boot script the page's module is a data block too, gzipped and base85 like the engine
    // (a third of the bytes): the boot script runs it as an inline module, allowed by its hash.
    if (boot) body += `<script type="application/octet-stream" id="aligngraph-app" data-encoding="${WASM_ENCODING}">${base85(await gzipWasm(Buffer.from(script, "utf8"), root, log))}</script>\n`;
    body += `<script type="application/octet-stream" id="aligngraph-wasm" data-encoding="${WASM_ENCODING}">${packed}</script>\n`;
    if (boot) body += `<script id="aligngraph-boot">${boot}</script>\n`;
    else body += `<script type="module">${script}</script>\n`;
    html = insertBefore(html, "</body>", body);
    const out = path.resolve(opts.out ?? path.join(dist, "aligngraph.html"));
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, html);
    res.single = { path: out, bytes: Buffer.byteLength(html), model: modelText != null };
  }
  if (doElement) {
    // The custom element: the same dashboard as one script. Its CSS is the page's (adopted into each
    // element's shadow root), so the element's own build drops the CSS imports and gets the text.
    const virtuals = (flavour) => ({
      name: "element-virtuals",
      setup(build) {
        build.onResolve({ filter: /^aligngraph-(css|wasm-source)$/ }, (a) => ({ path: a.path, namespace: "element" }));
        build.onLoad({ filter: /.*/, namespace: "element" }, (a) => ({
          contents:
            a.path === "aligngraph-css"
              ? `export default ${JSON.stringify(css)};`
              : `export default ${flavour === "script" ? JSON.stringify({ text: packed, encoding: WASM_ENCODING }) : "null"};`,
          loader: "js",
        }));
      },
    });
    const buildElement = async (flavour) => {
      try {
        const r = await esbuild.build({
          plugins: [workerSource, virtuals(flavour)],
          ...common,
          entryPoints: [path.join(www, "app/element.js")],
          // The script flavour works from a plain <script src>, no module needed.
          format: flavour === "script" ? "iife" : "esm",
          define: flavour === "script" ? { "import.meta.url": "document.baseURI" } : {},
          loader: { ".css": "empty" },
          write: false,
        });
        return r.outputFiles[0].text;
      } catch (e) {
        throw esbuildFail(e);
      }
    };
    const script = await buildElement("script");
    const module = await buildElement("module");
    const elementDir = path.join(dist, "element");
    rmSync(elementDir, { recursive: true, force: true });
    mkdirSync(elementDir, { recursive: true });
    writeFileSync(path.join(dist, "aligngraph-element.js"), script);
    writeFileSync(path.join(elementDir, "aligngraph-element.js"), module);
    writeFileSync(path.join(elementDir, "aligngraph_bg.wasm"), wasm);
    res.element = { script: Buffer.byteLength(script), module: Buffer.byteLength(module), path: path.join(dist, "aligngraph-element.js") };
  }
  res.js = Buffer.byteLength(js);
  res.worker = Buffer.byteLength(workerCode);
  res.css = Buffer.byteLength(css);
  res.wasm = wasm.length;
  return res;
}

function parseArgs(argv) {
  const o = { web: true, single: true, minify: true, quiet: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v == null || v.startsWith("--")) throw new BuildError(`${a} needs a value`);
      return v;
    };
    if (a === "--model") o.model = value();
    else if (a.startsWith("--model=")) o.model = a.slice(8);
    else if (a === "--out") o.out = value();
    else if (a.startsWith("--out=")) o.out = a.slice(6);
    else if (a === "--web-only") o.single = false;
    else if (a === "--single-only") o.web = false;
    else if (a === "--no-minify") o.minify = false;
    else if (a === "--quiet" || a === "-q") o.quiet = true;
    else if (a === "--help" || a === "-h") o.help = true;
    else throw new BuildError(`unknown argument ${a} (see --help)`);
  }
  if (!o.web && !o.single) throw new BuildError("--web-only and --single-only exclude each other");
  if (o.out && !o.single) throw new BuildError("--out names the single file; it makes no sense with --web-only");
  return o;
}

const USAGE = `usage: node scripts/build-page.mjs [--model FILE] [--out FILE] [--web-only | --single-only] [--no-minify] [--quiet]

  --model FILE   embed FILE (aligngraph model JSON) in the single file; it is shown instead of the demo
  --out FILE     write the single file to FILE (default dist/aligngraph.html)
  --web-only     only dist/web/ (served by make run)
  --single-only  only the single file
  --no-minify    readable bundle (debugging)
  --quiet        print nothing but errors`;

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.help) {
    console.log(USAGE);
    return;
  }
  const log = opts.quiet ? () => {} : (m) => console.log(`[build-page] ${m}`);
  const t0 = performance.now();
  const r = await buildPage({ ...opts, log });
  const rel = (p) => path.relative(process.cwd(), p) || p;
  log(`bundle: app.js ${fmtBytes(r.js)} (worker ${fmtBytes(r.worker)} of it), app.css ${fmtBytes(r.css)}, aligngraph_bg.wasm ${fmtBytes(r.wasm)}`);
  if (r.web) {
    const total = r.web["index.html"] + r.web["app.js"] + r.web["app.css"] + r.web["aligngraph_bg.wasm"];
    log(`${rel(r.web.dir)}/: index.html ${fmtBytes(r.web["index.html"])}, total ${fmtBytes(total)}`);
  }
  if (r.element) {
    log(`${rel(r.element.path)}: ${fmtBytes(r.element.script)}; dist/element/aligngraph-element.js ${fmtBytes(r.element.module)} + aligngraph_bg.wasm`);
  }
  if (r.single) {
    const pct = ((100 * r.single.bytes) / SINGLE_FILE_BUDGET).toFixed(0);
    log(
      `${rel(r.single.path)}: ${fmtBytes(r.single.bytes)} (${r.single.bytes} bytes, ${pct}% of the 1.5 MB budget)` +
        (r.single.model ? `, model embedded from ${opts.model}` : ""),
    );
    if (r.single.bytes > SINGLE_FILE_BUDGET) {
      console.error(`[build-page] warning: the single file is larger than ${fmtBytes(SINGLE_FILE_BUDGET)}`);
    }
  }
  log(`done in ${((performance.now() - t0) / 1000).toFixed(2)}s`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().catch((e) => {
    if (e instanceof BuildError) {
      console.error(`[build-page] error: ${e.message}`);
      process.exit(1);
    }
    console.error(e);
    process.exit(2);
  });
}
