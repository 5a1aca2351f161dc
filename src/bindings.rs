//! The JavaScript face of the engine (Wasm only): the one module that knows about JavaScript.
//!
//! `Engine` wraps a [`Workspace`] in a one-field newtype. Per-node numbers cross as typed
//! arrays; structured results go through serde-wasm-bindgen with json-compatible maps, keeping
//! the keys of the CLI's JSON. Every failure becomes a JS `Error` with a stable `code`. The
//! contract is documented in `docs/js-api.md`.

use crate::decide::priority::Weights;
use crate::formats::import::InputFile;
use crate::formats::limits::Limits;
use crate::workspace::{
    self, Field, Loaded, Sections, SimulationArgs, Summary, Workspace, WorkspaceError,
};
use js_sys::{Array, Float64Array, Object, Reflect, Uint8Array, Uint32Array};
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// Converts a serialisable value to a plain JS value (maps as objects).
fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, WorkspaceError> {
    let ser = serde_wasm_bindgen::Serializer::json_compatible();
    value
        .serialize(&ser)
        .map_err(|e| WorkspaceError::Internal(format!("could not convert a result: {e}")))
}

fn set(obj: &Object, key: &str, value: impl Into<JsValue>) {
    let _ = Reflect::set(obj, &key.into(), &value.into());
}

/// `{text, ends}` of a packed list of strings (`Workspace::node_ids_packed`), or with `utf8`
/// `{bytes, ends}`: the text's UTF-8 as a `Uint8Array`, which a worker moves to the page where a
/// string would be copied, the worker's own copy left to its garbage collector.
fn packed_js((text, ends): (String, Vec<u32>), utf8: Option<bool>) -> JsValue {
    let out = Object::new();
    if utf8 == Some(true) {
        set(&out, "bytes", Uint8Array::from(text.as_bytes()));
    } else {
        set(&out, "text", text);
    }
    set(&out, "ends", Uint32Array::from(&ends[..]));
    out.into()
}

/// A JS `Error` with the error's `code` and message, and what it names: `diagnostics` (a failed
/// load, import, mapping or decision method), `summary` (a failed import), `id` or `field`.
impl From<WorkspaceError> for JsValue {
    fn from(e: WorkspaceError) -> JsValue {
        let err = js_sys::Error::new(&e.to_string());
        let obj: &Object = err.unchecked_ref();
        set(obj, "code", e.code());
        if let Some(Ok(v)) = e.diagnostics().map(to_js) {
            set(obj, "diagnostics", v);
        }
        match &e {
            WorkspaceError::InvalidImport(_, summary) => {
                if let Ok(v) = to_js(summary.as_ref()) {
                    set(obj, "summary", v);
                }
            }
            WorkspaceError::UnknownNode(id) | WorkspaceError::NotAnInitiative(id) => {
                set(obj, "id", id.as_str());
            }
            WorkspaceError::UnknownField(f) => set(obj, "field", f.as_str()),
            _ => {}
        }
        err.into()
    }
}

/// Reads a JS argument into a Rust value, or fails with `INVALID_ARGUMENT` naming it.
fn arg<T: serde::de::DeserializeOwned>(
    value: JsValue,
    name: &str,
    what: &str,
) -> Result<T, WorkspaceError> {
    serde_wasm_bindgen::from_value(value)
        .map_err(|e| WorkspaceError::InvalidArgument(format!("{name} must be {what}: {e}")))
}

/// An optional JS argument: `undefined` and `null` are `None`.
fn optional_arg<T: serde::de::DeserializeOwned>(
    value: JsValue,
    name: &str,
    what: &str,
) -> Result<Option<T>, WorkspaceError> {
    if value.is_undefined() || value.is_null() {
        Ok(None)
    } else {
        arg(value, name, what).map(Some)
    }
}

/// An edit as an object or as JSON text.
fn edit_arg(op: JsValue) -> Result<serde_json::Value, WorkspaceError> {
    match op.as_string() {
        Some(text) => serde_json::from_str(&text)
            .map_err(|e| WorkspaceError::InvalidArgument(format!("the edit is not JSON: {e}"))),
        None => arg(
            op,
            "the edit",
            "an object like {op: \"set\", id, field, value}",
        ),
    }
}

/// The report sections a caller names (every one when it names none).
fn sections_arg(names: Option<Vec<String>>) -> Result<Sections, WorkspaceError> {
    match names {
        None => Ok(Sections::ALL),
        Some(names) => Sections::parse(names.iter().map(String::as_str)),
    }
}

