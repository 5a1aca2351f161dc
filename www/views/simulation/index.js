// Simulation: a Monte Carlo run of the working model (what-if toggles applied) in a Web Worker
// (www/sim-worker.js, started from a Blob URL with the page's compiled Wasm module), with a progress
// bar and Cancel; results as histograms of finish, cost and delivered goal coverage with P50/P80
// markers, the chance each goal ends up uncovered, and per initiative the delivery probability and
// rank stability (chance of staying in the top N).

import { scaleLinear } from "d3-scale";
import { axisBottom, axisLeft } from "d3-axis";
import { select } from "d3-selection";
import workerSource from "sim-worker-source";
import { h, s, clear } from "../../lib/dom.js";
import { DEFAULTS, DISTRIBUTIONS, parseRunOptions, bins, hasSpread, progressText } from "./model.js";
import { formatTime, formatSpan } from "../roadmap/model.js";
import "../../widgets/decision.css";
import "./simulation.css";

export const title = "Simulation";

let workerUrl = null;
/** The worker script as a Blob URL (made once per page; allowed by the CSP's worker-src blob:). */
function workerScriptUrl() {
  if (!workerUrl) workerUrl = URL.createObjectURL(new Blob([workerSource], { type: "text/javascript" }));
  return workerUrl;
}

const METRICS = [
  { key: "finish", label: "Finish", axis: "finish (time units)", kind: "time" },
  { key: "cost", label: "Cost", axis: "cost of the delivered initiatives", kind: "money" },
  { key: "coverage", label: "Delivered goal coverage", axis: "goal coverage", kind: "share" },
];

