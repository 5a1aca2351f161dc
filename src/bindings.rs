//! The JavaScript face of the engine (Wasm only): the one module that knows about JavaScript.
//!
//! `Engine` wraps a [`Workspace`] in a one-field newtype. Per-node numbers cross as typed
//! arrays; structured results go through serde-wasm-bindgen with json-compatible maps, keeping
//! the keys of the CLI's JSON. Every failure becomes a JS `Error` with a stable `code`. The
//! contract is documented in `docs/js-api.md`.

use crate::analysis::Report;
use crate::diagnostics::{Diagnostic, has_errors};
use crate::formats::export::{self, ExportFormat};
use crate::formats::import::{self, InputFile};
use crate::formats::mapping::Mapping;
use crate::layout::{self, LayoutOptions};
use crate::model::{EdgeKind, NodeKind};
use crate::workspace::{Field, Workspace, WorkspaceError};
use js_sys::{Array, Float64Array, Object, Reflect, Uint8Array, Uint32Array};
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// Converts a serialisable value to a plain JS value (maps as objects).
fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    let ser = serde_wasm_bindgen::Serializer::json_compatible();
    value
        .serialize(&ser)
        .map_err(|e| error("INTERNAL", &format!("could not convert a result: {e}")))
}

/// A JS `Error` with a `code` property.
fn error(code: &str, message: &str) -> JsValue {
    let e = js_sys::Error::new(message);
    let _ = Reflect::set(&e, &"code".into(), &code.into());
    e.into()
}

fn set(obj: &Object, key: &str, value: impl Into<JsValue>) {
    let _ = Reflect::set(obj, &key.into(), &value.into());
}

fn workspace_error(e: WorkspaceError) -> JsValue {
    let err = error(e.code(), &e.to_string());
    let obj: &Object = err.unchecked_ref();
    match &e {
        WorkspaceError::InvalidModel(diags) => {
            if let Ok(d) = to_js(diags) {
                set(obj, "diagnostics", d);
            }
        }
        WorkspaceError::UnknownNode(id) | WorkspaceError::NotAnInitiative(id) => {
            set(obj, "id", id.as_str());
        }
        WorkspaceError::UnknownField(f) => set(obj, "field", f.as_str()),
        WorkspaceError::Decide(d) => {
            if let Ok(v) = to_js(std::slice::from_ref(d.as_ref())) {
                set(obj, "diagnostics", v);
            }
        }
    }
    err
}

/// A decision method's failure as a JS `Error` (its code, and `diagnostics` holding it).
fn decide_error(d: Diagnostic) -> JsValue {
    workspace_error(WorkspaceError::decide(d))
}

/// Reads a JS argument into a Rust value, or throws `INVALID_ARGUMENT` naming it.
fn arg<T: serde::de::DeserializeOwned>(
    value: JsValue,
    name: &str,
    what: &str,
) -> Result<T, JsValue> {
    serde_wasm_bindgen::from_value(value)
        .map_err(|e| error("INVALID_ARGUMENT", &format!("{name} must be {what}: {e}")))
}

fn no_model() -> JsValue {
    error(
        "NO_MODEL",
        "no model is loaded; call load(text) or loadDemo() first",
    )
}

/// The report's small sections, as `score()` returns them.
#[derive(Serialize)]
struct Summary<'r> {
    format: &'static str,
    version: u32,
    model: &'r crate::analysis::report::ModelSummary,
    kpis: &'r crate::analysis::report::Kpis,
    goals: &'r [crate::analysis::report::GoalScore],
    initiatives: Vec<crate::analysis::report::InitiativeScore<'r>>,
    matrix: crate::analysis::report::Matrix<'r>,
    structure: &'r crate::analysis::report::Structure,
    diagnostics: &'r [Diagnostic],
}

