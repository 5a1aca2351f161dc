//! Models kept in git by coArchi, Archi's collaboration plugin, read from the files of a folder
//! (or a zip of one) that the caller hands in as (relative path, bytes): this module reads no
//! file itself, so the command line and the page share it.
//!
//! Two generations of the plugin write two layouts:
//!
//! - **coArchi 1** (the "Grafico" layout): a `model/` folder with `folder.xml` (the model: name,
//!   id, `purpose`, properties), one sub-folder per model folder (`business/`, `relations/`,
//!   `diagrams/`, ... and user folders named by their id), each with its own `folder.xml`, and one
//!   XML file per element, relationship and diagram, named `Type_id.xml`. A file's root element
//!   is the concept itself (`<archimate:BusinessObject id= name= documentation=>`); properties are
//!   `<properties key= value=>` children; a relationship's ends and a diagram box's element are
//!   references into other files (`<source href="Goal_id-1.xml#id-1"/>`,
//!   `<archimateElement href="...#id"/>`), read by the id after `#`; diagram boxes are
//!   `<children>` (nested to any depth) instead of the `.archimate` file's `<child>`.
//! - **coArchi 2** (Archi 5's collaboration): the model is one `model.archimate` file at the
//!   repository's root (plus `images/`), read by [`crate::formats::archi`].
//!
//! Either way the result is the same [`ArchiModel`] the `.archimate` reader gives for the same
//! model: elements (junctions as `AndJunction` / `OrJunction`), relationships with source,
//! target, influence strength and access type, names, documentation, properties, and the nesting
//! of element boxes in diagrams (`view_nesting`). Folders, images, sketches and canvases are not
//! read. Every error names the file by its path as handed in, with the line and column inside it.
//!
//! The folder may be the repository's root, its `model/` folder, or anything holding one (a zip
//! downloaded from GitHub puts everything under one top folder): the model is the shallowest
//! `model/folder.xml` (or a `folder.xml` at the top), else the shallowest `model.archimate` at
//! most one folder deep. Hostile input: at most [`MAX_FILES`] files, the model's files together
//! at most `inflated_bytes` of the [`Limits`] (each zip entry read through that cap), every file
//! within the XML guard's limits, no DTD, and the element and relationship counts of the limits.

use crate::diagnostics::{Code, Diagnostic, Place};
use crate::formats::archi::{self, Lines};
use crate::formats::archimate::ArchiModel;
use crate::formats::limits::Limits;
use crate::formats::xml_guard::{self, Dialect};
use roxmltree::{Document, ParsingOptions};
use std::collections::{HashMap, HashSet};
use std::io::{Cursor, Read as _};

/// The `format` of models this reader produces.
pub const FORMAT: &str = "coarchi";

/// The most files a folder or zip may hold for the reader to look at (a coArchi repository of a
/// large model, such as GEMMA's 3,000 elements with their relationships and views, has about
/// 12,000).
pub const MAX_FILES: usize = 200_000;

/// The file of the model itself in coArchi 1's layout.
pub const FOLDER_XML: &str = "folder.xml";

/// The model file of coArchi 2's layout.
pub const MODEL_FILE: &str = "model.archimate";

/// Where the model is among the files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Layout {
    /// coArchi 1: the `folder.xml` of the model folder; every `.xml` file under its folder
    /// belongs to the model.
    Grafico {
        /// The model's `folder.xml` as named in the list.
        folder_xml: String,
    },
    /// coArchi 2: one `model.archimate` file.
    ModelFile {
        /// The file as named in the list.
        path: String,
    },
}

impl Layout {
    /// The generation of the plugin that writes this layout.
    pub fn generation(&self) -> u8 {
        match self {
            Layout::Grafico { .. } => 1,
            Layout::ModelFile { .. } => 2,
        }
    }

