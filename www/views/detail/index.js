// The detail panel (aside#detail) of the selected node: attributes, scores, the explaining paths, the goals
// it serves, what it depends on and what depends on it (clickable), its blast radius, and its figures
// spelled out in words.

import { h, clear, nodeLink } from "../../lib/dom.js";
import "./detail.css";
import { gapBlock } from "../../widgets/why-zero.js";
import "../../widgets/why-zero.css";
import { nodeForm, relationships } from "./edit.js";
import { confirmDialog } from "../../widgets/confirm-dialog.js";

export const title = "Details";

const SCORE_FIELDS = [
  { key: "alignment", label: "Alignment", kind: "share" },
  { key: "conflict", label: "Conflict", kind: "share" },
  { key: "own_risk", label: "Own risk", kind: "share" },
  { key: "delivery_risk", label: "Delivery risk", kind: "share" },
  { key: "exposure", label: "Exposure", kind: "money" },
];

const HIDDEN_ATTRS = new Set(["id", "kind", "name"]);
const EPS = 1e-12;

export function mount(root, app) {
  let history = [];
  let current = null;
  let goingBack = false;
  /** The node whose edit form is open, or null. */
  let editing = null;
  const agRoot = root.closest(".ag-root") ?? root;
  const $ = (id) => agRoot.querySelector(`#${id}`);

  root.addEventListener("keydown", (e) => {
    if (e.key === "Escape") {
      e.stopPropagation();
      app.select(null);
    }
  });

  function section(titleText, ...children) {
    return h("section", { class: "detail-section" }, h("h3", { text: titleText }), ...children);
  }

  function chain(nodes, weights, { negativeAt = -1 } = {}) {
    const out = h("span", { class: "chain" });
    nodes.forEach((id, k) => {
      if (k > 0) {
        const w = weights?.[k - 1];
        out.appendChild(
          h("span", { class: ["chain-edge", (w < 0 || k - 1 === negativeAt) && "negative"], "aria-label": `weight ${w}` }, h("span", { "aria-hidden": "true", text: "→" }), h("span", { class: "chain-weight", text: String(Math.round(w * 1000) / 1000) })),
        );
      }
      out.appendChild(nodeLink(app, id));
    });
    return out;
  }

  function whyText(ex, node) {
    const f = app.format;
    const lines = [];
    const kind = ex.kind ?? node?.kind;
    const terms = (ex.goals ?? []).filter((g) => g.contribution > EPS || g.reach > EPS);
    if (kind === "goal") {
      const g = app.goal(ex.id);
      if (g) {
        const col = goalColumn(ex.id);
        lines.push(
          `Coverage ${f.share(g.coverage)} = 1 − Π over active initiatives of (1 − reach)` +
            (col.length ? `: ${col.slice(0, 6).map((c) => `${app.name(c.id)} ${f.share(c.reach)}`).join(", ")}${col.length > 6 ? ", …" : ""}.` : ": no active initiative reaches it."),
        );
        lines.push(`Expected coverage ${f.share(g.expected_coverage)} counts each initiative only when it delivers (1 − delivery risk); value at risk ${f.money(g.value_at_risk)}.`);
        if (g.top_level) lines.push(`Weight ${f.share(g.weight)} of the strategy (top-level goals' weights normalised to 100%).`);
        else lines.push(`A sub-goal: it passes a share of its parent's weight up (${(g.parents ?? []).map((p) => app.name(p)).join(", ")}).`);
      }
    } else {
      // Sub-goals carry no weight of their own (they count through their parents): leave their
      // zero terms out of the sum and say how many there are.
      const weighted = terms.filter((t) => t.weight > EPS);
      const subgoals = terms.length - weighted.length;
      if (weighted.length)
        lines.push(
          `Alignment ${f.share(ex.alignment)} = Σ over goals of weight × reach: ` +
            weighted.map((t) => `${app.name(t.goal)} ${f.share(t.weight)} × ${f.share(t.reach)} = ${f.share(t.contribution)}`).join(" + ") +
            "." +
            (subgoals
              ? ` It also reaches ${subgoals} sub-goal${subgoals === 1 ? "" : "s"}, which count through their parent goals.`
              : ""),
        );
      else if (terms.length)
        lines.push(`Alignment ${f.share(ex.alignment)}: it reaches only sub-goals, which count through their parent goals.`);
      else lines.push(`Alignment ${f.share(ex.alignment)}: it reaches no top-level goal along contributes, supports or part_of edges.`);
      if (ex.conflict > EPS) lines.push(`Conflict ${f.share(ex.conflict)}: the weighted reach along paths that work against a goal (kept apart, never netted off).`);
      const deps = ex.depends_on ?? [];
      const iniNow = kind === "initiative" ? app.initiative(ex.id) : null;
      if (iniNow && !iniNow.active && ex.delivery_risk >= 1 - 1e-9) {
        lines.push(`Delivery risk 100%: it is ${app.whatIf().some((t) => t.id === ex.id) ? "switched off in What-if" : iniNow.status}, so it will not deliver, and neither will what depends on it.`);
      } else if (iniNow && iniNow.status === "done" && ex.delivery_risk <= 1e-12) {
        lines.push("Delivery risk 0%: it is done and has delivered.");
      } else if (ex.delivery_risk != null) {
        if (deps.length)
          lines.push(
            `Delivery risk ${f.share(ex.delivery_risk)} = 1 − (1 − own risk ${f.share(ex.own_risk)}) × Π(1 − risk of each dependency): ` +
              deps.map((d) => `${app.name(d.id)} ${f.share(d.delivery_risk)}`).join(", ") +
              ".",
          );
        else if (ex.delivery_risk > EPS || ex.own_risk > EPS) lines.push(`Delivery risk ${f.share(ex.delivery_risk)}: its own risk, it depends on nothing.`);
      }
      const ini = kind === "initiative" ? app.initiative(ex.id) : null;
      if (ini) {
        if (Number.isFinite(ini.exposure)) lines.push(`Exposure ${f.money(ini.exposure)} = delivery risk ${f.share(ini.delivery_risk)} × cost ${f.money(ini.cost)}.`);
        if (!ini.active) lines.push(`Not active (${ini.status}): it does not count in the KPIs or coverage. Switch it on in What-if to see the difference.`);
      }
    }
    return lines;
  }

  function goalColumn(goalId) {
    const m = matrix;
    const j = m?.goals?.indexOf(goalId) ?? -1;
    if (j < 0) return [];
    const out = [];
    (m.initiatives ?? []).forEach((id, i) => {
      const r = m.reach?.[i]?.[j] || 0;
      if (r > EPS) out.push({ id, reach: r });
    });
    return out.sort((a, b) => b.reach - a.reach);
  }

  function scoreValue(field, ex, id) {
    const f = app.format;
    if (field.key === "exposure") {
      const ini = app.initiative(id);
      const v = ini ? ini.exposure : app.score("exposure", id);
      return ex.kind === "initiative" || ini ? f.money(v) : "–";
    }
    const v = ex[field.key] ?? app.score(field.key, id);
    return f.share(v);
  }

  function attributes(node) {
    const rows = Object.entries(node ?? {}).filter(([k]) => !HIDDEN_ATTRS.has(k));
    if (!rows.length) return null;
    const dl = h("dl", { class: "attrs" });
    for (const [k, v] of rows) {
      // ArchiMate properties (imported): [[name, value], ...], one line each.
      if (k === "properties" && Array.isArray(v) && v.every((p) => Array.isArray(p) && p.length === 2)) {
        for (const [name, value] of v) dl.append(h("dt", { class: "property", text: String(name) }), h("dd", { text: String(value) }));
        continue;
      }
      let text;
      if (k === "cost" || k === "benefit") text = app.format.money(v);
      else if (v !== null && typeof v === "object") text = JSON.stringify(v);
      else text = String(v);
      const label = k === "archimate_type" ? "ArchiMate type" : k.replace(/_/g, " ");
      dl.append(h("dt", { text: label }), h("dd", { text }));
    }
    return section("Attributes", dl);
  }

  /** The report's initiatives x goals matrix for the latest scores (goals list who reaches them). */
  let matrix = null;
  let asked = 0;
  async function draw() {
    const mine = ++asked;
    const id = app.selected;
    if (id !== current && current != null && !goingBack) history.push(current);
    goingBack = false;
    if (id == null) history = [];
    current = id;
    if (id == null) {
      clear(root);
      root.hidden = true;
      return;
    }
    const f = app.format;

    const [node, answer, m] = await Promise.all([
      app.engine.node(id).catch(() => null),
      app.engine.explain(id, 10).then(
        (value) => ({ value }),
        (error) => ({ error }),
      ),
      app.kind(id) === "goal" ? app.section("matrix").catch(() => null) : null,
    ]);
    if (mine !== asked) return;
    matrix = m;
    clear(root);
    root.hidden = false;
    const ex = answer.value ?? null;
    if (answer.error) {
      const err = answer.error;
      root.append(header(id, node), h("p", { class: "muted", text: err?.code === "UNKNOWN_NODE" ? "This node is no longer in the model." : `No explanation: ${err?.message ?? err}` }));
      return;
    }
    const kind = ex.kind ?? node?.kind ?? app.kind(id);

    root.appendChild(header(id, node, kind, ex.name));
    if (editing !== id) editing = null;
    if (editing) {
      root.appendChild(
        nodeForm(app, id, node, kind, (saved) => {
          editing = null;
          if (!saved) draw();
        }),
      );
      root.querySelector("#detail-edit-form input, #detail-edit-form textarea")?.focus();
    }

    const scores = h("dl", { class: "scores" });
    const fields = [...SCORE_FIELDS];
    for (const field of fields) {
      scores.append(h("div", { class: "score", dataset: { score: field.key } }, h("dt", { text: field.label }), h("dd", { class: "score-value", text: scoreValue(field, ex, id) })));
    }
    if (kind === "goal") {
      const g = app.goal(id);
      if (g) {
        scores.append(
          h("div", { class: "score", dataset: { score: "coverage" } }, h("dt", { text: "Coverage" }), h("dd", { class: "score-value", text: f.share(g.coverage) })),
          h("div", { class: "score", dataset: { score: "expected_coverage" } }, h("dt", { text: "Expected coverage" }), h("dd", { class: "score-value", text: f.share(g.expected_coverage) })),
        );
      }
    }
    root.appendChild(scores);

    const why = whyText(ex, node);
    const pct = kind === "goal" ? app.goal(id)?.coverage : ex.alignment;
    root.appendChild(
      section(
        `Why is this ${f.share(pct ?? 0)}?`,
        why.map((line) => h("p", { class: "why-line", text: line })),
      ),
    );

    // Zero for want of a route: what is missing and the one change that connects it.
    if (ex.why_zero) root.appendChild(section("What is missing", gapBlock(app, ex.why_zero)));

    if (node?.description) root.appendChild(h("p", { class: "description", text: String(node.description) }));

    // Goals served (per-goal terms).
    const terms = (ex.goals ?? []).filter((g) => g.reach > EPS || g.conflict > EPS);
    if (terms.length && kind !== "goal") {
      root.appendChild(
        section(
          "Goals it serves",
          h(
            "table",
            { class: "data compact goals-served" },
            h("thead", null, h("tr", null, h("th", { scope: "col", text: "Goal" }), h("th", { scope: "col", class: "num", text: "Weight" }), h("th", { scope: "col", class: "num", text: "Reach" }), h("th", { scope: "col", class: "num", text: "Contribution" }))),
            h(
              "tbody",
              null,
              terms.map((t) =>
                h(
                  "tr",
                  null,
                  h("th", { scope: "row" }, nodeLink(app, t.goal), t.conflict > EPS ? h("span", { class: "flag flag-warn", text: `works against ${f.share(t.conflict)}` }) : null),
                  h("td", { class: "num", text: f.share(t.weight) }),
                  h("td", { class: "num", text: f.share(t.reach) }),
                  h("td", { class: "num", text: f.share(t.contribution) }),
                ),
              ),
            ),
          ),
        ),
      );
    }

    if (kind === "goal") {
      const col = goalColumn(id);
      const list = h("ul", { class: "serving" });
      for (const c of col.slice(0, 30)) list.appendChild(h("li", null, nodeLink(app, c.id), h("span", { class: "muted", text: ` reach ${f.share(c.reach)}` })));
      if (!col.length) list.appendChild(h("li", { class: "muted", text: "No active initiative reaches this goal." }));
      if (col.length > 30) list.appendChild(h("li", { class: "muted", text: `… and ${col.length - 30} more` }));
      root.appendChild(section(`Initiatives that reach it (${f.count(col.length)})`, list));
      const g = app.goal(id);
      if (g?.single_points_of_failure?.length)
        root.appendChild(section("Single points of failure", h("ul", { class: "spof-list" }, g.single_points_of_failure.map((x) => h("li", null, nodeLink(app, x))))));
    }

    // Paths.
    const paths = ex.paths ?? [];
    const ol = h("ol", { class: "paths" });
    for (const p of paths) {
      ol.appendChild(
        h(
          "li",
          null,
          chain(p.nodes ?? [], p.weights ?? []),
          h("span", { class: "path-figures", text: `strength ${f.weight(p.strength)} × goal weight → ${f.share(p.contribution)}` }),
        ),
      );
    }
    if (!paths.length) ol.appendChild(h("li", { class: "muted", text: "No path reaches a top-level goal." }));
    root.appendChild(section("Strongest paths to the goals", ol));

    const cpaths = ex.conflict_paths ?? [];
    if (cpaths.length) {
      const cl = h("ol", { class: "conflict-paths" });
      for (const p of cpaths) cl.appendChild(h("li", null, chain(p.nodes ?? [], p.weights ?? []), h("span", { class: "path-figures", text: `works against: ${f.share(p.contribution)}` })));
      root.appendChild(section("Paths that work against a goal", cl));
    }

    // Dependencies.
    const deps = ex.depends_on ?? [];
    const depList = h("ul", { class: "depends-on" });
    for (const d of deps) depList.appendChild(h("li", null, nodeLink(app, d.id), h("span", { class: "muted", text: ` delivery risk ${f.share(d.delivery_risk)}` })));
    if (!deps.length) depList.appendChild(h("li", { class: "muted", text: "Nothing." }));
    const dependents = ex.dependents ?? [];
    const depdList = h("ul", { class: "dependents" });
    for (const d of dependents.slice(0, 50)) depdList.appendChild(h("li", null, nodeLink(app, typeof d === "string" ? d : d.id)));
    if (!dependents.length) depdList.appendChild(h("li", { class: "muted", text: "Nothing." }));
    if (dependents.length > 50) depdList.appendChild(h("li", { class: "muted", text: `… and ${dependents.length - 50} more` }));
    root.append(section("Depends on", depList), section("Depended on by", depdList));

    // Blast radius.
    const br = ex.blast_radius;
    const brBox = h("div", { class: "blast-radius" });
    if (br) {
      const fails = (br.fails ?? []).filter((x) => x !== id);
      const losses = Object.entries(br.goals ?? {})
        .filter(([, v]) => v > 1e-9)
        .sort((a, b) => b[1] - a[1]);
      brBox.appendChild(
        h(
          "p",
          null,
          `If ${ex.name ?? app.name(id)} fails, ${fails.length ? `${f.count(fails.length)} other node${fails.length === 1 ? "" : "s"} fail${fails.length === 1 ? "s" : ""} with it` : "nothing else fails with it"}; weighted goal coverage drops by ${f.deltaShare(br.weighted_loss).replace(/^\+/, "") || "0 pts"}.`,
        ),
      );
      if (fails.length) {
        const ul = h("ul", { class: "inline-list" });
        for (const x of fails.slice(0, 20)) ul.appendChild(h("li", null, nodeLink(app, x)));
        if (fails.length > 20) ul.appendChild(h("li", { class: "muted", text: `+${fails.length - 20} more` }));
        brBox.appendChild(ul);
      }
      if (losses.length) {
        const t = h("ul", { class: "losses" });
        for (const [g, v] of losses) t.appendChild(h("li", null, nodeLink(app, g), h("span", { class: "muted", text: ` loses ${f.share(v)} coverage` })));
        brBox.appendChild(t);
      }
    } else brBox.appendChild(h("p", { class: "muted", text: "Not computed for this node." }));
    root.appendChild(section("Blast radius", brBox));

    const attrs = attributes(node);
    if (attrs) root.appendChild(attrs);
    if (!app.readonly) {
      const rel = await relationships(app, id).catch(() => null);
      if (mine === asked && rel) root.appendChild(rel);
    }
  }

  async function remove(id) {
    const ok = await confirmDialog($, {
      title: `Delete ${app.name(id)}?`,
      message: `${app.name(id)} and its relationships are removed from the model. Undo brings them back.`,
      ok: "Delete",
      cancel: "Keep it",
    });
    if (!ok) return;
    try {
      await app.edit({ op: "delete_node", id });
      app.select(null);
    } catch (err) {
      app.notify(`${app.name(id)} was not deleted: ${err?.diagnostics?.[0]?.message ?? err?.message ?? err}`, { error: true });
    }
  }

  function header(id, node, kind, name) {
    const back = h("button", {
      type: "button",
      class: "icon-button",
      id: "detail-back",
      "aria-label": "Back to the previous node",
      title: "Back",
      text: "←",
      disabled: history.length === 0,
      on: {
        click: () => {
          const prev = history.pop();
          if (prev != null) {
            goingBack = true;
            app.select(prev);
          }
        },
      },
    });
    const close = h("button", {
      type: "button",
      class: "icon-button",
      id: "detail-close",
      "aria-label": "Close the details",
      title: "Close (Esc)",
      text: "×",
      on: { click: () => app.select(null) },
    });
    const edits = app.readonly
      ? null
      : h(
          "div",
          { class: "detail-edit-actions" },
          h("button", { type: "button", id: "detail-edit", text: "Edit", "aria-expanded": String(editing === id), on: { click: () => ((editing = editing === id ? null : id), draw()) } }),
          h("button", { type: "button", id: "detail-delete", text: "Delete", on: { click: () => remove(id) } }),
        );
    return h(
      "header",
      { class: "detail-head" },
      h("div", { class: "detail-actions" }, back, close),
      edits,
      h("span", { class: ["tag", "kind-tag", kind && `kind-${kind}`], text: kind ?? app.kind(id) ?? "node" }),
      h("h2", { text: name ?? node?.name ?? app.name(id) }),
      h("code", { class: "node-id", text: id }),
    );
  }

  function update() {
    draw();
  }

  draw();
  return { update, destroy() {} };
}