/// The `{timeLimitMs, onProgress}` options of a time-boxed decision method.
/// The `value` of an optimiser's options: "benefit", "alignment", "npv" or absent (the default basis).
fn value_option(
    options: &JsValue,
) -> Result<Option<crate::decide::optimize::ValueBasis>, WorkspaceError> {
    if !options.is_object() {
        return Ok(None);
    }
    let v = Reflect::get(options, &"value".into()).unwrap_or(JsValue::UNDEFINED);
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    v.as_string()
        .as_deref()
        .and_then(crate::decide::optimize::ValueBasis::parse)
        .map(Some)
        .ok_or_else(|| {
            WorkspaceError::InvalidArgument(
                "value must be \"benefit\", \"alignment\" or \"npv\"".into(),
            )
        })
}

fn time_options(
    options: &JsValue,
) -> Result<(Option<f64>, Option<js_sys::Function>), WorkspaceError> {
    if options.is_undefined() || options.is_null() {
        return Ok((None, None));
    }
    if !options.is_object() {
        return Err(WorkspaceError::InvalidArgument(
            "options must be an object {timeLimitMs, onProgress}".into(),
        ));
    }
    let get = |k: &str| Reflect::get(options, &k.into()).unwrap_or(JsValue::UNDEFINED);
    let limit = get("timeLimitMs");
    let limit = if limit.is_undefined() || limit.is_null() {
        None
    } else {
        Some(limit.as_f64().ok_or_else(|| {
            WorkspaceError::InvalidArgument("timeLimitMs must be a number of milliseconds".into())
        })?)
    };
    let f = get("onProgress");
    let on_progress =
        if f.is_undefined() || f.is_null() {
            None
        } else {
            Some(f.dyn_into::<js_sys::Function>().map_err(|_| {
                WorkspaceError::InvalidArgument("onProgress must be a function".into())
            })?)
        };
    Ok((limit, on_progress))
}

/// A time box read from `Date.now()`, reporting to `on_progress` (errors it throws are ignored).
fn time_box(
    limit: Option<f64>,
    on_progress: Option<js_sys::Function>,
) -> Result<
    crate::decide::optimize::TimeBox<impl FnMut() -> f64, impl FnMut(crate::decide::Progress, f64)>,
    WorkspaceError,
> {
    let report = move |p: crate::decide::Progress, elapsed: f64| {
        if let Some(f) = &on_progress {
            let o = Object::new();
            set(&o, "nodes", p.nodes as f64);
            set(&o, "point", p.point as f64);
            set(&o, "points", p.points as f64);
            set(&o, "search", p.search as f64);
            set(&o, "elapsedMs", elapsed);
            let _ = f.call1(&JsValue::NULL, &o);
        }
    };
    crate::decide::optimize::TimeBox::new(limit, 100.0, js_sys::Date::now, report)
        .map_err(WorkspaceError::decide)
}

/// The scoring engine for one model at a time.
#[wasm_bindgen]
#[derive(Default)]
pub struct Engine(Option<Workspace>);

impl Engine {
    fn ws(&mut self) -> Result<&mut Workspace, WorkspaceError> {
        self.0.as_mut().ok_or(WorkspaceError::NoModel)
    }

    fn ws_ref(&self) -> Result<&Workspace, WorkspaceError> {
        self.0.as_ref().ok_or(WorkspaceError::NoModel)
    }

    fn install(&mut self, ws: Workspace, loaded: &Loaded) -> Result<JsValue, JsValue> {
        let out = to_js(loaded)?;
        self.0 = Some(ws);
        Ok(out)
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
        let ws = Workspace::load(text, &Limits::PAGE)?;
        let loaded = ws.loaded();
        self.install(ws, &loaded)
    }

    /// Loads a native model from its bytes (a `Uint8Array` of UTF-8, or UTF-16 with a byte order
    /// mark), as `load` does from text, without copying a long text into the engine a character
    /// at a time. `name` names the file in messages.
    #[wasm_bindgen(js_name = loadBytes)]
    pub fn load_bytes(&mut self, name: &str, bytes: &[u8]) -> Result<JsValue, JsValue> {
        let ws = Workspace::load_bytes(name, bytes, &Limits::PAGE)?;
        let loaded = ws.loaded();
        self.install(ws, &loaded)
    }

    /// Loads a generated layered model (`aligngraph generate`'s: goals, capabilities, activities,
    /// applications and initiatives, with `edgesPerNode` out-edges a node), the same for the same
    /// `seed`: for trying the engine at scale without a file, and for readying its code before a
    /// large file arrives (the page's spare worker). At most 2,000,000 nodes and 10,000,000
    /// edges; returns `{nodes, edges, diagnostics}`.
    #[wasm_bindgen(js_name = loadGenerated)]
    pub fn load_generated(
        &mut self,
        nodes: u32,
        edges_per_node: u32,
        seed: u32,
    ) -> Result<JsValue, JsValue> {
        let ws = Workspace::generated(
            nodes as usize,
            edges_per_node as usize,
            u64::from(seed),
            &Limits::PAGE_STREAM,
        )?;
        let loaded = ws.loaded();
        self.install(ws, &loaded)
    }

