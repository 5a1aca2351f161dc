// Zoom and pan of the strategy graph: d3-zoom on the chart, animated moves, the transform that fits a
// box, the keyboard of the canvas, and the gate that lets slow pictures move as a bitmap mid-gesture.

import { select } from "d3-selection";
import { zoom, zoomIdentity } from "d3-zoom";
import { PAD } from "./scene.js";

/** The transform that shows the view-space box [x0, x1] x [y0, y1] in a chart of width x height. */
export function fitBox(box, width, height, kMax) {
  const aw = Math.max(width - PAD.left - PAD.right, 50);
  const ah = Math.max(height - PAD.top - PAD.bottom, 50);
  const bw = Math.max(box.x1 - box.x0, 1e-6);
  const bh = Math.max(box.y1 - box.y0, 1e-6);
  let k = Math.min(aw / bw, ah / bh, kMax);
  if (!Number.isFinite(k) || k <= 0) k = 1;
  const tx = PAD.left + (aw - k * (box.x1 - box.x0)) / 2 - k * box.x0;
  const ty = PAD.top + (ah - k * (box.y1 - box.y0)) / 2 - k * box.y0;
  return zoomIdentity.translate(tx, ty).scale(k);
}

/** Zoom at which the typical gap between nodes is wide enough for full labels (at least 4). */
export function labelZoom(scene) {
  return Math.max(4, 260 / Math.max(scene.minSpacing, 1e-6));
}

/** 1.5 refreshes of a 60 Hz display: a frame later than this missed a refresh. */
const LATE_FRAME_MS = 25;

/**
 * When a frame during a pan or zoom may just move the last full picture (a bitmap or a CSS transform)
 * instead of drawing a new one: while full frames take longer than `slowMs` of script time, or come
 * slowly (the browser's painting, which the script cannot time: a frame that came more than
 * LATE_FRAME_MS after the one before missed the display's next refresh). A full frame follows once
 * the gesture pauses for 150 ms.
 */
export function gestureGate(view, slowMs, probeMs = 0) {
  let lastDrawAt = 0;
  let lastFullAt = 0;
  let slowGesture = false;
  let gestureFrames = 0;
  let forceFull = false;
  let idleTimer = 0;
  let lastFullMs = 0;
  // A probe that finds full frames still slow waits twice as long before the next (up to 2 s).
  let probeEvery = probeMs;
  let probing = false;
  return {
    /** Call at the start of every frame; true: move the last picture (`haveLast`: there is one). */
    quick(haveLast) {
      const now = performance.now();
      const interval = now - lastDrawAt;
      lastDrawAt = now;
      if (!view.interacting) {
        slowGesture = false;
        gestureFrames = 0;
        probeEvery = probeMs;
      } else if (gestureFrames++ > 0 && interval > LATE_FRAME_MS) slowGesture = true;
      if (probing && view.interacting) probeEvery = slowGesture || lastFullMs > slowMs ? Math.min(2 * probeEvery, 2000) : probeMs;
      probing = false;
      if (!view.interacting || forceFull || !haveLast || !(lastFullMs > slowMs || slowGesture)) return false;
      // try a full frame again now and then: the picture may have become cheaper (fewer nodes on screen)
      if (probeEvery && now - lastFullAt > probeEvery) {
        slowGesture = false;
        probing = true;
        return false;
      }
      clearTimeout(idleTimer);
      idleTimer = setTimeout(() => {
        forceFull = true;
        view.requestFrame();
      }, 150);
      return true;
    },
    /** Runs and times a full frame. */
    full(drawFrame) {
      const t0 = performance.now();
      forceFull = false;
      clearTimeout(idleTimer);
      drawFrame();
      lastFullAt = performance.now();
      lastFullMs = lastFullAt - t0;
    },
    /** Script time of the last full frame (ms). */
    lastFullMs: () => lastFullMs,
    stop: () => clearTimeout(idleTimer),
  };
}

/**
 * The zoom of one chart. `state` holds the scene, the renderer, the chart's size and whether the user
 * moved the picture; `view.transform` follows every zoom event. Hooks: onZoom(transform, bySource),
 * fitAll(), enter() (Enter on the canvas).
 */
