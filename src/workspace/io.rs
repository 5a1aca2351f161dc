//! Loading, importing and exporting a workspace, and the per-node and per-edge arrays the page
//! draws from.

use super::{Workspace, WorkspaceError};
use crate::analysis::Report;
use crate::analysis::report::{
    GoalScore, InitiativeScore, Kpis, Matrix, ModelSummary, StatusReport, Structure,
};
use crate::diagnostics::{Code, Diagnostic, has_errors};
use crate::formats::export::{self, ExportFile, ExportFormat};
use crate::formats::import::{self, InputFile};
use crate::formats::limits::Limits;
use crate::formats::mapping::{ImportSummary, Mapping};
use crate::formats::text;
use crate::layout::{self, Layout, LayoutOptions};
use crate::model::{EdgeKind, NodeKind, Status};
use serde::Serialize;

/// What a load or an import made: `{nodes, edges, diagnostics}` (and `summary` for an import).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Loaded {
    /// Number of nodes.
    pub nodes: u32,
    /// Number of edges.
    pub edges: u32,
    /// The loader's (or importer's) warnings.
    pub diagnostics: Vec<Diagnostic>,
    /// What an import read and what it made of it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<ImportSummary>,
}

/// The report's small sections, as the page's `score()` returns them.
#[derive(Serialize)]
pub struct Summary<'r> {
    /// `aligngraph-report`.
    pub format: &'static str,
    /// Report format version.
    pub version: u32,
    /// Model name and counts.
    pub model: &'r ModelSummary,
    /// Portfolio KPIs.
    pub kpis: &'r Kpis,
    /// Status against the model's targets.
    pub status: &'r StatusReport,
    /// Per-goal scores.
    pub goals: &'r [GoalScore],
    /// Per-initiative scores (left out when not asked for).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub initiatives: Option<Vec<InitiativeScore<'r>>>,
    /// Initiative x goal matrix (left out when not asked for).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub matrix: Option<Matrix<'r>>,
    /// Structural findings.
    pub structure: &'r Structure,
    /// Every diagnostic.
    pub diagnostics: &'r [Diagnostic],
}

/// The sections of a report that grow with the portfolio, which a summary holds only on request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sections {
    /// Per-initiative scores.
    pub initiatives: bool,
    /// The initiative x goal matrix.
    pub matrix: bool,
}

impl Sections {
    /// Every section.
    pub const ALL: Sections = Sections {
        initiatives: true,
        matrix: true,
    };

    /// Reads section names (`initiatives`, `matrix`); the error names the unknown one.
    pub fn parse<'a>(names: impl IntoIterator<Item = &'a str>) -> Result<Sections, WorkspaceError> {
        let mut out = Sections {
            initiatives: false,
            matrix: false,
        };
        for name in names {
            match name {
                "initiatives" => out.initiatives = true,
                "matrix" => out.matrix = true,
                other => {
                    return Err(WorkspaceError::InvalidArgument(format!(
                        "no report section is called \"{other}\"; expected initiatives or matrix"
                    )));
                }
            }
        }
        Ok(out)
    }
}

impl<'r> Summary<'r> {
    /// The small sections of a report, with every section that grows with the portfolio.
    pub fn of(r: &'r Report) -> Summary<'r> {
        Summary::with(r, Sections::ALL)
    }

    /// The small sections of a report and the asked-for large ones.
    pub fn with(r: &'r Report, sections: Sections) -> Summary<'r> {
        Summary {
            format: r.format,
            version: r.version,
            model: &r.model,
            kpis: &r.kpis,
            status: &r.status,
            goals: &r.goals,
            initiatives: sections.initiatives.then(|| r.initiatives().collect()),
            matrix: sections.matrix.then(|| r.matrix()),
            structure: &r.structure,
            diagnostics: &r.diagnostics,
        }
    }
}

/// The report's initiatives as columns, in the report's order (the ranking the CLI prints).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct InitiativeColumns {
    /// The initiative's node index.
    pub order: Vec<u32>,
    /// Its status under the current toggles, as an index into [`Workspace::status_names`].
    pub status: Vec<u8>,
    /// 1 when it reaches no goal.
    pub orphan: Vec<u8>,
    /// Its cost (0 when it has none), as `field(Field::Cost)` gives it.
    pub cost: Vec<f64>,
    /// Its own risk, as `field(Field::OwnRisk)` gives it.
    pub own_risk: Vec<f64>,
    /// Its conflict, as `field(Field::Conflict)` gives it.
    pub conflict: Vec<f64>,
}

/// The edges as flat arrays in model order; `kind` indexes [`EdgeKind::ALL`], `weight` is the
/// effective weight.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EdgeArrays {
    /// Source node index.
    pub from: Vec<u32>,
    /// Target node index.
    pub to: Vec<u32>,
    /// Edge kind index.
    pub kind: Vec<u8>,
    /// Effective weight.
    pub weight: Vec<f64>,
}