export function mount(root, app) {
  const state = { worker: null, result: null, run: null, svgs: new Map() };
  const field = (id, label, input, hint) =>
    h("div", { class: "field" }, h("label", { for: id, text: label }), input, hint ? h("span", { class: "muted sim-hint", text: hint }) : null);
  const runs = h("input", { id: "sim-runs", type: "text", inputmode: "numeric", value: String(DEFAULTS.runs), "aria-describedby": "sim-errors" });
  const seed = h("input", { id: "sim-seed", type: "text", inputmode: "numeric", value: String(DEFAULTS.seed), "aria-describedby": "sim-errors" });
  const distribution = h("select", { id: "sim-distribution" }, ...DISTRIBUTIONS.map((d) => h("option", { value: d, text: d === "pert" ? "PERT (beta)" : "Triangular" })));
  distribution.value = DEFAULTS.distribution;
  const top = h("input", { id: "sim-top", type: "text", inputmode: "numeric", value: String(DEFAULTS.top), "aria-describedby": "sim-errors" });
  const deadline = h("input", { id: "sim-deadline", type: "text", inputmode: "decimal", placeholder: "none", "aria-describedby": "sim-errors" });
  const runBtn = h("button", { type: "submit", id: "sim-run", class: "primary", text: "Run" });
  const cancelBtn = h("button", { type: "button", id: "sim-cancel", text: "Cancel", disabled: true, on: { click: cancel } });
  const errors = h("div", { id: "sim-errors", class: "scenario-errors", role: "alert" });
  const progress = h("progress", { id: "sim-progress", max: "1", value: "0", "aria-labelledby": "sim-progress-text", hidden: true });
  const progressLabel = h("span", { id: "sim-progress-text", "aria-live": "off" });
  const stateText = h("p", { id: "sim-state", class: "sim-state", role: "status", "aria-live": "polite", dataset: { state: "idle" }, text: "No simulation has run yet. Press Run." });
  const message = h("div", { id: "sim-message", class: "decide-message", hidden: true });
  const results = h("div", { id: "sim-results", class: "sim-results", hidden: true });
  const form = h(
    "form",
    { class: "sim-form panel", "aria-label": "Simulation settings", on: { submit: (e) => (e.preventDefault(), start()) } },
    field("sim-runs", "Runs", runs),
    field("sim-seed", "Seed (same seed, same result)", seed),
    field("sim-distribution", "Distribution", distribution),
    field("sim-top", "Top N", top),
    field("sim-deadline", "Deadline (optional)", deadline),
    h("div", { class: "field" }, runBtn),
    h("div", { class: "field" }, cancelBtn),
    errors,
  );
  root.append(
    h("p", { class: "view-intro", text: "Many possible futures of the portfolio: each run draws every initiative's duration from its three-point estimate and whether it is delivered from its risk, then records when everything finishes, what it costs and how much of the strategy it covers. The run happens in the background; the page stays usable." }),
    message,
    form,
    h("div", { class: "sim-run-state" }, progress, progressLabel, stateText),
    results,
  );

  function setState(name, text) {
    stateText.dataset.state = name;
    stateText.textContent = text;
    root.dataset.simState = name;
  }

  function stopWorker() {
    if (state.worker) {
      state.worker.terminate();
      state.worker = null;
    }
    app.setSimulationWorker(null);
    runBtn.disabled = false;
    cancelBtn.disabled = true;
  }

  async function start() {
    clear(errors);
    for (const el of [runs, seed, top, deadline]) el.removeAttribute("aria-invalid");
    const { options, errors: bad } = parseRunOptions({ runs: runs.value, seed: seed.value, distribution: distribution.value, top: top.value, deadline: deadline.value });
    if (bad.length) {
      for (const e of bad) {
        errors.appendChild(h("p", { text: e.message }));
        root.querySelector(`#sim-${e.field}`)?.setAttribute("aria-invalid", "true");
      }
      return;
    }
    if (!app.wasmModule) {
      setState("error", "The simulation needs the compiled engine, which this page did not keep.");
      return;
    }
    // The run starts now (the model comes from the engine's worker first): the button is off
    // and the state says so at once, so a second click or a reader never sees the last result as this one.
    stopWorker();
    runBtn.disabled = true;
    setState("running", `Starting ${app.format.count(options.runs)} runs…`);
    let modelText;
    try {
      modelText = await app.engine.workingModelJson();
    } catch (err) {
      runBtn.disabled = false;
      setState("error", `The model could not be read for the simulation: ${err?.message ?? err}`);
      return;
    }
    stopWorker();
    let worker;
    try {
      worker = new Worker(workerScriptUrl(), { name: "aligngraph-simulation" });
    } catch (err) {
      setState("error", `The simulation could not start in this browser: ${err?.message ?? err}`);
      return;
    }
    state.worker = worker;
    app.setSimulationWorker(worker);
    const run = { options, version: app.modelVersion, t0: performance.now(), done: 0 };
    state.run = run;
    runBtn.disabled = true;
    cancelBtn.disabled = false;
    progress.hidden = false;
    progress.max = options.runs;
    progress.value = 0;
    progressLabel.textContent = progressText(0, options.runs);
    setState("running", `Running ${app.format.count(options.runs)} runs (seed ${options.seed}, ${options.distribution})…`);
    worker.onmessage = (e) => {
      if (state.worker !== worker) return;
      const m = e.data ?? {};
      if (m.type === "progress") {
        run.done = m.done;
        progress.max = m.runs;
        progress.value = m.done;
        progressLabel.textContent = progressText(m.done, m.runs);
      } else if (m.type === "result") {
        stopWorker();
        const ms = performance.now() - run.t0;
        progress.value = progress.max;
        progressLabel.textContent = progressText(m.result.runs, m.result.runs);
        state.result = { result: m.result, version: run.version, ms };
        setState("done", `Done: ${app.format.count(m.result.runs)} runs in ${ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`} (seed ${m.result.seed}, ${m.result.distribution}).`);
        showResult();
        app.simulated(m.result, ms);
      } else if (m.type === "error") {
        stopWorker();
        progress.hidden = true;
        setState("error", `The simulation failed: ${m.message}`);
      }
    };
    worker.onerror = (e) => {
      if (state.worker !== worker) return;
      e.preventDefault?.();
      stopWorker();
      progress.hidden = true;
      setState("error", `The simulation failed: ${e.message || "the worker stopped"}`);
    };
    worker.postMessage({ type: "run", module: app.wasmModule, model: modelText, options });
  }

  function cancel() {
    if (!state.worker) return;
    const run = state.run;
    stopWorker();
    setState(
      "cancelled",
      `Cancelled after ${app.format.count(run?.done ?? 0)} of ${app.format.count(run?.options.runs ?? 0)} runs.${state.result ? " The previous result is still shown." : ""}`,
    );
    runBtn.focus();
  }

  // ------------------------------------------------------------ results

  function unitOf() {
    try {
      return app.engine.timeUnit ?? null;
    } catch {
      return null;
    }
  }

  function fmt(kind, x) {
    const f = app.format;
    if (kind === "share") return f.share(x);
    if (kind === "money") return f.money(x);
    return formatTime(x);
  }

  function showResult() {
    const { result: r, version } = state.result;
    let current = true;
    try {
      current = version === app.modelVersion;
    } catch {
      current = false;
    }
    const f = app.format;
    const unit = unitOf();
    clear(results);
    results.hidden = false;
    results.dataset.runs = String(r.runs);
    results.dataset.seed = String(r.seed);
    results.dataset.distribution = String(r.distribution);
    if (!current)
      results.appendChild(h("p", { class: "decide-message", id: "sim-stale", text: "The model has changed since this run (a what-if toggle or an edit). Run again to see the current portfolio." }));
    const head = h("dl", { class: "decide-figures", id: "sim-summary" });
    const fig = (key, label, value, text, note) =>
      head.append(h("div", { class: "figure" }, h("dt", { text: label }), h("dd", { dataset: { sim: key, value: value ?? "" } }, h("span", { class: "figure-value", text }), note ? h("span", { class: "figure-note muted", text: note }) : null)));
    const finishOk = hasSpread(r.finish);
    if (finishOk) {
      fig("finish-p50", "Finish P50", r.finish.p50, formatSpan(r.finish.p50, unit), "half the runs finish by then");
      fig("finish-p80", "Finish P80", r.finish.p80, formatSpan(r.finish.p80, unit), "four in five runs finish by then");
    }
    if (r.deadline != null && r.p_deadline != null) fig("p-deadline", `By the deadline (${formatTime(r.deadline)})`, r.p_deadline, f.share(r.p_deadline), "share of runs finishing by it");
    if (hasSpread(r.cost)) fig("cost-p80", "Cost P80", r.cost.p80, f.money(r.cost.p80), `P50 ${f.money(r.cost.p50)}`);
    if ((r.goals ?? []).length) fig("coverage-p50", "Goal coverage P50", r.coverage.p50, f.share(r.coverage.p50), `P10 ${f.share(r.coverage.p10)} in a bad case, P80 ${f.share(r.coverage.p80)}`);
    results.appendChild(h("section", { class: "panel", "aria-labelledby": "sim-summary-heading" }, h("h3", { id: "sim-summary-heading", text: `Result of ${f.count(r.runs)} runs` }), head));

    const charts = h("div", { class: "sim-charts" });
    state.svgs.clear();
    for (const m of METRICS) {
      const stat = r[m.key];
      const panel = h("section", { class: "panel sim-metric", dataset: { metric: m.key }, "aria-labelledby": `sim-h-${m.key}` }, h("h3", { id: `sim-h-${m.key}`, text: m.label }));
      const empty =
        m.key === "finish" && !finishOk
          ? "The initiatives have no durations or estimates, so there is no finish date to simulate."
          : m.key === "cost" && !hasSpread(stat)
            ? "The initiatives have no costs, so there is no cost to simulate."
            : m.key === "coverage" && !(r.goals ?? []).length
              ? "The model has no goals, so there is no coverage to simulate."
              : null;
      if (empty || !stat) {
        panel.appendChild(h("p", { class: "muted sim-empty", text: empty ?? "No data." }));
      } else {
        const axisLabel = m.key === "finish" ? `finish (${unit ? formatSpan(2, unit).replace(/^2 /, "") : "time units"} from the start)` : m.axis;
        const svg = histogram(m, stat, axisLabel, m.key === "finish" ? r.deadline : null);
        state.svgs.set(m.key, svg);
        panel.append(
          svg,
          h(
            "dl",
            { class: "sim-stats" },
            ...["mean", "p10", "p50", "p80", "p90"].map((k) =>
              h("div", null, h("dt", { text: k === "mean" ? "mean" : k.toUpperCase() }), h("dd", { class: "sim-stat", dataset: { metric: m.key, stat: k, value: stat[k] }, text: fmt(m.kind, stat[k]) })),
            ),
          ),
        );
      }
      charts.appendChild(panel);
    }
    results.appendChild(charts);

    const grid = h("div", { class: "decide-grid" });
    // Goals: the chance each one ends up with nothing delivered towards it.
    const goals = r.goals ?? [];
    const gPanel = h("section", { class: "panel", "aria-labelledby": "sim-goals-heading" }, h("h3", { id: "sim-goals-heading", text: "Goals at risk" }));
    if (!goals.length) gPanel.appendChild(h("p", { class: "muted", text: "The model has no goals." }));
    else {
      const rows = [...goals].sort((a, b) => b.p_uncovered - a.p_uncovered || a.name.localeCompare(b.name));
      gPanel.append(
        h("p", { class: "sim-note", text: "Chance that a goal ends up uncovered (no initiative serving it is delivered), and its mean coverage." }),
        h(
          "div",
          { class: "table-wrap" },
          h(
            "table",
            { id: "sim-goals", class: "data compact" },
            h("caption", { class: "sr-only", text: "Goals: chance of ending up uncovered and mean coverage over the runs" }),
            h("thead", null, h("tr", null, h("th", { scope: "col", text: "Goal" }), h("th", { scope: "col", class: "num", text: "P(uncovered)" }), h("th", { scope: "col", class: "num", text: "Mean coverage" }))),
            h(
              "tbody",
              null,
              rows.map((g) =>
                h(
                  "tr",
                  { dataset: { id: g.id } },
                  h("th", { scope: "row", text: g.name }),
                  h("td", { class: "num", dataset: { col: "p_uncovered", value: g.p_uncovered } }, f.share(g.p_uncovered), probBar(g.p_uncovered)),
                  h("td", { class: "num", dataset: { col: "mean_coverage", value: g.mean_coverage }, text: f.share(g.mean_coverage) }),
                ),
              ),
            ),
          ),
        ),
      );
    }
    const inits = r.initiatives ?? [];
    const iPanel = h("section", { class: "panel", "aria-labelledby": "sim-init-heading" }, h("h3", { id: "sim-init-heading", text: "Initiatives: delivery and rank stability" }));
    if (!inits.length) iPanel.appendChild(h("p", { class: "muted", text: "There is no active initiative." }));
    else {
      const rows = [...inits].sort((a, b) => (a.baseline_rank ?? 1e9) - (b.baseline_rank ?? 1e9) || a.name.localeCompare(b.name));
      iPanel.append(
        h("p", { class: "sim-note", text: `Chance each initiative is delivered, and how often it stays in the top ${f.count(r.top_n)} by value (rank stability).` }),
        h(
          "div",
          { class: "table-wrap" },
          h(
            "table",
            { id: "sim-initiatives", class: "data compact" },
            h("caption", { class: "sr-only", text: "Initiatives: rank, chance of delivery and chance of being in the top N" }),
            h(
              "thead",
              null,
              h("tr", null, h("th", { scope: "col", class: "num", text: "Rank" }), h("th", { scope: "col", text: "Initiative" }), h("th", { scope: "col", class: "num", text: "P(delivered)" }), h("th", { scope: "col", class: "num", text: `P(top ${r.top_n})` })),
            ),
            h(
              "tbody",
              null,
              rows.map((i) =>
                h(
                  "tr",
                  { dataset: { id: i.id } },
                  h("td", { class: "num", text: i.baseline_rank != null ? f.count(i.baseline_rank) : "–" }),
                  h("th", { scope: "row" }, h("button", { type: "button", class: "link", text: i.name, on: { click: () => app.select(i.id) } })),
                  h("td", { class: "num", dataset: { col: "p_delivered", value: i.p_delivered } }, f.share(i.p_delivered), probBar(i.p_delivered)),
                  h("td", { class: "num", dataset: { col: "p_top", value: i.p_top } }, f.share(i.p_top), probBar(i.p_top)),
                ),
              ),
            ),
          ),
        ),
      );
    }
    grid.append(gPanel, iPanel);
    results.appendChild(grid);
  }

  function probBar(p) {
    const bar = h("span", { class: "prob-bar", "aria-hidden": "true" }, h("span"));
    bar.firstChild.style.width = `${Math.max(0, Math.min(1, p || 0)) * 100}%`;
    return bar;
  }

  function histogram(metric, stat, axisLabel, deadlineAt) {
    const data = bins(stat.histogram);
    const W = 420;
    const H = 220;
    const m = { top: 22, right: 14, bottom: 42, left: 46 };
    const lo = data.length ? data[0].x0 : stat.min;
    const hi = data.length ? data[data.length - 1].x1 : stat.max;
    const pad = hi > lo ? 0 : Math.max(1, Math.abs(lo) * 0.05);
    const x = scaleLinear().domain([lo - pad, hi + pad]).range([m.left, W - m.right]);
    const total = data.reduce((a, b) => a + b.count, 0) || 1;
    const y = scaleLinear().domain([0, Math.max(...data.map((d) => d.count / total), 0.01)]).nice().range([H - m.bottom, m.top]);
    const f = (v) => fmt(metric.kind, v);
    const svg = s("svg", {
      class: "sim-histogram",
      dataset: { metric: metric.key },
      viewBox: `0 0 ${W} ${H}`,
      role: "img",
      "aria-label": `Histogram of ${metric.label.toLowerCase()} over the runs: from ${f(stat.min)} to ${f(stat.max)}, P50 ${f(stat.p50)}, P80 ${f(stat.p80)}, mean ${f(stat.mean)}.`,
    });
    svg.appendChild(s("title", null, `${metric.label}: P50 ${f(stat.p50)}, P80 ${f(stat.p80)}`));
    const g = s("g", { class: "bins" });
    for (const d of data) {
      if (!d.count) continue;
      const share = d.count / total;
      g.appendChild(
        s(
          "rect",
          { class: "bin", x: x(d.x0), y: y(share), width: Math.max(1, x(d.x1) - x(d.x0) - (pad ? 0 : 0.5)), height: Math.max(0, y(0) - y(share)) },
          s("title", null, `${f(d.x0)} to ${f(d.x1)}: ${app.format.count(d.count)} runs (${app.format.share(share)})`),
        ),
      );
    }
    svg.appendChild(g);
    const gx = s("g", { class: "axis axis-x", transform: `translate(0,${H - m.bottom})`, "aria-hidden": "true" });
    const gy = s("g", { class: "axis axis-y", transform: `translate(${m.left},0)`, "aria-hidden": "true" });
    svg.append(gx, gy);
    select(gx).call(axisBottom(x).ticks(5).tickFormat(f));
    select(gy).call(axisLeft(y).ticks(4).tickFormat((v) => app.format.share(v).replace(".0%", "%")));
    svg.appendChild(s("text", { x: (m.left + W - m.right) / 2, y: H - 6, "text-anchor": "middle", class: "axis-title" }, axisLabel));
    const marker = (cls, at, label, dy) => {
      if (!Number.isFinite(at)) return;
      const mg = s("g", { class: cls });
      mg.appendChild(s("line", { x1: x(at), x2: x(at), y1: m.top - 4, y2: H - m.bottom }));
      mg.appendChild(s("text", { x: x(at) + 3, y: m.top - 8 + dy, class: "marker-label" }, label));
      svg.appendChild(mg);
    };
    marker("marker-p50", stat.p50, `P50 ${f(stat.p50)}`, 0);
    marker("marker-p80", stat.p80, `P80 ${f(stat.p80)}`, 10);
    if (deadlineAt != null) marker("marker-deadline", deadlineAt, `deadline ${f(deadlineAt)}`, 20);
    return svg;
  }

  function checkModel() {
    // Said up front: a model without active initiatives has nothing to simulate (the KPI counts
    // them: a large model's initiative entries are not made for this).
    const n = app.report?.kpis?.active_initiatives ?? 0;
    if (!n) {
      message.hidden = false;
      message.dataset.reason = "no-initiatives";
      message.textContent = "There is no active initiative to simulate.";
    } else {
      message.hidden = true;
      delete message.dataset.reason;
    }
    if (state.result && !state.worker) showResult();
  }

  const offs = [app.on("scored", checkModel)];
  checkModel();
  return {
    update: checkModel,
    destroy() {
      offs.forEach((off) => off());
      stopWorker();
    },
    svg() {
      // The finish histogram (or the first one drawn).
      return state.svgs.get("finish") ?? [...state.svgs.values()][0] ?? null;
    },
  };
}
