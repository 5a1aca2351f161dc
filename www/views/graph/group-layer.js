// The groups of an aggregated strategy graph on the canvas (aggregate.js): the counted edges between
// groups (thicker for more edges; the 3,000 heaviest, 600 while the picture moves), the boxes (closed ones filled with the colour of their members'
// mean score, with name and count; open ones as a frame around their nodes with a header that closes
// them), and one button per group inside the canvas (its fallback content: focusable, read by screen
// readers; Enter or a click expands or collapses the group, and the focused one is ringed on the chart).

import { aggregateWidth, groupMeans, groupAt, BOX } from "./aggregate.js";
import { colorDomain, isDark, PALETTE_BINS } from "./colors.js";
import { wrapLabel } from "./labels.js";
import { formatCount as int, fmtShare } from "./node-info.js";

/** Group layer of the canvas renderer: draw(), hit(), the fallback buttons. */
export function createGroupLayer(canvas, view) {
  const scene = view.scene;
  const agg = scene.agg;
  const groups = agg.grouping.groups;
  const G = groups.length;
  let fills = [];
  let textDark = [];
  let means = new Float64Array(G);
  let focused = -1;

  const list = document.createElement("ul");
  list.className = "graph-groups";
  const buttons = groups.map((g) => {
    const li = document.createElement("li");
    const b = document.createElement("button");
    b.type = "button";
    b.dataset.group = g.key;
    b.dataset.count = String(g.members.length);
    b.addEventListener("click", () => view.toggleGroup(g.index));
    b.addEventListener("focus", () => {
      focused = g.index;
      view.focusGroup(g.index);
    });
    b.addEventListener("blur", () => {
      focused = -1;
      view.requestFrame();
    });
    li.appendChild(b);
    list.appendChild(li);
    return b;
  });
  canvas.appendChild(list);

  /** Colours and button texts after a re-score or a change of colour mode. */
  function recolor() {
    const value = view.colorValue();
    means = groupMeans(groups, value === "risk" ? scene.risk : scene.alignment);
    const [d0, d1] = colorDomain(scene, value);
    const span = d1 - d0 || 1;
    fills = [];
    textDark = [];
    for (let g = 0; g < G; g++) {
      const v = means[g];
      const bin = Number.isFinite(v) ? Math.max(0, Math.min(PALETTE_BINS - 1, Math.round(((v - d0) / span) * (PALETTE_BINS - 1)))) : PALETTE_BINS;
      fills.push(scene.palette[bin]);
      textDark.push(!isDark(scene.palette[bin]));
    }
    relabel();
  }

  function relabel() {
    const what = view.colorValue() === "risk" ? "delivery risk" : "alignment";
    groups.forEach((g, gi) => {
      const b = buttons[gi];
      const open = !!agg.open?.[gi];
      b.setAttribute("aria-expanded", String(open));
      b.textContent = `${g.title}: ${int(g.members.length)} node${g.members.length === 1 ? "" : "s"}, mean ${what} ${fmtShare(means[gi])}. ${open ? "Expanded; Enter collapses it." : "Enter expands it."}`;
    });
  }

  const box = (gi, t) => {
    const b = agg.boxes;
    return [t.x + t.k * b[gi * 4], t.y + t.k * b[gi * 4 + 1], t.x + t.k * b[gi * 4 + 2], t.y + t.k * b[gi * 4 + 3]];
  };

  // the counted edges in view units, ordered by line width: computed once per layout
  let lines = null;
  function edgeLines() {
    if (lines && lines.edges === agg.edges) return lines;
    const { a, b, count } = agg.edges;
    const n = scene.n;
    const bx = agg.boxes;
    const cy = (r) => (r < n ? scene.vy[r] : (bx[(r - n) * 4 + 1] + bx[(r - n) * 4 + 3]) / 2);
    const end = (r, other) => {
      if (r < n) return [scene.vx[r], scene.vy[r]];
      const g = r - n;
      const oy = cy(other);
      // leave the box on the side facing the other end
      const y0 = bx[g * 4 + 1];
      const y1 = bx[g * 4 + 3];
      return [(bx[g * 4] + bx[g * 4 + 2]) / 2, oy > y1 ? y1 : oy < y0 ? y0 : (y0 + y1) / 2];
    };
    const order = [...a.keys()].sort((p, q) => aggregateWidth(count[p]) - aggregateWidth(count[q]));
    const xy = new Float64Array(order.length * 4);
    const width = new Float32Array(order.length);
    order.forEach((q, o) => {
      xy.set([...end(a[q], b[q]), ...end(b[q], a[q])], o * 4);
      width[o] = aggregateWidth(count[q]);
    });
    return (lines = { edges: agg.edges, xy, width });
  }

  /** The counted edges between groups (and between groups and open groups' nodes). */
  function drawEdges(ctx, t, width, height) {
    const { xy, width: lw } = edgeLines();
    const E = lw.length;
    ctx.strokeStyle = view.theme.muted;
    ctx.lineCap = "round";
    ctx.globalAlpha = E > 400 ? 0.22 : 0.38;
    const scale = Math.min(1, Math.max(0.35, t.k));
    let current = -1;
    // the heaviest lines only: 3,000 at rest, 600 while the picture moves
    for (let o = Math.max(0, E - (view.interacting ? 600 : 3000)); o < E; o++) {
      const w = Math.max(0.6, Math.round(lw[o] * scale));
      if (w !== current) {
        if (current >= 0) ctx.stroke();
        ctx.lineWidth = current = w;
        ctx.beginPath();
      }
      const ax = t.x + t.k * xy[o * 4];
      const ay = t.y + t.k * xy[o * 4 + 1];
      const bx = t.x + t.k * xy[o * 4 + 2];
      const by = t.y + t.k * xy[o * 4 + 3];
      if ((ax < 0 && bx < 0) || (ax > width && bx > width) || (ay < 0 && by < 0) || (ay > height && by > height)) continue;
      ctx.moveTo(ax, ay);
      ctx.lineTo(bx, by);
    }
    if (current >= 0) ctx.stroke();
    ctx.globalAlpha = 1;
  }

  /** The boxes: closed ones filled and named, open ones framed with their header. */
  function drawBoxes(ctx, t, width, height, hovered) {
    const th = view.theme;
    const font = `600 11px ${view.fontFamily}`;
    const small = `11px ${view.fontFamily}`;
    ctx.textAlign = "left";
    ctx.textBaseline = "alphabetic";
    for (let gi = 0; gi < G; gi++) {
      const [x0, y0, x1, y1] = box(gi, t);
      if (x1 < 0 || y1 < 0 || x0 > width || y0 > height) continue;
      const w = x1 - x0;
      const h = y1 - y0;
      const g = groups[gi];
      if (agg.open[gi]) {
        ctx.globalAlpha = th.dark ? 0.3 : 0.5;
        ctx.fillStyle = th.grid;
        ctx.fillRect(x0, y0, w, h);
        ctx.globalAlpha = 1;
        ctx.strokeStyle = th.muted;
        ctx.lineWidth = 1;
        ctx.strokeRect(x0, y0, w, h);
        const hh = (BOX.header - 6) * t.k;
        if (hh >= 12 && w >= 60 && g.members.length > 1) {
          ctx.font = font;
          ctx.fillStyle = th.fg;
          const line = wrapLabel(`▾ ${g.title} (${int(g.members.length)})`, Math.min(w - 10, 420), 1, font)[0];
          if (line) ctx.fillText(line, x0 + 6, y0 + Math.min(hh, 22) - 5);
        }
      } else {
        ctx.fillStyle = fills[gi];
        ctx.fillRect(x0, y0, w, h);
        ctx.strokeStyle = th.fg;
        ctx.globalAlpha = 0.55;
        ctx.lineWidth = 1;
        ctx.strokeRect(x0, y0, w, h);
        ctx.globalAlpha = 1;
        if (w >= 44 && h >= 16) {
          ctx.fillStyle = textDark[gi] ? "#111111" : "#ffffff";
          const count = `${int(g.members.length)}`;
          if (h >= 34 && w >= 70) {
            ctx.font = font;
            const lines = wrapLabel(g.label, w - 10, h >= 48 ? 2 : 1, font);
            lines.forEach((line, li) => ctx.fillText(line, x0 + 5, y0 + 14 + li * 13));
            ctx.font = small;
            ctx.fillText(`${count} nodes`, x0 + 5, y1 - 6);
          } else {
            ctx.font = small;
            ctx.fillText(count, x0 + 4, y0 + Math.min(h - 4, 14));
          }
        }
      }
      if (gi === hovered || gi === focused) {
        ctx.strokeStyle = gi === focused ? th.accent : th.fg;
        ctx.lineWidth = 2;
        ctx.strokeRect(x0 - 2, y0 - 2, w + 4, h + 4);
      }
    }
  }

  /** Where each group's button is on the chart (test hooks; written only after idle frames). */
  function markButtons(t, width, height) {
    groups.forEach((g, gi) => {
      const [x0, y0, x1, y1] = box(gi, t);
      const b = buttons[gi];
      const on = x1 > 0 && y1 > 0 && x0 < width && y0 < height;
      b.dataset.x = on ? String(Math.round((Math.max(x0, 0) + Math.min(x1, width)) / 2)) : "";
      b.dataset.y = on ? String(Math.round((Math.max(y0, 0) + Math.min(y1, height)) / 2)) : "";
      if (agg.open[gi] && g.members.length > 1) {
        const i = g.members[0];
        b.dataset.firstId = scene.ids[i];
        b.dataset.firstX = String(Math.round(t.x + t.k * scene.vx[i]));
        b.dataset.firstY = String(Math.round(t.y + t.k * scene.vy[i]));
      } else {
        delete b.dataset.firstId;
        delete b.dataset.firstX;
        delete b.dataset.firstY;
      }
    });
  }

  return {
    recolor,
    relabel,
    drawEdges,
    drawBoxes,
    markButtons,
    /** The group under the view point (x, y) and whether the point is on an open group's header. */
    hit(px, py) {
      const gi = groupAt(agg.boxes, px, py);
      if (gi < 0) return { group: -1, header: false };
      return { group: gi, header: !!agg.open[gi] && py <= agg.boxes[gi * 4 + 1] + BOX.header };
    },
    focused: () => focused,
    button: (gi) => buttons[gi],
    destroy: () => list.remove(),
  };
}
