// Roadmap: a Gantt chart of the active initiatives from the engine's schedule (earliest start to earliest
// finish, slack as a lighter extension to the latest finish), the critical path highlighted and listed,
// the P80 finish (normal approximation, or the latest Monte Carlo run's when there is one) and the
// chance of finishing by a deadline. A table gives the same figures to keyboards and screen readers.

import { scaleLinear } from "d3-scale";
import { axisBottom } from "d3-axis";
import { select } from "d3-selection";
import { h, s, clear } from "../../lib/dom.js";
import { formatTime, formatSpan, scheduleErrorMessage, parseDeadline } from "./model.js";
import { ganttRows, ROW_LIMIT } from "../../lib/gantt.js";
import "../../widgets/decision.css";
import "./roadmap.css";

export const title = "Roadmap";

const ROW_H = 24;
const LABEL_W = 290;

export function mount(root, app) {
  const state = { deadline: null, schedule: null, svg: null, limit: ROW_LIMIT };
  const message = h("div", { id: "roadmap-message", class: "decide-message", role: "status", hidden: true });
  const summary = h("dl", { id: "roadmap-summary", class: "decide-figures" });
  const deadline = h("input", {
    id: "roadmap-deadline",
    type: "number",
    min: "0",
    step: "any",
    inputmode: "decimal",
    class: "roadmap-deadline",
    "aria-describedby": "roadmap-probability",
    on: { change: onDeadline, keydown: (e) => e.key === "Enter" && onDeadline() },
  });
  const probability = h("p", { id: "roadmap-probability", class: "roadmap-probability", "aria-live": "polite" });
  const critical = h("ol", { id: "roadmap-critical", class: "critical-list" });
  const chartHost = h("div", { class: "chart roadmap-chart" });
  // A large roadmap draws its first rows and the critical path; more on request.
  const moreBtn = h("button", { type: "button", id: "roadmap-more", class: "secondary", text: "Show more", on: { click: () => showMore() } });
  const rowsNote = h("p", { id: "roadmap-rows-note", class: "table-note", hidden: true }, h("span"), " ", moreBtn);
  // Alternatives (initiatives joined by `excludes`) the schedule left out: only one of them is planned.
  const alternativesNote = h("p", { id: "roadmap-alternatives", class: "table-note", hidden: true });
  const progressLine = h("p", { id: "roadmap-progress", class: "muted", role: "status", hidden: true, text: "Scheduling…" });
  const tbody = h("tbody");
  const table = h(
    "table",
    { id: "roadmap-table", class: "data compact roadmap-table" },
    h("caption", { text: "Schedule of the active initiatives: earliest and latest start and finish, and slack (time units of the model)." }),
    h(
      "thead",
      null,
      h(
        "tr",
        null,
        ["Initiative", "Duration", "Earliest start", "Earliest finish", "Latest start", "Latest finish", "Slack", "Critical"].map((t, i) => h("th", { scope: "col", class: i ? "num" : null, text: t })),
      ),
    ),
    tbody,
  );
  const body = h(
    "div",
    { class: "roadmap-body" },
    h(
      "div",
      { class: "decide-bar" },
      summary,
      h(
        "div",
        { class: "controls roadmap-deadline-controls" },
        h("label", { for: "roadmap-deadline", text: "Deadline" }),
        deadline,
        h("span", { class: "roadmap-unit muted" }),
        probability,
      ),
    ),
    h("section", { class: "panel", "aria-labelledby": "roadmap-chart-heading" }, h("h3", { id: "roadmap-chart-heading", text: "Gantt chart" }), alternativesNote, rowsNote, chartHost, legend()),
    h("div", { class: "decide-grid" },
      h("section", { class: "panel", "aria-labelledby": "roadmap-critical-heading" }, h("h3", { id: "roadmap-critical-heading", text: "Critical path" }), h("p", { class: "muted", text: "A delay to any of these delays the whole roadmap." }), critical),
      h("section", { class: "panel roadmap-table-panel", "aria-labelledby": "roadmap-table-heading" }, h("h3", { id: "roadmap-table-heading", text: "Schedule table" }), h("div", { class: "table-wrap" }, table)),
    ),
  );
  root.append(
    h("p", { class: "view-intro", text: "When the active initiatives can finish, given their durations and what each depends on. Bars run from the earliest start to the earliest finish; the lighter part is slack, how long a bar can slip without moving the end date." }),
    progressLine,
    message,
    body,
  );

  function legend() {
    return h(
      "p",
      { class: "roadmap-legend" },
      h("span", { class: "swatch swatch-critical", "aria-hidden": "true" }),
      " on the critical path ",
      h("span", { class: "swatch swatch-work", "aria-hidden": "true" }),
      " other initiatives ",
      h("span", { class: "swatch swatch-slack", "aria-hidden": "true" }),
      " slack ",
      h("span", { class: "swatch swatch-p80", "aria-hidden": "true" }),
      " P80 finish ",
      h("span", { class: "swatch swatch-deadline", "aria-hidden": "true" }),
      " deadline",
    );
  }

  function onDeadline() {
    try {
      state.deadline = parseDeadline(deadline.value);
      deadline.removeAttribute("aria-invalid");
    } catch (err) {
      deadline.setAttribute("aria-invalid", "true");
      probability.textContent = err.message;
      probability.dataset.value = "";
      return;
    }
    update();
  }

  function showMessage(reason, text) {
    message.hidden = false;
    message.dataset.reason = reason;
    message.textContent = text;
    body.hidden = true;
    state.svg = null;
  }

  /** The latest Monte Carlo result, if it was run on the model as it is now. */
  function simulated() {
    const last = app.lastSimulation;
    if (!last?.result) return null;
    let current = true;
    try {
      current = last.version === app.modelVersion;
    } catch {
      current = false;
    }
    return { ...last, current };
  }

  function showMore() {
    state.limit += 2 * ROW_LIMIT;
    if (state.schedule) draw(state.schedule);
  }

  let asked = 0;
  async function update() {
    const mine = ++asked;
    let sched;
    progressLine.hidden = false;
    try {
      // The schedule with its rows sorted by the engine's worker, as columns (lib/gantt.js).
      sched = await app.engine.roadmap(state.deadline ?? null);
    } catch (err) {
      if (mine !== asked) return;
      progressLine.hidden = true;
      const m = scheduleErrorMessage(err, (id) => app.name(id));
      showMessage(m.reason, m.text);
      return;
    }
    if (mine !== asked) return;
    progressLine.hidden = true;
    if (state.modelKey !== app.baseline) state.limit = ROW_LIMIT;
    state.modelKey = app.baseline;
    draw(sched);
  }

  function draw(sched) {
    state.schedule = sched;
    const why = sched.empty;
    if (why === "no-initiatives") return showMessage(why, "There is no active initiative to schedule.");
    if (why === "no-durations")
      return showMessage(why, "The initiatives have no durations, so there is no roadmap to draw. Give initiatives a duration (or a three-point estimate) in the model to see one.");
    message.hidden = true;
    message.textContent = "";
    delete message.dataset.reason;
    body.hidden = false;
    // The chart's width, read before the rows are added (reading it after would lay them out).
    const width = chartHost.clientWidth;
    const unit = sched.time_unit ?? app.engine.timeUnit ?? null;
    const sim = simulated();
    const { rows, shown, total } = ganttRows(sched.rows, state.limit);
    rowsNote.hidden = shown >= total;
    rowsNote.firstChild.textContent = `Showing ${app.format.count(shown)} of ${app.format.count(total)} initiatives: the earliest starts and the whole critical path.`;
    renderAlternatives(sched);
    renderSummary(sched, unit, sim);
    renderCritical(sched);
    renderTable(rows);
    renderChart(sched, unit, sim, rows, total, width);
    root.querySelector(".roadmap-unit").textContent = unit ? plural(unit) : "time units";
  }

  function renderAlternatives(sched) {
    const alts = sched.alternatives ?? [];
    alternativesNote.hidden = alts.length === 0;
    const nameOf = (id) => sched.activities?.[id]?.name ?? id;
    alternativesNote.textContent = alts.length
      ? `Not planned: ${alts.map((a) => `${a.name} (an alternative to ${nameOf(a.instead_of)})`).join("; ")}. Alternatives exclude each other, so only the first in the model is scheduled; switch it off in What-if to plan the other.`
      : "";
  }

  function plural(u) {
    return formatSpan(2, u).replace(/^2 /, "");
  }

  function figure(key, label, value, text, note) {
    return h("div", { class: "figure" }, h("dt", { text: label }), h("dd", { dataset: { roadmap: key, value: value ?? "" } }, h("span", { class: "figure-value", text }), note ? h("span", { class: "figure-note muted", text: note }) : null));
  }

  function renderSummary(sched, unit, sim) {
    clear(summary);
    const mcP80 = sim?.result?.finish?.p80;
    summary.append(
      figure("duration", "Duration", sched.duration, formatSpan(sched.duration, unit), "along the critical path"),
      figure("p80", "P80 finish (estimate)", sched.p80, formatSpan(sched.p80, unit), `mean ${formatTime(sched.mean)} ± ${formatTime(sched.std_dev)}, normal approximation`),
    );
    if (typeof mcP80 === "number") {
      const f = app.format;
      const note = `Monte Carlo, ${f.count(sim.result.runs)} runs, seed ${sim.result.seed}${sim.current ? "" : " (before the latest change)"}`;
      summary.append(figure("p80-simulated", "P80 finish (simulated)", mcP80, formatSpan(mcP80, unit), note));
    }
    if (sched.deadline != null && sched.probability != null) {
      probability.textContent = `${app.format.share(sched.probability)} chance of finishing by ${formatSpan(sched.deadline, unit)}.`;
      probability.dataset.value = String(sched.probability);
    } else {
      probability.textContent = "Enter a deadline to see the chance of finishing by it.";
      probability.dataset.value = "";
    }
  }

  function renderCritical(sched) {
    clear(critical);
    for (const id of sched.critical_path ?? []) {
      const a = sched.activities[id];
      critical.appendChild(
        h(
          "li",
          { dataset: { id } },
          h("button", { type: "button", class: "link", text: a?.name ?? app.name(id), on: { click: () => app.select(id) } }),
          h("span", { class: "muted", text: a ? ` ${formatTime(a.es)}–${formatTime(a.ef)}` : "" }),
        ),
      );
    }
    if (!critical.childElementCount) critical.appendChild(h("li", { class: "empty", text: "No critical path." }));
  }

  function renderTable(rows) {
    clear(tbody);
    for (const r of rows) {
      tbody.appendChild(
        h(
          "tr",
          { dataset: { id: r.id, critical: String(r.critical) }, class: r.critical ? "critical" : null },
          h("th", { scope: "row" }, h("button", { type: "button", class: "link", text: r.name, on: { click: () => app.select(r.id) } })),
          ...[r.duration, r.es, r.ef, r.ls, r.lf, r.slack].map((v) => h("td", { class: "num", text: formatTime(v) })),
          h("td", { text: r.critical ? "yes" : "no" }),
        ),
      );
    }
  }

  function renderChart(sched, unit, sim, rows, total, width) {
    const mcP80 = sim?.result?.finish?.p80;
    const end = Math.max(sched.duration, sched.end, sched.p80 || 0, typeof mcP80 === "number" ? mcP80 : 0, sched.deadline ?? 0);
    const W = Math.max(720, width || 960);
    const m = { top: 56, right: 24, bottom: 44, left: Math.min(LABEL_W, W * 0.3) };
    const H = m.top + m.bottom + rows.length * ROW_H;
    const x = scaleLinear().domain([0, end || 1]).range([m.left, W - m.right]).nice();
    const svg = s("svg", {
      id: "roadmap-svg",
      class: "roadmap-svg",
      viewBox: `0 0 ${W} ${H}`,
      width: W,
      height: H,
      role: "img",
      "aria-label": `Gantt chart of ${rows.length}${rows.length < total ? ` of ${total}` : ""} initiatives over ${formatSpan(sched.duration, unit)}; the critical path is ${(sched.critical_path ?? []).map((id) => sched.activities[id]?.name ?? id).join(", ")}. The schedule table below has the same figures.`,
    });
    svg.appendChild(s("title", null, "Roadmap (Gantt chart)"));
    const gx = s("g", { class: "axis axis-x", transform: `translate(0,${H - m.bottom})`, "aria-hidden": "true" });
    svg.appendChild(gx);
    select(gx).call(axisBottom(x).ticks(Math.min(12, Math.ceil(x.domain()[1]))).tickSize(-(H - m.top - m.bottom)).tickFormat((v) => formatTime(v)));
    svg.appendChild(s("text", { x: (m.left + W - m.right) / 2, y: H - 8, "text-anchor": "middle", class: "axis-title" }, unit ? `${plural(unit)} from the start →` : "time units from the start →"));
    const critSet = new Set(sched.critical_path ?? []);
    const crit = [];
    rows.forEach((r, i) => {
      const y = m.top + i * ROW_H;
      const g = s("g", { class: ["gantt-row", r.critical && "critical"], dataset: { id: r.id, critical: String(r.critical) } });
      g.appendChild(
        s(
          "title",
          null,
          `${r.name}: ${formatTime(r.es)}–${formatTime(r.ef)} (${formatSpan(r.duration, unit)})${r.slack > 0 ? `, slack ${formatSpan(r.slack, unit)} (latest finish ${formatTime(r.lf)})` : ""}${r.critical ? ", on the critical path" : ""}`,
        ),
      );
      g.appendChild(s("text", { x: m.left - 8, y: y + ROW_H / 2, "text-anchor": "end", "dominant-baseline": "central", class: "gantt-label" }, clip(r.name, 34)));
      if (r.slack > 0) g.appendChild(s("rect", { class: "bar-slack", x: x(r.ef), y: y + 7, width: Math.max(0, x(r.lf) - x(r.ef)), height: ROW_H - 14, rx: 2 }));
      g.appendChild(s("rect", { class: "bar-work", x: x(r.es), y: y + 4, width: Math.max(1.5, x(r.ef) - x(r.es)), height: ROW_H - 8, rx: 3 }));
      svg.appendChild(g);
      if (critSet.has(r.id)) crit.push({ r, y });
    });
    // The critical path as a connected line through its bars (finish of one to start of the next).
    const byId = new Map(crit.map((c) => [c.r.id, c]));
    const path = (sched.critical_path ?? []).map((id) => byId.get(id)).filter(Boolean);
    for (let i = 1; i < path.length; i++) {
      const a = path[i - 1];
      const b = path[i];
      svg.appendChild(s("path", { class: "critical-link", d: `M${x(a.r.ef)},${a.y + ROW_H / 2} H${x(b.r.es) - 2} V${b.y + ROW_H / 2}`, "aria-hidden": "true" }));
    }
    // Labels on their own rows above the chart, so close dates do not overprint each other.
    const marker = (cls, at, label, row) => {
      const g = s("g", { class: cls });
      g.appendChild(s("line", { x1: x(at), x2: x(at), y1: m.top - 6, y2: H - m.bottom }));
      const right = x(at) > W - m.right - 140;
      g.appendChild(s("text", { x: x(at) + (right ? -4 : 4), y: m.top - 10 - 14 * row, "text-anchor": right ? "end" : "start", class: "marker-label" }, label));
      g.appendChild(s("title", null, label));
      svg.appendChild(g);
    };
    let row = 0;
    marker("p80-line", sched.p80, `P80 ${formatTime(sched.p80)} (estimate)`, row++);
    if (typeof mcP80 === "number") marker("p80-line simulated", mcP80, `P80 ${formatTime(mcP80)} (simulated)`, row++);
    if (sched.deadline != null) marker("deadline-line", sched.deadline, `deadline ${formatTime(sched.deadline)}`, row++);
    clear(chartHost);
    chartHost.appendChild(svg);
    state.svg = svg;
  }

  function clip(text, n) {
    return text.length > n ? text.slice(0, n - 1) + "…" : text;
  }

  const offs = [app.on("simulated", update)];
  update();
  return {
    update,
    destroy() {
      offs.forEach((off) => off());
    },
    svg() {
      return state.svg;
    },
  };
}
