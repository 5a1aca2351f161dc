// Which of the files a person picked or dropped is a model and which a mapping, and the words the page
// uses for import formats. No DOM here: the unit tests run it in node.
//
// A mapping file (docs/interop.md, "A mapping file") is a JSON object with at least one of the keys
// `elements`, `relationships`, `properties`, `language`, `view_nesting` and no `nodes`; anything else is
// handed to the engine as a model file, which detects its format from the content.

export const MAPPING_KEYS = ["elements", "relationships", "properties", "language", "view_nesting"];

/** What the engine's import summary calls a format -> what a person reads. */
export const FORMAT_LABELS = {
  exchange: "ArchiMate exchange XML",
  archi: "Archi .archimate model",
  "archi-csv": "Archi CSV export",
  csv: "CSV (nodes and edges)",
  xlsx: "Excel workbook (nodes and edges sheets)",
  json: "aligngraph JSON",
  coarchi: "coArchi (Archi collaboration) folder",
};

/** The label of an import format ("exchange" -> "ArchiMate exchange XML"); unknown ones as they are. */
export function formatLabel(format) {
  return FORMAT_LABELS[format] ?? String(format ?? "unknown format");
}

/** The export formats of `engine.exportAs` and their buttons. */
export const EXPORT_FORMATS = [
  { format: "exchange", id: "export-exchange", label: "ArchiMate exchange XML", note: "every element and relationship, scores as properties (Archi imports it)" },
  { format: "graphml", id: "export-graphml", label: "GraphML", note: "nodes and edges with every score as data, for yEd or Gephi" },
  { format: "csv", id: "export-csv-set", label: "CSV set", note: "nodes.csv, edges.csv and scores.csv" },
];

const decoder = typeof TextDecoder === "function" ? new TextDecoder("utf-8", { fatal: false }) : null;

function lowerName(name) {
  return String(name ?? "").toLowerCase();
}

/** The first non-blank byte of the content after a UTF-8 byte order mark, as a character ("" if none). */
export function firstChar(bytes) {
  let i = 0;
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)) i += 1;
  return i < bytes.length ? String.fromCharCode(bytes[i]) : "";
}

/** Whether JSON text is a mapping file rather than a model. Never throws. */
export function isMappingText(text) {
  let value;
  try {
    value = JSON.parse(text);
  } catch {
    return false;
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  if (Object.prototype.hasOwnProperty.call(value, "nodes")) return false;
  return MAPPING_KEYS.some((k) => Object.prototype.hasOwnProperty.call(value, k));
}

/** Whether a file (name and bytes) looks like a mapping file. */
export function isMappingFile({ name, bytes }) {
  void name;
  if (firstChar(bytes) !== "{") return false;
  // A mapping is small; a large JSON file is a model, and decoding it twice would be a waste.
  if (bytes.length > 1 << 20) return false;
  return isMappingText(decoder ? decoder.decode(bytes) : String.fromCharCode(...bytes));
}

/** Whether a file name is an Excel workbook's (.xlsx, .xlsm, or the old .xls). */
export function isWorkbookName(name) {
  return /\.xls[xm]?$/.test(lowerName(name));
}

const WORKBOOK_ENTRY = [..."xl/workbook.xml"].map((c) => c.charCodeAt(0));

/** Whether bytes are a zip archive holding `xl/workbook.xml` (an Excel workbook, whatever its name). */
export function isWorkbookBytes(bytes) {
  if (!bytes || bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b || bytes[2] !== 0x03 || bytes[3] !== 0x04) return false;
  const n = WORKBOOK_ENTRY.length;
  outer: for (let i = 0; i + n <= bytes.length; i += 1) {
    for (let k = 0; k < n; k += 1) if (bytes[i + k] !== WORKBOOK_ENTRY[k]) continue outer;
    return true;
  }
  return false;
}

/** Whether a picked or dropped file is an Excel workbook (by its name or its content). */
export function isWorkbookFile({ name, bytes }) {
  return isWorkbookName(name) || isWorkbookBytes(bytes);
}

/**
 * What the page says when an Excel workbook is given: the page's engine leaves the workbook reader out
 * (it would take the single file over its size budget; docs/csv.md), so it says how to convert it.
 */
export function workbookAdvice(name) {
  return `${name} is an Excel workbook, which the page does not read. Convert it first: save its nodes and edges sheets as CSV UTF-8 (nodes.csv and edges.csv) and open both files together, or run "aligngraph import ${name} -o model.json" and open model.json.`;
}

/** Whether a file is one of a CSV set (by name, or text that is neither XML, JSON nor a zip). */
export function isCsvFile({ name, bytes }) {
  const n = lowerName(name);
  if (n.endsWith(".csv")) return true;
  if (n.endsWith(".json") || n.endsWith(".xml") || n.endsWith(".archimate") || n.endsWith(".zip") || isWorkbookName(n)) return false;
  const c = firstChar(bytes);
  return c !== "" && c !== "<" && c !== "{" && c !== "P";
}

/**
 * Sorts picked or dropped files ([{name, bytes}]) into what to import:
 * `{models: [{name, bytes}], mapping: {name, text} | null, label, error: null | message}`.
 * `label` names the model files for messages ("Zoo.xml", "elements.csv, relations.csv, properties.csv").
 * Several model files are only allowed when they are all CSV (Archi's three files, nodes + edges). An
 * Excel workbook is refused with how to convert it (`workbookAdvice`).
 */
export function sortImportFiles(files) {
  const models = [];
  const mappings = [];
  for (const f of files) (isMappingFile(f) ? mappings : models).push(f);
  const out = { models, mapping: null, label: models.map((f) => f.name).join(", "), error: null };
  if (mappings.length > 1) {
    out.error = `${mappings.map((m) => m.name).join(" and ")} are all mapping files: drop one mapping at a time, together with the model.`;
    return out;
  }
  if (mappings.length === 1) {
    const m = mappings[0];
    out.mapping = { name: m.name, text: decoder ? decoder.decode(m.bytes) : String.fromCharCode(...m.bytes) };
  }
  const book = models.find(isWorkbookFile);
  if (book) {
    out.error = workbookAdvice(book.name);
    return out;
  }
  if (models.length > 1 && !models.every(isCsvFile)) {
    out.error = `${out.label}: open one model at a time (several files only for a CSV export: Archi's elements.csv, relations.csv and properties.csv, or nodes.csv and edges.csv).`;
  }
  return out;
}

/** The path of a picked or dropped file inside the folder it came in ("folder/sub/a.xml"), or "" for a file picked alone. */
export function relativePath(file) {
  return String(file?.relativePath || file?.webkitRelativePath || "");
}

/** The name of the folder picked or dropped files came in (the first part of their paths), or null for files picked alone. */
export function folderOf(files) {
  const tops = new Set();
  for (const f of files) {
    const p = relativePath(f);
    if (p.includes("/")) tops.add(p.slice(0, p.indexOf("/")));
  }
  if (!tops.size) return null;
  return tops.size === 1 ? [...tops][0] : "the dropped folders";
}

/** Whether the engine reads a folder file's bytes (CSV, XML, .archimate); it knows the others by their names only. */
export function folderNeedsBytes(path) {
  const n = lowerName(path);
  return n.endsWith(".csv") || n.endsWith(".xml") || n.endsWith(".archimate");
}

/** Whether a path inside a folder is hidden (a part starting with ".", such as .git/): such files are left out. */
export function isHiddenPath(path) {
  return String(path ?? "").split("/").some((part) => part.startsWith(".") && part.length > 1);
}

/**
 * Sorts the files of a picked or dropped folder (`[{name, bytes}]`, each `name` its path inside the folder's parent,
 * "model-repo/model/folder.xml") into what to import: `{models, mapping: null, label, folder, error}`. The engine
 * decides what the folder is (a CSV set, a coArchi model, else one message saying what it holds), so every file
 * but the hidden ones goes to it, with its path; `label` is the folder's name, never a list of its files.
 */
export function sortFolderFiles(folder, files) {
  const models = files.filter((f) => !isHiddenPath(f.name));
  const label = String(folder ?? "the folder");
  return { models, mapping: null, label, folder: label, error: models.length ? null : `${label}: the folder holds no files.` };
}

/** A size as a person reads it, in binary units with 3 significant digits ("159 MiB", "1.5 KiB"). */
export function formatBytes(n) {
  // Binary units, as the engine's messages and docs/limits.md write them.
  const units = ["bytes", "KiB", "MiB", "GiB", "TiB"];
  let v = Number(n) || 0;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i += 1;
  }
  const text = i === 0 ? String(Math.round(v)) : String(Number(v.toPrecision(3)));
  return `${text} ${units[i]}`;
}

