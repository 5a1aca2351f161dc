// Import (file picker, drag and drop; files read as bytes) and export (model JSON, report JSON, scores CSV,
// the engine's export formats, SVG, PNG).
// Downloads go through a Blob, an object URL and a temporary <a download>: nothing leaves the machine.

const SVG_NS = "http://www.w3.org/2000/svg";

/** Offers `data` (string or Blob) as a download named `fileName`, through a link inside `parent`. */
export function download(fileName, data, type = "application/octet-stream", parent = document.body) {
  const blob = data instanceof Blob ? data : new Blob([data], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  a.rel = "noopener";
  a.hidden = true;
  parent.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A file-name-safe stem from a model name: "Northwind Mobility" -> "northwind-mobility". */
export function fileStem(name) {
  const stem = String(name ?? "")
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
  return stem || "aligngraph-model";
}

/** Reads a File as bytes (Uint8Array). */
export async function readFileBytes(file) {
  if (file.arrayBuffer) return new Uint8Array(await file.arrayBuffer());
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(new Uint8Array(r.result));
    r.onerror = () => reject(r.error);
    r.readAsArrayBuffer(file);
  });
}

/** The most files a dropped folder is walked for (the engine looks at no more: coarchi::MAX_FILES). */
export const MAX_FOLDER_FILES = 200_000;

/**
 * The files of dropped entries (`DataTransferItem.webkitGetAsEntry()`), folders walked to any depth, hidden
 * ones (".git") left out; each File gets `relativePath`, its path inside the folder's parent
 * ("repo/model/folder.xml"), as an `<input webkitdirectory>` gives `webkitRelativePath`.
 */
export async function filesOfEntries(entries, max = MAX_FOLDER_FILES) {
  const out = [];
  const stack = [...entries].reverse();
  while (stack.length && out.length <= max) {
    const entry = stack.pop();
    if (!entry || entry.name.startsWith(".")) continue;
    const path = String(entry.fullPath || entry.name).replace(/^\/+/, "");
    if (entry.isFile) {
      const file = await new Promise((resolve, reject) => entry.file(resolve, reject));
      Object.defineProperty(file, "relativePath", { value: path, enumerable: true });
      out.push(file);
    } else if (entry.isDirectory) {
      const reader = entry.createReader();
      const children = [];
      for (;;) {
        const batch = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
        if (!batch.length) break;
        children.push(...batch);
      }
      children.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      stack.push(...children.reverse());
    }
  }
  return out;
}

/**
 * Wires the file picker, the folder picker (`folderInput`, optional: an `<input webkitdirectory>`) and
 * drag and drop of a whole page. `onFiles(files)` is called with the chosen or dropped files (an array:
 * several for a CSV export, or a model and its mapping file; a folder's files carry their paths, see
 * `filesOfEntries`); `overlay` (optional) is shown while files are dragged over `target`. Returns a
 * function that unwires the drop target.
 */
export function wireImport({ input, folderInput = null, target, overlay = null, onFiles }) {
  for (const picker of [input, folderInput].filter(Boolean)) {
    picker.addEventListener("change", () => {
      const files = [...(picker.files ?? [])];
      picker.value = ""; // choosing the same file again fires change again
      if (files.length) onFiles(files);
    });
  }
  let depth = 0;
  const wired = [];
  const on = (type, fn) => {
    target.addEventListener(type, fn);
    wired.push([type, fn]);
  };
  const hasFiles = (e) => [...(e.dataTransfer?.types ?? [])].includes("Files");
  on("dragenter", (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    depth += 1;
    if (overlay) overlay.hidden = false;
  });
  on("dragover", (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = "copy";
  });
  on("dragleave", (e) => {
    if (!hasFiles(e)) return;
    depth = Math.max(0, depth - 1);
    if (depth === 0 && overlay) overlay.hidden = true;
  });
  on("drop", (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    depth = 0;
    if (overlay) overlay.hidden = true;
    // A dropped folder: its entries must be taken before the handler returns.
    const entries = [...(e.dataTransfer.items ?? [])].map((item) => (item.kind === "file" ? item.webkitGetAsEntry?.() : null));
    if (entries.some((entry) => entry?.isDirectory)) {
      filesOfEntries(entries.filter(Boolean)).then(
        (files) => onFiles(files),
        (err) => onFiles([], err),
      );
      return;
    }
    const files = [...(e.dataTransfer.files ?? [])];
    if (files.length) onFiles(files);
  });
  return () => {
    for (const [type, fn] of wired) target.removeEventListener(type, fn);
  };
}

// Computed styles copied onto the exported SVG as presentation attributes, so the file looks the same
// without the page's stylesheet.
const STYLE_PROPS = [
  "fill",
  "fill-opacity",
  "stroke",
  "stroke-width",
  "stroke-opacity",
  "stroke-dasharray",
  "opacity",
  "font-family",
  "font-size",
  "font-weight",
  "font-style",
  "text-anchor",
  "dominant-baseline",
  "visibility",
  "display",
];

/**
 * A standalone copy of an on-page SVG: computed styles inlined as presentation attributes, explicit
 * size, a background rectangle of `background`, interactive attributes dropped.
 */