/// Reads a mapping file for [`Workspace::import`]; no text (or empty text) is the default
/// mapping. Fails with `INVALID_MAPPING` and its diagnostics.
pub fn read_mapping(text: Option<&str>) -> Result<Mapping, WorkspaceError> {
    match text {
        None | Some("") => Ok(Mapping::default()),
        Some(text) => Mapping::from_json(text).map_err(WorkspaceError::InvalidMapping),
    }
}

/// The export format called `name` (`exchange`, `csv`, `graphml`, `json`), or `UNKNOWN_FORMAT`.
pub fn export_format(name: &str) -> Result<ExportFormat, WorkspaceError> {
    ExportFormat::parse(name).ok_or_else(|| WorkspaceError::UnknownFormat(name.to_string()))
}

impl Workspace {
    /// An earlier model for [`Workspace::compare_with`]: model JSON text, or files in any import
    /// format (`files`), read within `limits`. Fails with `INVALID_MODEL` and every diagnostic,
    /// each naming the file `label` when its place names no file.
    pub fn earlier(
        label: &str,
        text: Option<&str>,
        files: &[InputFile],
        limits: &Limits,
    ) -> Result<Workspace, WorkspaceError> {
        let named = |mut ds: Vec<Diagnostic>| {
            for d in &mut ds {
                d.place.file.get_or_insert_with(|| label.to_string());
            }
            ds
        };
        let res = match text {
            Some(t) => Workspace::load(t, limits),
            None => Workspace::import(files, &Mapping::default(), limits).map(|(ws, _)| ws),
        };
        res.map_err(|e| match e {
            WorkspaceError::InvalidModel(d) => WorkspaceError::InvalidModel(named(d)),
            WorkspaceError::InvalidImport(d, s) => WorkspaceError::InvalidImport(named(d), s),
            other => other,
        })
    }

    /// Refuses a file of `len` bytes longer than `limits.file_bytes` with `INVALID_MODEL` (its
    /// `LIMIT_EXCEEDED` diagnostic), before its bytes are copied anywhere.
    pub fn check_file_size(name: &str, len: u64, limits: &Limits) -> Result<(), WorkspaceError> {
        match import::too_large(name, len, limits) {
            Some(imp) => Err(WorkspaceError::InvalidImport(
                imp.diagnostics,
                Box::new(imp.summary),
            )),
            None => Ok(()),
        }
    }

    /// Imports a model in any format (detected from the content) through the mapping. Fails with
    /// `INVALID_MODEL` (every diagnostic and the import summary) when the import has errors.
    pub fn import(
        files: &[InputFile],
        mapping: &Mapping,
        limits: &Limits,
    ) -> Result<(Workspace, Loaded), WorkspaceError> {
        Self::imported(import::import_limited(files, mapping, limits))
    }

    /// Imports the files of a folder (each named by its path inside it; see
    /// [`import::import_folder`]): a CSV set or a coArchi model.
    pub fn import_folder(
        label: &str,
        files: &[InputFile],
        mapping: &Mapping,
        limits: &Limits,
    ) -> Result<(Workspace, Loaded), WorkspaceError> {
        Self::imported(import::import_folder(label, files, mapping, limits))
    }

    fn imported(
        imp: crate::formats::mapping::Import,
    ) -> Result<(Workspace, Loaded), WorkspaceError> {
        if has_errors(&imp.diagnostics) {
            return Err(WorkspaceError::InvalidImport(
                imp.diagnostics,
                Box::new(imp.summary),
            ));
        }
        let ws = Workspace::from_model(imp.model, imp.diagnostics);
        let mut loaded = ws.loaded();
        loaded.summary = Some(imp.summary);
        Ok((ws, loaded))
    }

    /// The counts and warnings of the model as loaded.
    pub fn loaded(&self) -> Loaded {
        Loaded {
            nodes: self.model.nodes.len() as u32,
            edges: self.model.edges.len() as u32,
            diagnostics: self.loaded.clone(),
            summary: None,
        }
    }

