// The KPI tiles (overview and the what-if strip) and their "why" explanations.
// A tile: .kpi[data-kpi=KEY] with .kpi-label, .kpi-value, .kpi-note and .kpi-delta; clicking it (or
// Enter/Space) opens the explanation of what drives it.

import { h, clear, nodeLink } from "../lib/dom.js";
import "./kpis.css";

const len = (x) => (Array.isArray(x) ? x.length : Number(x) || 0);

/**
 * A KPI that counts the items the report lists under `key` (fewer is better). `base(k)` is how many
 * could be listed; when it is 0, `emptyNote` says so instead of "every one is fine".
 */
const countKpi = (key, label, someNote, noneNote, base, emptyNote) => ({
  key,
  label,
  better: "down",
  kind: "count",
  value: (k) => len(k[key]),
  note: (k) => (len(k[key]) ? someNote : base(k) ? noneNote : emptyNote),
});

/** The six KPI tiles in display order. `better`: which direction is good (for the delta's class). */
export const KPIS = [
  {
    key: "alignment_index",
    label: "Alignment strength",
    better: "up",
    kind: "share",
    value: (k) => k.alignment_index,
    note: (k, f) => {
      if (!k.goals) return "The model has no goals: there is nothing to align with.";
      if (!k.active_initiatives) return "No active initiative: nothing in the portfolio serves the strategy.";
      return k.index_basis === "cost"
        ? `How much of the weighted goals the average euro reaches (100% = all of every goal); ${f.share(k.expected_alignment_index)} risk-adjusted.`
        : `No spend recorded: how much of the weighted goals the average active initiative reaches (100% = all of every goal); ${f.share(k.expected_alignment_index)} risk-adjusted.`;
    },
  },
  {
    key: "goal_coverage",
    label: "Goals reached",
    better: "up",
    kind: "share",
    value: (k) => k.goal_coverage,
    note: (k, f) =>
      k.goals
        ? `Weighted chance that at least one active initiative reaches each goal, however weakly; ${f.share(k.expected_goal_coverage)} if delivery risk bites.`
        : "The model has no goals to cover.",
  },
  {
    key: "unaligned_spend_share",
    label: "Spend linked to no goal",
    better: "down",
    kind: "share",
    value: (k) => k.unaligned_spend_share,
    note: (k, f) =>
      k.total_spend > 0
        ? `${f.money(k.unaligned_spend)} of ${f.money(k.total_spend)} reaches no goal at all; the other ${f.share(1 - (k.unaligned_spend_share || 0))} has some link, however weak.`
        : k.active_initiatives
          ? `No spend recorded: by count, ${f.count(len(k.orphan_initiatives))} of ${f.count(k.active_initiatives)} active initiatives serve no goal.`
          : "No spend recorded and no active initiative.",
  },
  countKpi(
    "uncovered_goals",
    "Goals not reached",
    "Goals that no active initiative reaches.",
    "Every goal is reached by the portfolio.",
    (k) => k.goals,
    "The model has no goals.",
  ),
  countKpi(
    "orphan_initiatives",
    "Initiatives serving no goal",
    "Active initiatives that reach no goal at all (orphans).",
    "Every active initiative serves a goal.",
    (k) => k.active_initiatives,
    "The model has no active initiatives.",
  ),
  {
    key: "total_exposure",
    label: "Money at risk",
    better: "down",
    kind: "money",
    value: (k) => k.total_exposure,
    note: (k) =>
      k.total_spend > 0 ? "Money at stake if delivery fails: delivery risk × cost, summed." : "No spend recorded, so no money is at stake (delivery risk × cost).",
  },
];

const RAG_WORDS = { green: "Green", amber: "Amber", red: "Red" };

/** A red/amber/green chip: the word, a shape and the colour (never the colour alone). */
export function ragChip(status, text = RAG_WORDS[status] ?? status) {
  return h("span", { class: ["rag", `rag-${status}`], dataset: { status }, text });
}

export function formatKpi(def, value, f) {
  if (def.kind === "share") return f.share(value);
  if (def.kind === "count") return f.count(value);
  return f.money(value);
}

export function formatKpiDelta(def, delta, f) {
  if (def.kind === "share") return f.deltaShare(delta);
  if (def.kind === "count") return f.deltaCount(delta);
  return f.deltaMoney(delta);
}

/**
 * Renders the KPI tiles into `container` and an explanation region into `whyHost`.
 * Returns {update()}; deltas are shown against app.baseline when `deltas` is true.
 */