export function standaloneSvg(svg, { background = "#ffffff", title = null } = {}) {
  const clone = svg.cloneNode(true);
  const src = [svg, ...svg.querySelectorAll("*")];
  const dst = [clone, ...clone.querySelectorAll("*")];
  const inDoc = svg.isConnected;
  for (let i = 0; i < src.length && i < dst.length; i++) {
    const el = dst[i];
    el.removeAttribute("tabindex");
    el.removeAttribute("class");
    el.removeAttribute("role");
    if (!inDoc) continue;
    const cs = getComputedStyle(src[i]);
    for (const prop of STYLE_PROPS) {
      const v = cs.getPropertyValue(prop);
      if (!v) continue;
      if (prop === "display") {
        if (v === "none") el.setAttribute("display", "none");
        continue;
      }
      if (i === 0 && (prop === "fill" || prop === "stroke")) continue;
      el.setAttribute(prop, v);
    }
  }
  clone.removeAttribute("width");
  clone.removeAttribute("height");
  const vb = svg.viewBox?.baseVal;
  let width;
  let height;
  if (vb && vb.width > 0 && vb.height > 0) {
    width = vb.width;
    height = vb.height;
  } else {
    const r = svg.getBoundingClientRect();
    width = Math.max(1, Math.round(r.width || 800));
    height = Math.max(1, Math.round(r.height || 600));
    clone.setAttribute("viewBox", `0 0 ${width} ${height}`);
  }
  clone.setAttribute("width", String(width));
  clone.setAttribute("height", String(height));
  clone.setAttribute("xmlns", SVG_NS);
  const bg = document.createElementNS(SVG_NS, "rect");
  const x = vb && vb.width > 0 ? vb.x : 0;
  const y = vb && vb.height > 0 ? vb.y : 0;
  bg.setAttribute("x", String(x));
  bg.setAttribute("y", String(y));
  bg.setAttribute("width", String(width));
  bg.setAttribute("height", String(height));
  bg.setAttribute("fill", background);
  clone.insertBefore(bg, clone.firstChild);
  if (title) {
    const t = document.createElementNS(SVG_NS, "title");
    t.textContent = title;
    clone.insertBefore(t, clone.firstChild);
  }
  return { svg: clone, width, height };
}

/** The SVG as file text. */
export function svgText(svg, options) {
  const { svg: clone } = standaloneSvg(svg, options);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(clone)}\n`;
}

/** Renders the SVG to a PNG Blob (an <img> of the SVG blob drawn on a canvas, at `scale`). */
export function svgToPng(svg, { scale = 2, ...options } = {}) {
  const { svg: clone, width, height } = standaloneSvg(svg, options);
  const text = new XMLSerializer().serializeToString(clone);
  const url = URL.createObjectURL(new Blob([text], { type: "image/svg+xml" }));
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => {
      try {
        const canvas = document.createElement("canvas");
        const max = 16000;
        const k = Math.min(scale, max / width, max / height);
        canvas.width = Math.max(1, Math.round(width * k));
        canvas.height = Math.max(1, Math.round(height * k));
        const ctx = canvas.getContext("2d");
        ctx.scale(k, k);
        ctx.drawImage(img, 0, 0, width, height);
        URL.revokeObjectURL(url);
        canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("the image could not be encoded"))), "image/png");
      } catch (err) {
        URL.revokeObjectURL(url);
        reject(err);
      }
    };
    img.onerror = () => {
      URL.revokeObjectURL(url);
      reject(new Error("the picture could not be drawn"));
    };
    img.src = url;
  });
}

/** A canvas (e.g. the graph view for very large models) as a PNG Blob. */
export function canvasToPng(canvas) {
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("the image could not be encoded"))), "image/png"),
  );
}

/** A spreadsheet column's letters from its 1-based number: 1 -> "A", 27 -> "AA". */
export function columnLetters(n) {
  let out = "";
  for (let k = Math.floor(Number(n)); k > 0; k = Math.floor((k - 1) / 26)) out = String.fromCharCode(65 + ((k - 1) % 26)) + out;
  return out;
}

/**
 * "elements.csv · line 3, column 7 · node ini-x · edge #2 · field weight" (the parts that apply); in a
 * workbook "book.xlsx · sheet nodes, row 7, column cost (F) · node ini-x".
 */
export function describePlace(place) {
  if (!place) return "";
  const parts = [];
  if (place.file != null) parts.push(String(place.file));
  if (place.sheet != null) {
    const cell = [`sheet ${place.sheet}`];
    if (place.line != null) cell.push(`row ${place.line}`);
    if (place.field != null) cell.push(place.column != null ? `column ${place.field} (${columnLetters(place.column)})` : `column ${place.field}`);
    else if (place.column != null) cell.push(`column ${columnLetters(place.column)}`);
    parts.push(cell.join(", "));
  } else if (place.line != null) parts.push(place.column != null ? `line ${place.line}, column ${place.column}` : `line ${place.line}`);
  if (place.node != null) parts.push(`node ${place.node}`);
  if (place.edge != null) parts.push(`edge #${place.edge}`);
  if (place.field != null && place.sheet == null) parts.push(`field ${place.field}`);
  if (!parts.length && place.pointer) parts.push(place.pointer);
  return parts.join(" · ");
}