    /// Loads the built-in demo portfolio.
    #[wasm_bindgen(js_name = loadDemo)]
    pub fn load_demo(&mut self) -> Result<JsValue, JsValue> {
        self.load(crate::demo::DEMO_JSON)
    }

    /// Imports a model in any format (ArchiMate exchange XML, Archi `.archimate` plain or
    /// zipped, Archi's CSV export, nodes.csv/edges.csv, JSON), detected from the content:
    /// `files` is an array of `{name, bytes: Uint8Array}` (several for a CSV set), `mapping` an
    /// optional JSON mapping file. Returns `{nodes, edges, diagnostics, summary}`; throws
    /// `INVALID_MODEL` (with `diagnostics` and `summary`) and keeps the previous model on errors.
    /// With `folder` (the folder's name), `files` are a picked or dropped folder's, each named by
    /// its path inside it (the bytes of files other than CSV, XML and `.archimate` may be
    /// empty): a CSV set or a coArchi model, else one error saying what the folder holds.
    #[wasm_bindgen(js_name = importFiles)]
    pub fn import_files(
        &mut self,
        files: Array,
        mapping: Option<String>,
        folder: Option<String>,
    ) -> Result<JsValue, JsValue> {
        let map = workspace::read_mapping(mapping.as_deref())?;
        let owned = read_files(&files)?;
        let inputs: Vec<InputFile> = owned
            .iter()
            .map(|(name, bytes)| InputFile { name, bytes })
            .collect();
        let (ws, loaded) = match folder {
            Some(label) => Workspace::import_folder(&label, &inputs, &map, &Limits::PAGE)?,
            None => Workspace::import(&inputs, &map, &Limits::PAGE)?,
        };
        self.install(ws, &loaded)
    }