fn summary(r: &Report) -> Result<JsValue, JsValue> {
    to_js(&Summary {
        format: r.format,
        version: r.version,
        model: &r.model,
        kpis: &r.kpis,
        goals: &r.goals,
        initiatives: r.initiatives().collect(),
        matrix: r.matrix(),
        structure: &r.structure,
        diagnostics: &r.diagnostics,
    })
}

/// The scoring engine for one model at a time.
#[wasm_bindgen]
#[derive(Default)]
pub struct Engine(Option<Workspace>);

impl Engine {
    fn ws(&mut self) -> Result<&mut Workspace, JsValue> {
        self.0.as_mut().ok_or_else(no_model)
    }

    fn ws_ref(&self) -> Result<&Workspace, JsValue> {
        self.0.as_ref().ok_or_else(no_model)
    }

    fn install(&mut self, result: Result<Workspace, WorkspaceError>) -> Result<JsValue, JsValue> {
        let ws = result.map_err(workspace_error)?;
        let out = Object::new();
        set(&out, "nodes", ws.model().nodes.len() as u32);
        set(&out, "edges", ws.model().edges.len() as u32);
        set(&out, "diagnostics", to_js(ws.load_diagnostics())?);
        self.0 = Some(ws);
        Ok(out.into())
    }
}

