// The page build (scripts/build-page.mjs) and the static server (scripts/serve.mjs), without a
// browser: the single file's structure and CSP, escaping of inlined text, the size budget, and
// the server's MIME types, 404s and refusal of paths outside its root.

import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { gunzipSync } from "node:zlib";
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { base85, BuildError, buildPage, embedModelText, SINGLE_FILE_BUDGET, tightCss, WASM_ENCODING } from "../../scripts/build-page.mjs";
import { BASE85_ALPHABET, base85Bytes } from "../../www/app/wasm-bytes.js";
import { serve } from "../../scripts/serve.mjs";
import { DIST_WEB, fixture, parseCsp, requireBuilt, ROOT, SINGLE, tempDir } from "./helpers.mjs";

const sha = (t) => "sha256-" + createHash("sha256").update(t, "utf8").digest("base64");

/** The parts of a single file: its CSP, inline style, executable and data scripts. */
function dissect(html) {
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)].map((m) => ({
    attrs: m[1],
    type: /type\s*=\s*"([^"]*)"/i.exec(m[1])?.[1] ?? "",
    id: /id\s*=\s*"([^"]*)"/i.exec(m[1])?.[1] ?? null,
    src: /\bsrc\s*=/.test(m[1]),
    text: m[2],
  }));
  const styles = [...html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style\s*>/gi)].map((m) => m[1]);
  const metas = [...html.matchAll(/<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/gi)].map((m) =>
    m[1].replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&"),
  );
  return { scripts, styles, metas };
}

/** A minimal www/ and pkg/ in a temp dir, to exercise the build without the real page. */
function mockRoot({ mainExtra = "" } = {}) {
  const root = tempDir("mock-page");
  mkdirSync(path.join(root, "www/app"), { recursive: true });
  mkdirSync(path.join(root, "pkg"));
  writeFileSync(
    path.join(root, "www/index.html"),
    '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>t</title>\n' +
      '<link rel="stylesheet" href="style.css">\n<script type="module" src="app/main.js"></script>\n</head>\n' +
      '<body><div id="out"></div></body>\n</html>\n',
  );
  writeFileSync(
    path.join(root, "www/app/main.js"),
    'import { hello } from "../../pkg/aligngraph.js";\nimport "../style.css";\n' +
      'export const closing = "</script><script>alert(1)</script>";\n' +
      "export const re = /<\\/SCRIPT>/i;\n" +
      `${mainExtra}\n` +
      'document.getElementById("out").textContent = hello() + closing.length + re.source;\n',
  );
  writeFileSync(path.join(root, "www/style.css"), "body { color: #123; }\n");
  writeFileSync(path.join(root, "pkg/aligngraph.js"), 'export function hello() { return "hi"; }\n');
  writeFileSync(path.join(root, "pkg/aligngraph_bg.wasm"), Buffer.from([0, 97, 115, 109, 1, 0, 0, 0]));
  return root;
}