    /// Exports the scored model (current what-if toggles) as `format` (`exchange`, `csv`,
    /// `graphml`, `json`): an array of `{name, mime, text}` files.
    #[wasm_bindgen(js_name = exportAs)]
    pub fn export_as(&mut self, format: &str, lang: Option<String>) -> Result<JsValue, JsValue> {
        let f = workspace::export_format(format)?;
        let files = self.ws()?.export(f, lang.as_deref());
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
        Ok(self.ws_ref()?.model_json())
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

    /// Scores under the current what-if toggles: the report's small sections, and of the
    /// sections that grow with the portfolio (`initiatives`, `matrix`) those named in
    /// `sections` (all of them when it is omitted).
    pub fn score(&mut self, sections: Option<Vec<String>>) -> Result<JsValue, JsValue> {
        let sections = sections_arg(sections)?;
        Ok(self.ws()?.score(|r| to_js(&Summary::with(r, sections)))?)
    }

    /// Scores the model as loaded, without the toggles (`sections` as for `score`).
    pub fn baseline(&mut self, sections: Option<Vec<String>>) -> Result<JsValue, JsValue> {
        let sections = sections_arg(sections)?;
        Ok(self
            .ws()?
            .baseline(|r| to_js(&Summary::with(r, sections)))?)
    }

    /// The full report (as `aligngraph score` prints it) under the current toggles.
    #[wasm_bindgen(js_name = reportJson)]
    pub fn report_json(&mut self) -> Result<String, JsValue> {
        Ok(self.ws()?.report_json()?)
    }

    /// One CSV row per node with its scores, under the current toggles.
    #[wasm_bindgen(js_name = scoresCsv)]
    pub fn scores_csv(&mut self) -> Result<String, JsValue> {
        Ok(self.ws()?.scores_csv()?)
    }

    /// Node ids, in model order (the index of every typed array).
    #[wasm_bindgen(js_name = nodeIds)]
    pub fn node_ids(&self) -> Result<Vec<String>, JsValue> {
        Ok(self.ws_ref()?.node_ids())
    }

    /// Node names (the id when a node has none), in model order.
    #[wasm_bindgen(js_name = nodeNames)]
    pub fn node_names(&self) -> Result<Vec<String>, JsValue> {
        Ok(self.ws_ref()?.node_names())
    }

    /// Node ids as one text and where each ends (UTF-16 indexes into it): `{text, ends}`, with
    /// `ends` a `Uint32Array` in model order. A million ids cross as one string, not a million.
    /// With `utf8`, `{bytes, ends}`: the text as UTF-8 (`new TextDecoder().decode(bytes)` gives
    /// it back), to move from a worker without a copy.
    #[wasm_bindgen(js_name = nodeIdsPacked)]
    pub fn node_ids_packed(&self, utf8: Option<bool>) -> Result<JsValue, JsValue> {
        Ok(packed_js(self.ws_ref()?.node_ids_packed(), utf8))
    }

    /// `nodeNames()` as one text and where each ends (see `nodeIdsPacked`).
    #[wasm_bindgen(js_name = nodeNamesPacked)]
    pub fn node_names_packed(&self, utf8: Option<bool>) -> Result<JsValue, JsValue> {
        Ok(packed_js(self.ws_ref()?.node_names_packed(), utf8))
    }

    /// True when every node's name is its id (`nodeNames()` would repeat `nodeIds()`).
    #[wasm_bindgen(getter, js_name = namesAreIds)]
    pub fn names_are_ids(&self) -> Result<bool, JsValue> {
        Ok(self.ws_ref()?.names_are_ids())
    }

    /// The ArchiMate type each node was imported from (`""` when it was not), in model order.
    #[wasm_bindgen(js_name = nodeSourceTypes)]
    pub fn node_source_types(&self) -> Result<Vec<String>, JsValue> {
        Ok(self.ws_ref()?.node_source_types())
    }

    /// Node kinds as indexes into `Engine.kindNames()`.
    #[wasm_bindgen(js_name = nodeKinds)]
    pub fn node_kinds(&self) -> Result<Uint8Array, JsValue> {
        Ok(Uint8Array::from(&self.ws_ref()?.node_kinds()[..]))
    }

    /// The node kinds, in the order `nodeKinds()` indexes.
    #[wasm_bindgen(js_name = kindNames)]
    pub fn kind_names() -> Vec<String> {
        Workspace::kind_names()
            .into_iter()
            .map(str::to_string)
            .collect()
    }

    /// The bounds the page's import keeps (`Limits::PAGE`: `fileBytes`, `inflatedBytes`,
    /// `stringBytes`, `nodes`, `edges`, `junctionEdges`, `attributes`, `xmlDepth`), so the page can
    /// refuse a file by its size before reading it.
    #[wasm_bindgen(js_name = pageLimits)]
    pub fn page_limits() -> Result<JsValue, JsValue> {
        Ok(to_js(&crate::formats::limits::Limits::PAGE)?)
    }

    /// The edge kinds, in the order `edges().kind` indexes.
    #[wasm_bindgen(js_name = edgeKindNames)]
    pub fn edge_kind_names() -> Vec<String> {
        Workspace::edge_kind_names()
            .into_iter()
            .map(str::to_string)
            .collect()
    }

    /// The index of a node, or `undefined`.
    #[wasm_bindgen(js_name = nodeIndex)]
    pub fn node_index(&self, id: &str) -> Option<u32> {
        self.0.as_ref().and_then(|w| w.index(id).ok())
    }

    /// One node as written in the model JSON.
    pub fn node(&self, id: &str) -> Result<JsValue, JsValue> {
        Ok(to_js(&self.ws_ref()?.node_json(id)?)?)
    }

    /// Applies an edit of the working model (an object or its JSON text, docs/js-api.md,
    /// "Editing"): `{inverse, diagnostics, structure}`. Throws `INVALID_EDIT` with the loader's
    /// `diagnostics` (the model unchanged) for a value a model file could not hold.
    pub fn edit(&mut self, op: JsValue) -> Result<JsValue, JsValue> {
        let op = edit_arg(op)?;
        Ok(to_js(&self.ws()?.edit(&op, &Limits::PAGE)?)?)
    }

    /// The diagnostics an edit would get (an empty array when it applies cleanly), changing
    /// nothing: for a form that checks as a person types.
    #[wasm_bindgen(js_name = checkEdit)]
    pub fn check_edit(&mut self, op: JsValue) -> Result<JsValue, JsValue> {
        let op = edit_arg(op)?;
        Ok(to_js(&self.ws()?.check_edit(&op, &Limits::PAGE))?)
    }

    /// One per-node score after the latest scoring, as a Float64Array in model order.
    pub fn scores(&mut self, field: &str) -> Result<Float64Array, JsValue> {
        let f = Field::parse(field)?;
        let values = self.ws()?.field(f);
        Ok(Float64Array::from(&values[..]))
    }

    /// `scores("active")` as one byte a node (`Uint8Array`: 1 for an active initiative under the
    /// toggles, else 0), without the 8 bytes a node of a `Float64Array`.
    #[wasm_bindgen(js_name = activeMask)]
    pub fn active_mask(&self) -> Result<Uint8Array, JsValue> {
        Ok(Uint8Array::from(&self.ws_ref()?.active_mask()[..]))
    }

    /// The report's initiatives as columns after the latest scoring: `{order, status, orphan,
    /// cost, own_risk, conflict}` (`Uint32Array` node indexes in the report's order, `Uint8Array`
    /// status codes into `Engine.statusNames()`, `Uint8Array` 1 for orphans, and `Float64Array`s
    /// of what `scores(field)` holds at `order[i]` for those three fields).
    #[wasm_bindgen(js_name = initiativeColumns)]
    pub fn initiative_columns(&mut self) -> Result<JsValue, JsValue> {
        let c = self.ws()?.initiative_columns();
        let out = Object::new();
        set(&out, "order", Uint32Array::from(&c.order[..]));
        set(&out, "status", Uint8Array::from(&c.status[..]));
        set(&out, "orphan", Uint8Array::from(&c.orphan[..]));
        set(&out, "cost", Float64Array::from(&c.cost[..]));
        set(&out, "own_risk", Float64Array::from(&c.own_risk[..]));
        set(&out, "conflict", Float64Array::from(&c.conflict[..]));
        Ok(out.into())
    }

    /// The initiative statuses, in the order `initiativeColumns().status` indexes.
    #[wasm_bindgen(js_name = statusNames)]
    pub fn status_names() -> Vec<String> {
        Workspace::status_names()
            .into_iter()
            .map(str::to_string)
            .collect()
    }

    /// Edges as typed arrays: `{from, to, kind, weight}`.
    pub fn edges(&self) -> Result<JsValue, JsValue> {
        let e = self.ws_ref()?.edge_arrays();
        let out = Object::new();
        set(&out, "from", Uint32Array::from(&e.from[..]));
        set(&out, "to", Uint32Array::from(&e.to[..]));
        set(&out, "kind", Uint8Array::from(&e.kind[..]));
        set(&out, "weight", Float64Array::from(&e.weight[..]));
        Ok(out.into())
    }

    /// The layered layout: `{x, y, layer, width, height, layers}`.
    pub fn layout(&self) -> Result<JsValue, JsValue> {
        let l = self.ws_ref()?.layout();
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
        let e = self.ws()?.explain(id, paths.map(|k| k as usize))?;
        Ok(to_js(&e)?)
    }

    /// Why numbers are zero: `{goals, initiatives, causes}`, each gap with its reason, route,
    /// the relationships on it that carry no score, and the one change that connects it.
    pub fn gaps(&mut self) -> Result<JsValue, JsValue> {
        let g = self.ws()?.gaps();
        Ok(to_js(&g)?)
    }

    /// The IT-management lenses under the current toggles: `{finance, costs, applications,
    /// capabilities, operations, earned_value, people, diagnostics}` (docs/lenses.md); `today`
    /// (YYYY-MM-DD) counts when the model has no `as_of`.
    pub fn lenses(&mut self, today: Option<String>) -> Result<JsValue, JsValue> {
        let v = self.ws()?.lenses(today.as_deref());
        Ok(to_js(&v)?)
    }

    /// The threats to goals under the current toggles: the `aligngraph threats` JSON with its
    /// `diagnostics`; `today` (YYYY-MM-DD) counts when the model has no `as_of`.
    pub fn threats(&mut self, today: Option<String>) -> Result<JsValue, JsValue> {
        let v = self.ws()?.threats(today.as_deref());
        Ok(to_js(&v)?)
    }

    /// The finance lens alone under the current toggles: the `aligngraph finance` JSON with its
    /// `diagnostics` (docs/lenses.md).
    pub fn finance(&mut self) -> Result<JsValue, JsValue> {
        let (m, _) = self.ws()?.analysed();
        let (mut out, diags) = crate::lens::finance::finance(m, None, None);
        out["diagnostics"] = serde_json::json!(diags);
        Ok(to_js(&out)?)
    }

    /// Switches an initiative on or off for the what-if.
    #[wasm_bindgen(js_name = setActive)]
    pub fn set_active(&mut self, id: &str, on: bool) -> Result<(), JsValue> {
        Ok(self.ws()?.set_active(id, on)?)
    }

    /// Whether an initiative counts under the current toggles.
    #[wasm_bindgen(js_name = isActive)]
    pub fn is_active(&self, id: &str) -> Result<bool, JsValue> {
        Ok(self.ws_ref()?.is_active(id)?)
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
        Ok(to_js(&self.ws()?.diagnostics())?)
    }
}

/// Large JSON models read in chunks (`docs/js-api.md`, "Large models").
#[wasm_bindgen]
impl Engine {
    /// Loads the model a [`ModelStream`] read (its chunks pushed): `{nodes, edges, diagnostics}`
    /// as `load` answers. Throws `INVALID_MODEL` (with `diagnostics`) and keeps the previous
    /// model when it has errors. The stream is used up.
    #[wasm_bindgen(js_name = loadStream)]
    pub fn load_stream(&mut self, stream: ModelStream) -> Result<JsValue, JsValue> {
        let ws = Workspace::load_stream(stream.0)?;
        let loaded = ws.loaded();
        self.install(ws, &loaded)
    }