export function kpiStrip(container, whyHost, app, { deltas = true } = {}) {
  const tiles = new Map();
  let open = null;
  const list = h("div", { class: "kpi-grid", role: "list" });
  for (const def of KPIS) {
    const label = h("span", { class: "kpi-label", text: def.label });
    const value = h("span", { class: "kpi-value", text: "" });
    const delta = h("span", { class: "kpi-delta", text: "" });
    const note = h("span", { class: "kpi-note", text: "" });
    const target = h("span", { class: "kpi-target" });
    const tile = h(
      "button",
      {
        type: "button",
        class: "kpi",
        dataset: { kpi: def.key },
        "aria-expanded": "false",
        title: `Why? Show what drives ${def.label.toLowerCase()}`,
        on: { click: () => toggle(def.key) },
      },
      label,
      h("span", { class: "kpi-figures" }, value, delta),
      target,
      note,
      h("span", { class: "kpi-why-hint", text: "Why?" }),
    );
    tiles.set(def.key, { def, tile, value, delta, note, target });
    list.appendChild(h("div", { role: "listitem", class: "kpi-cell" }, tile));
  }
  container.appendChild(list);

  function toggle(key) {
    open = open === key ? null : key;
    renderWhy();
  }

  function renderWhy() {
    for (const [key, t] of tiles) {
      t.tile.setAttribute("aria-expanded", String(key === open));
      t.tile.classList.toggle("open", key === open);
    }
    clear(whyHost);
    whyHost.hidden = !open;
    if (!open) return;
    const def = tiles.get(open).def;
    whyHost.appendChild(
      h(
        "div",
        { class: "kpi-why-head" },
        h("h3", { text: `Why ${def.label.toLowerCase()} is ${formatKpi(def, def.value(app.report.kpis), app.format)}` }),
        h("button", {
          type: "button",
          class: "icon-button",
          "aria-label": "Close the explanation",
          text: "×",
          on: { click: () => toggle(open) },
        }),
      ),
    );
    whyHost.appendChild(explainKpi(open, app));
  }

  function update() {
    const k = app.report.kpis;
    const b = app.baseline?.kpis;
    const status = new Map((app.report.status?.kpis ?? []).map((x) => [x.kpi, x]));
    for (const { def, value, delta, note, tile, target } of tiles.values()) {
      const v = def.value(k);
      const st = status.get(def.key);
      target.replaceChildren(...(st ? [ragChip(st.status), h("span", { class: "kpi-rule", text: `Target: ${st.rule}` })] : []));
      value.textContent = formatKpi(def, v, app.format);
      note.textContent = def.note(k, app.format);
      let text = "";
      let cls = "";
      if (deltas && b) {
        const d = v - def.value(b);
        text = formatKpiDelta(def, d, app.format);
        if (text) cls = (d > 0) === (def.better === "up") ? "better" : "worse";
      }
      delta.textContent = text;
      delta.classList.toggle("better", cls === "better");
      delta.classList.toggle("worse", cls === "worse");
      // The tile's name is its visible text (label, value, change, note, "Why?"), so a person who
      // says what they see reaches it (WCAG 2.5.3); what the change is measured against is its description.
      tile.title = `${text ? `${text} against the file. ` : ""}Why? Show what drives ${def.label.toLowerCase()}`;
    }
    if (open) renderWhy();
  }

  return { update };
}

function driverList(items) {
  return h("ol", { class: "drivers" }, items);
}

function driver(app, id, label, detail) {
  return h("li", null, nodeLink(app, id, label), h("span", { class: "driver-detail", text: detail }));
}

function para(text) {
  return h("p", { text });
}

