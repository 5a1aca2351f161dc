// Operations: where running IT could break a goal (docs/lenses.md H1, H2). Service availability
// against the SLAs (each service's own and end-to-end availability along depends_on, the breaches,
// the recovery times its dependencies cannot meet) with the availability chain of a chosen service
// and its weakest link; security exposure (SLE, ALE, control coverage, capabilities' ALE).

import { h, s, clear, onActivate } from "../../lib/dom.js";
import { availabilityText, lensEmpty, sortTable, lensLifecycle } from "../../lib/lens.js";
import "../../lib/lens.css";
import "./operations.css";

export const title = "Operations";

const AV_COLUMNS = [
  { key: "name", label: "Service" },
  { key: "own_availability", label: "Own", num: 1 },
  { key: "availability", label: "End to end", num: 1 },
  { key: "sla", label: "SLA", num: 1 },
  { key: "sla_breach", label: "Status" },
  { key: "rto_violations", label: "RTO not met by" },
  { key: "rpo_violations", label: "RPO not met by" },
];
const SEC_COLUMNS = [
  { key: "name", label: "Node" },
  { key: "sle", label: "SLE", num: 1 },
  { key: "ale", label: "ALE", num: 1 },
  { key: "control_coverage", label: "Control coverage", num: 1 },
];
/** The most boxes the chain draws (breadth first from the chosen service). */
const CHAIN_LIMIT = 24;
const CHAIN_DEPTH = 5;


/**
 * The depends_on tree of `root` as levels, breadth first, at most `limit` nodes and `depth`
 * levels: [{id, depth, parent}] (each node once, at its first level). `deps(id)` lists the targets.
 */
export function chainOf(root, deps, limit = CHAIN_LIMIT, depth = CHAIN_DEPTH) {
  const out = [{ id: root, depth: 0, parent: null }];
  const seen = new Set([root]);
  for (let i = 0; i < out.length && out.length < limit; i++) {
    if (out[i].depth >= depth) continue;
    for (const u of deps(out[i].id)) {
      if (seen.has(u) || out.length >= limit) continue;
      seen.add(u);
      out.push({ id: u, depth: out[i].depth + 1, parent: out[i].id });
    }
  }
  return out;
}