    /// The bounds of a JSON model read in chunks (`Limits::PAGE_STREAM`, the same fields as
    /// `pageLimits`).
    #[wasm_bindgen(js_name = pageStreamLimits)]
    pub fn page_stream_limits() -> Result<JsValue, JsValue> {
        Ok(to_js(&crate::formats::limits::Limits::PAGE_STREAM)?)
    }
}

/// A JSON model file read in chunks (`Uint8Array`s cut anywhere) within `Limits::PAGE_STREAM`:
/// only the current element is held, never the whole file. Hand it to `Engine.loadStream`.
#[wasm_bindgen]
pub struct ModelStream(crate::model::ModelStream);

#[wasm_bindgen]
impl ModelStream {
    /// A stream for the file `name` of `size` bytes (when known: it reserves room for the
    /// edges). Throws `INVALID_MODEL` for a file longer than the limit.
    #[wasm_bindgen(constructor)]
    pub fn new(name: &str, size: Option<f64>) -> Result<ModelStream, JsValue> {
        let size = size
            .filter(|s| s.is_finite() && *s >= 0.0)
            .map(|s| s as u64);
        Ok(ModelStream(Workspace::stream(
            name,
            size,
            &Limits::PAGE_STREAM,
        )?))
    }

    /// Takes the next bytes of the file.
    pub fn push(&mut self, bytes: &[u8]) {
        self.0.push(bytes);
    }

