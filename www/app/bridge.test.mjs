import assert from "node:assert/strict";
import { test } from "node:test";
import { allowedOrigins, normaliseOrigin, wireBridge } from "./bridge.js";

test("origins are scheme, host and port; anything else is not an origin", () => {
  assert.equal(normaliseOrigin("https://Intranet.Example.com"), "https://intranet.example.com");
  assert.equal(normaliseOrigin("http://127.0.0.1:8080"), "http://127.0.0.1:8080");
  assert.equal(normaliseOrigin("https://a.example/path"), null);
  assert.equal(normaliseOrigin("https://a.example/?q=1"), null);
  assert.equal(normaliseOrigin("null"), null);
  assert.equal(normaliseOrigin("file:///tmp/x.html"), null);
  assert.equal(normaliseOrigin("not a url"), null);
});

test("the bundle's origins win over the address's", () => {
  assert.deepEqual(allowedOrigins({ origins: ["https://a.example"] }, ["https://evil.example"]), ["https://a.example"]);
  assert.deepEqual(allowedOrigins({}, ["https://b.example", "https://b.example", "javascript:alert(1)"]), ["https://b.example"]);
  assert.deepEqual(allowedOrigins({}, undefined), []);
});

/** A parent window and a framed window that records what it posts, with an App stand-in. */
function frame() {
  const posted = [];
  const listeners = [];
  const parent = { postMessage: (message, origin) => posted.push({ message, origin }) };
  const win = { parent, addEventListener: (type, fn) => listeners.push(fn), removeEventListener: () => {} };
  const handlers = {};
  const app = {
    view: "overview",
    report: { kpis: { alignment_index: 0.5 } },
    on: (event, fn) => ((handlers[event] = fn), () => {}),
    showView(v) {
      this.view = v;
      handlers.view?.(v);
    },
    select() {},
    setWhatIf() {},
  };
  const controller = { app, session: { loadGiven() {} } };
  const send = (data, origin, source = parent) => listeners.forEach((fn) => fn({ data, origin, source }));
  return { win, app, controller, posted, send, parent };
}

test("a message from an allowed origin is obeyed and answered there only", () => {
  const f = frame();
  wireBridge(f.controller, { origins: ["https://intranet.example"], win: f.win });
  assert.deepEqual(f.posted.shift(), { message: { type: "aligngraph:ready", kpis: { alignment_index: 0.5 } }, origin: "https://intranet.example" });
  f.send({ type: "aligngraph:view", view: "matrix" }, "https://intranet.example");
  assert.equal(f.app.view, "matrix");
  assert.deepEqual(f.posted, [{ message: { type: "aligngraph:view", view: "matrix" }, origin: "https://intranet.example" }]);
});

test("a message from any other origin or window is ignored", () => {
  const f = frame();
  wireBridge(f.controller, { origins: ["https://intranet.example"], win: f.win });
  f.posted.length = 0;
  f.send({ type: "aligngraph:view", view: "matrix" }, "https://evil.example");
  f.send({ type: "aligngraph:view", view: "matrix" }, "https://intranet.example", {});
  assert.equal(f.app.view, "overview");
  assert.deepEqual(f.posted, []);
});

test("nothing is wired when the page is not framed or no origin is allowed", () => {
  const f = frame();
  wireBridge(f.controller, { origins: [], win: f.win });
  assert.deepEqual(f.posted, []);
  const top = { addEventListener() {} };
  top.parent = top;
  wireBridge(f.controller, { origins: ["https://a.example"], win: top });
  assert.deepEqual(f.posted, []);
});

test("a parent whose origin the browser names is answered only there, and not at all when not allowed", () => {
  const allowed = frame();
  allowed.win.document = { referrer: "https://b.example/portal/page.aspx" };
  wireBridge(allowed.controller, { origins: ["https://a.example", "https://b.example"], win: allowed.win });
  assert.deepEqual(allowed.posted.map((p) => p.origin), ["https://b.example"]);
  const foreign = frame();
  foreign.win.location = { ancestorOrigins: ["https://evil.example"] };
  wireBridge(foreign.controller, { origins: ["https://a.example"], win: foreign.win });
  foreign.app.showView("matrix");
  assert.deepEqual(foreign.posted, []);
});
