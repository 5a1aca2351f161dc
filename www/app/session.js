// The dashboard's session: which model it opens with (the model given to it, the autosaved working
// model, the model embedded in the file, else the demo), importing picked or dropped files, starting
// over, and keeping the working model and its what-if changes in the store (lib/store.js). The model
// itself only ever changes through the App.

import { readFileBytes, wireImport } from "../lib/io.js";
import { sortImportFiles, sortFolderFiles, folderOf, folderNeedsBytes, relativePath, formatLabel, sizeRefusal, streamsFile } from "../lib/import-files.js";
import { summaryStatus } from "../widgets/import-summary.js";
import { confirmDialog } from "../widgets/confirm-dialog.js";
import { createSaveState } from "./save-state.js";

/** The snapshot's files as the store keeps them: text when they are UTF-8, else base64. */
export function packFiles(files) {
  return files.map(({ name, bytes }) => {
    try {
      return { name, text: new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes) };
    } catch {
      let bin = "";
      for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return { name, base64: btoa(bin) };
    }
  });
}

/** The snapshot's files back as {name, bytes}. */
export function unpackFiles(list) {
  return (Array.isArray(list) ? list : []).map((f) => ({
    name: String(f?.name ?? "snapshot"),
    bytes: typeof f?.text === "string" ? new TextEncoder().encode(f.text) : Uint8Array.from(atob(String(f?.base64 ?? "")), (c) => c.charCodeAt(0)),
  }));
}

/** Above this size a saved model is kept as UTF-8 bytes rather than text. */
const TEXT_RECORD_BYTES = 8 * 2 ** 20;

/**
 * Options: `$` (the shell's lookup), `root`, `store`, `embedded` (model text shipped with the page),
 * `model` (model text given to this dashboard, preferred to everything else and never autosaved
 * over another dashboard's work), `dropTarget`, `show(view)`, `exportModel()` (the model JSON download).
 */