    /// Bytes taken so far.
    #[wasm_bindgen(getter, js_name = bytesRead)]
    pub fn bytes_read(&self) -> f64 {
        self.0.bytes_read() as f64
    }

    /// Nodes read so far.
    #[wasm_bindgen(getter, js_name = nodesRead)]
    pub fn nodes_read(&self) -> u32 {
        self.0.counts().0 as u32
    }

    /// Edges read so far.
    #[wasm_bindgen(getter, js_name = edgesRead)]
    pub fn edges_read(&self) -> u32 {
        self.0.counts().1 as u32
    }
}

/// Portfolio decisions (`docs/decisions-contract.md`).
#[wasm_bindgen]
impl Engine {
    /// AHP on a pairwise comparison matrix (array of arrays): `{labels, weights, lambda_max, ci,
    /// cr, ri, ri_table, consistent, most_inconsistent}`. Throws `INVALID_MATRIX`.
    pub fn ahp(&self, matrix: JsValue, labels: Option<Vec<String>>) -> Result<JsValue, JsValue> {
        let m: Vec<Vec<f64>> = arg(matrix, "matrix", "an array of rows of numbers")?;
        Ok(to_js(&workspace::ahp(&m, labels.as_deref())?)?)
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
        Ok(to_js(&self.ws()?.apply_goal_weights(&goal_ids, &m)?)?)
    }

