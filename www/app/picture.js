// The published picture (`<noscript id="aligngraph-picture">`, docs/publishing.md) made visible:
// shared by the page's module (the engine cannot start) and the single file's boot script (the
// page's module cannot start). No imports.

/**
 * Builds the picture from the `<noscript>` text where it stood (a browser that runs scripts holds
 * it as text only). Returns it, or null when the file has none.
 */
export function showPicture(doc) {
  const source = doc.getElementById("aligngraph-picture");
  if (!source) return null;
  const template = doc.createElement("template");
  template.innerHTML = source.textContent;
  source.replaceWith(template.content);
  return doc.getElementById("aligngraph-fallback");
}