/** What drives one KPI, in words and as lists of clickable initiatives and goals. */
export function explainKpi(key, app) {
  const f = app.format;
  const r = app.report;
  const k = r.kpis;
  const active = r.initiatives.filter((i) => i.active);
  const byCost = k.index_basis === "cost";
  const out = h("div", { class: "kpi-why-body" });

  if (key === "alignment_index") {
    const total = byCost ? active.reduce((s, i) => s + (i.cost || 0), 0) : active.length;
    out.appendChild(
      para(
        byCost
          ? `Alignment index = Σ cost × alignment ÷ Σ cost over the ${active.length} active initiatives (${f.money(total)}). ` +
              `An initiative's alignment is the weighted share of the goals it reaches. Risk-adjusted (each initiative counted only when it delivers): ${f.share(k.expected_alignment_index)}.`
          : `Alignment index = the mean alignment of the ${active.length} active initiatives (no initiative has a cost). Risk-adjusted: ${f.share(k.expected_alignment_index)}.`,
      ),
    );
    if (total > 0 && active.length) {
      const w = (i) => (byCost ? i.cost || 0 : 1) / total;
      const lifts = [...active].sort((a, b) => w(b) * b.alignment - w(a) * a.alignment).slice(0, 5);
      out.appendChild(h("h4", { text: "Largest contributions" }));
      out.appendChild(
        driverList(
          lifts.map((i) =>
            driver(app, i.id, i.name, `${f.share(i.alignment)} aligned × ${byCost ? f.money(i.cost) : "1"} → ${f.deltaShare(w(i) * i.alignment) || "0 pts"}`),
          ),
        ),
      );
      const drags = active
        .filter((i) => i.alignment < k.alignment_index)
        .sort((a, b) => w(b) * (k.alignment_index - b.alignment) - w(a) * (k.alignment_index - a.alignment))
        .slice(0, 5);
      if (drags.length) {
        out.appendChild(h("h4", { text: "Pulling it down (spend below the average alignment)" }));
        out.appendChild(driverList(drags.map((i) => driver(app, i.id, i.name, `${f.share(i.alignment)} aligned, ${f.money(i.cost)}`))));
      }
    }
  } else if (key === "goal_coverage") {
    out.appendChild(
      para(
        `Goal coverage = Σ over top-level goals of weight × coverage. A goal's coverage is the chance that at least one active initiative carries through to it; ${f.share(k.expected_goal_coverage)} when each initiative counts only if it delivers.`,
      ),
    );
    const top = r.goals.filter((g) => g.top_level).sort((a, b) => b.weight * (1 - b.coverage) - a.weight * (1 - a.coverage));
    out.appendChild(h("h4", { text: "Top-level goals, largest gaps first" }));
    out.appendChild(
      driverList(
        top.map((g) =>
          driver(app, g.id, g.name, `weight ${f.share(g.weight)} × coverage ${f.share(g.coverage)} = ${f.deltaShare(g.weight * g.coverage) || "0 pts"}`),
        ),
      ),
    );
  } else if (key === "unaligned_spend_share") {
    out.appendChild(
      para(
        `${f.money(k.unaligned_spend)} of ${f.money(k.total_spend)} active spend goes to initiatives that reach no goal at all (${f.share(k.unaligned_spend_share)}); ${f.share(1 - (k.unaligned_spend_share || 0))} of the spend serves at least one goal.`,
      ),
    );
    appendOrphans(out, app);
  } else if (key === "uncovered_goals") {
    const ids = k.uncovered_goals ?? [];
    out.appendChild(
      para(
        ids.length
          ? `No active initiative reaches ${ids.length === 1 ? "this goal" : `these ${ids.length} goals`}: the strategy names them, the portfolio does not serve them.`
          : "Every goal is reached by at least one active initiative.",
      ),
    );
    if (ids.length)
      out.appendChild(
        driverList(
          ids.map((id) => {
            const g = app.goal(id);
            return driver(app, id, app.name(id), g ? (g.top_level ? `weight ${f.share(g.weight)}` : "sub-goal") : "");
          }),
        ),
      );
  } else if (key === "orphan_initiatives") {
    out.appendChild(para("Orphan initiatives are active initiatives that reach no goal, not even a sub-goal: their spend is unaligned."));
    appendOrphans(out, app);
  } else if (key === "total_exposure") {
    out.appendChild(
      para(
        `Total exposure = Σ delivery risk × cost over the active portfolio. Delivery risk combines an initiative's own risk with the risk of everything it depends on.`,
      ),
    );
    if (!(k.top_exposures ?? []).length) {
      out.appendChild(para("No active initiative carries delivery risk and cost."));
      return out;
    }
    out.appendChild(h("h4", { text: "Top exposures" }));
    out.appendChild(
      driverList(
        (k.top_exposures ?? []).map((t) =>
          driver(app, t.id, t.name ?? app.name(t.id), `${f.share(t.delivery_risk)} risk × ${f.money(t.cost)} = ${f.money(t.exposure)}`),
        ),
      ),
    );
  }
  return out;
}

function appendOrphans(out, app) {
  const ids = app.report.kpis.orphan_initiatives ?? [];
  if (!ids.length) {
    out.appendChild(para("There are no orphan initiatives."));
    return;
  }
  out.appendChild(h("h4", { text: ids.length === 1 ? "Orphan initiative" : `${ids.length} orphan initiatives` }));
  out.appendChild(
    driverList(
      ids.slice(0, 50).map((id) => {
        const i = app.initiative(id);
        return driver(app, id, app.name(id), i ? `${app.format.money(i.cost)}, ${i.status}` : "");
      }),
    ),
  );
  if (ids.length > 50) out.appendChild(para(`… and ${ids.length - 50} more.`));
}
