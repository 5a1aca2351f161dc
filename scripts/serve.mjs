#!/usr/bin/env node
// A small static file server for the built page (dist/web/), for `make run`
// and the browser tests. Only GET and HEAD, only files under the root, the
// right MIME types (application/wasm for the engine), no directory listings.
//
//   node scripts/serve.mjs [--port N] [--host H] [--dir DIR] [--open-log]
//   PORT=N node scripts/serve.mjs
//
// Defaults: 127.0.0.1:8080, dist/web. As a module:
//   import { serve } from "./scripts/serve.mjs";
//   const server = await serve({ root, port: 0 });   // port 0: any free port
//   server.url                                       // "http://127.0.0.1:PORT/"
//   await server.stop();

import { createReadStream, existsSync, promises as fsp, realpathSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const DEFAULT_DIR = path.join(ROOT, "dist", "web");
export const DEFAULT_PORT = 8080;
export const DEFAULT_HOST = "127.0.0.1";

export const MIME = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
  ".csv": "text/csv; charset=utf-8",
  ".md": "text/markdown; charset=utf-8",
  ".woff2": "font/woff2",
};

const SECURITY_HEADERS = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Resource-Policy": "same-origin",
  // The page's own CSP is in its <meta>; frame-ancestors only works as a header.
  "Content-Security-Policy": "frame-ancestors 'none'",
  "Cache-Control": "no-store",
};

/**
 * Maps a request path to a file under root, or null when it would escape the root (`..`, encoded
 * slashes or backslashes, NUL bytes, absolute paths, symlinks pointing outside).
 */
export function resolveUnder(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes("\0") || decoded.includes("\\")) return null;
  const segments = decoded.split("/");
  if (segments.some((s) => s === "..")) return null;
  const file = path.resolve(root, "." + path.posix.normalize("/" + decoded));
  const rel = path.relative(root, file);
  if (rel.startsWith("..") || path.isAbsolute(rel)) return null;
  return file;
}

function send(res, status, text, extra = {}) {
  const body = Buffer.from(text + "\n");
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    "Content-Type": "text/plain; charset=utf-8",
    "Content-Length": body.length,
    ...extra,
  });
  res.end(res.req.method === "HEAD" ? undefined : body);
}

/**
 * Starts the server; resolves when it listens. Returns the http.Server with `url`, `port` and
 * `stop()` added. Options: root (dir, default dist/web), port (default 8080; 0 = any free port),
 * host (default 127.0.0.1), log (function for request lines; default none).
 */
export async function serve({ root = DEFAULT_DIR, port = DEFAULT_PORT, host = DEFAULT_HOST, log } = {}) {
  root = path.resolve(root);
  if (!existsSync(root)) {
    throw new Error(`${root} does not exist; build the page first (node scripts/build-page.mjs)`);
  }
  const realRoot = realpathSync(root);

  const server = http.createServer(async (req, res) => {
    const done = (status) => log?.(`${req.method} ${req.url} ${status}`);
    if (req.method !== "GET" && req.method !== "HEAD") {
      send(res, 405, "method not allowed", { Allow: "GET, HEAD" });
      return done(405);
    }
    const urlPath = (req.url ?? "/").split(/[?#]/, 1)[0];
    let file = resolveUnder(realRoot, urlPath);
    if (file == null) {
      send(res, 403, "forbidden");
      return done(403);
    }
    try {
      let st = await fsp.stat(file);
      if (st.isDirectory()) {
        if (!urlPath.endsWith("/")) {
          res.writeHead(301, { ...SECURITY_HEADERS, Location: urlPath + "/" });
          res.end();
          return done(301);
        }
        file = path.join(file, "index.html");
        st = await fsp.stat(file);
      }
      // A symlink inside the root must not lead outside it.
      const real = await fsp.realpath(file);
      const rel = path.relative(realRoot, real);
      if (rel.startsWith("..") || path.isAbsolute(rel)) {
        send(res, 403, "forbidden");
        return done(403);
      }
      if (!st.isFile()) throw Object.assign(new Error("not a file"), { code: "ENOENT" });
      const type = MIME[path.extname(file).toLowerCase()] ?? "application/octet-stream";
      res.writeHead(200, { ...SECURITY_HEADERS, "Content-Type": type, "Content-Length": st.size });
      if (req.method === "HEAD") {
        res.end();
      } else {
        const stream = createReadStream(real);
        stream.on("error", () => res.destroy());
        stream.pipe(res);
      }
      return done(200);
    } catch (e) {
      if (e.code === "ENOENT" || e.code === "ENOTDIR") {
        send(res, 404, "not found");
        return done(404);
      }
      send(res, 500, "internal error");
      return done(500);
    }
  });

  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const addr = server.address();
  server.port = addr.port;
  const shownHost = addr.family === "IPv6" ? `[${addr.address}]` : addr.address;
  server.url = `http://${shownHost}:${addr.port}/`;
  server.stop = () =>
    new Promise((resolve) => {
      server.closeAllConnections?.();
      server.close(() => resolve());
    });
  return server;
}

function parseArgs(argv) {
  const o = {
    port: process.env.PORT != null && process.env.PORT !== "" ? Number(process.env.PORT) : DEFAULT_PORT,
    host: process.env.HOST || DEFAULT_HOST,
    root: process.env.SERVE_DIR || DEFAULT_DIR,
    verbose: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v == null) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === "--port" || a === "-p") o.port = Number(value());
    else if (a.startsWith("--port=")) o.port = Number(a.slice(7));
    else if (a === "--host") o.host = value();
    else if (a.startsWith("--host=")) o.host = a.slice(7);
    else if (a === "--dir") o.root = value();
    else if (a.startsWith("--dir=")) o.root = a.slice(6);
    else if (a === "--verbose" || a === "-v") o.verbose = true;
    else if (a === "--help" || a === "-h") o.help = true;
    else if (/^\d+$/.test(a)) o.port = Number(a);
    else if (!a.startsWith("-")) o.root = a;
    else throw new Error(`unknown argument ${a}`);
  }
  if (!Number.isInteger(o.port) || o.port < 0 || o.port > 65535) throw new Error(`bad port ${o.port}`);
  return o;
}

async function main() {
  let o;
  try {
    o = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`[serve] error: ${e.message}`);
    process.exit(2);
  }
  if (o.help) {
    console.log(
      "usage: node scripts/serve.mjs [--port N | PORT=N] [--host H] [--dir DIR] [--verbose]\n" +
        "serves DIR (default dist/web) on http://127.0.0.1:8080/",
    );
    return;
  }
  let server;
  try {
    server = await serve({
      root: o.root,
      port: o.port,
      host: o.host,
      log: o.verbose ? (m) => console.log(`[serve] ${m}`) : undefined,
    });
  } catch (e) {
    const hint = e.code === "EADDRINUSE" ? ` (port ${o.port} is taken; try PORT=0 or --port N)` : "";
    console.error(`[serve] error: ${e.message}${hint}`);
    process.exit(1);
  }
  console.log(`[serve] serving ${path.relative(process.cwd(), path.resolve(o.root)) || "."} at ${server.url}`);
  console.log("[serve] press Ctrl+C to stop");
  const stop = () => server.stop().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main();
}