#[wasm_bindgen]
impl Engine {
    /// An engine with no model loaded.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Engine {
        Engine(None)
    }

    /// Loads a native model from JSON text: `{nodes, edges, diagnostics}`. Throws
    /// `INVALID_MODEL` (with `diagnostics`) and keeps the previous model when it has errors.
    pub fn load(&mut self, text: &str) -> Result<JsValue, JsValue> {
        self.install(Workspace::load(text))
    }

    /// Loads the built-in demo portfolio.
    #[wasm_bindgen(js_name = loadDemo)]
    pub fn load_demo(&mut self) -> Result<JsValue, JsValue> {
        self.install(Workspace::load(crate::demo::DEMO_JSON))
    }

    /// Imports a model in any format (ArchiMate exchange XML, Archi `.archimate` plain or
    /// zipped, Archi's CSV export, nodes.csv/edges.csv, JSON), detected from the content:
    /// `files` is an array of `{name, bytes: Uint8Array}` (several for a CSV set), `mapping` an
    /// optional JSON mapping file. Returns `{nodes, edges, diagnostics, summary}`; throws
    /// `INVALID_MODEL` (with `diagnostics` and `summary`) and keeps the previous model on errors.
    #[wasm_bindgen(js_name = importFiles)]
    pub fn import_files(
        &mut self,
        files: Array,
        mapping: Option<String>,
    ) -> Result<JsValue, JsValue> {
        let map = match mapping.as_deref() {
            None | Some("") => Mapping::default(),
            Some(text) => Mapping::from_json(text).map_err(|d| {
                let err = error(
                    "INVALID_MAPPING",
                    &format!("the mapping file has {} error(s); first: {}", d.len(), d[0]),
                );
                if let Ok(v) = to_js(&d) {
                    set(err.unchecked_ref(), "diagnostics", v);
                }
                err
            })?,
        };
        let mut owned: Vec<(String, Vec<u8>)> = Vec::with_capacity(files.length() as usize);
        for f in files.iter() {
            let name = Reflect::get(&f, &"name".into())?
                .as_string()
                .unwrap_or_default();
            let bytes: Uint8Array =
                Reflect::get(&f, &"bytes".into())?.dyn_into().map_err(|_| {
                    error(
                        "INVALID_ARGUMENT",
                        &format!("file {name}: bytes must be a Uint8Array"),
                    )
                })?;
            owned.push((name, bytes.to_vec()));
        }
        let inputs: Vec<InputFile> = owned
            .iter()
            .map(|(name, bytes)| InputFile { name, bytes })
            .collect();
        let imp = import::import(&inputs, &map);
        let summary = to_js(&imp.summary)?;
        if has_errors(&imp.diagnostics) {
            let err = workspace_error(WorkspaceError::InvalidModel(imp.diagnostics));
            set(err.unchecked_ref(), "summary", summary);
            return Err(err);
        }
        let out = self.install(Ok(Workspace::from_model(imp.model, imp.diagnostics)))?;
        set(out.unchecked_ref(), "summary", summary);
        Ok(out)
    }

    /// Exports the scored model (current what-if toggles) as `format` (`exchange`, `csv`,
    /// `graphml`, `json`): an array of `{name, mime, text}` files.
    #[wasm_bindgen(js_name = exportAs)]
    pub fn export_as(&mut self, format: &str, lang: Option<String>) -> Result<JsValue, JsValue> {
        let f = ExportFormat::parse(format).ok_or_else(|| {
            error("UNKNOWN_FORMAT", &format!("no export format is called \"{format}\"; expected exchange, csv, graphml or json"))
        })?;
        let ws = self.ws()?;
        let stem = ws.model().name.clone().unwrap_or_else(|| "model".into());
        let files = ws.score(|r| export::export(r, f, &stem, lang.as_deref()));
        let out = Array::new();
        for file in files {
            let o = Object::new();
            set(&o, "name", file.name);
            set(&o, "mime", file.mime);
            set(&o, "text", file.text);
            out.push(&o);
        }
        Ok(out.into())
    }

    /// The working model as JSON text (what-if toggles are not written into it).
    #[wasm_bindgen(js_name = modelJson)]
    pub fn model_json(&self) -> Result<String, JsValue> {
        Ok(crate::model::to_json(self.ws_ref()?.model()))
    }

    /// Number of nodes (0 before a model is loaded).
    #[wasm_bindgen(getter, js_name = nodeCount)]
    pub fn node_count(&self) -> u32 {
        self.0.as_ref().map_or(0, |w| w.model().nodes.len() as u32)
    }

    /// Number of edges (0 before a model is loaded).
    #[wasm_bindgen(getter, js_name = edgeCount)]
    pub fn edge_count(&self) -> u32 {
        self.0.as_ref().map_or(0, |w| w.model().edges.len() as u32)
    }

    /// The model's name.
    #[wasm_bindgen(getter, js_name = modelName)]
    pub fn model_name(&self) -> Option<String> {
        self.0.as_ref().and_then(|w| w.model().name.clone())
    }

    /// The currency of costs.
    #[wasm_bindgen(getter)]
    pub fn currency(&self) -> Option<String> {
        self.0.as_ref().and_then(|w| w.model().currency.clone())
    }

    /// The time unit of durations.
    #[wasm_bindgen(getter, js_name = timeUnit)]
    pub fn time_unit(&self) -> Option<String> {
        self.0.as_ref().and_then(|w| w.model().time_unit.clone())
    }

    /// Scores under the current what-if toggles: the report's small sections.
    pub fn score(&mut self) -> Result<JsValue, JsValue> {
        self.ws()?.score(summary)
    }

    /// Scores the model as loaded, without the toggles.
    pub fn baseline(&mut self) -> Result<JsValue, JsValue> {
        self.ws()?.baseline(summary)
    }

    /// The full report (as `aligngraph score` prints it) under the current toggles.
    #[wasm_bindgen(js_name = reportJson)]
    pub fn report_json(&mut self) -> Result<String, JsValue> {
        self.ws()?
            .score(|r| serde_json::to_string_pretty(r))
            .map_err(|e| error("INTERNAL", &e.to_string()))
    }

    /// One CSV row per node with its scores, under the current toggles.
    #[wasm_bindgen(js_name = scoresCsv)]
    pub fn scores_csv(&mut self) -> Result<String, JsValue> {
        let ws = self.ws()?;
        ws.score(crate::formats::scores_csv::to_string)
            .map_err(|e| error("INTERNAL", &e.to_string()))
    }

    /// Node ids, in model order (the index of every typed array).
    #[wasm_bindgen(js_name = nodeIds)]
    pub fn node_ids(&self) -> Result<Vec<String>, JsValue> {
        Ok(self
            .ws_ref()?
            .model()
            .nodes
            .iter()
            .map(|x| x.id.to_string())
            .collect())
    }

    /// Node names (the id when a node has none), in model order.
    #[wasm_bindgen(js_name = nodeNames)]
    pub fn node_names(&self) -> Result<Vec<String>, JsValue> {
        let ws = self.ws_ref()?;
        Ok(ws
            .model()
            .nodes
            .iter()
            .map(|x| x.display_name().to_string())
            .collect())
    }

    /// Node kinds as indexes into `Engine.kindNames()`.
    #[wasm_bindgen(js_name = nodeKinds)]
    pub fn node_kinds(&self) -> Result<Uint8Array, JsValue> {
        let ws = self.ws_ref()?;
        let kinds: Vec<u8> = ws
            .model()
            .nodes
            .iter()
            .map(|x| NodeKind::ALL.iter().position(|&k| k == x.kind).unwrap_or(0) as u8)
            .collect();
        Ok(Uint8Array::from(&kinds[..]))
    }

    /// The node kinds, in the order `nodeKinds()` indexes.
    #[wasm_bindgen(js_name = kindNames)]
    pub fn kind_names() -> Vec<String> {
        NodeKind::ALL
            .iter()
            .map(|k| k.as_str().to_string())
            .collect()
    }

    /// The edge kinds, in the order `edges().kind` indexes.
    #[wasm_bindgen(js_name = edgeKindNames)]
    pub fn edge_kind_names() -> Vec<String> {
        EdgeKind::ALL
            .iter()
            .map(|k| k.as_str().to_string())
            .collect()
    }

    /// The index of a node, or `undefined`.
    #[wasm_bindgen(js_name = nodeIndex)]
    pub fn node_index(&self, id: &str) -> Option<u32> {
        self.0.as_ref().and_then(|w| w.index(id).ok())
    }

    /// One node as written in the model JSON.
    pub fn node(&self, id: &str) -> Result<JsValue, JsValue> {
        let ws = self.ws_ref()?;
        let i = ws.index(id).map_err(workspace_error)?;
        to_js(&crate::model::node_to_json(&ws.model().nodes[i as usize]))
    }

    /// One per-node score after the latest scoring, as a Float64Array in model order.
    pub fn scores(&mut self, field: &str) -> Result<Float64Array, JsValue> {
        let f = Field::parse(field).map_err(workspace_error)?;
        let values = self.ws()?.field(f);
        Ok(Float64Array::from(&values[..]))
    }

    /// Edges as typed arrays: `{from, to, kind, weight}`.
    pub fn edges(&self) -> Result<JsValue, JsValue> {
        let m = self.ws_ref()?.model();
        let (mut from, mut to, mut kind, mut weight) = (
            Vec::with_capacity(m.edges.len()),
            Vec::with_capacity(m.edges.len()),
            Vec::with_capacity(m.edges.len()),
            Vec::with_capacity(m.edges.len()),
        );
        for e in &m.edges {
            from.push(e.from);
            to.push(e.to);
            kind.push(EdgeKind::ALL.iter().position(|&k| k == e.kind).unwrap_or(0) as u8);
            weight.push(e.weight());
        }
        let out = Object::new();
        set(&out, "from", Uint32Array::from(&from[..]));
        set(&out, "to", Uint32Array::from(&to[..]));
        set(&out, "kind", Uint8Array::from(&kind[..]));
        set(&out, "weight", Float64Array::from(&weight[..]));
        Ok(out.into())
    }

    /// The layered layout: `{x, y, layer, width, height, layers}`.
    pub fn layout(&self) -> Result<JsValue, JsValue> {
        let l = layout::layered(self.ws_ref()?.model(), &LayoutOptions::default());
        let out = Object::new();
        set(&out, "x", Float64Array::from(&l.x[..]));
        set(&out, "y", Float64Array::from(&l.y[..]));
        set(&out, "layer", Uint32Array::from(&l.layer[..]));
        set(&out, "width", l.width);
        set(&out, "height", l.height);
        set(&out, "layers", l.layers);
        Ok(out.into())
    }

    /// Why a node scores what it scores: paths, goals, dependencies, blast radius.
    pub fn explain(&mut self, id: &str, paths: Option<u32>) -> Result<JsValue, JsValue> {
        let k = paths.unwrap_or(10) as usize;
        let e = self.ws()?.explain(id, k).map_err(workspace_error)?;
        to_js(&e)
    }

    /// Switches an initiative on or off for the what-if.
    #[wasm_bindgen(js_name = setActive)]
    pub fn set_active(&mut self, id: &str, on: bool) -> Result<(), JsValue> {
        self.ws()?.set_active(id, on).map_err(workspace_error)
    }

    /// Whether an initiative counts under the current toggles.
    #[wasm_bindgen(js_name = isActive)]
    pub fn is_active(&self, id: &str) -> Result<bool, JsValue> {
        self.ws_ref()?.is_active(id).map_err(workspace_error)
    }

    /// The toggles that differ from the file: `[{id, active}]`.
    #[wasm_bindgen(js_name = whatIf)]
    pub fn what_if(&self) -> Result<JsValue, JsValue> {
        let out = Array::new();
        for (id, on) in self.ws_ref()?.what_if() {
            let o = Object::new();
            set(&o, "id", id);
            set(&o, "active", on);
            out.push(&o);
        }
        Ok(out.into())
    }

    /// Drops every what-if toggle.
    #[wasm_bindgen(js_name = resetWhatIf)]
    pub fn reset_what_if(&mut self) -> Result<(), JsValue> {
        self.ws()?.reset_what_if();
        Ok(())
    }

    /// Every diagnostic: the loader's warnings and the structural ones.
    pub fn diagnostics(&mut self) -> Result<JsValue, JsValue> {
        to_js(&self.ws()?.diagnostics())
    }
}