export function mount(root, app) {
  const av = { sort: "availability", dir: 1, limit: 300 };
  const sec = { sort: "ale", dir: -1, limit: 300 };
  const state = { data: null, chainRoot: null, deps: null };
  const intro = h("p", { class: "view-intro", text: "Where running IT could break a goal: each service's availability along its dependencies against its SLA, the recovery times its dependencies cannot meet, and the security exposure of each application, rolled up to the capabilities they support." });
  const notice = h("div");
  const totals = h("dl", { id: "ops-totals", class: "lens-totals" });
  const avHead = h("thead");
  const avBody = h("tbody");
  const avMore = h("div", { class: "table-more" });
  const secHead = h("thead");
  const secBody = h("tbody");
  const secMore = h("div", { class: "table-more" });
  const chainTitle = h("h3", { id: "ops-chain-title", text: "Availability chain" });
  const chainHost = h("div", { class: "chart ops-chain-host" });
  const chainNote = h("p", { class: "table-note", id: "ops-chain-note" });
  const body = h(
    "div",
    { class: "ops-body" },
    totals,
    h(
      "div",
      { class: "lens-grid" },
      h("section", { class: "panel", "aria-label": "Availability against SLA" }, h("h3", { text: "Availability against SLA" }), h("div", { class: "table-wrap tall" }, h("table", { class: "data", id: "ops-availability" }, h("caption", { class: "sr-only", text: "Services: own and end-to-end availability, SLA, breach, and the dependencies whose recovery time or recovery point is longer than the service's. Column headers sort." }), avHead, avBody)), avMore),
      h("section", { class: "panel", "aria-labelledby": "ops-chain-title" }, chainTitle, chainHost, chainNote),
    ),
    h("section", { class: "panel", "aria-label": "Security exposure" }, h("h3", { text: "Security exposure" }), h("p", { class: "table-note", text: "SLE = asset value x exposure factor; ALE = SLE x occurrences a year; a capability's ALE is the sum over the applications that support it. Control coverage counts a partial control as half." }), h("div", { class: "table-wrap tall" }, h("table", { class: "data", id: "ops-security" }, h("caption", { class: "sr-only", text: "Security exposure: single and annualised loss expectancy and control coverage. Column headers sort." }), secHead, secBody)), secMore),
  );
  root.append(intro, notice, body);
  let svgEl = null;

  const nodes = () => state.data?.operations?.nodes ?? {};
  const names = (ids) => (ids?.length ? ids.map((id) => app.name(id)).join(", ") : "");

  function avRows() {
    return Object.entries(nodes())
      .filter(([, x]) => x.availability != null || x.sla != null || x.own_availability != null)
      .map(([id, x]) => ({ id, ...x, name: app.name(id) }));
  }
  function secRows() {
    return Object.entries(nodes())
      .filter(([, x]) => x.ale != null || x.sle != null || x.control_coverage != null)
      .map(([id, x]) => ({ id, ...x, name: app.name(id) }));
  }
  function avCell(r, key) {
    if (key === "sla_breach") return r.sla == null ? "no SLA" : r.sla_breach ? "Below SLA" : "Meets SLA";
    if (key === "rto_violations" || key === "rpo_violations") return names(r[key]);
    return availabilityText(r[key]);
  }
  function secCell(r, key) {
    if (key === "control_coverage") return r[key] == null ? "–" : app.format.share(r[key]);
    return r[key] == null ? "–" : app.format.money(r[key]);
  }
  const drawAv = sortTable(app, { thead: avHead, tbody: avBody, more: avMore, columns: AV_COLUMNS, state: av, rows: avRows, cell: avCell, rowData: (r) => ({ breach: String(Boolean(r.sla_breach)) }) });
  const drawSec = sortTable(app, { thead: secHead, tbody: secBody, more: secMore, columns: SEC_COLUMNS, state: sec, rows: secRows, cell: secCell });

  function drawTotals(ops, rows) {
    const f = app.format;
    clear(totals);
    const fig = (key, label, text, note) => h("div", { dataset: { figure: key } }, h("dt", { text: label }), h("dd", { text }), note ? h("dd", { class: "note", text: note }) : null);
    const breaches = rows.filter((r) => r.sla_breach);
    const withSla = rows.filter((r) => r.sla != null);
    const worst = rows.filter((r) => r.availability != null).sort((a, b) => a.availability - b.availability)[0];
    const covered = Object.values(nodes()).filter((x) => x.control_coverage != null);
    const meanCov = covered.length ? covered.reduce((t, x) => t + x.control_coverage, 0) / covered.length : null;
    totals.append(
      fig("breaches", "Below SLA", `${f.count(breaches.length)} of ${f.count(withSla.length)}`, "services with an SLA"),
      fig("lowest", "Lowest end-to-end availability", worst ? availabilityText(worst.availability) : "–", worst ? worst.name : ""),
      fig("ale", "Annualised loss expectancy", f.money(ops.total_ale ?? 0), "applications and elements"),
      fig("controls", "Mean control coverage", meanCov == null ? "–" : f.share(meanCov), `${f.count(covered.length)} with controls`),
    );
  }

  /** The chosen service's depends_on tree, columns by depth, each box its end-to-end availability; the weakest dependency marked. */
  function drawChain() {
    clear(chainHost);
    svgEl = null;
    const f = app.format;
    const id = state.chainRoot;
    if (!id || !state.deps) {
      chainNote.textContent = "Choose a service in the table to see what it depends on.";
      return;
    }
    const tree = chainOf(id, state.deps);
    const ops = nodes();
    const depth = Math.max(...tree.map((t) => t.depth)) + 1;
    const perLevel = Array.from({ length: depth }, (_, d) => tree.filter((t) => t.depth === d));
    const rows = Math.max(...perLevel.map((l) => l.length));
    const BW = 150;
    const BH = 44;
    const GX = 40;
    const GY = 12;
    const W = depth * (BW + GX);
    const H = rows * (BH + GY) + GY;
    const pos = new Map();
    perLevel.forEach((level, d) => level.forEach((t, i) => pos.set(t.id, { x: d * (BW + GX) + 4, y: GY + i * (BH + GY) })));
    const deps = tree.slice(1);
    const weakest = deps.filter((t) => ops[t.id]?.availability != null).sort((a, b) => ops[a.id].availability - ops[b.id].availability)[0]?.id ?? null;
    const top = ops[id] ?? {};
    const label = `Availability chain of ${app.name(id)}: end-to-end ${availabilityText(top.availability)}${top.sla != null ? ` against an SLA of ${availabilityText(top.sla)}` : ""}; ${f.count(deps.length)} dependencies shown${weakest ? `, the weakest ${app.name(weakest)} at ${availabilityText(ops[weakest].availability)}` : ""}.`;
    const svg = s("svg", { id: "ops-chain", class: "ops-chain", viewBox: `0 0 ${W} ${H}`, role: "group", "aria-label": label });
    for (const t of deps) {
      const a = pos.get(t.parent);
      const b = pos.get(t.id);
      svg.appendChild(s("path", { class: "chain-link", d: `M${a.x + BW},${a.y + BH / 2} C${a.x + BW + GX / 2},${a.y + BH / 2} ${b.x - GX / 2},${b.y + BH / 2} ${b.x},${b.y + BH / 2}`, "aria-hidden": "true" }));
    }
    const labels = s("g", { class: "lens-labels", "aria-hidden": "true", "pointer-events": "none" });
    for (const t of tree) {
      const p = pos.get(t.id);
      const x = ops[t.id] ?? {};
      const name = app.name(t.id);
      const text = `${name}: end-to-end ${availabilityText(x.availability)}${x.own_availability != null ? `, own ${availabilityText(x.own_availability)}` : ""}${x.sla != null ? `, SLA ${availabilityText(x.sla)}${x.sla_breach ? " (below)" : ""}` : ""}${t.id === weakest ? "; the weakest dependency" : ""}`;
      const g = s("g", { class: ["chain-box", x.sla_breach && "breach", t.id === weakest && "weakest", app.selected === t.id && "selected"], tabindex: "0", role: "button", "aria-label": text, dataset: { id: t.id, availability: x.availability ?? "" } });
      g.appendChild(s("title", null, text));
      g.appendChild(s("rect", { x: p.x, y: p.y, width: BW, height: BH, rx: 4 }));
      // The box's words sit outside the button, in a group screen readers skip: its name says it all.
      labels.appendChild(s("text", { x: p.x + 8, y: p.y + 17, class: "chain-name" }, name.length > 22 ? `${name.slice(0, 21)}…` : name));
      labels.appendChild(s("text", { x: p.x + 8, y: p.y + 35, class: "chain-value" }, `${availabilityText(x.availability)}${x.sla != null ? ` / SLA ${availabilityText(x.sla)}` : ""}`));
      onActivate(g, () => app.select(t.id));
      svg.appendChild(g);
    }
    svg.appendChild(labels);
    svgEl = svg;
    chainHost.appendChild(svg);
    chainTitle.textContent = `Availability chain: ${app.name(id)}`;
    chainNote.textContent = `${label} Series dependencies multiply; alternatives ("redundancy": "any") need only one. A dependency reached twice counts twice (docs/lenses.md).`;
  }

  async function loadDeps() {
    const { edges } = await app.graphData();
    const kinds = app.edgeKindNames();
    const dep = kinds.indexOf("depends_on");
    const ids = app.ids();
    const out = new Map();
    for (let k = 0; k < edges.from.length; k++) {
      if (edges.kind[k] !== dep) continue;
      const from = ids[edges.from[k]];
      if (!out.has(from)) out.set(from, []);
      out.get(from).push(ids[edges.to[k]]);
    }
    return (id) => out.get(id) ?? [];
  }

  const life = lensLifecycle(root, app, {
    notice,
    body,
    id: "ops-diagnostics",
    codes: /AVAILABILITY|SLA|RTO|RPO|CONTROL|EXPOSURE|ASSET|ARO|MTBF|MTTR|REDUNDANCY|OUT_OF_RANGE|NOT_A_NUMBER|INVALID_VALUE|CYCLE/,
    extra: () => loadDeps().catch(() => null),
    draw(data, deps) {
      state.data = data;
      state.deps = deps;
      const ops = data.operations;
      const rows = avRows();
      if (!ops || (!rows.length && !secRows().length)) {
        return lensEmpty("ops-message", "No service carries availability or security figures yet.", ["availability (or mtbf and mttr)", "sla", "rto", "asset_value", "exposure_factor", "aro", "controls"]);
      }
      drawTotals(ops, rows);
      drawAv();
      drawSec();
      if (!state.chainRoot || !nodes()[state.chainRoot]) {
        const worst = rows.filter((r) => r.sla_breach).sort((a, b) => a.availability - b.availability)[0] ?? rows[0];
        state.chainRoot = worst?.id ?? null;
      }
      drawChain();
      return null;
    },
  });
  const off = app.on("select", (id) => {
    if (id != null && nodes()[id] && state.deps && (nodes()[id].availability != null || nodes()[id].sla != null)) {
      state.chainRoot = id;
      drawChain();
    }
  });
  return {
    update: life.update,
    destroy() {
      life.destroy();
      off();
    },
    svg: () => svgEl,
  };
}
