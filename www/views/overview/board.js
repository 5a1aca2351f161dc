// The overview's board summary: status against the model's targets (red/amber/green with the rule),
// what changed since the chosen snapshot ("Compare with an earlier file…", read like an import, with
// the full comparison below), the top three risks and the top three decisions pending. The rules are
// in board-model.js and docs/page.md ("Board summary").

import { h, clear, nodeLink } from "../../lib/dom.js";
import { readFileBytes } from "../../lib/io.js";
import { ragChip, formatKpi } from "../../widgets/kpis.js";
import { kpiDef, kpiTable, goalTable, reasonList, cell } from "../../widgets/comparison.js";
import { deltaTone } from "../scenarios/model.js";
import { offTarget, topChanges, statusChanges, topRisks, pendingDecisions } from "./board-model.js";

const day = (iso) => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? "" : d.toLocaleDateString("en", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
};

/** The board summary and the full comparison: {board, full, update()}. */
export function boardSummary(app) {
  const fileInput = h("input", { type: "file", id: "compare-file", multiple: true, hidden: true, tabindex: "-1", "aria-hidden": "true" });
  const compareBtn = h("button", { type: "button", id: "compare-earlier", text: "Compare with an earlier file…", on: { click: () => fileInput.click() } });
  const statusPart = h("div", { class: "board-part", id: "board-status" });
  const changesPart = h("div", { class: "board-part", id: "board-changes" });
  const risksPart = h("div", { class: "board-part", id: "board-risks" });
  const decisionsPart = h("div", { class: "board-part", id: "board-decisions" });
  const board = h(
    "section",
    { id: "board-summary", class: "panel board", "aria-labelledby": "board-heading" },
    h("h3", { id: "board-heading", text: "Board summary" }),
    h("div", { class: "board-grid" }, statusPart, changesPart, risksPart, decisionsPart),
    fileInput,
  );
  const fullBody = h("div", { class: "snapshot-body" });
  const fullSummary = h("summary", { id: "snapshot-comparison-summary", text: "Full comparison with the snapshot" });
  const full = h("details", { id: "snapshot-comparison", class: "panel snapshot-comparison", hidden: true }, fullSummary, fullBody);
  full.addEventListener("toggle", () => full.open && renderFull());
  let error = null;

  fileInput.addEventListener("change", async () => {
    const files = [...(fileInput.files ?? [])];
    fileInput.value = "";
    if (!files.length) return;
    const fileName = files.map((f) => f.name).join(", ");
    let entries;
    try {
      entries = await Promise.all(files.map(async (f) => ({ name: f.name, bytes: await readFileBytes(f) })));
    } catch (err) {
      error = { fileName, message: `${fileName} could not be read: ${err?.message ?? err}`, diagnostics: [] };
      update();
      return;
    }
    const date = new Date(Math.max(...files.map((f) => f.lastModified || 0))).toISOString();
    app.notify(`Comparing ${app.modelName} with ${fileName}…`);
    try {
      await app.compareWith({ fileName, date, chosenAt: new Date().toISOString(), files: entries });
      error = null;
      const n = app.comparison?.changes?.length ?? 0;
      app.notify(`Compared with ${fileName}: ${app.format.count(n)} change${n === 1 ? "" : "s"} since then.`);
    } catch (err) {
      const diags = (err?.diagnostics ?? []).filter((d) => d.severity === "error");
      error = { fileName, message: `${fileName} could not be compared: ${diags.length ? `${app.format.count(diags.length)} error${diags.length === 1 ? "" : "s"}` : err?.message ?? err}`, diagnostics: diags };
      app.notify(`${error.message}. The snapshot is unchanged.`, { error: true, details: diags.length ? diags : null });
    }
    update();
  });

  function renderStatus() {
    const st = app.report.status ?? { kpis: [], goals: [], counts: { green: 0, amber: 0, red: 0 } };
    const c = st.counts ?? { green: 0, amber: 0, red: 0 };
    const total = c.green + c.amber + c.red;
    const f = app.format;
    clear(statusPart);
    statusPart.append(h("h4", { text: "Against targets" }));
    if (!total) {
      statusPart.append(h("p", { class: "muted", id: "board-no-targets", text: "No targets are set. Add targets to the model file (its \"targets\" field) to see red, amber and green here." }));
      return;
    }
    statusPart.append(
      h("p", { id: "board-counts", class: "board-counts" }, `${f.count(total)} target${total === 1 ? "" : "s"}: `, ragChip("green", `${c.green} green`), " ", ragChip("amber", `${c.amber} amber`), " ", ragChip("red", `${c.red} red`)),
    );
    const off = offTarget(st);
    if (!off.length) {
      statusPart.append(h("p", { class: "muted", text: "Every KPI and goal meets its target." }));
      return;
    }
    statusPart.append(
      h(
        "ul",
        { id: "board-off-target", class: "board-list" },
        off.slice(0, 6).map((x) => {
          const label = x.what === "kpi" ? kpiDef(x.kpi).label : `${x.name}${x.field === "coverage" ? "" : ` (${x.field.replace(/_/g, " ")})`}`;
          const value = x.what === "kpi" ? formatKpi(kpiDef(x.kpi), x.value, f) : f.share(x.value);
          return h(
            "li",
            { dataset: { what: x.what, id: x.what === "kpi" ? x.kpi : x.id, field: x.field ?? "", status: x.status } },
            ragChip(x.status),
            " ",
            x.what === "goal" ? nodeLink(app, x.id, label) : h("span", { class: "board-name", text: label }),
            h("span", { class: "board-value", text: ` ${value}` }),
            h("span", { class: "board-rule", text: ` (${x.rule})` }),
          );
        }),
      ),
    );
    if (off.length > 6) statusPart.append(h("p", { class: "table-note", text: `… and ${f.count(off.length - 6)} more off target.` }));
  }

  function renderChanges() {
    const f = app.format;
    clear(changesPart);
    changesPart.append(h("h4", { text: "Since the snapshot" }));
    const snap = app.snapshot;
    if (error) changesPart.append(h("p", { class: "board-error", id: "compare-error", role: "alert", text: `${error.message}${error.diagnostics[0] ? `: ${error.diagnostics[0].message}` : ""}.` }));
    if (!snap) {
      changesPart.append(h("p", { class: "muted", id: "board-no-snapshot", text: "Choose last quarter's file (any format the page imports) to see what changed since then." }), compareBtn);
      return;
    }
    const when = day(snap.date);
    changesPart.append(h("p", { id: "board-snapshot", dataset: { file: snap.fileName } }, `Compared with ${snap.fileName}${when ? ` (${when})` : ""}.`));
    const d = app.comparison;
    if (!d) {
      const why = app.comparisonError?.message ?? "the comparison is not ready";
      changesPart.append(h("p", { class: "board-error", role: "alert", text: `No comparison: ${why}.` }));
    } else if (!(d.changes ?? []).length) {
      changesPart.append(h("p", { class: "muted", id: "board-no-changes", text: "Nothing changed since then." }));
    } else {
      const top = topChanges(d);
      changesPart.append(
        h("p", { class: "board-counts", text: `${f.count(d.changes.length)} change${d.changes.length === 1 ? "" : "s"}; the largest:` }),
        h(
          "ol",
          { id: "board-top-changes", class: "board-list" },
          top.map((c) => h("li", { dataset: { change: c.index } }, h("span", { text: c.text }), c.reason ? h("span", { class: "board-reason", text: `: ${c.reason.text.split(" because ")[0]}` }) : null)),
        ),
      );
      const sc = statusChanges(d);
      const moved = [...sc.kpis.map((k) => ({ label: kpiDef(k.kpi).label, ...k, key: k.kpi })), ...sc.goals.map((g) => ({ label: g.name, ...g, key: g.id }))];
      if (moved.length)
        changesPart.append(
          h(
            "ul",
            { id: "board-status-changes", class: "board-list" },
            moved.map((m) => h("li", { dataset: { id: m.key } }, `${m.label}: `, m.old_status ? ragChip(m.old_status) : "no target", " → ", m.new_status ? ragChip(m.new_status) : "no target")),
          ),
        );
    }
    const show = h("button", {
      type: "button",
      id: "board-show-comparison",
      class: "link",
      "aria-controls": "snapshot-comparison",
      text: "Show the full comparison",
      on: {
        click: () => {
          full.open = true;
          renderFull();
          fullSummary.focus?.();
        },
      },
    });
    const forget = h("button", { type: "button", id: "board-forget", text: "Forget the snapshot", on: { click: () => app.clearSnapshot() } });
    compareBtn.textContent = "Compare with another file…";
    changesPart.append(h("div", { class: "board-actions" }, d ? show : null, compareBtn, forget));
  }

  function renderRisks() {
    const f = app.format;
    clear(risksPart);
    risksPart.append(h("h4", { text: "Top risks" }));
    const risks = topRisks(app.report, (id) => app.name(id));
    if (!risks.length) {
      risksPart.append(h("p", { class: "muted", text: "No single point of failure and no money at risk." }));
      return;
    }
    risksPart.append(
      h(
        "ol",
        { id: "board-risks-list", class: "board-list" },
        risks.map((r) => {
          const why =
            r.kind === "spof"
              ? `Single point of failure: every route from the portfolio to ${r.goals.map((g) => app.name(g)).join(", ")} runs through it.`
              : `${f.money(r.exposure)} at risk: delivery risk ${f.share(r.delivery_risk)} × cost ${f.money(r.cost)}${r.own_risk != null && r.delivery_risk > r.own_risk + 1e-9 ? ` (own risk ${f.share(r.own_risk)}, the rest from what it depends on)` : ""}.`;
          return h("li", { dataset: { kind: r.kind, id: r.id } }, nodeLink(app, r.id, r.name), h("span", { class: "board-reason", text: ` ${why}` }));
        }),
      ),
    );
  }

  function renderDecisions() {
    const f = app.format;
    clear(decisionsPart);
    decisionsPart.append(h("h4", { text: "Decisions pending" }));
    const list = pendingDecisions(app.report, (id) => app.name(id));
    if (!list.length) {
      decisionsPart.append(h("p", { class: "muted", text: "No orphan to stop, no goal left unreached, no proposed initiative to approve." }));
      return;
    }
    const verb = { stop: "Stop or link", fund: "Fund or link", approve: "Approve or drop" };
    decisionsPart.append(
      h(
        "ol",
        { id: "board-decisions-list", class: "board-list" },
        list.map((x) => {
          const why =
            x.kind === "stop"
              ? `${x.cost > 0 ? f.money(x.cost) : "It"} reaches no goal.`
              : x.kind === "fund"
                ? `No active initiative reaches it${x.top_level ? ` (weight ${f.share(x.weight)})` : ""}.`
                : `Proposed: alignment ${f.share(x.alignment)}${x.cost > 0 ? ` for ${f.money(x.cost)}` : ""}, the best value for money awaiting approval.`;
          return h("li", { dataset: { kind: x.kind, id: x.id } }, h("strong", { text: `${verb[x.kind]} ` }), nodeLink(app, x.id, x.name), h("span", { class: "board-reason", text: `: ${why}` }));
        }),
      ),
    );
  }

  function renderFull() {
    const d = app.comparison;
    const snap = app.snapshot;
    full.hidden = !d;
    if (!d || !full.open) return;
    const f = app.format;
    const then = snap?.fileName ?? "Then";
    clear(fullBody);
    fullBody.append(
      h("h4", { text: "KPIs" }),
      kpiTable(
        app,
        d.kpis.map((k) => ({ kpi: k.kpi, before: k.old, after: k.new, delta: k.delta, beforeStatus: k.old_status, afterStatus: k.new_status })),
        { id: "snapshot-kpis", caption: `KPIs of ${then} and now, with the change`, before: then, after: "Now" },
      ),
      h("h4", { text: "Goals" }),
      d.goals.length
        ? goalTable(
            app,
            d.goals.map((g) => ({ id: g.id, name: g.name, before: g.coverage.old, after: g.coverage.new, delta: g.coverage.delta, note: g.change === "changed" ? null : g.change })),
            { id: "snapshot-goals", caption: "Goals added, removed or whose coverage changed", before: then, after: "Now" },
          )
        : h("p", { class: "muted", text: "No goal changed." }),
      h("h4", { text: "Initiatives" }),
      d.initiatives.length ? initiativeTable(d.initiatives, then) : h("p", { class: "muted", text: "No initiative changed." }),
      h("h4", { text: "Changes and why the numbers moved" }),
      d.changes.length
        ? h(
            "ol",
            { id: "snapshot-changes", class: "snapshot-changes" },
            d.changes.map((c, i) => {
              const rs = d.reasons.filter((r) => r.change === i);
              return h("li", { dataset: { kind: c.kind, subject: c.subject } }, h("span", { text: c.text }), rs.length ? reasonList(rs, { id: `snapshot-reasons-${i}` }) : null);
            }),
          )
        : h("p", { class: "muted", text: "The files hold the same model." }),
      d.reasoned < d.changes.length ? h("p", { class: "table-note", text: `Reasons are given for the first ${f.count(d.reasoned)} changes.` }) : null,
    );
    function initiativeTable(rows, before) {
      const sh = (v) => (v == null ? "—" : f.share(v));
      const money = (v) => (v == null ? "—" : f.money(v));
      return h(
        "div",
        { class: "table-wrap" },
        h(
          "table",
          { id: "snapshot-initiatives", class: "data compact" },
          h("caption", { class: "sr-only", text: "Initiatives added, removed or changed" }),
          h("thead", null, h("tr", null, ["Initiative", "Status", "Cost", `Alignment ${before}`, "Alignment now", "Change"].map((t, i) => h("th", { scope: "col", class: i > 1 ? "num" : null, text: t })))),
          h(
            "tbody",
            null,
            rows.map((x) =>
              h(
                "tr",
                { dataset: { id: x.id, change: x.change } },
                h("th", { scope: "row", text: x.name }, x.change === "changed" ? null : h("span", { class: "tag", text: x.change })),
                h("td", { text: x.old_status === x.new_status ? x.new_status : `${x.old_status ?? "—"} → ${x.new_status ?? "—"}` }),
                cell("cost", x.cost.old === x.cost.new ? money(x.cost.new) : `${money(x.cost.old)} → ${money(x.cost.new)}`, x.cost.new ?? x.cost.old),
                cell("baseline", sh(x.alignment.old), x.alignment.old),
                cell("scenario", sh(x.alignment.new), x.alignment.new),
                cell("delta", x.alignment.delta == null ? "—" : f.deltaShare(x.alignment.delta) || "no change", x.alignment.delta, deltaTone(x.alignment.delta, "up")),
              ),
            ),
          ),
        ),
      );
    }
  }

  function update() {
    renderStatus();
    renderChanges();
    renderRisks();
    renderDecisions();
    full.hidden = !app.comparison;
    if (full.open) renderFull();
  }

  return { board, full, update };
}