/// The crate version.
/// Portfolio decisions (`docs/decisions-contract.md`).
#[wasm_bindgen]
impl Engine {
    /// AHP on a pairwise comparison matrix (array of arrays): `{labels, weights, lambda_max, ci,
    /// cr, ri, ri_table, consistent, most_inconsistent}`. Throws `INVALID_MATRIX`.
    pub fn ahp(&self, matrix: JsValue, labels: Option<Vec<String>>) -> Result<JsValue, JsValue> {
        let m: Vec<Vec<f64>> = arg(matrix, "matrix", "an array of rows of numbers")?;
        let r = crate::decide::ahp::ahp(&m, labels.as_deref()).map_err(decide_error)?;
        to_js(&r)
    }

    /// Sets the weights of the goals `goal_ids` by AHP on `matrix` and keeps the judgements in
    /// the model; returns the AHP result. Re-score afterwards.
    #[wasm_bindgen(js_name = applyGoalWeights)]
    pub fn apply_goal_weights(
        &mut self,
        goal_ids: Vec<String>,
        matrix: JsValue,
    ) -> Result<JsValue, JsValue> {
        let m: Vec<Vec<f64>> = arg(matrix, "matrix", "an array of rows of numbers")?;
        let r = self
            .ws()?
            .apply_goal_weights(&goal_ids, &m)
            .map_err(workspace_error)?;
        to_js(&r)
    }

