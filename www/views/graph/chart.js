// The chart of the strategy graph: the renderer that draws the current scene (SVG up to 1,500 nodes,
// else canvas), its size (a ResizeObserver), the zoom, frames on demand, and the picture to export.

import { zoomIdentity } from "d3-zoom";
import { place } from "./scene.js";
import { readTheme } from "./colors.js";
import { createGestures } from "./gestures.js";
import { hideTooltip } from "./tooltip.js";
import { createSvgRenderer } from "./svg-renderer.js";
import { staticSvg } from "./svg-export.js";
import { createCanvasRenderer } from "./canvas-renderer.js";

/**
 * The chart `ui.chart` of `section`. `persisted` keeps the zoom of the same model (`sig()` names the
 * model drawn); hooks: resized(first) when the chart gets a (new) size, fitAll(), enter() (Enter on
 * the canvas: true when it selected something). `view` is what the renderers read; the controller adds
 * its callbacks (hover, activate, keyboardFocus, ...).
 */
export function createChart(section, app, ui, persisted, sig, hooks) {
  const { chart, tooltip } = ui;
  const state = { scene: null, renderer: null, width: 0, height: 0, userMoved: false, destroyed: false };
  let frame = 0;
  let tm = 0;

  const view = {
    scene: null,
    transform: zoomIdentity,
    theme: readTheme(section, chart, app.theme),
    fontFamily: getComputedStyle(section).fontFamily || "system-ui, sans-serif",
    selected: -1,
    matches: [],
    focusMask: null,
    focusGeneration: 0,
    keyboardIndex: -1,
    hovered: -1,
    interacting: false,
    requestFrame: () => requestDraw(),
    timings: {},
  };

  const gestures = createGestures(chart, view, state, {
    onStart: () => hideTooltip(tooltip),
    onZoom: (t) => {
      persisted.transform = t;
      persisted.sig = sig();
      requestDraw();
    },
    fitAll: () => fitAll(),
    enter: () => hooks.enter(),
  });
  view.canvasKey = (e) => gestures.canvasKey(e);

  /** A new frame for something other than the zoom (selection, search, focus, hover). */
  function redraw() {
    state.renderer?.invalidate();
    requestDraw();
  }

  function requestDraw() {
    if (frame || state.destroyed) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      if (!state.destroyed && state.renderer) state.renderer.draw();
    });
  }

  /** The whole graph in the chart; small models are first re-wrapped for the chart's width. */
  function fitAll() {
    const { scene, renderer } = state;
    if (!renderer) return;
    state.userMoved = false;
    let animate = true;
    if (scene.mode === "svg") {
      const before = scene.vx.slice();
      place(scene, state.width, state.height);
      if (scene.vx.some((x, i) => x !== before[i])) {
        renderer.reorder();
        animate = false;
      }
    }
    gestures.setExtents();
    gestures.setTransform(gestures.fitTransform(), animate);
  }

  function teardown() {
    if (state.renderer) {
      state.renderer.destroy();
      state.renderer = null;
    }
    state.scene = null;
    view.scene = null;
  }

  /** Draws `scene` (placed for the chart's size), at the remembered zoom of the same model or fitted. */
  function show(scene) {
    state.scene = scene;
    view.scene = scene;
    place(scene, state.width, state.height);
    lap("place");
    view.selected = -1;
    view.matches = [];
    view.focusMask = null;
    view.hovered = -1;
    view.keyboardIndex = -1;
  }

  function startRenderer() {
    const scene = state.scene;
    const renderer = (state.renderer = scene.mode === "svg" ? createSvgRenderer(chart, view) : createCanvasRenderer(chart, view));
    chart.insertBefore(renderer.element, chart.firstChild);
    renderer.resize(state.width, state.height);
    gestures.setExtents();
    gestures.attach();
    const same = persisted.sig === sig() && !!persisted.transform;
    state.userMoved = same;
    lap("renderer");
    gestures.jump(same ? persisted.transform : gestures.fitTransform());
    renderer.recolor();
    lap("draw");
    return renderer;
  }

  function startTimer() {
    tm = performance.now();
  }

  function lap(name) {
    const now = performance.now();
    view.timings[name] = now - tm;
    tm = now;
  }

  // size: build when the chart first gets one; refit on resize unless the user moved the view
  const ro = new ResizeObserver(() => {
    const w = Math.floor(chart.clientWidth);
    const h = Math.floor(chart.clientHeight);
    if (!w || !h || (w === state.width && h === state.height)) return;
    const first = !state.width || !state.height;
    state.width = w;
    state.height = h;
    const { scene, renderer } = state;
    if (first || !scene) {
      hooks.build();
      return;
    }
    renderer.resize(w, h);
    if (state.userMoved) {
      gestures.setExtents();
      if (view.selected >= 0) gestures.ensureVisible(view.selected);
      requestDraw();
      return;
    }
    // with a node selected (the detail panel opening or closing) the picture only scales: nothing
    // moves to another row under the reader's eyes
    if (scene.mode === "svg" && view.selected < 0) {
      // re-wrap the rows for the new width
      place(scene, w, h);
      renderer.reorder();
    }
    gestures.setExtents();
    gestures.jump(gestures.fitTransform());
  });

  return {
    state,
    view,
    gestures,
    redraw,
    requestDraw,
    fitAll,
    teardown,
    show,
    startRenderer,
    startTimer,
    lap,
    /** Starts observing the chart's size; builds now when it already has one. */
    observe() {
      ro.observe(chart);
      state.width = Math.floor(chart.clientWidth);
      state.height = Math.floor(chart.clientHeight);
      if (state.width && state.height) hooks.build();
    },
    /** The picture to export: the live SVG, or a static SVG of the canvas's view. */
    picture() {
      const { scene, renderer } = state;
      if (!scene || !renderer) return null;
      return renderer.exportSvg ? renderer.exportSvg() : staticSvg(view, state.width, state.height);
    },
    /** Sizes and timings (ms) of the last build and frame, for tests and benchmarks. */
    stats() {
      const { scene, renderer } = state;
      return {
        mode: scene ? scene.mode : null,
        nodes: scene ? scene.n : 0,
        edges: scene ? scene.m : 0,
        zoom: view.transform.k,
        build: { ...view.timings },
        lastFrameMs: renderer?.lastFrameMs ? renderer.lastFrameMs() : view.timings.draw,
        edgeStride: renderer?.edgeStride ? renderer.edgeStride() : 1,
      };
    },
    destroy() {
      state.destroyed = true;
      ro.disconnect();
      cancelAnimationFrame(frame);
      gestures.destroy();
      teardown();
    },
  };
}