    /// Whether `path` is a file the model is read from.
    fn holds(&self, path: &str) -> bool {
        match self {
            Layout::Grafico { folder_xml } => {
                let dir = &folder_xml[..folder_xml.len() - FOLDER_XML.len()];
                path.starts_with(dir)
                    && path.len() > 4
                    && path[path.len() - 4..].eq_ignore_ascii_case(".xml")
                    && !path[dir.len()..].split('/').any(|s| s.starts_with('.'))
            }
            Layout::ModelFile { path: p } => p == path,
        }
    }
}

/// A path with `\` as `/` and no leading `./` or `/`.
fn clean(path: &str) -> String {
    let p = path.replace('\\', "/");
    let p = p.trim_start_matches("./").trim_start_matches('/');
    p.to_string()
}

fn depth(path: &str) -> usize {
    path.matches('/').count()
}

/// Finds a coArchi model among relative paths (see the module's documentation), or `None`.
#[inline(never)]
pub fn find<'a>(paths: impl IntoIterator<Item = &'a str>) -> Option<Layout> {
    let mut grafico: Option<String> = None;
    let mut model_file: Option<String> = None;
    for p in paths {
        let p = clean(p);
        let lower = p.to_ascii_lowercase();
        if p.split('/').any(|s| s.starts_with('.') && s.len() > 1) {
            continue;
        }
        let in_model_dir = lower == "model/folder.xml" || lower.ends_with("/model/folder.xml");
        if (in_model_dir || lower == FOLDER_XML)
            && grafico
                .as_ref()
                .is_none_or(|g| depth(&p) < depth(g) || (depth(&p) == depth(g) && p < *g))
        {
            grafico = Some(p);
        } else if (lower == MODEL_FILE || lower.ends_with("/model.archimate"))
            && depth(&p) <= 1
            && model_file
                .as_ref()
                .is_none_or(|m| depth(&p) < depth(m) || (depth(&p) == depth(m) && p < *m))
        {
            model_file = Some(p);
        }
    }
    grafico
        .map(|folder_xml| Layout::Grafico { folder_xml })
        .or(model_file.map(|path| Layout::ModelFile { path }))
}

/// What the reader returns: the model, its diagnostics, and the file each element and
/// relationship was read from (by its id as written), for messages that come later.
#[derive(Debug, Default)]
pub struct Read {
    /// The model (empty when there are errors).
    pub model: ArchiModel,
    /// Errors and warnings, each naming its file.
    pub diagnostics: Vec<Diagnostic>,
    /// id -> the file it was read from (an index into `paths`).
    pub files: HashMap<String, usize>,
    /// The files read, by their paths as handed in.
    pub paths: Vec<String>,
}

impl Read {
    /// The file an element or relationship was read from, by its id as written.
    pub fn file_of(&self, id: &str) -> Option<&str> {
        self.files.get(id).map(|&i| self.paths[i].as_str())
    }
}

fn empty() -> ArchiModel {
    ArchiModel {
        format: FORMAT,
        ..ArchiModel::default()
    }
}

fn failed(d: Diagnostic) -> Read {
    Read {
        model: empty(),
        diagnostics: vec![d],
        ..Read::default()
    }
}

fn in_file(mut d: Diagnostic, file: &str) -> Diagnostic {
    d.place.file = Some(file.to_string());
    d
}

