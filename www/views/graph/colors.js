// Colours of the strategy graph: the two colour-blind-safe ramps (alignment, delivery risk), the
// scores binned into a palette, and the theme read from the view's custom properties.

import { interpolateViridis, interpolateOrRd } from "../../lib/ramps.js";
import { rgb } from "d3-color";

export const PALETTE_BINS = 64;

/** Colour schemes: colour-blind-safe sequential ramps (never red-green). */
export const COLOR_MODES = {
  alignment: {
    field: "alignment",
    label: "Alignment",
    note: "weighted reach of the goals",
    interpolate: (t) => interpolateViridis(t),
  },
  risk: {
    field: "delivery_risk",
    label: "Delivery risk",
    note: "probability of failing to deliver",
    interpolate: (t) => interpolateOrRd(0.12 + 0.88 * t),
  },
};

/** A round upper bound for a colour domain (keeps the legend's ticks tidy). */
export function niceMax(v) {
  if (!(v > 0)) return 1;
  const steps = [0.05, 0.1, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.8, 1];
  for (const s of steps) if (v <= s + 1e-12) return s;
  return Math.ceil(v);
}

function maxOf(a) {
  let m = 0;
  for (let i = 0; i < a.length; i++) if (a[i] > m) m = a[i];
  return m;
}

/** Reads the scores of the scene's nodes through the App (`app.scores(field)`): alignment, delivery
 * risk (a missing field reads as no value), and inactive initiatives (`app.activeMask()`: none is
 * active without a mask); the colour domains are fixed at the first read. */
export function readScores(scene, app) {
  const read = (field) => app.scores(field) ?? new Float64Array(scene.n).fill(Number.NaN);
  scene.alignment = read("alignment");
  scene.risk = read("delivery_risk");
  const active = app.activeMask() ?? new Uint8Array(scene.n);
  const inactive = scene.inactive;
  inactive.fill(0);
  const ini = scene.kindNames.indexOf("initiative");
  let off = 0;
  for (let i = 0; i < scene.n; i++) {
    if (scene.kinds[i] === ini && active[i] !== 1) {
      inactive[i] = 1;
      off++;
    }
  }
  scene.inactiveCount = off;
  if (!scene.domains.alignment) {
    scene.domains.alignment = [0, niceMax(maxOf(scene.alignment))];
    scene.domains.risk = [0, niceMax(maxOf(scene.risk))];
  }
}

/** The colour mode of a select value ("alignment" | "risk"), and its domain in the scene. */
export function colorMode(value) {
  return COLOR_MODES[value] || COLOR_MODES.alignment;
}

export function colorDomain(scene, value) {
  return scene.domains[value === "risk" ? "risk" : "alignment"];
}

/** Bins every node's value of the colour mode into the palette (the last entry: no value). */
export function computeColors(scene, value, theme) {
  const mode = colorMode(value);
  const values = value === "risk" ? scene.risk : scene.alignment;
  const [d0, d1] = colorDomain(scene, value);
  const palette = [];
  for (let b = 0; b < PALETTE_BINS; b++) palette.push(rgb(mode.interpolate(b / (PALETTE_BINS - 1))).formatHex());
  palette.push(theme.muted);
  scene.palette = palette;
  const span = d1 - d0 || 1;
  for (let i = 0; i < scene.n; i++) {
    const v = values[i];
    let b;
    if (!Number.isFinite(v)) b = PALETTE_BINS;
    else b = Math.max(0, Math.min(PALETTE_BINS - 1, Math.round(((v - d0) / span) * (PALETTE_BINS - 1))));
    scene.bin[i] = b;
    scene.fill[i] = palette[b];
  }
}

/** Whether a CSS colour is dark (null when it cannot be read). */
export function isDark(color) {
  const c = rgb(color);
  if (!c || Number.isNaN(c.r)) return null;
  return 0.2126 * c.r + 0.7152 * c.g + 0.0722 * c.b < 110;
}

/**
 * Theme colours from the custom properties that reach the view's root (--fg or --text, --bg, --muted,
 * --accent, --grid or --border), with fallbacks; the background is what actually shows behind the
 * chart. `themeName` ("light" | "dark", the app's) decides when the background cannot be read.
 */
export function readTheme(root, chart, themeName) {
  const style = getComputedStyle(root);
  const get = (...names) => {
    for (const name of names) {
      const v = style.getPropertyValue(name).trim();
      if (v) return v;
    }
    return "";
  };
  let bg = "";
  for (let e = chart; e && e.nodeType === 1; e = e.parentElement) {
    const c = getComputedStyle(e).backgroundColor;
    if (c && c !== "transparent" && !/rgba\(.*,\s*0\)$/.test(c)) {
      bg = c;
      break;
    }
  }
  bg = bg || get("--bg", "--surface") || "#ffffff";
  const dark = isDark(bg) ?? themeName === "dark";
  return {
    fg: get("--fg", "--text") || getComputedStyle(chart).color || (dark ? "#e6e6e6" : "#1b1f24"),
    bg,
    muted: get("--muted") || (dark ? "#a0a7b0" : "#5b6470"),
    accent: get("--accent") || (dark ? "#4fb3ff" : "#0b63c4"),
    grid: get("--grid", "--surface-2", "--border") || (dark ? "#2b3038" : "#e9edf2"),
    dark,
  };
}
