// A browser's Worker in Node, for the engine host's tests: each one a thread (node:worker_threads)
// that runs the page's engine worker (www/workers/engine-worker.js) with `self` made of the thread's
// port, so the host's worker path (its messages, the typed arrays moved, the spare worker) runs with
// the real engine as in a browser. The script URL the host gives is not read: every worker is the
// engine's. `NodeWorker.started` lists the workers made, in order, each with `terminated`.

import { isMainThread, parentPort, Worker } from "node:worker_threads";

if (!isMainThread && parentPort) {
  // Inside the thread: the worker's global scope as engine-worker.js uses it.
  globalThis.self = globalThis;
  self.postMessage = (message, transfer) => parentPort.postMessage(message, transfer);
  self.addEventListener = (type, fn) => {
    if (type === "message") parentPort.on("message", (data) => fn({ data }));
  };
  await import("../../www/workers/engine-worker.js");
}

export class NodeWorker {
  static started = [];

  constructor(_url, { name = "" } = {}) {
    this.name = name;
    this.terminated = false;
    this.onmessage = null;
    this.onerror = null;
    this.thread = new Worker(new URL(import.meta.url));
    this.thread.on("message", (data) => this.onmessage?.({ data }));
    this.thread.on("error", (err) => this.onerror?.({ message: err.message, preventDefault() {} }));
    NodeWorker.started.push(this);
  }

  postMessage(message, transfer = []) {
    this.thread.postMessage(message, transfer);
  }

  terminate() {
    this.terminated = true;
    this.thread.terminate();
  }
}