    /// The AHP judgements saved with the model (`{goals, matrix}`), or null.
    #[wasm_bindgen(js_name = goalJudgements)]
    pub fn goal_judgements(&self) -> Result<JsValue, JsValue> {
        match self.ws_ref()?.goal_judgements() {
            Some(v) => Ok(to_js(v)?),
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
        Ok(to_js(&self.ws_ref()?.wsjf())?)
    }

    /// The weighted-scoring ranking of the active initiatives with the sensitivity of its top
    /// `top_n` (default 5): `weights` is `{alignment, benefit, risk, cost}` (default 0.4, 0.3,
    /// 0.15, 0.15). Throws `INVALID_ARGUMENT` for bad weights.
    pub fn priorities(&mut self, weights: JsValue, top_n: Option<u32>) -> Result<JsValue, JsValue> {
        let w: Option<Weights> = optional_arg(
            weights,
            "weights",
            "{alignment, benefit, risk, cost} numbers",
        )?;
        let r = self.ws()?.priorities(w, top_n.map(|n| n as usize))?;
        Ok(to_js(&r)?)
    }

    /// The portfolio of highest value within `budget` (dependencies, exclusions and mandatory
    /// initiatives respected). `options` (optional): `{timeLimitMs, onProgress, value}` (`value`:
    /// "benefit", "alignment" or "npv", the value basis; default as the CLI's); with a time
    /// limit the answer may be the best found (`stopped: true`, `bound`, `gap`);
    /// `onProgress({nodes, elapsedMs})` is called at most every 100 ms. Throws
    /// `INVALID_ARGUMENT` or `INFEASIBLE`.
    pub fn optimize(&mut self, budget: f64, options: JsValue) -> Result<JsValue, JsValue> {
        let (limit, on_progress) = time_options(&options)?;
        let basis = value_option(&options)?;
        let mut stop = time_box(limit, on_progress)?;
        Ok(to_js(&self.ws()?.optimize_with(budget, basis, &mut stop)?)?)
    }

    /// The efficient frontier: the exact staircase when it has at most `points` points
    /// (default 200), else `points` evenly spaced budgets. `options` as for `optimize`
    /// (`onProgress({nodes, point, points, elapsedMs})`); the time is shared among the points.
    pub fn frontier(&mut self, points: Option<u32>, options: JsValue) -> Result<JsValue, JsValue> {
        let (limit, on_progress) = time_options(&options)?;
        let basis = value_option(&options)?;
        let mut stop = time_box(limit, on_progress)?;
        let f = self
            .ws()?
            .frontier_with(points.map(|p| p as usize), basis, &mut stop)?;
        Ok(to_js(&f)?)
    }

    /// The model's own numbers the decision views show: `{budget, benefit, cost,
    /// business_value, time_criticality, risk_reduction, job_size}`, each column a
    /// `Float64Array` in node order (NaN where a node has none), `budget` the model's stated
    /// budget or null.
    #[wasm_bindgen(js_name = decisionFields)]
    pub fn decision_fields(&self) -> Result<JsValue, JsValue> {
        let f = self.ws_ref()?.decision_fields();
        let o = Object::new();
        set(&o, "budget", f.budget.map_or(JsValue::NULL, JsValue::from));
        for (k, col) in [
            ("benefit", &f.benefit),
            ("cost", &f.cost),
            ("business_value", &f.business_value),
            ("time_criticality", &f.time_criticality),
            ("risk_reduction", &f.risk_reduction),
            ("job_size", &f.job_size),
        ] {
            set(&o, k, Float64Array::from(col.as_slice()));
        }
        Ok(o.into())
    }

    /// The schedule of the active initiatives under the current toggles (CPM/PERT), with the
    /// probability of finishing by `deadline` when given. Warnings (milestones without a
    /// duration) are in `warnings`. Throws `DEPENDENCY_CYCLE`.
    pub fn schedule(&self, deadline: Option<f64>) -> Result<JsValue, JsValue> {
        Ok(to_js(&self.ws_ref()?.schedule(deadline)?)?)
    }

    /// The model's scenarios as saved: `[{name, description?, changes}]`.
    pub fn scenarios(&self) -> Result<JsValue, JsValue> {
        Ok(to_js(&self.ws_ref()?.scenarios())?)
    }

    /// Adds a scenario, or replaces the one with the same name. Throws (`UNKNOWN_NODE`,
    /// `INVALID_VALUE`, ... with `diagnostics`) for a change that cannot apply.
    #[wasm_bindgen(js_name = saveScenario)]
    pub fn save_scenario(&mut self, scenario: JsValue) -> Result<(), JsValue> {
        let v: serde_json::Value = arg(scenario, "scenario", "an object {name, changes}")?;
        Ok(self.ws()?.save_scenario(&v)?)
    }

    /// Removes a scenario. Throws `UNKNOWN_SCENARIO`.
    #[wasm_bindgen(js_name = deleteScenario)]
    pub fn delete_scenario(&mut self, name: &str) -> Result<(), JsValue> {
        Ok(self.ws()?.delete_scenario(name)?)
    }

    /// An earlier model compared with the model as loaded (no what-if toggles): `earlier` is model
    /// JSON text or an array of `{name, bytes: Uint8Array}` files in any import format, `name` its
    /// file name. Returns the `aligngraph diff` JSON. Throws `INVALID_MODEL` (with `diagnostics`,
    /// each naming the file) when the earlier model does not load; the working model is untouched.
    #[wasm_bindgen(js_name = compareWith)]
    pub fn compare_with(&self, earlier: JsValue, name: Option<String>) -> Result<JsValue, JsValue> {
        let ws = self.ws_ref()?;
        let owned = match earlier.as_string() {
            Some(_) => Vec::new(),
            None => read_files(&earlier.clone().dyn_into::<Array>().map_err(|_| {
                WorkspaceError::InvalidArgument(
                    "earlier must be model JSON text or an array of {name, bytes} files".into(),
                )
            })?)?,
        };
        let label = name
            .or_else(|| owned.first().map(|(n, _)| n.clone()))
            .unwrap_or_else(|| "the earlier model".into());
        let inputs: Vec<InputFile> = owned
            .iter()
            .map(|(name, bytes)| InputFile { name, bytes })
            .collect();
        let text = earlier.as_string();
        let old = Workspace::earlier(&label, text.as_deref(), &inputs, &Limits::PAGE)?;
        Ok(to_js(&ws.compare_with(&old, &label))?)
    }

    /// A scenario compared with the model as loaded (see the contract). Throws
    /// `UNKNOWN_SCENARIO`.
    #[wasm_bindgen(js_name = compareScenario)]
    pub fn compare_scenario(&self, name: &str) -> Result<JsValue, JsValue> {
        Ok(to_js(&self.ws_ref()?.compare_scenario(name)?)?)
    }
}

/// The `{name, bytes: Uint8Array}` files of a JS array, each within the page's file size limit.
fn read_files(files: &Array) -> Result<Vec<(String, Vec<u8>)>, JsValue> {
    let mut owned: Vec<(String, Vec<u8>)> = Vec::with_capacity(files.length() as usize);
    for f in files.iter() {
        let name = Reflect::get(&f, &"name".into())?
            .as_string()
            .unwrap_or_default();
        let bytes: Uint8Array = Reflect::get(&f, &"bytes".into())?.dyn_into().map_err(|_| {
            WorkspaceError::InvalidArgument(format!("file {name}: bytes must be a Uint8Array"))
        })?;
        Workspace::check_file_size(&name, u64::from(bytes.length()), &Limits::PAGE)?;
        owned.push((name, bytes.to_vec()));
    }
    Ok(owned)
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
        let args: SimulationArgs = optional_arg(
            options,
            "options",
            "{runs, seed, distribution, top, deadline}",
        )?
        .unwrap_or_default();
        Ok(Simulation(workspace::simulation(
            model_text,
            &args,
            &Limits::PAGE,
        )?))
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
        Ok(to_js(&self.0.result())?)
    }
}

/// The crate version.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// The scoring steps one at a time for the side-by-side benchmark (`benches/side-by-side.mjs`):
/// the same calls as the native benchmark, each returning its checksum (see `src/bench.rs`).
#[wasm_bindgen]
#[derive(Default)]
pub struct BenchPhases(crate::bench::Phases);

#[wasm_bindgen]
impl BenchPhases {
    /// Nothing loaded yet.
    #[wasm_bindgen(constructor)]
    pub fn new() -> BenchPhases {
        BenchPhases::default()
    }