export function createSession(app, { $, root, store, embedded, model, dropTarget, show, exportModel }) {
  const cleanups = [];
  let started = false;
  let importing = false;
  /** The model files of the latest successful import (in memory only), for a mapping dropped alone. */
  /** The name of the JSON model last read in chunks, while it is the working model's file. */
  let streamedFile = null;
  let lastImport = null;
  const fixed = model ?? embedded;

  const summaryLine = () => {
    const f = app.format;
    return `${app.modelName}: ${f.count(app.engine.nodeCount)} nodes, ${f.count(app.engine.edgeCount)} edges`;
  };
  const warningsNote = () => {
    const n = (app.report?.diagnostics ?? []).length;
    return n ? ` (${app.format.count(n)} warning${n === 1 ? "" : "s"}: see Diagnostics)` : "";
  };

  /** The header's second line: size, currency, where the model came from. */
  function metaLine() {
    const f = app.format;
    const o = app.origin ?? {};
    const src =
      o.source === "demo"
        ? "built-in demo"
        : o.source === "embedded"
          ? "model in this file"
          : o.source === "message"
            ? "model given by the host page"
            : o.source === "edited"
              ? "edited in this browser"
              : o.fileName
                ? `imported from ${o.fileName}${o.format && o.format !== "json" ? ` (${formatLabel(o.format)})` : ""}`
                : "imported model";
    const parts = [`${f.count(app.engine.nodeCount)} nodes`, `${f.count(app.engine.edgeCount)} edges`];
    if (app.engine.currency) parts.push(app.engine.currency);
    parts.push(src + (o.restored ? ", restored" : ""));
    return parts.join(" · ");
  }

  // ---- autosave (lib/store.js): every save's result is shown (save-state.js)
  /** The record of the working model: its JSON when it came from a file or was edited, else where it came from. */
  async function currentRecord() {
    const snap = app.snapshot;
    // The snapshot compared with (its file name, date and files) is kept with the work.
    const snapshot = snap ? { fileName: snap.fileName, date: snap.date, chosenAt: snap.chosenAt, files: packFiles(snap.files) } : null;
    return { ...(await modelRecord()), snapshot };
  }
  async function modelRecord() {
    const o = app.origin ?? {};
    if (o.source === "demo" || o.source === "embedded") return { source: o.source, name: app.modelName };
    const base = { source: o.source === "import" ? "import" : "edited", fileName: o.fileName ?? null, name: app.modelName };
    // Not kept in the browser (memory only, or not chosen on file://): the model's JSON would go
    // nowhere, so the engine is not asked to write it.
    if (!store.kept) return { ...base, import: null };
    // A JSON model read in chunks is larger than the browser's storage (and than a JS string): it is
    // not written out; the file is opened again instead (docs/page.md, "Large models").
    if (o.source === "import" && streamedFile != null && o.fileName === streamedFile) return { ...base, import: null };
    // The model JSON comes from the engine's worker as bytes; a large one is kept as bytes (read
    // back by the worker), so no long text is decoded or copied on the page.
    const bytes = await app.engine.run("modelJsonBytes", []);
    const small = bytes.length <= TEXT_RECORD_BYTES;
    return {
      source: o.source === "import" ? "import" : "edited",
      text: small ? new TextDecoder().decode(bytes) : undefined,
      bytes: small ? undefined : bytes,
      fileName: o.fileName ?? null,
      name: app.modelName,
      import: app.importInfo ? { summary: app.importInfo.summary, mappingName: app.importInfo.mappingName ?? null } : null,
    };
  }
  /** The what-if toggles last saved or restored (JSON), so an unchanged re-score writes nothing. */
  let savedToggles = "[]";
  async function saveModel({ force = false } = {}) {
    let record;
    try {
      record = await currentRecord();
    } catch {
      return { ok: false };
    }
    const result = await store.saveModel(record, { force });
    saveState.saved(result);
    if (result.ok) await saveWhatIf({ force, always: true });
    return result;
  }
  async function saveWhatIf({ force = false, always = false } = {}) {
    const toggles = app.whatIf();
    const json = JSON.stringify(toggles);
    if (!always && json === savedToggles) return;
    savedToggles = json;
    saveState.saved(await store.saveWhatIf(toggles, { force }));
  }
  const saveState = createSaveState(app, {
    $,
    store,
    actions: {
      exportModel: () => exportModel?.(),
      retry: () => saveModel(),
      keepMine: () => saveModel({ force: true }),
      openTheirs: () => openSaved(),
      async optIn() {
        if (!store.optIn() || !(await saveModel({ force: true })).ok) return;
        saveState.refresh();
        app.notify(`${app.modelName} is kept in this browser from now on; Stop keeping it removes it.`);
      },
      async optOut() {
        await store.optOut();
        saveState.refresh();
        app.notify(`${app.modelName} is no longer kept in this browser; it stays open on this page until you close it.`);
      },
    },
  });
  cleanups.push(store.onOtherTab?.(() => saveState.otherTab()) ?? (() => {}));
  cleanups.push(app.on("edited", () => saveModel()));
  // The comparison follows the working model; a snapshot chosen or forgotten is saved with the work.
  cleanups.push(app.on("loaded", () => app.recompare()));
  cleanups.push(app.on("edited", () => app.recompare()));
  let savedSnapshot = null;
  cleanups.push(
    app.on("compared", (snap) => {
      if (!started || quiet || snap === savedSnapshot) return;
      savedSnapshot = snap;
      saveModel();
    }),
  );
  cleanups.push(
    app.on("scored", () => {
      if (started && !quiet) saveWhatIf();
    }),
  );

  /** Restores a saved model record (and its what-if toggles, only when they belong to it); false if it does not load. */
  let quiet = false;
  async function restore(saved, whatIf) {
    quiet = true;
    try {
      return await restoreNow(saved, whatIf);
    } finally {
      quiet = false;
    }
  }
  async function restoreNow(saved, whatIf) {
    const model = typeof saved.text === "string" ? saved.text : saved.bytes instanceof Uint8Array ? saved.bytes : null;
    if ((saved.source === "import" || saved.source === "edited") && model != null) {
      const importInfo = saved.import?.summary
        ? // Offered again from Diagnostics; not opened on its own after a reload.
          { summary: saved.import.summary, fileName: saved.fileName ?? "", mappingName: saved.import.mappingName ?? null, dismissed: true, restored: true }
        : null;
      await app.load(model, { source: saved.source, fileName: saved.fileName ?? null, format: saved.import?.summary?.format ?? null, restored: true }, { importInfo });
    } else if (saved.source === "embedded" && fixed) {
      await app.load(fixed, { source: model ? "message" : "embedded", restored: true });
    } else if (saved.source === "demo" && !fixed) {
      await app.loadDemo({ source: "demo", restored: true });
    } else {
      return { loaded: false };
    }
    if (saved.snapshot?.files) {
      try {
        await app.compareWith({ ...saved.snapshot, files: unpackFiles(saved.snapshot.files) });
        savedSnapshot = app.snapshot;
      } catch (err) {
        app.notify(`The saved snapshot ${saved.snapshot.fileName ?? ""} could not be compared again: ${err?.message ?? err}`, { error: true, details: err?.diagnostics });
      }
    }
    const toggles = whatIf?.toggles ?? [];
    savedToggles = "[]";
    if (!toggles.length) return { loaded: true, restored: 0 };
    // What-if changes are applied only to the model record they were saved with.
    if (!saved.id || whatIf.modelId !== saved.id) return { loaded: true, restored: 0, dropped: toggles.length };
    const skipped = await app.setWhatIf(toggles, { reset: false, record: false });
    savedToggles = JSON.stringify(app.whatIf());
    return { loaded: true, restored: toggles.length - skipped.length };
  }

  /** The work another tab saved: opened here, replacing this tab's (after asking when there is work to lose). */
  async function openSaved() {
    const saved = await store.loadModel();
    const whatIf = await store.loadWhatIf();
    if (!saved) return;
    try {
      const out = await restore(saved, whatIf);
      if (!out.loaded) return;
      saveState.refresh();
      app.select(null);
      app.notify(`Opened the work saved by the other tab: ${summaryLine()}${out.restored ? `, ${app.format.count(out.restored)} what-if change${out.restored === 1 ? "" : "s"}` : ""}.`);
    } catch (err) {
      app.notify(`The other tab's work could not be opened: ${err?.message ?? err}`, { error: true });
    }
  }

  // ---- the first model
  async function loadInitial() {
    let saved = null;
    let whatIf = null;
    try {
      saved = await store.loadModel();
      whatIf = await store.loadWhatIf();
    } catch {
      saved = null;
    }
    let out = { loaded: false };
    if (saved) {
      try {
        out = await restore(saved, whatIf);
      } catch {
        out = { loaded: false }; // the saved model no longer loads: fall back, but keep the record
      }
    }
    let fixedError = null;
    if (!out.loaded && fixed) {
      try {
        await app.load(fixed, { source: model ? "message" : "embedded" });
        out = { loaded: true };
      } catch (err) {
        fixedError = err;
      }
    }
    if (!out.loaded) await app.loadDemo({ source: "demo" });
    const restored = out.restored ?? 0;
    const dropped = out.dropped
      ? ` ${app.format.count(out.dropped)} saved what-if change${out.dropped === 1 ? " was" : "s were"} not applied: ${out.dropped === 1 ? "it was" : "they were"} saved for another model (or by an older version).`
      : "";
    const legacy = store.legacy?.restored
      ? " An earlier version had kept it in this browser, where any file opened from this disk could read it; it is no longer stored there (keep it with Export, or Keep my work in this browser)."
      : "";
    if (fixedError) {
      app.reject(model ? "the given model" : "the embedded model", fixedError.diagnostics);
      app.notify(`The ${model ? "given" : "embedded"} model could not be read; showing the demo instead.`, { error: true, details: fixedError.diagnostics });
    } else if (app.origin.restored && (restored > 0 || dropped || app.origin.source === "import" || app.origin.source === "edited")) {
      const n = app.whatIf().length;
      app.notify(`Restored your saved work: ${summaryLine()}${n ? `, ${app.format.count(n)} what-if change${n === 1 ? "" : "s"}` : ""}.${dropped}${legacy}`, {
        error: Boolean(dropped),
        action: app.readonly ? null : { id: "start-over", label: fixed ? "Start over from the file" : "Start over with the demo", run: () => startOver() },
      });
    } else {
      app.notify(`Loaded ${summaryLine()}${warningsNote()}`);
    }
  }

  // ---- import
  /**
   * Imports picked or dropped files (File objects): a model in any format the engine reads, Archi's
   * three CSV files or nodes.csv + edges.csv together, and optionally a mapping file with them.
   */
  async function importFiles(fileList, dropError = null) {
    if (app.readonly) {
      app.notify("This dashboard is read-only: it shows its own model and opens no other.", { error: true });
      return;
    }
    if (importing) {
      app.notify("Still opening the previous file; try again in a moment.");
      return;
    }
    importing = true;
    try {
      await importFilesNow(fileList, dropError);
    } finally {
      importing = false;
    }
  }

  async function importFilesNow(fileList, dropError = null) {
    if (dropError) {
      app.notify(`Could not read the dropped folder: ${dropError?.message ?? dropError}`, { error: true });
      return;
    }
    if (!fileList.length) return;
    // A picked or dropped folder: its files go to the engine with their paths; only CSV, XML and
    // .archimate files are read (the engine knows the others by name).
    const folder = folderOf(fileList);
    if (folder) return importFolderNow(folder, fileList);
    // Refused by their size before a byte is read (Limits::PAGE, docs/page.md "Limits").
    // One large JSON model is read in chunks by the engine, within its own limits (docs/page.md).
    const streamed = streamsFile(fileList);
    const ctor = app.engine.constructor;
    const tooLarge = sizeRefusal(fileList, (streamed ? ctor.pageStreamLimits?.() : ctor.pageLimits?.()) ?? null);
    if (tooLarge) {
      app.notify(`Nothing was opened: ${tooLarge.message} ${app.modelName} is still loaded.`, { error: true, details: tooLarge.diagnostics });
      return;
    }
    let entries;
    try {
      // Each file's bytes travel with the file itself: they are moved to the engine's worker, and the
      // file is what is kept to read the model again (app/engine-host.js), so the page holds no copy.
      entries = streamed
        ? [{ name: fileList[0].name, file: fileList[0], stream: true }]
        : await Promise.all(fileList.map(async (file) => ({ name: file.name, bytes: await readFileBytes(file), file })));
    } catch (err) {
      app.notify(`Could not read ${fileList.map((f) => f.name).join(", ")}: ${err?.message ?? err}`, { error: true });
      return;
    }
    const sorted = streamed ? { models: entries, mapping: null, label: entries[0].name, error: null } : sortImportFiles(entries);
    if (sorted.error) {
      app.notify(`Nothing was opened: ${sorted.error}`, { error: true });
      return;
    }
    await importSorted(sorted, streamed);
  }

  async function importFolderNow(folder, fileList) {
    const read = fileList.filter((f) => folderNeedsBytes(relativePath(f)));
    const tooLarge = sizeRefusal(read, app.engine.constructor.pageLimits?.() ?? null);
    if (tooLarge) {
      app.notify(`Nothing was opened: ${folder}: ${tooLarge.message} ${app.modelName} is still loaded.`, { error: true, details: tooLarge.diagnostics });
      return;
    }
    let entries;
    try {
      entries = await Promise.all(
        fileList.map(async (file) => {
          const path = relativePath(file) || file.name;
          return folderNeedsBytes(path) ? { name: path, bytes: await readFileBytes(file), file } : { name: path, bytes: new Uint8Array() };
        }),
      );
    } catch (err) {
      app.notify(`Could not read the folder ${folder}: ${err?.message ?? err}`, { error: true });
      return;
    }
    const sorted = sortFolderFiles(folder, entries);
    if (sorted.error) {
      app.notify(`Nothing was opened: ${sorted.error}`, { error: true });
      return;
    }
    await importSorted(sorted, false);
  }

  async function importSorted(sorted, streamed) {
    let { models, label } = sorted;
    let folder = sorted.folder ?? null;
    const mapping = sorted.mapping;
    if (!models.length) {
      if (!mapping || !lastImport) {
        app.notify(
          `${mapping?.name ?? "That file"} is a mapping file: drop it together with the model it maps (for example model.archimate and ${mapping?.name ?? "map.json"}).`,
          { error: true },
        );
        return;
      }
      // A mapping alone: import the latest model files again with it.
      models = lastImport.models;
      label = lastImport.label;
      folder = lastImport.folder ?? null;
    }
    const pending = app.whatIf();
    if (pending.length) {
      const ok = await confirmDialog($, {
        title: "Replace the working model?",
        message: `You have ${pending.length} what-if change${pending.length === 1 ? "" : "s"} on ${app.modelName}. Opening ${label} replaces the model and drops them. Export the model or the report first if you want to keep a copy.`,
        ok: `Open ${label.length > 40 ? "the files" : label}`,
        cancel: "Keep my work",
      });
      if (!ok) {
        app.notify(`Kept ${app.modelName} and your what-if changes; ${label} was not opened.`);
        return;
      }
    }
    app.notify(`Opening ${label}…`);
    const wasStreamed = streamedFile;
    if (streamed) streamedFile = label;
    try {
      await app.importFiles(models, mapping?.text, { label, mappingName: mapping?.name ?? null, folder });
    } catch (err) {
      streamedFile = wasStreamed;
      if (err?.code === "CANCELLED") {
        app.notify(`Stopped opening ${label}; ${app.modelName} is still loaded.`);
        return;
      }
      const diags = err?.diagnostics ?? [];
      if (diags.length) {
        const errors = diags.filter((d) => d.severity === "error");
        const what = app.rejected.fileName;
        // A folder of another kind: the engine's one message (what was looked for, what the folder holds).
        const said = folder && errors.length === 1 && errors[0].code === "UNSUPPORTED_FORMAT" ? errors[0].message : `${app.format.count(errors.length)} error${errors.length === 1 ? "" : "s"}`;
        app.notify(`Could not open ${what}: ${said}. ${app.modelName} is still loaded.`, {
          error: true,
          details: errors.length ? errors : diags,
        });
      } else {
        app.notify(`Could not open ${label}: ${err?.message ?? err}`, { error: true });
      }
      return;
    }
    lastImport = { models, label, folder };
    streamedFile = streamed ? label : null;
    app.select(null);
    saveModel();
    if (app.importInfo) {
      app.notify(`Imported ${summaryStatus(app.importInfo, app.format)}${warningsNote()}`);
      show("overview");
    } else {
      app.notify(`Loaded ${summaryLine()}${warningsNote()}`);
    }
  }

  /** Back to the model of the file (embedded or given) or the demo, asking first when there is work to lose. */
  async function startOver() {
    const pending = app.whatIf();
    const target = fixed ? "the model in this file" : "the demo portfolio";
    if (pending.length || app.origin?.source === "import" || app.origin?.source === "edited") {
      const ok = await confirmDialog($, {
        title: "Start over?",
        message: `This replaces ${app.modelName}${pending.length ? ` and its ${pending.length} what-if change${pending.length === 1 ? "" : "s"}` : ""} with ${target}. Export the model first if you want to keep a copy.`,
        ok: "Start over",
        cancel: "Keep my work",
      });
      if (!ok) return;
    }
    try {
      if (fixed) await app.load(fixed, { source: model ? "message" : "embedded" });
      else await app.loadDemo({ source: "demo" });
    } catch (err) {
      app.notify(`Could not load ${target}: ${err?.message ?? err}`, { error: true, details: err?.diagnostics });
      return;
    }
    lastImport = null;
    app.select(null);
    saveModel();
    app.notify(`Loaded ${summaryLine()}${warningsNote()}`);
  }

  /** A model given by the host page (the element's load(), a postMessage): replaces the working model. */
  async function loadGiven(text) {
    await app.load(text, { source: "message" });
    app.select(null);
    saveModel();
    app.notify(`Loaded ${summaryLine()}${warningsNote()}`);
  }

  if (app.readonly) {
    for (const id of ["import-button", "import-file", "import-folder-button", "import-folder"]) $(id).hidden = true;
    root.classList.add("readonly");
  } else {
    const unwire = wireImport({ input: $("import-file"), folderInput: $("import-folder"), target: dropTarget, overlay: $("drop-overlay"), onFiles: importFiles });
    if (unwire) cleanups.push(unwire);
    $("import-button").addEventListener("click", () => $("import-file").click());
    $("import-folder-button").addEventListener("click", () => $("import-folder").click());
  }

  return {
    loadInitial,
    metaLine,
    importFiles,
    startOver,
    loadGiven,
    started() {
      started = true;
      saveWhatIf();
    },
    destroy() {
      for (const fn of cleanups.splice(0)) fn();
      store.close?.();
    },
  };
}