    /// The AHP judgements saved with the model (`{goals, matrix}`), or null.
    #[wasm_bindgen(js_name = goalJudgements)]
    pub fn goal_judgements(&self) -> Result<JsValue, JsValue> {
        match self.ws_ref()?.goal_judgements() {
            Some(v) => to_js(v),
            None => Ok(JsValue::NULL),
        }
    }

    /// The model with the current what-if toggles applied, as model JSON text (what a Web
    /// Worker simulates).
    #[wasm_bindgen(js_name = workingModelJson)]
    pub fn working_model_json(&self) -> Result<String, JsValue> {
        Ok(self.ws_ref()?.working_model_json())
    }

    /// WSJF of every initiative that has the four WSJF fields: `{id: wsjf}` in model order.
    pub fn wsjf(&self) -> Result<JsValue, JsValue> {
        let (scores, _) = crate::decide::priority::wsjf(self.ws_ref()?.scored_model());
        let map: serde_json::Map<String, serde_json::Value> = scores
            .into_iter()
            .map(|(id, w)| (id, serde_json::Value::from(w)))
            .collect();
        to_js(&map)
    }

    /// The weighted-scoring ranking of the active initiatives with the sensitivity of its top
    /// `top_n` (default 5): `weights` is `{alignment, benefit, risk, cost}` (default 0.4, 0.3,
    /// 0.15, 0.15). Throws `INVALID_ARGUMENT` for bad weights.
    pub fn priorities(&mut self, weights: JsValue, top_n: Option<u32>) -> Result<JsValue, JsValue> {
        let w: crate::decide::priority::Weights = if weights.is_undefined() || weights.is_null() {
            Default::default()
        } else {
            arg(
                weights,
                "weights",
                "{alignment, benefit, risk, cost} numbers",
            )?
        };
        let (model, scores) = self.ws()?.analysed();
        let r = crate::decide::priority::rank(model, scores, &w, top_n.unwrap_or(5) as usize)
            .map_err(decide_error)?;
        to_js(&r)
    }

