// The Export menu: the model, the report and the scores from the engine, the engine's formats for
// other tools (exchange XML, GraphML, the CSV set), and a picture (SVG, PNG) of the current view.
// Pictures take their background from the theme tokens of the dashboard they come from.

import { download, fileStem, svgText, svgToPng, canvasToPng } from "../lib/io.js";
import { EXPORT_FORMATS } from "../lib/import-files.js";
import { wireMenu } from "../lib/menu.js";
import { themeColors } from "../lib/dom.js";
import { VIEW_TITLES } from "./shell.js";

/**
 * Wires the Export menu of one dashboard. `current()` names the view shown, `picture()` its handle
 * (whose `svg()` is the view's picture). Returns {update(), svgOfCurrent(), pngOfCurrent(), destroy()}.
 */
export function wireExports(app, { $, root, current, picture }) {
  const stem = () => fileStem(app.title ?? app.modelName);

  /** The picture of the view shown: its SVG (vector), else its canvas. */
  function currentPicture() {
    let svg = null;
    try {
      svg = picture()?.svg?.() ?? null;
    } catch {
      svg = null;
    }
    if (svg) return { svg };
    const canvas = $(`view-${current()}`)?.querySelector("canvas");
    return canvas ? { canvas } : null;
  }

  function guarded(label, fn) {
    return async () => {
      try {
        await fn();
      } catch (err) {
        app.notify(`${label} failed: ${err?.message ?? err}`, { error: true });
      }
    };
  }

  function update() {
    const hasSvg = Boolean(picture()?.svg) || current() === "graph";
    for (const id of ["export-svg", "export-png"]) {
      const b = $(id);
      b.disabled = !hasSvg;
      b.title = hasSvg ? `The current view as ${id === "export-svg" ? "SVG" : "PNG"}` : "This view has no picture to save";
    }
  }

  // On-page charts keep the theme's surface; pictures built for export (not on the page) the light one.
  const background = (svg) => themeColors(svg).surface;

  const on = (id, label, fn) => $(id).addEventListener("click", guarded(label, fn));
  const exportModel = guarded("Export of the model", async () => {
    download(`${stem()}.json`, await app.engine.modelJson(), "application/json", root);
    app.notify(`Saved the model as ${stem()}.json (what-if changes are not written into it).`);
  });
  $("export-model-json").addEventListener("click", exportModel);
  on("export-report-json", "Export of the report", async () => {
    download(`${stem()}-report.json`, await app.engine.reportJson(), "application/json", root);
    app.notify(`Saved the report as ${stem()}-report.json.`);
  });
  on("export-report-csv", "Export of the scores", async () => {
    download(`${stem()}-scores.csv`, await app.engine.scoresCsv(), "text/csv", root);
    app.notify(`Saved the scores as ${stem()}-scores.csv.`);
  });
  on("export-svg", "Export as SVG", () => {
    const pic = currentPicture();
    if (!pic?.svg) throw new Error("this view has no vector picture");
    const name = `${stem()}-${current()}.svg`;
    download(name, svgText(pic.svg, { background: background(pic.svg), title: `${app.modelName}: ${VIEW_TITLES[current()]}` }), "image/svg+xml", root);
    app.notify(`Saved ${name}.`);
  });
  on("export-png", "Export as PNG", async () => {
    const pic = currentPicture();
    if (!pic) throw new Error("this view has no picture");
    const blob = pic.svg ? await svgToPng(pic.svg, { background: background(pic.svg) }) : await canvasToPng(pic.canvas);
    const name = `${stem()}-${current()}.png`;
    download(name, blob, "image/png", root);
    app.notify(`Saved ${name}.`);
  });

  // The engine's export formats: one or more files ({name, mime, text}) each, downloaded one after another.
  const engineExportName = (file, format) => {
    const ext = /\.[a-z0-9]+$/i.exec(file.name)?.[0] ?? "";
    // The CSV set keeps the names its import looks for (nodes.csv, edges.csv) and scores.csv.
    if (format === "csv") return file.name;
    return `${stem()}${ext || ".txt"}`;
  };
  for (const fmt of EXPORT_FORMATS) {
    if (!$(fmt.id)) continue;
    on(fmt.id, `Export as ${fmt.label}`, async () => {
      const files = await app.engine.exportAs(fmt.format);
      const names = [];
      for (const [i, file] of files.entries()) {
        // A short pause between several downloads: browsers take them one at a time.
        if (i) await new Promise((r) => setTimeout(r, 200));
        const name = engineExportName(file, fmt.format);
        download(name, file.text, file.mime || "text/plain", root);
        names.push(name);
      }
      app.notify(`Saved ${fmt.label}: ${names.join(", ")}${app.whatIf().length ? " (scores with your what-if changes)" : ""}.`);
    });
  }
  const menu = wireMenu($("export-menu-button"), $("export-menu"));

  /** The picture of the view shown, as SVG text (the element's exportSvg()), or null. */
  function svgOfCurrent() {
    const pic = currentPicture();
    return pic?.svg ? svgText(pic.svg, { background: background(pic.svg), title: `${app.modelName}: ${VIEW_TITLES[current()]}` }) : null;
  }
  /** The picture of the view shown as a PNG Blob (the element's exportPng()), or null. */
  async function pngOfCurrent() {
    const pic = currentPicture();
    if (!pic) return null;
    return pic.svg ? svgToPng(pic.svg, { background: background(pic.svg) }) : canvasToPng(pic.canvas);
  }

  return { update, exportModel, svgOfCurrent, pngOfCurrent, destroy: () => menu.destroy() };
}