/// Reads the model laid out as `layout` from `files` (relative path, bytes).
pub fn read(files: &[(&str, &[u8])], layout: &Layout, limits: &Limits) -> Read {
    if files.len() > MAX_FILES {
        return failed(*archi::limit_error(format!(
            "the folder holds {} files, more than the {MAX_FILES} looked at",
            files.len()
        )));
    }
    let mut mine: Vec<(String, &[u8])> = files
        .iter()
        .map(|(p, b)| (clean(p), *b))
        .filter(|(p, _)| layout.holds(p))
        .collect();
    mine.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let total: u64 = mine.iter().map(|(_, b)| b.len() as u64).sum();
    if total > limits.inflated_bytes {
        return failed(*archi::limit_error(format!(
            "the model's {} files hold {}, more than the {} a model may have (limit \
             `inflated_bytes`)",
            mine.len(),
            archi::bytes_text(total),
            archi::bytes_text(limits.inflated_bytes)
        )));
    }
    match layout {
        Layout::ModelFile { path } => {
            let Some((_, bytes)) = mine.first() else {
                return failed(Diagnostic::error(
                    Code::MissingField,
                    Place::default(),
                    format!("{path} is listed but has no content"),
                ));
            };
            let (mut model, diags) = archi::read_with(bytes, limits);
            model.format = FORMAT;
            let diagnostics = diags.into_iter().map(|d| in_file(d, path)).collect();
            let files = model
                .elements
                .iter()
                .map(|e| e.id.clone())
                .chain(model.relationships.iter().map(|r| r.id.clone()))
                .map(|id| (id, 0))
                .collect();
            Read {
                model,
                diagnostics,
                files,
                paths: vec![path.clone()],
            }
        }
        Layout::Grafico { folder_xml } => read_grafico(&mine, folder_xml, limits),
    }
}

/// What is read so far, across the files.
struct Acc {
    model: ArchiModel,
    diags: Vec<Diagnostic>,
    errors: usize,
    files: HashMap<String, usize>,
    paths: Vec<String>,
    nesting_seen: HashSet<String>,
    model_read: bool,
}

fn read_grafico(files: &[(String, &[u8])], folder_xml: &str, limits: &Limits) -> Read {
    let mut r = Acc {
        model: empty(),
        diags: Vec::new(),
        errors: 0,
        files: HashMap::new(),
        paths: Vec::new(),
        nesting_seen: HashSet::new(),
        model_read: false,
    };
    for (path, bytes) in files {
        let from = r.diags.len();
        read_file(&mut r, path, bytes, path == folder_xml, limits);
        for d in &mut r.diags[from..] {
            d.place.file.get_or_insert_with(|| path.clone());
        }
        let (n, m) = (r.model.elements.len(), r.model.relationships.len());
        if n > limits.nodes || m > limits.edges {
            let (what, max, limit) = if n > limits.nodes {
                ("elements", limits.nodes, "nodes")
            } else {
                ("relationships", limits.edges, "edges")
            };
            return failed(in_file(
                *archi::limit_error(format!(
                    "the model has more than the {max} {what} the import holds (limit `{limit}`)"
                )),
                path,
            ));
        }
    }
    if !r.model_read && r.errors == 0 {
        r.errors += 1;
        r.diags.push(in_file(
            Diagnostic::error(
                Code::MissingField,
                Place::default(),
                "the model's folder.xml holds no model".to_string(),
            ),
            folder_xml,
        ));
    }
    Read {
        model: if r.errors > 0 { empty() } else { r.model },
        diagnostics: r.diags,
        files: r.files,
        paths: r.paths,
    }
}

fn error(r: &mut Acc, d: Diagnostic) {
    r.errors += 1;
    if r.errors <= archi::MAX_ERRORS {
        r.diags.push(d);
    }
}

