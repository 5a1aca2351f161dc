// Where the working model is kept, said in one line under the status line (`#save-state`), with what
// a person can do about it: keep the work in this browser (on a file opened from the disk, after a
// dialog that explains who else could read it), stop keeping it, export it, or, when another tab
// saved other work or the browser refused to store it, choose what happens (docs/page.md,
// "Privacy: what is stored where").

import { h, clear } from "../lib/dom.js";
import { confirmDialog } from "../widgets/confirm-dialog.js";

export const OPT_IN_TEXT =
  "This page was opened from a file on this computer. Browsers such as Chrome and Edge give every file opened from the disk the same storage, so any other HTML file you open in this browser (a dashboard someone sent you, a downloaded report) could read what is kept there: the model, its names and figures, and your what-if changes. Keep your work here only if you trust every file you open in this browser. Exporting the model to a file of your own is the safer way to keep it.";

/**
 * Wires `#save-state` of one dashboard. `actions`: {optIn(), optOut(), keepMine(), openTheirs(),
 * exportModel(), retry()}. Returns {saved(result), otherTab(), refresh()}.
 */
export function createSaveState(app, { $, store, actions }) {
  const line = $("save-state");
  /** null, or the latest problem: {kind: "failed" | "conflict", message}. */
  let problem = null;

  const button = (id, label, run) => h("button", { type: "button", class: "link", id, text: label, on: { click: run } });
  const exportButton = () => button("save-state-export", "Export the model", () => actions.exportModel());

  function render() {
    if (!line) return;
    clear(line);
    line.classList.remove("error");
    if (store.memoryOnly) {
      line.hidden = true;
      return;
    }
    line.hidden = false;
    let state;
    const parts = [];
    if (problem?.kind === "conflict") {
      state = "conflict";
      line.classList.add("error");
      parts.push(
        `Not saved: ${problem.message}. Saving this tab's work would replace it.`,
        " ",
        button("save-state-keep-mine", "Keep this tab's work", () => actions.keepMine()),
        " ",
        button("save-state-open-theirs", "Open the other tab's work", () => actions.openTheirs()),
        " ",
        exportButton(),
      );
    } else if (problem?.kind === "failed") {
      state = "failed";
      line.classList.add("error");
      parts.push(`Not saved: ${problem.message}. A reload would open the work saved before.`, " ", exportButton(), " ", button("save-state-retry", "Try again", () => actions.retry()));
    } else if (!store.kept && store.shared && store.canKeep) {
      state = "not-kept";
      parts.push(
        "Not kept in this browser: any file opened from this disk could read it.",
        " ",
        button("save-state-opt-in", "Keep my work in this browser…", () => optIn()),
        " ",
        exportButton(),
      );
    } else if (!store.kept) {
      state = "unavailable";
      parts.push("Not kept: this browser does not let the page store anything here (a private window, or a frame without storage).", " ", exportButton());
    } else if (store.shared) {
      state = "kept-shared";
      parts.push("Kept in this browser, where other files opened from this disk can read it.", " ", button("save-state-opt-out", "Stop keeping it", () => actions.optOut()));
    } else {
      state = "kept";
      parts.push("Saved in this browser as you go.");
    }
    line.dataset.state = state;
    line.append(...parts);
  }

  async function optIn() {
    const ok = await confirmDialog($, {
      title: "Keep your work in this browser?",
      message: OPT_IN_TEXT,
      ok: "Keep it in this browser",
      cancel: "Don't keep it",
    });
    if (ok) await actions.optIn();
  }

  render();
  return {
    /** After a save: shows what went wrong (and says it in the status line at once), or clears it. */
    saved(result) {
      if (!result) return;
      if (result.ok) {
        if (problem) {
          problem = null;
          render();
        }
        return;
      }
      if (result.reason === "unsaved-model" && problem) return;
      problem = { kind: result.reason === "conflict" ? "conflict" : "failed", message: result.message };
      render();
      app.notify(`Your work is not saved in this browser: ${result.message}. Export the model to keep a copy.`, {
        error: true,
        action: { id: "status-export", label: "Export the model", run: () => actions.exportModel() },
      });
    },
    /** Another tab saved other work under the same key. */
    otherTab() {
      problem = { kind: "conflict", message: "another tab saved other work in this browser" };
      render();
    },
    refresh() {
      problem = null;
      render();
    },
  };
}