describe("build-page (mock sources)", () => {
  const roots = [];
  after(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

  test("fails with 'run make pkg' when pkg/ is missing", async () => {
    const root = mockRoot();
    roots.push(root);
    rmSync(path.join(root, "pkg"), { recursive: true });
    await assert.rejects(buildPage({ root }), (e) => e instanceof BuildError && /run make pkg/.test(e.message));
  });

  test("writes dist/web and a single file whose CSP hashes match its inline blocks", async () => {
    const root = mockRoot();
    roots.push(root);
    const r = await buildPage({ root, model: fixture("xss-model.json") });
    for (const f of ["index.html", "app.js", "app.css", "aligngraph_bg.wasm"]) {
      assert.ok(existsSync(path.join(root, "dist/web", f)), `dist/web/${f}`);
    }
    const web = readFileSync(path.join(root, "dist/web/index.html"), "utf8");
    assert.match(web, /<script type="module" src="app.js"><\/script>/);
    assert.match(web, /<link rel="stylesheet" href="app.css">/);
    assert.doesNotMatch(web, /main\.js|style\.css/, "the served index points at the bundle, not the sources");

    const html = readFileSync(r.single.path, "utf8");
    const { scripts, styles, metas } = dissect(html);
    assert.equal(metas.length, 1);
    const csp = parseCsp(metas[0]);
    const modules = scripts.filter((s) => s.type === "module");
    assert.equal(modules.length, 1, "one module script");
    assert.equal(styles.length, 1, "one style element");
    assert.deepEqual(csp["script-src"], [`'${sha(modules[0].text)}'`, "'wasm-unsafe-eval'"]);
    assert.deepEqual(csp["style-src"], [`'${sha(styles[0])}'`]);
    assert.deepEqual(csp["connect-src"], ["'none'"]);
    assert.deepEqual(csp["worker-src"], ["blob:"], "the Monte Carlo worker starts from a Blob URL");
    assert.ok(!scripts.some((s) => s.src), "no external scripts");
    assert.deepEqual(html.match(/<link\b[^>]*>/gi), ['<link rel="icon" href="data:,">'], "no links but the empty icon");
    // The bundle's "</script>" string is written so that it cannot close the element.
    assert.ok(modules[0].text.includes("<\\/script>"), "the bundle keeps the string, escaped");
    // Wasm: base85 of the gzipped exact bytes.
    const wasm = scripts.find((s) => s.id === "aligngraph-wasm");
    assert.equal(wasm.type, "application/octet-stream");
    assert.match(wasm.attrs, /data-encoding="gzip-base85"/);
    assert.deepEqual(gunzipSync(base85Bytes(wasm.text)), readFileSync(path.join(root, "pkg/aligngraph_bg.wasm")));
    // Model: data, no "<" at all, the same JSON.
    const model = scripts.find((s) => s.id === "aligngraph-model");
    assert.equal(model.type, "application/json");
    assert.ok(!model.text.includes("<"), "no < in the embedded model");
    assert.deepEqual(JSON.parse(model.text), JSON.parse(readFileSync(fixture("xss-model.json"), "utf8")));
    // Data blocks come before the module (not required, but the page reads them at start).
    assert.ok(html.indexOf('id="aligngraph-wasm"') < html.indexOf('<script type="module">'));
  });

  test("base85 is Ascii85's arithmetic in its own alphabet, and the page reads back every length", () => {
    // Ascii85's published example ("Man is distinguished", Wikipedia), digits in Ascii85's
    // alphabet ("!" + digit) mapped to the page's.
    const ascii85 = "9jqo^BlbD-BleB1DJ+*+F(f,q";
    const want = [...ascii85].map((c) => BASE85_ALPHABET[c.charCodeAt(0) - 33]).join("");
    assert.equal(base85(Buffer.from("Man is distinguished")), want);
    assert.equal(BASE85_ALPHABET.length, 85);
    assert.equal(new Set(BASE85_ALPHABET).size, 85);
    for (const c of "\"'\\`$<>&~ ") assert.ok(!BASE85_ALPHABET.includes(c), `no ${c} in the alphabet`);
    for (let n = 0; n <= 9; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 97 + 255) & 255);
      const text = base85(bytes);
      assert.equal(text.length, Math.ceil((n * 5) / 4));
      assert.deepEqual(base85Bytes(text), bytes, `${n} bytes`);
    }
    const ones = new Uint8Array(8).fill(255);
    assert.deepEqual(base85Bytes(base85(ones)), ones, "the largest group");
    assert.throws(() => base85Bytes("abc<e"), /character "<" at 3/);
    assert.throws(() => base85Bytes("abcdef"), /one character/);
  });

  test("refuses a bundle with '<!--' followed by '<script' (it would not close)", async () => {
    const root = mockRoot({ mainExtra: 'export const c = "<!--" + x; export const d = "<script>";' });
    roots.push(root);
    await assert.rejects(buildPage({ root, web: false }), (e) => e instanceof BuildError && /<!--/.test(e.message));
  });

  test("tightCss drops the spaces around * and / inside calc() only", () => {
    assert.equal(
      tightCss(".a{width:calc(1.2 * var(--u));margin:calc(100% - calc(2 * var(--u)) / 3)}.b * .c{x:1}"),
      ".a{width:calc(1.2*var(--u));margin:calc(100% - calc(2*var(--u))/3)}.b * .c{x:1}",
    );
  });

  test("embedModelText keeps the text (line numbers) and escapes every <", () => {
    const text = '{\n  "name": "</script><!--<script>"\n}\n';
    const out = embedModelText(text);
    assert.equal(out.split("\n").length, text.split("\n").length);
    assert.ok(!out.includes("<"));
    assert.deepEqual(JSON.parse(out), JSON.parse(text));
    assert.throws(() => embedModelText("{nope", "bad.json"), (e) => e instanceof BuildError && /bad\.json/.test(e.message));
  });
});

