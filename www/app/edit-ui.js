// The toolbar's editing controls: Undo and Redo (titled with what they change: "Undo: cost of CRM
// 120 → 150"), their keys (Ctrl/Cmd+Z, Ctrl+Shift+Z or Ctrl+Y, outside text fields), and the Add
// node dialog (its id checked by the engine as it is typed; the new node is selected and its edit
// form opened). A read-only dashboard keeps Undo and Redo (what-if) and hides Add node.

import { checker } from "../views/detail/edit.js";

const TYPING = new Set(["INPUT", "TEXTAREA", "SELECT"]);

export function wireEditing(app, { $, root }) {
  const undo = $("undo-button");
  const redo = $("redo-button");
  const add = $("add-node-button");
  const sync = () => {
    undo.disabled = !app.canUndo;
    redo.disabled = !app.canRedo;
    undo.title = app.canUndo ? `Undo: ${app.undoLabel} (Ctrl+Z)` : "Nothing to undo (Ctrl+Z)";
    redo.title = app.canRedo ? `Redo: ${app.redoLabel} (Ctrl+Shift+Z)` : "Nothing to redo (Ctrl+Shift+Z)";
  };
  const step = (how) => {
    const label = how === "undo" ? app.undoLabel : app.redoLabel;
    app[how]()
      .then((done) => done && app.notify(`${how === "undo" ? "Undone" : "Redone"}: ${label}.`))
      .catch((err) => app.notify(`Could not ${how} ${label}: ${err?.message ?? err}`, { error: true }));
  };
  undo.addEventListener("click", () => step("undo"));
  redo.addEventListener("click", () => step("redo"));
  const keys = (e) => {
    if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
    const target = e.composedPath?.()[0] ?? e.target;
    if (TYPING.has(target?.tagName) || target?.isContentEditable || $("confirm-dialog").open || $("add-node-dialog").open) return;
    const k = e.key.toLowerCase();
    if (k === "z" || k === "y") {
      e.preventDefault();
      step(k === "y" || e.shiftKey ? "redo" : "undo");
    }
  };
  const keyTarget = root.getRootNode();
  keyTarget.addEventListener("keydown", keys);

  // ---- Add node
  const dialog = $("add-node-dialog");
  const form = $("add-node-form");
  const [kind, id, name, save] = ["add-node-kind", "add-node-id", "add-node-name", "add-node-save"].map($);
  add.hidden = app.readonly;
  const node = () => {
    const n = { id: id.value.trim(), kind: kind.value };
    if (name.value.trim()) n.name = name.value.trim();
    return n;
  };
  const checks = checker(app, form, () => (save.disabled = !checks.ok() || !id.value.trim()));
  const again = () => checks.check("add-node-id", { op: "add_node", node: node() });
  id.addEventListener("input", again);
  kind.addEventListener("change", again);
  const close = () => {
    if (dialog.open) dialog.close?.();
    dialog.removeAttribute("open");
  };
  add.addEventListener("click", () => {
    form.reset();
    checks.clear();
    checks.show("add-node-id", []);
    save.disabled = true;
    if (typeof dialog.showModal === "function") dialog.showModal();
    else dialog.setAttribute("open", "");
    id.focus();
  });
  $("add-node-cancel").addEventListener("click", close);
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    if (!checks.ok() || !id.value.trim()) return;
    const n = node();
    try {
      await app.edit({ op: "add_node", node: n });
      close();
      app.select(n.id);
      // Its edit form, once the detail panel shows it.
      for (let i = 0; i < 100 && app.selected === n.id; i++) {
        const btn = root.querySelector("#detail-edit");
        if (btn && root.querySelector("#detail h2")?.textContent === (n.name ?? n.id)) {
          if (btn.getAttribute("aria-expanded") !== "true") btn.click();
          break;
        }
        await new Promise((r) => setTimeout(r, 30));
      }
    } catch (err) {
      checks.show("add-node-id", err?.diagnostics ?? [{ severity: "error", message: String(err?.message ?? err) }]);
    }
  });

  sync();
  const off = app.on("history", sync);
  return () => {
    off();
    keyTarget.removeEventListener("keydown", keys);
  };
}