fn read_file(r: &mut Acc, path: &str, bytes: &[u8], is_model: bool, limits: &Limits) {
    let text = match archi::text_of(bytes, limits.inflated_bytes) {
        Ok(t) => t,
        Err(d) => return error(r, *d),
    };
    if let Err(d) = xml_guard::check(text, Dialect::Archi, limits) {
        return error(r, *d);
    }
    let lines = Lines::new(text);
    let opts = ParsingOptions {
        allow_dtd: false,
        nodes_limit: archi::NODES_LIMIT,
        ..ParsingOptions::default()
    };
    let doc = match Document::parse_with_options(text, opts) {
        Ok(doc) => doc,
        Err(e) => return error(r, archi::xml_error(text, &lines, &e)),
    };
    let root = doc.root_element();
    let tag = root.tag_name().name();
    let ns = root.tag_name().namespace().unwrap_or("");
    if !(ns.starts_with(archi::NAMESPACE) || ns.starts_with(archi::OLD_NAMESPACE))
        || is_model != matches!(tag, "ArchimateModel" | "model")
    {
        let (line, column) = lines.line_column(root.range().start);
        return error(
            r,
            Diagnostic::error(
                Code::UnsupportedFormat,
                archi::at(line, column),
                format!(
                    "the root element <{tag}> (namespace \"{ns}\") is not {}",
                    if is_model {
                        "Archi's model (<archimate:ArchimateModel>)"
                    } else {
                        "an Archi concept"
                    }
                ),
            ),
        );
    }
    if is_model {
        r.model_read = true;
        r.model.id = archi::non_empty(archi::attr(root, "id"));
        r.model.name = archi::non_empty(archi::attr(root, "name"));
        let (doc, props) = archi::doc_and_properties(root, "purpose");
        r.model.documentation = doc;
        r.model.properties = props;
        return;
    }
    if tag == "Folder" {
        return;
    }
    // The file's one concept, read as the `.archimate` reader reads an `<element>`.
    let (n, m, v) = (
        r.model.elements.len(),
        r.model.relationships.len(),
        r.model.view_nesting.len(),
    );
    let mut reader = archi::Reader {
        lines,
        model: std::mem::take(&mut r.model),
        diags: std::mem::take(&mut r.diags),
        errors: r.errors,
        nesting_seen: HashSet::new(),
    };
    if reader.read_typed(root, tag) {
        reader.walk_diagram(root);
    }
    r.model = reader.model;
    r.diags = reader.diags;
    r.errors = reader.errors;
    for id in r.model.elements[n..]
        .iter()
        .map(|e| &e.id)
        .chain(r.model.relationships[m..].iter().map(|x| &x.id))
    {
        r.files.insert(id.clone(), r.paths.len());
    }
    r.paths.push(path.to_string());
    // One nesting pair once, whichever views show it.
    let new = r.model.view_nesting.split_off(v);
    for pair in new {
        if r.nesting_seen.insert(format!("{}\n{}", pair.0, pair.1)) {
            r.model.view_nesting.push(pair);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Zip archives of a folder

/// Reads the coArchi 1 model of a zip archive of a folder, or `None` when the bytes are no zip or
/// it holds none (a zip with a `model.archimate`, coArchi 2's or Archi's own archive, is left to
/// the `.archimate` reader). Only the model's entries are inflated, each through the cap left of
/// `inflated_bytes`.
pub fn read_zip(bytes: &[u8], limits: &Limits) -> Option<Read> {
    if !archi::is_zip(bytes) {
        return None;
    }
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    if zip.len() > MAX_FILES {
        return None;
    }
    let names: Vec<String> = (0..zip.len())
        .map(|i| clean(zip.name_for_index(i).unwrap_or("")))
        .collect();
    // A zip holding a model.archimate is read by the `.archimate` reader: that is also the archive
    // Archi itself writes for a model with images.
    let layout =
        find(names.iter().map(String::as_str)).filter(|l| matches!(l, Layout::Grafico { .. }))?;
    let mut left = limits.inflated_bytes;
    let mut out: Vec<(String, Vec<u8>)> = Vec::new();
    for (i, name) in names.into_iter().enumerate() {
        if name.ends_with('/') || !layout.holds(&name) {
            continue;
        }
        let shown = archi::shorten(&name);
        let mut data = Vec::new();
        let mut chunk = vec![0u8; 64 << 10];
        let read = zip.by_index(i).map_err(|e| e.to_string()).and_then(|e| {
            let mut limited = e.take(left + 1);
            loop {
                match limited.read(&mut chunk) {
                    Ok(0) => return Ok(()),
                    Ok(n) => data.extend_from_slice(&chunk[..n]),
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    Err(e) => return Err(e.to_string()),
                }
            }
        });
        if let Err(e) = read {
            return Some(failed(*archi::archive_error(format!(
                "the zip entry {shown} cannot be read: {e}"
            ))));
        }
        if data.len() as u64 > left {
            return Some(failed(*archi::limit_error(format!(
                "the model's entries inflate to more than the {} a model may have (limit \
                 `inflated_bytes`; at {shown})",
                archi::bytes_text(limits.inflated_bytes)
            ))));
        }
        left -= data.len() as u64;
        out.push((name, data));
    }
    let files: Vec<(&str, &[u8])> = out
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    Some(read(&files, &layout, limits))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MODEL: &str = r#"<archimate:ArchimateModel
    xmlns:archimate="http://www.archimatetool.com/archimate"
    name="M" id="m" purpose="Why">
  <properties key="k" value="v"/>
</archimate:ArchimateModel>
"#;
    const GOAL: &str = r#"<archimate:Goal
    xmlns:archimate="http://www.archimatetool.com/archimate"
    name="G" id="g" documentation="Doc"/>
"#;
    const CAP: &str = r#"<archimate:Capability
    xmlns:archimate="http://www.archimatetool.com/archimate"
    name="C" id="c"/>
"#;
    const CAP2: &str = r#"<archimate:Capability
    xmlns:archimate="http://www.archimatetool.com/archimate"
    name="C2" id="c2"/>
"#;
    const REL: &str = r#"<archimate:InfluenceRelationship
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xmlns:archimate="http://www.archimatetool.com/archimate"
    id="r" strength="++">
  <source xsi:type="archimate:Capability" href="Capability_c.xml#c"/>
  <target xsi:type="archimate:Goal" href="Goal_g.xml#g"/>
</archimate:InfluenceRelationship>
"#;
    const VIEW: &str = r#"<archimate:ArchimateDiagramModel
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xmlns:archimate="http://www.archimatetool.com/archimate"
    name="V" id="v">
  <children xsi:type="archimate:DiagramModelGroup" id="grp">
    <children xsi:type="archimate:DiagramModelArchimateObject" id="o1">
      <children xsi:type="archimate:DiagramModelArchimateObject" id="o2">
        <archimateElement xsi:type="archimate:Capability" href="Capability_c2.xml#c2"/>
      </children>
      <archimateElement xsi:type="archimate:Capability" href="Capability_c.xml#c"/>
    </children>
  </children>
</archimate:ArchimateDiagramModel>
"#;
    const ARCHIMATE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<archimate:model xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:archimate="http://www.archimatetool.com/archimate" name="M" id="m">
  <folder name="Strategy" id="f1" type="strategy">
    <element xsi:type="archimate:Capability" name="C" id="c"/>
    <element xsi:type="archimate:Capability" name="C2" id="c2"/>
  </folder>
  <folder name="Motivation" id="f2" type="motivation">
    <element xsi:type="archimate:Goal" name="G" id="g">
      <documentation>Doc</documentation>
    </element>
  </folder>
  <folder name="Relations" id="f3" type="relations">
    <element xsi:type="archimate:InfluenceRelationship" id="r" source="c" target="g" strength="++"/>
  </folder>
  <folder name="Views" id="f4" type="diagrams">
    <element xsi:type="archimate:ArchimateDiagramModel" name="V" id="v">
      <child xsi:type="archimate:Group" id="grp">
        <child xsi:type="archimate:DiagramObject" id="o1" archimateElement="c">
          <child xsi:type="archimate:DiagramObject" id="o2" archimateElement="c2"/>
        </child>
      </child>
    </element>
  </folder>
  <purpose>Why</purpose>
  <property key="k" value="v"/>
</archimate:model>
"#;

    fn folder() -> Vec<(&'static str, &'static [u8])> {
        vec![
            ("repo/model/folder.xml", MODEL.as_bytes()),
            ("repo/model/strategy/Capability_c.xml", CAP.as_bytes()),
            ("repo/model/strategy/Capability_c2.xml", CAP2.as_bytes()),
            ("repo/model/motivation/Goal_g.xml", GOAL.as_bytes()),
            (
                "repo/model/relations/InfluenceRelationship_r.xml",
                REL.as_bytes(),
            ),
            (
                "repo/model/diagrams/ArchimateDiagramModel_v.xml",
                VIEW.as_bytes(),
            ),
            ("repo/README.md", b"# read me"),
            ("repo/.git/folder.xml", b"not read"),
        ]
    }

    fn sorted(mut m: ArchiModel) -> ArchiModel {
        m.elements.sort_by(|a, b| a.id.cmp(&b.id));
        m.relationships.sort_by(|a, b| a.id.cmp(&b.id));
        m.view_nesting.sort_unstable();
        for e in &mut m.elements {
            e.line = None;
        }
        for r in &mut m.relationships {
            r.line = None;
        }
        m.format = "";
        m
    }

    #[test]
    fn a_folder_reads_as_the_same_model_as_its_archimate_file() {
        let files = folder();
        let layout = find(files.iter().map(|f| f.0)).unwrap();
        assert_eq!(
            layout,
            Layout::Grafico {
                folder_xml: "repo/model/folder.xml".into()
            }
        );
        let got = read(&files, &layout, &Limits::CLI);
        assert!(got.diagnostics.is_empty(), "{:?}", got.diagnostics);
        assert_eq!(got.model.format, FORMAT);
        assert_eq!(
            got.file_of("r"),
            Some("repo/model/relations/InfluenceRelationship_r.xml")
        );
        let (want, d) = archi::read(ARCHIMATE.as_bytes());
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(sorted(got.model), sorted(want));
    }

    #[test]
    fn the_model_folder_itself_and_coarchi_2() {
        let files = [
            ("folder.xml", MODEL.as_bytes()),
            ("motivation/Goal_g.xml", GOAL.as_bytes()),
        ];
        let layout = find(files.iter().map(|f| f.0)).unwrap();
        let got = read(&files, &layout, &Limits::CLI);
        assert!(got.diagnostics.is_empty(), "{:?}", got.diagnostics);
        assert_eq!(got.model.elements.len(), 1);

        let files = [
            ("repo/model.archimate", ARCHIMATE.as_bytes()),
            ("repo/images/a.png", b"\x89PNG".as_slice()),
        ];
        let layout = find(files.iter().map(|f| f.0)).unwrap();
        assert_eq!(layout.generation(), 2);
        let got = read(&files, &layout, &Limits::CLI);
        assert!(got.diagnostics.is_empty(), "{:?}", got.diagnostics);
        assert_eq!(got.model.format, FORMAT);
        assert_eq!(got.model.elements.len(), 3);
        assert!(find(["a/b/model.archimate", "x.txt"]).is_none());
        assert!(find(["a.txt", "b/folder.xml"]).is_none());
    }

    #[test]
    fn broken_xml_names_the_file_line_and_column() {
        let mut files = folder();
        files[3].1 = b"<archimate:Goal\n  xmlns:archimate=\"http://www.archimatetool.com/archimate\"\n  id=\"g\" name=\"G>\n";
        let layout = find(files.iter().map(|f| f.0)).unwrap();
        let got = read(&files, &layout, &Limits::CLI);
        assert!(got.model.elements.is_empty());
        assert_eq!(got.diagnostics.len(), 1, "{:?}", got.diagnostics);
        let d = &got.diagnostics[0];
        assert_eq!(d.code, Code::InvalidXml);
        assert_eq!(
            d.place.file.as_deref(),
            Some("repo/model/motivation/Goal_g.xml")
        );
        assert!(d.place.line.is_some() && d.place.column.is_some(), "{d:?}");
    }

    #[test]
    fn limits_are_kept() {
        let files = folder();
        let layout = find(files.iter().map(|f| f.0)).unwrap();
        let small = Limits {
            nodes: 2,
            ..Limits::PAGE
        };
        let got = read(&files, &layout, &small);
        assert_eq!(
            got.diagnostics[0].code,
            Code::LimitExceeded,
            "{:?}",
            got.diagnostics
        );
        let tiny = Limits {
            inflated_bytes: 100,
            ..Limits::PAGE
        };
        let got = read(&files, &layout, &tiny);
        assert_eq!(
            got.diagnostics[0].code,
            Code::LimitExceeded,
            "{:?}",
            got.diagnostics
        );
    }
}