describe("build-page (the real dist/)", () => {
  before(() => requireBuilt({ web: true, single: true }));

  test(`dist/aligngraph.html is self-contained and under ${SINGLE_FILE_BUDGET / 1e6} MB`, () => {
    const html = readFileSync(SINGLE, "utf8");
    const bytes = Buffer.byteLength(html);
    assert.ok(bytes < SINGLE_FILE_BUDGET, `single file is ${bytes} bytes`);
    const { scripts, styles, metas } = dissect(html);
    assert.equal(metas.length, 1, "one CSP meta");
    const csp = parseCsp(metas[0]);
    assert.equal(scripts.filter((s) => s.type === "module").length, 0, "the page's module is a data block, run by the boot script");
    // The page's module: base85 of its gzipped text, before the engine's data block; the boot
    // script runs it as an inline module, which the CSP allows by the hash of that text.
    const app = scripts.find((s) => s.id === "aligngraph-app");
    assert.equal(app.type, "application/octet-stream");
    assert.match(app.attrs, new RegExp(`data-encoding="${WASM_ENCODING}"`));
    const modules = [{ text: gunzipSync(base85Bytes(app.text)).toString("utf8") }];
    assert.match(modules[0].text, /customElements|aligngraph/, "the module's text");
    assert.ok(html.indexOf('id="aligngraph-app"') < html.indexOf('id="aligngraph-wasm"'), "the module's block comes first");
    assert.equal(styles.length, 1, "one inline style");
    // One classic script: the boot script right after the engine's data block, allowed by its hash.
    const classic = scripts.filter((s) => !["module", "application/json", "application/octet-stream"].includes(s.type));
    assert.equal(classic.length, 1, "one classic script (the boot script)");
    assert.ok(csp["script-src"].includes(`'${sha(classic[0].text)}'`), "boot script hash matches");
    assert.match(html, /id="aligngraph-wasm"[^>]*>[^<]*<\/script>\n<script id="aligngraph-boot">/, "the boot script follows the engine's data block");
    assert.ok(csp["script-src"].includes(`'${sha(modules[0].text)}'`), "script hash matches");
    assert.ok(csp["style-src"].includes(`'${sha(styles[0])}'`), "style hash matches");
    for (const d of ["default-src", "connect-src", "font-src", "object-src", "base-uri", "form-action"]) {
      assert.deepEqual(csp[d], ["'none'"], d);
    }
    assert.deepEqual(csp["img-src"], ["data:", "blob:"]);
    assert.deepEqual(csp["worker-src"], ["blob:"], "only the bundled worker, from a Blob URL");
    assert.ok(!/<(link|img|iframe|embed|object)\b[^>]*\b(href|src)\s*=\s*"(?!data:|#)/i.test(html), "no external resources");
    const wasm = scripts.find((s) => s.id === "aligngraph-wasm");
    assert.match(wasm.attrs, new RegExp(`data-encoding="${WASM_ENCODING}"`));
    assert.deepEqual(gunzipSync(base85Bytes(wasm.text)), readFileSync(path.join(ROOT, "pkg/aligngraph_bg.wasm")));
  });

  test("dist/web/index.html loads the bundle and carries the served CSP", () => {
    const html = readFileSync(path.join(DIST_WEB, "index.html"), "utf8");
    assert.match(html, /src="app\.js"/);
    assert.match(html, /href="app\.css"/);
    const { metas } = dissect(html);
    assert.equal(metas.length, 1);
    const csp = parseCsp(metas[0]);
    assert.deepEqual(csp["connect-src"], ["'self'"]);
    assert.deepEqual(csp["script-src"], ["'self'", "'wasm-unsafe-eval'"]);
    assert.deepEqual(csp["worker-src"], ["blob:"]);
  });
});

/** A raw GET (the path is sent exactly as given, unlike fetch which normalises "..") */
function get(port, rawPath, method = "GET") {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, path: rawPath, method }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("serve.mjs", () => {
  let server;
  let dir;
  before(async () => {
    dir = tempDir("serve");
    mkdirSync(path.join(dir, "root/sub"), { recursive: true });
    writeFileSync(path.join(dir, "root/index.html"), "<!doctype html><p>index</p>");
    writeFileSync(path.join(dir, "root/app.js"), "export {};");
    writeFileSync(path.join(dir, "root/app.css"), "p{}");
    writeFileSync(path.join(dir, "root/aligngraph_bg.wasm"), Buffer.from([0, 97, 115, 109, 1, 0, 0, 0]));
    writeFileSync(path.join(dir, "root/sub/index.html"), "sub");
    writeFileSync(path.join(dir, "secret.txt"), "SECRET");
    symlinkSync(path.join(dir, "secret.txt"), path.join(dir, "root/link.txt"));
    server = await serve({ root: path.join(dir, "root"), port: 0 });
  });
  after(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test("serves files with their MIME types", async () => {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    const cases = {
      "/": "text/html; charset=utf-8",
      "/index.html": "text/html; charset=utf-8",
      "/app.js": "text/javascript; charset=utf-8",
      "/app.css": "text/css; charset=utf-8",
      "/aligngraph_bg.wasm": "application/wasm",
      "/sub/": "text/html; charset=utf-8",
      "/app.js?v=1": "text/javascript; charset=utf-8",
    };
    for (const [p, type] of Object.entries(cases)) {
      const r = await get(server.port, p);
      assert.equal(r.status, 200, p);
      assert.equal(r.headers["content-type"], type, p);
      assert.equal(r.headers["x-content-type-options"], "nosniff", p);
    }
    const head = await get(server.port, "/aligngraph_bg.wasm", "HEAD");
    assert.equal(head.status, 200);
    assert.equal(head.headers["content-length"], "8");
    assert.equal((await get(server.port, "/sub")).status, 301);
  });

  test("404 for missing files, 405 for other methods", async () => {
    assert.equal((await get(server.port, "/nope.js")).status, 404);
    assert.equal((await get(server.port, "/sub/nope/")).status, 404);
    assert.equal((await get(server.port, "/", "POST")).status, 405);
  });

  test("never serves anything outside its root", async () => {
    const attempts = [
      "/../secret.txt",
      "/sub/../../secret.txt",
      "/%2e%2e/secret.txt",
      "/%2E%2E%2Fsecret.txt",
      "/..%2fsecret.txt",
      "/..%5csecret.txt",
      "/%2e%2e%5csecret.txt",
      "//../secret.txt",
      "/link.txt",
      "/%00",
      "/%zz",
      `/${encodeURIComponent(path.join(dir, "secret.txt"))}`,
    ];
    for (const p of attempts) {
      const r = await get(server.port, p);
      assert.ok([400, 403, 404].includes(r.status), `${p}: status ${r.status}`);
      assert.ok(!r.body.toString().includes("SECRET"), `${p} leaked the file`);
    }
  });

  test("a port that is taken is reported, not ignored", async () => {
    await assert.rejects(serve({ root: path.join(dir, "root"), port: server.port }), /EADDRINUSE/);
  });
});