export function createGestures(chart, view, state, hooks) {
  const behavior = zoom().clickDistance(4);
  const target = select(chart);
  let animFrame = 0;
  let attached = false;

  behavior
    .on("start", (e) => {
      if (e.sourceEvent) view.interacting = true;
      hooks.onStart();
    })
    .on("zoom", (e) => {
      view.transform = e.transform;
      if (e.sourceEvent) state.userMoved = true;
      hooks.onZoom(e.transform);
    })
    .on("end", (e) => {
      if (e.sourceEvent) {
        view.interacting = false;
        view.requestFrame();
      }
    });

  const kMax = () => labelZoom(state.scene);
  const fitTransform = () => fitBox(state.scene.viewBounds, state.width, state.height, state.scene.mode === "svg" ? 1.25 : 2.5);

  function setExtents() {
    const fit = fitTransform();
    behavior.scaleExtent([Math.min(fit.k * 0.5, 1), Math.max(kMax(), fit.k * 2)]);
  }

  /** Moves to transform t, in about 380 ms when `animate` (and motion is welcome). */
  function setTransform(t, animate) {
    if (!state.renderer) return;
    cancelAnimationFrame(animFrame);
    animFrame = 0;
    const reduce = window.matchMedia?.("(prefers-reduced-motion: reduce)").matches;
    if (!animate || reduce) {
      behavior.transform(target, t);
      return;
    }
    const { width, height } = state;
    const t0 = view.transform;
    const c0 = [(width / 2 - t0.x) / t0.k, (height / 2 - t0.y) / t0.k];
    const c1 = [(width / 2 - t.x) / t.k, (height / 2 - t.y) / t.k];
    const start = performance.now();
    const dur = 380;
    const step = (now) => {
      const s = Math.min(1, (now - start) / dur);
      const e = s < 0.5 ? 2 * s * s : 1 - Math.pow(-2 * s + 2, 2) / 2;
      const k = Math.exp(Math.log(t0.k) * (1 - e) + Math.log(t.k) * e);
      const cx = c0[0] + (c1[0] - c0[0]) * e;
      const cy = c0[1] + (c1[1] - c0[1]) * e;
      behavior.transform(target, zoomIdentity.translate(width / 2 - k * cx, height / 2 - k * cy).scale(k));
      view.interacting = s < 1;
      if (s < 1 && !state.destroyed) animFrame = requestAnimationFrame(step);
      else animFrame = 0;
    };
    view.interacting = true;
    animFrame = requestAnimationFrame(step);
  }

  /** Centres node i, zooming in far enough for its label when needed. */
  function centreOn(i, animate = true) {
    const { scene, width, height } = state;
    const t = view.transform;
    const kLabel = Math.min(kMax(), 120 / Math.max(scene.gapX[i], 1e-6));
    const k = Math.max(t.k, Math.min(kLabel, behavior.scaleExtent()[1]));
    setTransform(zoomIdentity.translate(width / 2 - k * scene.vx[i], height / 2 - k * scene.vy[i]).scale(k), animate);
  }

  function ensureVisible(i) {
    const { scene, width, height } = state;
    const t = view.transform;
    const x = t.x + t.k * scene.vx[i];
    const y = t.y + t.k * scene.vy[i];
    if (x < PAD.left * 0.7 || x > width - 30 || y < 20 || y > height - 40) centreOn(i, true);
  }

  /** Moves the view (same zoom) so the view-space box is on screen, when it is not. */
  function ensureBoxVisible(x0, y0, x1, y1) {
    const { width, height } = state;
    const t = view.transform;
    const sx0 = t.x + t.k * x0;
    const sy0 = t.y + t.k * y0;
    const sx1 = t.x + t.k * x1;
    const sy1 = t.y + t.k * y1;
    if (sx0 >= 0 && sy0 >= 0 && sx1 <= width && sy1 <= height) return;
    const cx = (x0 + x1) / 2;
    const cy = (y0 + y1) / 2;
    setTransform(zoomIdentity.translate(width / 2 - t.k * cx, height / 2 - t.k * cy).scale(t.k), true);
  }

  function zoomBy(factor) {
    if (!state.renderer) return;
    state.userMoved = true;
    behavior.scaleBy(target, factor);
  }

  /** Keys of the canvas: arrows pan, + and - zoom, 0 fits, Enter selects the first match. */
  function canvasKey(e) {
    const step = 60;
    const k = view.transform.k;
    switch (e.key) {
      case "ArrowLeft":
        behavior.translateBy(target, step / k, 0);
        break;
      case "ArrowRight":
        behavior.translateBy(target, -step / k, 0);
        break;
      case "ArrowUp":
        behavior.translateBy(target, 0, step / k);
        break;
      case "ArrowDown":
        behavior.translateBy(target, 0, -step / k);
        break;
      case "+":
      case "=":
        behavior.scaleBy(target, 1.5);
        break;
      case "-":
        behavior.scaleBy(target, 1 / 1.5);
        break;
      case "0":
        hooks.fitAll();
        break;
      case "Enter":
        if (!hooks.enter()) return;
        break;
      default:
        return;
    }
    state.userMoved = true;
    e.preventDefault();
  }

  return {
    kMax,
    fitTransform,
    setExtents,
    setTransform,
    centreOn,
    ensureVisible,
    ensureBoxVisible,
    zoomBy,
    canvasKey,
    /** Jumps to transform t (no animation). */
    jump: (t) => behavior.transform(target, t),
    /** Listens on the chart, not the drawing: the SVG may be moved by a CSS transform mid-gesture. */
    attach() {
      if (attached) return;
      target.call(behavior).on("dblclick.zoom", null);
      attached = true;
    },
    destroy() {
      cancelAnimationFrame(animFrame);
      target.on(".zoom", null);
    },
  };
}