    /// The model as loaded, as model JSON text (what-if toggles are not written into it).
    pub fn model_json(&self) -> String {
        crate::model::to_json(&self.model)
    }

    /// The scored model (current what-if toggles) as the files of `format`, named after the
    /// model (`model` when it has no name); `lang` tags names in the exchange format.
    pub fn export(&mut self, format: ExportFormat, lang: Option<&str>) -> Vec<ExportFile> {
        let stem = self.model.name.clone().unwrap_or_else(|| "model".into());
        self.score(|r| export::export(r, format, &stem, lang))
    }

    /// The full report (as `aligngraph score` prints it) under the current toggles.
    pub fn report_json(&mut self) -> Result<String, WorkspaceError> {
        self.score(|r| serde_json::to_string_pretty(r))
            .map_err(|e| WorkspaceError::Internal(e.to_string()))
    }

    /// One CSV row per node with its scores, under the current toggles.
    pub fn scores_csv(&mut self) -> Result<String, WorkspaceError> {
        self.score(crate::formats::scores_csv::to_string)
            .map_err(|e| WorkspaceError::Internal(e.to_string()))
    }

    /// Node ids in model order (the index of every per-node array).
    pub fn node_ids(&self) -> Vec<String> {
        self.model.nodes.iter().map(|x| x.id.to_string()).collect()
    }

    /// Node names (the id when a node has none) in model order.
    pub fn node_names(&self) -> Vec<String> {
        self.model
            .nodes
            .iter()
            .map(|x| x.display_name().to_string())
            .collect()
    }

    /// Node ids in model order as one text and where each ends, in UTF-16 code units (what a
    /// JavaScript string's indexes count): the page cuts its strings from one text, so a million
    /// ids cross to it as one string and one array rather than a million strings.
    pub fn node_ids_packed(&self) -> (String, Vec<u32>) {
        packed(self.model.nodes.iter().map(|x| &*x.id))
    }

    /// [`Workspace::node_names`] as one text and the UTF-16 ends (see
    /// [`Workspace::node_ids_packed`]).
    pub fn node_names_packed(&self) -> (String, Vec<u32>) {
        packed(self.model.nodes.iter().map(|x| x.display_name()))
    }

    /// True when every node's display name is its id (no node has a name of its own): the page
    /// then takes the ids for the names instead of a second list of a million strings.
    pub fn names_are_ids(&self) -> bool {
        self.model
            .nodes
            .iter()
            .all(|x| x.name.as_deref().is_none_or(|n| n == &*x.id))
    }

    /// The ArchiMate type each node was imported from (`""` for a node that was not imported), in
    /// model order: what the page's diagnostics link to in the import summary.
    pub fn node_source_types(&self) -> Vec<String> {
        self.model
            .nodes
            .iter()
            .map(|x| x.source_type().unwrap_or_default().to_string())
            .collect()
    }

    /// Node kinds in model order, as indexes into [`Workspace::kind_names`].
    pub fn node_kinds(&self) -> Vec<u8> {
        self.model
            .nodes
            .iter()
            .map(|x| NodeKind::ALL.iter().position(|&k| k == x.kind).unwrap_or(0) as u8)
            .collect()
    }

    /// Loads a native model from its bytes (UTF-8, or UTF-16 with a byte order mark), as
    /// [`Workspace::load`] does from text: what the page passes, so that no long text is copied
    /// into the engine a character at a time. Bytes that are not text fail with `INVALID_JSON`
    /// naming the first bad byte; more than `limits.file_bytes` fail with `LIMIT_EXCEEDED`.
    pub fn load_bytes(
        name: &str,
        bytes: &[u8],
        limits: &Limits,
    ) -> Result<Workspace, WorkspaceError> {
        if bytes.len() as u64 > limits.file_bytes {
            return Err(WorkspaceError::InvalidModel(vec![text::too_large(
                name,
                limits.file_bytes,
                Some(bytes.len() as u64),
            )]));
        }
        let text = text::decode(name, bytes, Code::InvalidJson)
            .map_err(|d| WorkspaceError::InvalidModel(vec![*d]))?;
        Workspace::load(&text, limits)
    }

