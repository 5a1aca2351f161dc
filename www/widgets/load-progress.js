// The progress line while a new model is read off the page's thread (App event `progress`): what is
// being read, the step it is at, the seconds so far, and Cancel (which drops the half-read model and
// keeps the working one). The page stays usable meanwhile.

import { h } from "../lib/dom.js";
import "./load-progress.css";

/** The steps of reading a model, in order (app/engine-ops.js names them). */
export const STAGES = ["Starting", "Reading the model", "Scoring", "Preparing the views"];

/**
 * The step number (1-based) of a stage; "Reading the files", a large file's "Reading big.json: 312 of
 * 606 MB" and "Building the model" count as reading.
 */
export function stageStep(stage) {
  const reading = stage === "Reading the files" || /^Reading .+ of .+ MB$/.test(stage ?? "") || stage === "Building the model";
  const i = STAGES.indexOf(reading ? "Reading the model" : stage);
  return i < 0 ? 1 : i + 1;
}

/** Mounts the line right after `status` (hidden until a `progress` event); returns {destroy}. */
export function mountLoadProgress(status, app) {
  const label = h("span", { class: "load-progress-label" });
  const bar = h("progress", { class: "load-progress-bar", max: String(STAGES.length), value: "0" });
  const cancel = h("button", { type: "button", id: "load-cancel", class: "link", text: "Cancel" });
  const box = h("div", { class: "load-progress", id: "load-progress", role: "status", "aria-live": "polite", hidden: true }, label, " ", bar, " ", cancel);
  status.after(box);
  let current = null;
  let started = 0;
  let timer = null;
  const text = () => {
    const secs = (performance.now() - started) / 1000;
    const step = stageStep(current.stage);
    label.textContent = `Opening ${current.label ?? "the model"}: ${current.stage ?? "Starting"}… (step ${step} of ${STAGES.length}${secs >= 1 ? `, ${secs.toFixed(0)} s` : ""})`;
    bar.value = step - 0.5;
    bar.setAttribute("aria-label", label.textContent);
  };
  cancel.addEventListener("click", () => {
    if (!current?.cancel) return;
    current.cancel();
    label.textContent = "Stopping…";
  });
  const off = app.on("progress", (p) => {
    if (p.done) {
      current = null;
      box.hidden = true;
      clearInterval(timer);
      timer = null;
      return;
    }
    if (!current) started = performance.now();
    current = p;
    box.hidden = false;
    cancel.hidden = !p.cancel;
    text();
    if (!timer) timer = setInterval(() => current && text(), 1000);
  });
  return {
    destroy() {
      off();
      clearInterval(timer);
      box.remove();
    },
  };
}
