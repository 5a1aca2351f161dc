// The nodes of the SVG graph: one focusable `g.node[data-id]` per node in reading order (so Tab
// follows the picture), with its shape and hit area (which covers its name too), its wrapped name in
// `gLabels` (a layer of its own, outside the focusable node: the node's accessible name is its full
// name, never the shortened one drawn), and the delegated pointer and key events that reach the
// controller through `view`.

import { f2, svgEl, listen } from "./elements.js";
import { shapePath } from "./shapes.js";
import { wrapLabel, measureText, labelRoom, labelBaselines, LABEL_FONT } from "./labels.js";

export function createSvgNodes(svg, gNodes, view, gLabels = gNodes) {
  const scene = view.scene;
  const n = scene.n;
  const nodeEls = new Array(n);
  const shapeEls = new Array(n);
  const labelEls = new Array(n);
  const hitEls = new Array(n);
  const labelState = new Array(n).fill("");
  labelState.ok = false;
  for (const i of scene.order) {
    const kind = scene.kindNames[scene.kinds[i]];
    const r = scene.radius[scene.kinds[i]];
    const g = svgEl("g", { class: `node node-${kind}`, tabindex: 0, role: "button" }, gNodes);
    g.setAttribute("data-id", scene.ids[i]);
    g.setAttribute("data-index", i);
    const title = svgEl("title", null, g);
    title.textContent = scene.names[i];
    // the click target: the marker and, once laid out, its name
    hitEls[i] = svgEl("rect", { class: "hit", x: -r - 5, y: -r - 5, width: 2 * r + 10, height: 2 * r + 10, fill: "none", "pointer-events": "all" }, g);
    shapeEls[i] = svgEl("path", { class: "shape", d: shapePath(kind, r), "stroke-width": kind === "goal" ? 1.6 : 1.1 }, g);
    labelEls[i] = svgEl("text", { class: "label", "text-anchor": "start", "font-size": kind === "goal" ? 12 : 11, "font-weight": kind === "goal" ? 600 : null, "paint-order": "stroke", "stroke-width": 3, "stroke-linejoin": "round", display: "none", "aria-hidden": "true" }, gLabels);
    nodeEls[i] = g;
  }

  // events (delegated)
  const indexOf = (target) => {
    const g = target && target.closest ? target.closest("g.node") : null;
    return g && gNodes.contains(g) ? Number(g.getAttribute("data-index")) : -1;
  };
  const onPointerMove = (e) => view.hover(indexOf(e.target), e);
  const onPointerLeave = () => view.hover(-1, null);
  const onClick = (e) => {
    const i = indexOf(e.target);
    if (i >= 0) view.activate(i);
  };
  const onKeyDown = (e) => {
    const i = indexOf(e.target);
    if (i < 0) return;
    if (e.key === "Enter" || e.key === " " || e.key === "Spacebar") {
      e.preventDefault();
      view.activate(i);
    } else if (e.key.startsWith("Arrow")) {
      const j = view.neighbourInDirection(i, e.key.slice(5));
      if (j >= 0) {
        e.preventDefault();
        nodeEls[j].focus();
      }
    }
  };
  const onFocusIn = (e) => {
    const i = indexOf(e.target);
    let keyboard = true;
    try {
      keyboard = e.target.matches(":focus-visible");
    } catch {
      // no :focus-visible: treat every focus as keyboard focus
    }
    if (i >= 0 && keyboard) view.keyboardFocus(i);
  };
  const onFocusOut = () => view.keyboardFocus(-1);
  const unlisten = listen(svg, {
    pointermove: onPointerMove,
    pointerleave: onPointerLeave,
    click: onClick,
    keydown: onKeyDown,
    focusin: onFocusIn,
    focusout: onFocusOut,
  });

  // what each node was last painted with, so a re-score touches only the nodes that changed
  const painted = new Array(n).fill(null);
  function paintNode(i) {
    const th = view.theme;
    const shape = shapeEls[i];
    const inactive = scene.inactive[i] === 1;
    const label = view.nodeLabel(i);
    const key = `${scene.fill[i]}|${inactive}|${th.fg}|${label}`;
    if (painted[i] === key) return;
    painted[i] = key;
    shape.setAttribute("fill", scene.fill[i]);
    shape.setAttribute("stroke", th.fg);
    shape.setAttribute("fill-opacity", inactive ? 0.3 : 1);
    shape.setAttribute("stroke-opacity", inactive ? 0.75 : 0.9);
    if (inactive) shape.setAttribute("stroke-dasharray", "2.5 2");
    else shape.removeAttribute("stroke-dasharray");
    nodeEls[i].setAttribute("aria-label", label);
    nodeEls[i].classList.toggle("inactive", inactive);
  }

  function layoutLabels(k) {
    const focus = view.focusMask;
    for (let i = 0; i < n; i++) {
      const r = scene.radius[scene.kinds[i]];
      let lines = [];
      const room = labelRoom(scene, i, k, r);
      const font = (room.goal ? LABEL_FONT.goal : LABEL_FONT.normal)(view.fontFamily);
      if (!(focus && !focus[i]) && room.lines) lines = wrapLabel(scene.names[i], room.width, room.lines, font);
      const key = lines.join("\n");
      if (key === labelState[i]) continue;
      labelState[i] = key;
      const text = labelEls[i];
      text.replaceChildren();
      const hit = hitEls[i];
      if (!lines.length) {
        text.setAttribute("display", "none");
        hit.setAttribute("width", 2 * r + 10);
        hit.setAttribute("y", -r - 5);
        hit.setAttribute("height", 2 * r + 10);
        continue;
      }
      text.removeAttribute("display");
      const ys = labelBaselines(lines.length, room.goal);
      const tw = Math.max(...lines.map((x) => measureText(x, font)));
      const top = Math.min(-r - 5, ys[0] - 12);
      hit.setAttribute("width", f2(2 * r + 10 + tw));
      hit.setAttribute("y", f2(top));
      hit.setAttribute("height", f2(Math.max(r + 5, ys[ys.length - 1] + 4) - top));
      lines.forEach((line, li) => {
        const ts = svgEl("tspan", { x: f2(r + 5), y: ys[li] }, text);
        ts.textContent = line;
      });
    }
  }

  return {
    nodeEls,
    labelEls,
    /** The wrapped name of each node ("" none) and whether they fit the last zoom (`ok`). */
    labelState,
    paint: paintNode,
    layoutLabels,
    unlisten,
  };
}