    /// The report's `initiatives` section as columns (what the page reads instead of one object
    /// per initiative), under the current toggles, scoring first when needed. The other numbers of
    /// an entry are per-node fields ([`Workspace::field`]) at `order[i]`.
    pub fn initiative_columns(&mut self) -> InitiativeColumns {
        let (model, s) = self.analysed();
        let mut out = InitiativeColumns::default();
        for &v in &s.graph.by_rank {
            if s.graph.kind[v as usize] != NodeKind::Initiative {
                continue;
            }
            let node = &model.nodes[v as usize];
            out.order.push(v);
            let status = node.status();
            out.status
                .push(Status::ALL.iter().position(|&x| x == status).unwrap_or(0) as u8);
            out.orphan.push(u8::from(!s.traceable[v as usize]));
            out.cost.push(node.attrs().cost().unwrap_or(0.0));
            out.own_risk.push(s.own_risk[v as usize]);
            out.conflict.push(s.conflict(v));
        }
        out
    }

    /// The initiative statuses, in the order [`InitiativeColumns::status`] indexes.
    pub fn status_names() -> Vec<&'static str> {
        Status::ALL.iter().map(|x| x.as_str()).collect()
    }

    /// The node kinds, in the order [`Workspace::node_kinds`] indexes.
    pub fn kind_names() -> Vec<&'static str> {
        NodeKind::ALL.iter().map(|k| k.as_str()).collect()
    }

    /// The edge kinds, in the order [`EdgeArrays::kind`] indexes.
    pub fn edge_kind_names() -> Vec<&'static str> {
        EdgeKind::ALL.iter().map(|k| k.as_str()).collect()
    }

    /// One node as written in the model JSON.
    pub fn node_json(&self, id: &str) -> Result<serde_json::Value, WorkspaceError> {
        let i = self.index(id)?;
        Ok(crate::model::node_to_json(&self.model.nodes[i as usize]))
    }

    /// The edges of the model as loaded, as flat arrays.
    pub fn edge_arrays(&self) -> EdgeArrays {
        let n = self.model.edges.len();
        let mut out = EdgeArrays {
            from: Vec::with_capacity(n),
            to: Vec::with_capacity(n),
            kind: Vec::with_capacity(n),
            weight: Vec::with_capacity(n),
        };
        for e in &self.model.edges {
            out.from.push(e.from);
            out.to.push(e.to);
            out.kind
                .push(EdgeKind::ALL.iter().position(|&k| k == e.kind).unwrap_or(0) as u8);
            out.weight.push(e.weight());
        }
        out
    }

    /// The layered layout of the model as loaded (default options).
    pub fn layout(&self) -> Layout {
        layout::layered(&self.model, &LayoutOptions::default())
    }
}

/// A JSON model read in chunks: the page's large files, whose bytes are never held whole.
impl Workspace {
    /// A reader for the JSON model file `name` of `size` bytes (when known) within `limits`
    /// (the page passes [`Limits::PAGE_STREAM`]); push its bytes, then [`Workspace::load_stream`].
    /// A file longer than `limits.file_bytes` is refused before a byte is read.
    pub fn stream(
        name: &str,
        size: Option<u64>,
        limits: &Limits,
    ) -> Result<crate::model::ModelStream, WorkspaceError> {
        if let Some(len) = size {
            if len > limits.file_bytes {
                return Err(WorkspaceError::InvalidModel(vec![text::too_large(
                    name,
                    limits.file_bytes,
                    Some(len),
                )]));
            }
        }
        Ok(crate::model::ModelStream::new(name, size, limits))
    }

    /// The model a stream read, as [`Workspace::load`] reads the same text: fails with every
    /// diagnostic when there is an error.
    pub fn load_stream(stream: crate::model::ModelStream) -> Result<Workspace, WorkspaceError> {
        let (model, loaded) = stream.finish();
        if crate::diagnostics::has_errors(&loaded) {
            return Err(WorkspaceError::InvalidModel(loaded));
        }
        Ok(Workspace::from_model(model, loaded))
    }
}

/// `texts` joined, and the end of each in UTF-16 code units. A text longer than `u32::MAX` code
/// units in all cannot occur: the page's limits keep a model's file far below it.
fn packed<'a>(texts: impl Iterator<Item = &'a str>) -> (String, Vec<u32>) {
    let mut text = String::new();
    let mut ends = Vec::with_capacity(texts.size_hint().0);
    let mut at = 0u32;
    for t in texts {
        text.push_str(t);
        let units = if t.is_ascii() {
            t.len()
        } else {
            t.chars().map(char::len_utf16).sum()
        };
        at = at.saturating_add(units as u32);
        ends.push(at);
    }
    (text, ends)
}