    fn problem(&mut self) -> Result<crate::decide::optimize::Problem, JsValue> {
        let (model, scores) = self.ws()?.analysed();
        crate::decide::optimize::problem(model, scores, None).map_err(decide_error)
    }

    /// The portfolio of highest value within `budget` (dependencies, exclusions and mandatory
    /// initiatives respected). Throws `INVALID_ARGUMENT` or `INFEASIBLE`.
    pub fn optimize(&mut self, budget: f64) -> Result<JsValue, JsValue> {
        let s = self.problem()?.solve(budget).map_err(decide_error)?;
        to_js(&s)
    }

    /// The efficient frontier: the exact staircase when it has at most `points` points
    /// (default 200), else `points` evenly spaced budgets.
    pub fn frontier(&mut self, points: Option<u32>) -> Result<JsValue, JsValue> {
        let f = self
            .problem()?
            .frontier(points.unwrap_or(200).max(2) as usize)
            .map_err(decide_error)?;
        to_js(&f)
    }

    /// The schedule of the active initiatives under the current toggles (CPM/PERT), with the
    /// probability of finishing by `deadline` when given. Warnings (milestones without a
    /// duration) are in `warnings`. Throws `DEPENDENCY_CYCLE`.
    pub fn schedule(&self, deadline: Option<f64>) -> Result<JsValue, JsValue> {
        let s = crate::decide::schedule::schedule(self.ws_ref()?.scored_model(), deadline)
            .map_err(decide_error)?;
        let out = to_js(&s)?;
        set(out.unchecked_ref(), "warnings", to_js(&s.warnings)?);
        Ok(out)
    }

    /// The model's scenarios as saved: `[{name, description?, changes}]`.
    pub fn scenarios(&self) -> Result<JsValue, JsValue> {
        to_js(&self.ws_ref()?.scenarios())
    }

    /// Adds a scenario, or replaces the one with the same name. Throws (`UNKNOWN_NODE`,
    /// `INVALID_VALUE`, ... with `diagnostics`) for a change that cannot apply.
    #[wasm_bindgen(js_name = saveScenario)]
    pub fn save_scenario(&mut self, scenario: JsValue) -> Result<(), JsValue> {
        let v: serde_json::Value = arg(scenario, "scenario", "an object {name, changes}")?;
        self.ws()?.save_scenario(&v).map_err(workspace_error)
    }

