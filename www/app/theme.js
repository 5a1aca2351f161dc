// Which theme a dashboard starts with: "light" or "dark" as asked, or for "auto" the colours of what
// surrounds it (the host page's background, so an embedded dashboard matches its page), else the
// reader's preference (prefers-color-scheme).

import { rgb } from "d3-color";

/** Relative luminance (0 dark .. 1 light) of a CSS colour as getComputedStyle gives it, or null when
 * it cannot be read or is mostly transparent. */
export function luminance(color) {
  const c = rgb(String(color ?? ""));
  if (!c || Number.isNaN(c.r) || !(c.opacity > 0.5)) return null;
  const lin = (v) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
}

/** The first opaque background behind `el` (crossing out of shadow roots), or null. */
function backgroundBehind(el) {
  let node = el;
  while (node) {
    if (node.nodeType === 1) {
      const l = luminance(getComputedStyle(node).backgroundColor);
      if (l != null) return l;
    }
    node = node.parentNode ?? node.host ?? null;
  }
  return null;
}

export function systemTheme() {
  return globalThis.matchMedia?.("(prefers-color-scheme: dark)").matches ? "dark" : "light";
}

/** "light" | "dark" for a requested theme ("light", "dark", "auto") of a dashboard rooted at `root`. */
export function themeFor(requested, root) {
  if (requested === "light" || requested === "dark") return requested;
  const host = root?.getRootNode?.()?.host ?? null;
  const behind = host ? backgroundBehind(host) : null;
  if (behind != null) return behind < 0.2 ? "dark" : "light";
  return systemTheme();
}
