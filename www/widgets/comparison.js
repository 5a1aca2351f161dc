// The presentation of a comparison, shared by the scenario comparison (views/scenarios) and the
// comparison with an earlier file (the overview's board summary): KPI definitions for any KPI a
// comparison names, numeric cells with full precision in data-value and a tone for deltas, the KPI
// table and the changes with their reasons in words.

import { h } from "../lib/dom.js";
import { KPIS, formatKpi, formatKpiDelta, ragChip } from "./kpis.js";
import { deltaTone, kpiNumber } from "../views/scenarios/model.js";

/** The tile's definition of a KPI, or one made from its name (kind and better from the name). */
export function kpiDef(key) {
  return (
    KPIS.find((k) => k.key === key) ?? {
      key,
      label: key.replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase()),
      kind: /spend|cost|exposure|benefit|budget/.test(key) && !/share/.test(key) ? "money" : /initiatives$|goals$/.test(key) ? "count" : "share",
      better: /orphan|uncovered|exposure|unaligned/.test(key) ? "down" : "up",
    }
  );
}

/** A numeric table cell: `data-col`, full precision in `data-value`, `delta-better|worse` by tone. */
export function cell(col, text, val, tone) {
  return h("td", { class: ["num", tone && `delta-${tone}`], dataset: { col, value: val ?? "" }, text });
}

const head = (cols) => h("thead", null, h("tr", null, cols.map((t, i) => h("th", { scope: "col", class: i ? "num" : null, text: t }))));

/**
 * A table of KPIs, one row per `{kpi, before, after, delta, beforeStatus?, afterStatus?}`, columns
 * named `before` and `after` (e.g. "Baseline" and the scenario's name).
 */
export function kpiTable(app, rows, { id, caption, before, after }) {
  const fm = app.format;
  const withStatus = rows.some((r) => r.beforeStatus || r.afterStatus);
  const status = (s) => h("td", { class: "rag-cell" }, s ? ragChip(s) : h("span", { class: "muted", text: "no target" }));
  return h(
    "div",
    { class: "table-wrap" },
    h(
      "table",
      { id, class: "data compact" },
      h("caption", { class: "sr-only", text: caption }),
      head(["KPI", before, after, "Change"].concat(withStatus ? ["Status then", "Status now"] : [])),
      h(
        "tbody",
        null,
        rows.map((r) => {
          const def = kpiDef(r.kpi);
          const [b, a] = [kpiNumber(r.before), kpiNumber(r.after)];
          const d = typeof r.delta === "number" ? r.delta : a - b;
          return h(
            "tr",
            { dataset: { kpi: r.kpi } },
            h("th", { scope: "row", text: def.label }),
            cell("baseline", formatKpi(def, b, fm), b),
            cell("scenario", formatKpi(def, a, fm), a),
            cell("delta", formatKpiDelta(def, d, fm) || "no change", d, deltaTone(d, def.better)),
            withStatus ? status(r.beforeStatus) : null,
            withStatus ? status(r.afterStatus) : null,
          );
        }),
      ),
    ),
  );
}

/** The reasons in words, one item each (`data-change`, `data-subject`). */
export function reasonList(reasons, { id }) {
  return h("ul", { id, class: "scenario-reasons" }, reasons.map((r) => h("li", { dataset: { change: r.change, subject: r.subject }, text: r.text })));
}

/** Goals whose coverage changes: `{id, name, before, after, delta}` rows. */
export function goalTable(app, rows, { id, caption, before, after }) {
  const fm = app.format;
  const show = (v) => (v == null ? "—" : fm.share(v));
  return h(
    "div",
    { class: "table-wrap" },
    h(
      "table",
      { id, class: "data compact" },
      h("caption", { class: "sr-only", text: caption }),
      head(["Goal", before, after, "Change"]),
      h(
        "tbody",
        null,
        rows.map((g) =>
          h(
            "tr",
            { dataset: { id: g.id } },
            h("th", { scope: "row", text: g.name }, g.note ? h("span", { class: "tag", text: g.note }) : null),
            cell("baseline", show(g.before), g.before),
            cell("scenario", show(g.after), g.after),
            cell("delta", g.delta == null ? "—" : fm.deltaShare(g.delta) || "no change", g.delta, deltaTone(g.delta, "up")),
          ),
        ),
      ),
    ),
  );
}