    /// Removes a scenario. Throws `UNKNOWN_SCENARIO`.
    #[wasm_bindgen(js_name = deleteScenario)]
    pub fn delete_scenario(&mut self, name: &str) -> Result<(), JsValue> {
        self.ws()?.delete_scenario(name).map_err(workspace_error)
    }

    /// A scenario compared with the model as loaded (see the contract). Throws
    /// `UNKNOWN_SCENARIO`.
    #[wasm_bindgen(js_name = compareScenario)]
    pub fn compare_scenario(&self, name: &str) -> Result<JsValue, JsValue> {
        let c = self
            .ws_ref()?
            .compare_scenario(name)
            .map_err(workspace_error)?;
        to_js(&c)
    }
}

/// The options of a simulation as the page passes them.
#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct SimArgs {
    runs: Option<f64>,
    seed: Option<f64>,
    distribution: Option<String>,
    top: Option<f64>,
    deadline: Option<f64>,
}

fn whole(x: Option<f64>, name: &str, default: usize) -> Result<usize, JsValue> {
    match x {
        None => Ok(default),
        Some(v) if v.is_finite() && v >= 0.0 && v.fract() == 0.0 && v <= 9.0e15 => Ok(v as usize),
        Some(v) => Err(error(
            "INVALID_ARGUMENT",
            &format!("{name} must be a whole number, not {v}"),
        )),
    }
}

/// A Monte Carlo simulation of one model, run in steps (a Web Worker calls `step` in chunks and
/// reports progress between them; the result does not depend on the chunks).
#[wasm_bindgen]
pub struct Simulation(crate::decide::simulate::Simulation);

#[wasm_bindgen]
impl Simulation {
    /// Prepares a simulation of the model text: `options` is `{runs, seed, distribution: "pert"
    /// | "triangular", top, deadline}` (defaults 10,000 runs, seed 1, pert, top 5, no deadline).
    /// Throws `INVALID_MODEL` or `INVALID_ARGUMENT`.
    #[wasm_bindgen(constructor)]
    pub fn new(model_text: &str, options: JsValue) -> Result<Simulation, JsValue> {
        let args: SimArgs = if options.is_undefined() || options.is_null() {
            SimArgs::default()
        } else {
            arg(
                options,
                "options",
                "{runs, seed, distribution, top, deadline}",
            )?
        };
        let defaults = crate::decide::simulate::SimOptions::default();
        let opts = crate::decide::simulate::SimOptions {
            runs: whole(args.runs, "runs", defaults.runs)?,
            seed: whole(args.seed, "seed", defaults.seed as usize)? as u64,
            distribution: args.distribution.unwrap_or(defaults.distribution),
            top_n: whole(args.top, "top", defaults.top_n)?,
            deadline: args.deadline,
        };
        let ws = Workspace::load(model_text).map_err(workspace_error)?;
        let model = ws.model();
        let scores = crate::analysis::compute(model, &crate::decide::scoring_options());
        crate::decide::simulate::Simulation::new(model, &scores, &opts)
            .map(Simulation)
            .map_err(decide_error)
    }

    /// Runs up to `max_runs` more runs; returns the number done so far.
    pub fn step(&mut self, max_runs: u32) -> u32 {
        self.0.step(max_runs as usize) as u32
    }

    /// Runs done so far.
    #[wasm_bindgen(getter)]
    pub fn done(&self) -> u32 {
        self.0.done() as u32
    }

    /// Runs asked for.
    #[wasm_bindgen(getter)]
    pub fn runs(&self) -> u32 {
        self.0.runs() as u32
    }

    /// The result over the runs done so far (see the contract).
    pub fn result(&self) -> Result<JsValue, JsValue> {
        to_js(&self.0.result())
    }
}

#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