    /// Loads a model from JSON text and builds its graph; returns nodes + edges.
    pub fn load(&mut self, text: &str) -> Result<f64, JsValue> {
        Ok(self.0.load(text)?)
    }

    /// The same from UTF-8 bytes (a model longer than a JS string may be).
    #[wasm_bindgen(js_name = loadBytes)]
    pub fn load_bytes(&mut self, bytes: &[u8]) -> Result<f64, JsValue> {
        Ok(self.0.load_bytes(bytes)?)
    }

    /// Reach and alignment; returns the sum of alignment.
    pub fn alignment(&mut self) -> Result<f64, JsValue> {
        Ok(self.0.alignment()?)
    }

    /// Coverage of every goal; returns the sum.
    pub fn coverage(&self) -> Result<f64, JsValue> {
        Ok(self.0.coverage()?)
    }

    /// Delivery risk; returns the sum.
    #[wasm_bindgen(js_name = deliveryRisk)]
    pub fn delivery_risk(&self) -> Result<f64, JsValue> {
        Ok(self.0.delivery_risk()?)
    }

    /// Strongly connected components of depends_on; returns the checksum.
    pub fn cycles(&self) -> Result<f64, JsValue> {
        Ok(self.0.cycles()?)
    }

    /// PageRank over depends_on; returns N x sum of rank squared.
    pub fn pagerank(&self) -> Result<f64, JsValue> {
        Ok(self.0.pagerank()?)
    }

    /// The initiative the benchmark switches (the first active one in file order).
    #[wasm_bindgen(js_name = toggleTarget)]
    pub fn toggle_target(&self) -> Option<String> {
        self.0.toggle_target()
    }

    /// `setActive(id, on)` and the scores read again; returns the checksum.
    pub fn toggle(&mut self, id: &str, on: bool) -> Result<f64, JsValue> {
        Ok(self.0.toggle(id, on)?)
    }
}