/**
 * Checks picked or dropped files (anything with `name` and `size`, such as File) against the page's
 * `limits.fileBytes` before a byte is read: each file, and all of them together. Returns null, or
 * `{message, diagnostics}` naming the file (or the drop), its size and the limit.
 */
export function sizeRefusal(files, limits) {
  const max = Number(limits?.fileBytes);
  if (!Number.isFinite(max) || max <= 0) return null;
  const cli = "The command line (aligngraph import) reads larger files.";
  const diagnostics = [];
  for (const f of files) {
    if (f.size > max) {
      diagnostics.push({
        severity: "error",
        code: "LIMIT_EXCEEDED",
        place: { file: f.name },
        message: `the file is ${formatBytes(f.size)}; the page opens files up to ${formatBytes(max)}`,
      });
    }
  }
  if (diagnostics.length) {
    const first = files.find((f) => f.size > max);
    const more = diagnostics.length > 1 ? ` (and ${diagnostics.length - 1} more file${diagnostics.length === 2 ? "" : "s"})` : "";
    return { message: `${first.name}${more} is ${formatBytes(first.size)}: the page opens files up to ${formatBytes(max)}. ${cli}`, diagnostics };
  }
  const total = files.reduce((sum, f) => sum + (Number(f.size) || 0), 0);
  if (files.length > 1 && total > max) {
    const label = `${files.length} files`;
    return {
      message: `These ${label} are ${formatBytes(total)} together: the page opens up to ${formatBytes(max)} at a time. ${cli}`,
      diagnostics: [{ severity: "error", code: "LIMIT_EXCEEDED", place: { file: files.map((f) => f.name).slice(0, 3).join(", ") + (files.length > 3 ? `, … (${files.length})` : "") }, message: `${formatBytes(total)} together; the page opens up to ${formatBytes(max)} at a time` }],
    };
  }
  return null;
}

/**
 * JSON model files above this size (the largest file the page reads whole) are read in chunks by the engine (docs/page.md, "Large models"):
 * their bytes are never held whole. A page (or a test) may set `globalThis.aligngraphStreamBytes`
 * to another size before an import.
 */
export const STREAM_BYTES = 128 * 1024 * 1024;

/** Whether the picked files are one JSON model to read in chunks (by name and size). */
export function streamsFile(files) {
  const set = Number(globalThis.aligngraphStreamBytes);
  const threshold = Number.isFinite(set) && set >= 0 ? set : STREAM_BYTES;
  return files.length === 1 && lowerName(files[0].name).endsWith(".json") && files[0].size > threshold;
}
