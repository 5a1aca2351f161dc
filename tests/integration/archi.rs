//! Archi's native `.archimate` reader (plain and zipped) and Archi's CSV export reader: the real
//! public models in tests/fixtures/archimate (SOURCES.md there gives the counts a correct reader
//! finds), checked against the same models' Open Group exchange files, and hostile input.

use aligngraph::diagnostics::{Code, Diagnostic, has_errors};
use aligngraph::formats::archimate::ArchiModel;
use aligngraph::formats::{archi, archi_csv};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{Cursor, Write};
use std::path::PathBuf;

/// A file of the real models (always there: a missing file fails the test).
fn data(name: &str) -> Option<Vec<u8>> {
    let path: PathBuf = crate::common::archimate_data(name);
    Some(std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
}

fn clean(name: &str, (m, d): (ArchiModel, Vec<Diagnostic>)) -> ArchiModel {
    assert!(d.is_empty(), "{name}: unexpected diagnostics: {d:?}");
    m
}

fn count_types(m: &ArchiModel) -> HashMap<&str, usize> {
    let mut c = HashMap::new();
    for e in &m.elements {
        *c.entry(e.type_.as_str()).or_default() += 1;
    }
    c
}

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in entries {
        w.start_file(*name, opts).unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn only_error(name: &str, (m, d): (ArchiModel, Vec<Diagnostic>)) -> Diagnostic {
    assert!(
        m.elements.is_empty() && m.relationships.is_empty(),
        "{name}"
    );
    assert_eq!(d.len(), 1, "{name}: {d:?}");
    assert!(d[0].is_error(), "{name}: {d:?}");
    d.into_iter().next().unwrap()
}

// ---------------------------------------------------------------------------------------------
// The same model in the Open Group exchange format, read with a few lines of roxmltree

const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";

#[derive(Default)]
struct Exchange {
    /// id -> (type, name)
    elements: BTreeMap<String, (String, Option<String>)>,
    /// id -> (type, source, target, access type)
    relationships: BTreeMap<String, (String, String, String, Option<String>)>,
    /// element id -> properties (key, value) in order
    properties: BTreeMap<String, Vec<(String, String)>>,
}

fn exchange(bytes: &[u8]) -> Exchange {
    let text = std::str::from_utf8(bytes).unwrap();
    let doc = roxmltree::Document::parse(text).unwrap();
    let name_of = |n: roxmltree::Node| {
        n.children()
            .find(|c| c.has_tag_name("name"))
            .and_then(|c| c.text())
            .map(str::to_string)
    };
    let defs: HashMap<&str, String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("propertyDefinition"))
        .map(|n| (n.attribute("identifier").unwrap(), name_of(n).unwrap()))
        .collect();
    let mut x = Exchange::default();
    for n in doc.descendants() {
        let Some(id) = n.attribute("identifier") else {
            continue;
        };
        let t = n.attribute((XSI, "type")).unwrap_or("").to_string();
        if n.has_tag_name("element") && n.parent().is_some_and(|p| p.has_tag_name("elements")) {
            x.elements.insert(id.to_string(), (t, name_of(n)));
            let props: Vec<(String, String)> = n
                .descendants()
                .filter(|p| p.has_tag_name("property"))
                .map(|p| {
                    let key = defs[p.attribute("propertyDefinitionRef").unwrap()].clone();
                    let value = p
                        .children()
                        .find(|v| v.has_tag_name("value"))
                        .and_then(|v| v.text())
                        .unwrap_or("")
                        .to_string();
                    (key, value)
                })
                .collect();
            if !props.is_empty() {
                x.properties.insert(id.to_string(), props);
            }
        } else if n.has_tag_name("relationship") {
            let access = n.attribute("accessType").map(str::to_string);
            let (s, d) = (
                n.attribute("source").unwrap(),
                n.attribute("target").unwrap(),
            );
            x.relationships
                .insert(id.to_string(), (t, s.to_string(), d.to_string(), access));
        }
    }
    x
}

/// Elements and relationships of a reader's model as the exchange check holds them.
fn as_exchange(m: &ArchiModel) -> Exchange {
    let mut x = Exchange::default();
    for e in &m.elements {
        x.elements
            .insert(e.id.clone(), (e.type_.clone(), e.name.clone()));
        if !e.properties.is_empty() {
            x.properties.insert(e.id.clone(), e.properties.clone());
        }
    }
    for r in &m.relationships {
        x.relationships.insert(
            r.id.clone(),
            (
                r.type_.clone(),
                r.source.clone(),
                r.target.clone(),
                r.access_type.clone(),
            ),
        );
    }
    x
}

fn assert_same_model(what: &str, got: &Exchange, want: &Exchange) {
    assert_eq!(got.elements.len(), want.elements.len(), "{what}: elements");
    for (id, w) in &want.elements {
        assert_eq!(got.elements.get(id), Some(w), "{what}: element {id}");
    }
    assert_eq!(
        got.relationships.len(),
        want.relationships.len(),
        "{what}: relationships"
    );
    for (id, w) in &want.relationships {
        assert_eq!(
            got.relationships.get(id),
            Some(w),
            "{what}: relationship {id}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Archi's native format on real models

#[test]
fn archisurance_matches_its_exchange_file() {
    let (Some(native), Some(xml)) = (data("archisurance.archimate"), data("archisurance.xml"))
    else {
        return;
    };
    let m = clean("archisurance", archi::read(&native));
    assert_eq!(m.format, "archi");
    assert_eq!(m.elements.len(), 120);
    assert_eq!(m.relationships.len(), 178);
    assert_eq!(m.name.as_deref(), Some("Archisurance"));
    assert_eq!(m.id.as_deref(), Some("11f5304f"));
    assert!(m.documentation.is_some(), "the model's purpose");
    assert_eq!(m.properties.len(), 2);
    let types = count_types(&m);
    assert_eq!(types.get("Principle"), Some(&9));
    assert_eq!(types.get("Value"), Some(&1));
    assert_eq!(types.get("Goal"), None);
    // Names, types, ends and access types (Archi's integers as exchange names) all agree. The
    // exchange format wants identifiers that are XML names, so Archi's exporter writes its
    // numeric ids with an "id-" prefix.
    let mut want = exchange(&xml);
    let unprefix = |id: &String| id.strip_prefix("id-").unwrap_or(id).to_string();
    want.elements = want
        .elements
        .iter()
        .map(|(k, v)| (unprefix(k), v.clone()))
        .collect();
    want.relationships = want
        .relationships
        .iter()
        .map(|(k, (t, s, d, a))| {
            (
                unprefix(k),
                (t.clone(), unprefix(s), unprefix(d), a.clone()),
            )
        })
        .collect();
    assert_same_model("archisurance", &as_exchange(&m), &want);
    // Properties in file order.
    let actor = m.elements.iter().find(|e| e.id == "275").unwrap();
    assert_eq!(
        actor.properties,
        [
            ("Property1", "Another Value of Property 1"),
            ("Property2", "Another Value of Property 2"),
            ("Property3", "Value of Property 3"),
        ]
        .map(|(k, v)| (k.to_string(), v.to_string()))
    );
    assert_lines_point_at_ids(&native, &m);
}

/// Every element and relationship's line is the line of its `id="..."` in the file.
fn assert_lines_point_at_ids(bytes: &[u8], m: &ArchiModel) {
    let text = std::str::from_utf8(bytes).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let all = m
        .elements
        .iter()
        .map(|e| (&e.id, e.line))
        .chain(m.relationships.iter().map(|r| (&r.id, r.line)));
    for (id, line) in all {
        let line = line.expect("every record has a line");
        assert!(
            lines[line - 1].contains(&format!("id=\"{id}\"")),
            "{id} is not on line {line}"
        );
    }
}

#[test]
fn jean_b_lapierre_sandbox_counts() {
    let Some(native) = data("JeanBLapierreSandbox.archimate") else {
        return;
    };
    let m = clean("sandbox", archi::read(&native));
    assert_eq!(m.elements.len(), 1439);
    assert_eq!(m.relationships.len(), 1146);
    let types = count_types(&m);
    for (t, n) in [
        ("Goal", 36),
        ("Outcome", 28),
        ("Capability", 25),
        ("CourseOfAction", 295),
        ("Deliverable", 41),
        ("WorkPackage", 5),
        ("AndJunction", 4),
        ("OrJunction", 2),
    ] {
        assert_eq!(types.get(t), Some(&n), "{t}");
    }
    // No diagram became an element, no relationship type is left with its suffix.
    assert!(m.elements.iter().all(|e| !e.type_.ends_with("Model")));
    assert!(
        m.relationships
            .iter()
            .all(|r| aligngraph::formats::archimate::is_relationship_type(&r.type_))
    );
    let influences: Vec<_> = m
        .relationships
        .iter()
        .filter(|r| r.type_ == "Influence")
        .collect();
    assert_eq!(influences.len(), 12);
    assert_eq!(
        influences.iter().filter(|r| r.strength.is_some()).count(),
        11
    );
    assert!(
        m.relationships
            .iter()
            .filter(|r| r.type_ == "Access")
            .all(|r| r.access_type.is_some())
    );
    let documented = m.elements.iter().filter(|e| e.documentation.is_some());
    assert!(documented.count() > 100);

    // Nesting of element boxes in the diagrams: pairs of known elements, no repeats.
    let ids: HashSet<&str> = m.elements.iter().map(|e| e.id.as_str()).collect();
    assert!(!m.view_nesting.is_empty());
    let mut seen = HashSet::new();
    for (c, p) in &m.view_nesting {
        assert!(ids.contains(c.as_str()) && ids.contains(p.as_str()));
        assert_ne!(c, p);
        assert!(seen.insert((c, p)), "repeated nesting {c} in {p}");
    }
    assert_lines_point_at_ids(&native, &m);
}

#[test]
fn view_nesting_follows_element_boxes_through_other_boxes() {
    let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<archimate:model xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:archimate="http://www.archimatetool.com/archimate" name="N" id="m">
  <folder name="Strategy" id="f1" type="strategy">
    <element xsi:type="archimate:Capability" name="A" id="a"/>
    <element xsi:type="archimate:Capability" name="B" id="b"/>
    <element xsi:type="archimate:Capability" name="C" id="c"/>
  </folder>
  <folder name="Views" id="f2" type="diagrams">
    <element xsi:type="archimate:ArchimateDiagramModel" name="V" id="v">
      <child xsi:type="archimate:DiagramObject" id="d1" archimateElement="a">
        <child xsi:type="archimate:Group" id="g1" name="visual group">
          <child xsi:type="archimate:DiagramObject" id="d2" archimateElement="b">
            <child xsi:type="archimate:DiagramObject" id="d3" archimateElement="c"/>
          </child>
        </child>
        <child xsi:type="archimate:DiagramObject" id="d4" archimateElement="b"/>
        <child xsi:type="archimate:DiagramObject" id="d5" archimateElement="a"/>
      </child>
      <child xsi:type="archimate:DiagramObject" id="d6" archimateElement="c"/>
    </element>
    <element xsi:type="archimate:SketchModel" name="S" id="s"/>
  </folder>
</archimate:model>"#;
    let m = clean("nesting", archi::read(xml.as_bytes()));
    assert_eq!(m.elements.len(), 3);
    let pairs: Vec<(&str, &str)> = m
        .view_nesting
        .iter()
        .map(|(c, p)| (c.as_str(), p.as_str()))
        .collect();
    assert_eq!(pairs, [("b", "a"), ("c", "b")]);
}

#[test]
fn junctions_access_types_and_influence() {
    let xml = r#"<archimate:model xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:archimate="http://www.archimatetool.com/archimate/4" name="J" id="m">
  <purpose>Why</purpose>
  <property key="owner" value="me"/>
  <folder name="Other" id="f">
    <folder name="deeper" id="f2">
      <element xsi:type="archimate:Junction" id="j1"/>
      <element xsi:type="archimate:Junction" id="j2" type="or"/>
      <element xsi:type="archimate:DataObject" id="d" name="Data">
        <documentation>Line one&#xD;
line two</documentation>
      </element>
    </folder>
  </folder>
  <folder name="Relations" id="r" type="relations">
    <element xsi:type="archimate:AccessRelationship" id="a0" source="j1" target="d"/>
    <element xsi:type="archimate:AccessRelationship" id="a1" source="j1" target="d" accessType="1"/>
    <element xsi:type="archimate:AccessRelationship" id="a2" source="j1" target="d" accessType="2"/>
    <element xsi:type="archimate:AccessRelationship" id="a3" source="j1" target="d" accessType="3"/>
    <element xsi:type="archimate:InfluenceRelationship" id="i" source="j1" target="j2" strength="--"/>
    <element xsi:type="archimate:ServingRelationship" id="s" source="i" target="a0" accessType="1" strength="+"/>
  </folder>
</archimate:model>"#;
    let m = clean("junctions", archi::read(xml.as_bytes()));
    assert_eq!(m.documentation.as_deref(), Some("Why"));
    assert_eq!(m.properties, [("owner".to_string(), "me".to_string())]);
    let types: Vec<&str> = m.elements.iter().map(|e| e.type_.as_str()).collect();
    assert_eq!(types, ["AndJunction", "OrJunction", "DataObject"]);
    assert_eq!(
        m.elements[2].documentation.as_deref(),
        Some("Line one\r\nline two")
    );
    let access: Vec<Option<&str>> = m
        .relationships
        .iter()
        .map(|r| r.access_type.as_deref())
        .collect();
    assert_eq!(
        access,
        [
            Some("Write"),
            Some("Read"),
            Some("Access"),
            Some("ReadWrite"),
            None,
            None
        ]
    );
    assert_eq!(m.relationships[4].strength.as_deref(), Some("--"));
    assert_eq!(m.relationships[5].strength, None);
    assert_eq!(m.relationships[5].type_, "Serving");
    assert_eq!(m.elements[2].line, Some(8));
}

#[test]
fn zipped_model_reads_like_the_plain_file() {
    let Some(native) = data("JeanBLapierreSandbox.archimate") else {
        return;
    };
    let plain = clean("plain", archi::read(&native));
    let png = b"\x89PNG\r\n\x1a\n not really an image";
    // Archi's archive: images first, then model.archimate.
    let z = zip_of(&[
        ("images/1.png", png),
        ("images/2.png", png),
        ("model.archimate", &native),
    ]);
    assert!(z.len() < native.len() / 4, "deflated");
    assert_eq!(clean("zipped", archi::read(&z)), plain);
    // Without a model.archimate, the first .archimate or .xml entry is the model.
    let z = zip_of(&[
        ("notes.txt", b"x"),
        ("Sandbox.archimate", &native),
        ("other.xml", b"<x/>"),
    ]);
    assert_eq!(clean("named", archi::read(&z)), plain);
}

// ---------------------------------------------------------------------------------------------
// Archi's CSV export

fn zoo_csv() -> Option<(Vec<u8>, Vec<u8>, Vec<u8>)> {
    Some((
        data("Zoo-csv/elements.csv")?,
        data("Zoo-csv/relations.csv")?,
        data("Zoo-csv/properties.csv")?,
    ))
}

#[test]
fn zoo_csv_matches_its_exchange_file() {
    let (Some((el, rel, props)), Some(xml)) = (zoo_csv(), data("Zoo.xml")) else {
        return;
    };
    let m = clean("zoo", archi_csv::read(&el, &rel, Some(&props)));
    assert_eq!(m.format, "archi-csv");
    assert_eq!(m.elements.len(), 165);
    assert_eq!(m.relationships.len(), 220);
    assert_eq!(m.name.as_deref(), Some("Zoo"));
    assert_eq!(m.id.as_deref(), Some("id-34b271d20e4d4b848671f4e6c994f50a"));
    let types = count_types(&m);
    for (t, n) in [
        ("Goal", 2),
        ("Outcome", 2),
        ("Capability", 6),
        ("WorkPackage", 2),
        ("ApplicationComponent", 50),
    ] {
        assert_eq!(types.get(t), Some(&n), "{t}");
    }
    let want = exchange(&xml);
    let got = as_exchange(&m);
    // Ids, types, names, ends and access types (from Archi's Access_Type properties).
    assert_same_model("zoo", &got, &want);
    // User properties, in order, on the 17 elements that have them; Archi's attribute
    // properties (Access_Type, Directed) are not among them.
    assert_eq!(got.properties.len(), 17);
    assert_eq!(got.properties, want.properties);
    assert!(m.relationships.iter().all(|r| r.properties.is_empty()));
    // Lines are the CSV record lines.
    assert_eq!(m.elements[0].line, Some(3));
    assert_eq!(m.relationships[0].line, Some(2));
}

#[test]
fn csv_junctions_strength_semicolons_bom_and_model_properties() {
    let el = "\u{feff}\"ID\";\"Type\";\"Name\";\"Documentation\";\"Specialization\"\r\n\
              \"m\";\"ArchimateModel\";\"M\";\"Purpose\";\"\"\r\n\
              \"j1\";\"Junction\";\"\";\"\";\"\"\r\n\
              \"j2\";\"Junction\";\"\";\"\";\"\"\r\n\
              \"g\";\"Goal\";\"Grow; fast\";\"two\r\nlines\";\"\"\r\n\
              \"\";\"Goal\";\"No id\";\"\";\"\"\r\n";
    let rel = "\"ID\";\"Type\";\"Name\";\"Documentation\";\"Source\";\"Target\";\"Specialization\"\r\n\
               \"i\";\"InfluenceRelationship\";\"\";\"\";\"j1\";\"g\";\"\"\r\n\
               \"a\";\"AccessRelationship\";\"\";\"\";\"j2\";\"g\";\"\"\r\n\
               \"s\";\"AssociationRelationship\";\"\";\"\";\"j2\";\"g\";\"\"\r\n";
    let props = "\"ID\";\"Key\";\"Value\"\r\n\
                 \"m\";\"owner\";\"CIO\"\r\n\
                 \"j2\";\"Junction_Type\";\"Or\"\r\n\
                 \"j1\";\"Junction_Type\";\"And\"\r\n\
                 \"i\";\"Influence_Strength\";\"++\"\r\n\
                 \"a\";\"Access_Type\";\"ReadWrite\"\r\n\
                 \"s\";\"Directed\";\"true\"\r\n\
                 \"g\";\"Directed\";\"yes\"\r\n\
                 \"g\";\"Junction_Type\";\" x \"\r\n\
                 \"nobody\";\"k\";\"v\"\r\n";
    let (m, d) = archi_csv::read(el.as_bytes(), rel.as_bytes(), Some(props.as_bytes()));
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].code, Code::UnknownNode);
    assert!(!d[0].is_error());
    assert_eq!(d[0].place.line, Some(10));
    assert_eq!(m.id.as_deref(), Some("m"));
    assert_eq!(m.documentation.as_deref(), Some("Purpose"));
    assert_eq!(m.properties, [("owner".to_string(), "CIO".to_string())]);
    let types: Vec<&str> = m.elements.iter().map(|e| e.type_.as_str()).collect();
    assert_eq!(types, ["AndJunction", "OrJunction", "Goal", "Goal"]);
    let g = &m.elements[2];
    assert_eq!(g.name.as_deref(), Some("Grow; fast"));
    assert_eq!(g.documentation.as_deref(), Some("two\r\nlines"));
    // Keys that are attributes only on their own kind of concept stay properties elsewhere.
    assert_eq!(
        g.properties,
        [("Directed", "yes"), ("Junction_Type", " x ")].map(|(k, v)| (k.into(), v.into()))
    );
    // The record after a two-line field starts on line 7.
    assert_eq!(m.elements[3].id, "elements.csv#7");
    assert_eq!(m.elements[3].line, Some(7));
    assert_eq!(m.relationships[0].strength.as_deref(), Some("++"));
    assert_eq!(m.relationships[1].access_type.as_deref(), Some("ReadWrite"));
    assert!(m.relationships.iter().all(|r| r.properties.is_empty()));
    // Without properties.csv: junctions are And, no strength, no access type.
    let (m, d) = archi_csv::read(el.as_bytes(), rel.as_bytes(), None);
    assert!(d.is_empty(), "{d:?}");
    assert_eq!(m.elements[1].type_, "AndJunction");
    assert_eq!(m.relationships[1].access_type, None);
}

#[test]
fn csv_extra_columns_are_used_when_present() {
    let el = "ID,Type,Name\nx,Junction_x,X\n";
    let el2 = "Type,ID,Junction_Type,Name\nJunction,j,or,J\nGoal, g ,, G \n";
    let rel = "ID,Type,Source,Target,Strength,Access_Type,Other\n\
               i,Influence,j,g,+,,1\n\
               a,Access,j,g,,Read,2\n\
               b,Access,j,g,,sideways,3\n";
    let (m, d) = archi_csv::read(el2.as_bytes(), rel.as_bytes(), None);
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].code, Code::InvalidValue);
    assert_eq!(d[0].place.line, Some(4));
    assert_eq!(m.elements[0].type_, "OrJunction");
    assert_eq!(m.elements[0].name.as_deref(), Some("J"));
    // Ids are trimmed, names kept as written.
    assert_eq!(m.elements[1].id, "g");
    assert_eq!(m.elements[1].name.as_deref(), Some(" G "));
    assert_eq!(m.relationships[0].strength.as_deref(), Some("+"));
    assert_eq!(m.relationships[1].access_type.as_deref(), Some("Read"));
    assert_eq!(m.relationships[2].access_type, None);
    let (m, d) = archi_csv::read(el.as_bytes(), b"ID,Type,Source,Target\n", None);
    assert!(d.is_empty(), "{d:?}");
    assert_eq!(m.elements[0].type_, "Junction_x");
}

// ---------------------------------------------------------------------------------------------
// Hostile and broken input

/// A zip whose model entry inflates to `mib` MiB of XML (a comment of spaces), and that
/// entry's exact size.
fn zip_bomb(mib: usize) -> (Vec<u8>, usize) {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(9));
    w.start_file("model.archimate", opts).unwrap();
    let head = b"<archimate:model xmlns:archimate=\"http://www.archimatetool.com/archimate\"><!--";
    let tail = b"--></archimate:model>";
    w.write_all(head).unwrap();
    let chunk = vec![b' '; 1 << 20];
    for _ in 0..mib {
        w.write_all(&chunk).unwrap();
    }
    w.write_all(tail).unwrap();
    let size = head.len() + (mib << 20) + tail.len();
    (w.finish().unwrap().into_inner(), size)
}

#[test]
fn zip_bomb_is_refused() {
    let (bomb, size) = zip_bomb((archi::MAX_MODEL_BYTES >> 20) as usize + 1);
    assert!(bomb.len() < 2 << 20, "a small zip: {} bytes", bomb.len());
    let d = only_error("bomb", archi::read(&bomb));
    assert_eq!(d.code, Code::LimitExceeded, "{d}");
    assert!(d.message.contains("declares"), "{d}");

    // The same bomb declaring a small size in both headers: refused while inflating.
    let mut lying = bomb.clone();
    let size = u32::try_from(size).unwrap().to_le_bytes();
    let mut patched = 0;
    for i in 0..lying.len() - 4 {
        let field = match &lying[i..i + 4] {
            b"PK\x03\x04" => i + 22,
            b"PK\x01\x02" => i + 24,
            _ => continue,
        };
        if lying[field..field + 4] == size {
            lying[field..field + 4].copy_from_slice(&1000u32.to_le_bytes());
            patched += 1;
        }
    }
    assert_eq!(patched, 2);
    let (m, d) = archi::read(&lying);
    assert!(m.elements.is_empty());
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].code, Code::LimitExceeded, "{d:?}");
    assert!(d[0].message.contains("inflates"), "{d:?}");
}

#[test]
fn zip_without_a_model_or_damaged_is_refused() {
    let z = zip_of(&[("images/a.png", b"png"), ("readme.txt", b"hello")]);
    let d = only_error("no model", archi::read(&z));
    assert_eq!(d.code, Code::InvalidArchive);
    assert!(d.message.contains("images/a.png"), "{d}");

    let z = zip_of(&[]);
    let d = only_error("empty zip", archi::read(&z));
    assert_eq!(d.code, Code::InvalidArchive);

    let good = zip_of(&[("model.archimate", b"<a/>")]);
    let d = only_error("truncated", archi::read(&good[..good.len() / 2]));
    assert_eq!(d.code, Code::InvalidArchive);

    // Damaged deflate data in an otherwise well-formed archive.
    let text = "<x>".repeat(1000);
    let mut z = zip_of(&[("model.archimate", text.as_bytes())]);
    let data_start = 30 + "model.archimate".len();
    for b in &mut z[data_start + 2..data_start + 12] {
        *b ^= 0x5a;
    }
    let (m, d) = archi::read(&z);
    assert!(m.elements.is_empty());
    assert_eq!(d.len(), 1, "{d:?}");
    assert!(d[0].is_error());
}

#[test]
fn neither_xml_nor_zip() {
    for bytes in [
        &b"\x1f\x8b\x08\x00gzip"[..],
        b"",
        b"   ",
        b"\"ID\",\"Type\"\n",
    ] {
        let d = only_error("not xml", archi::read(bytes));
        assert_eq!(d.code, Code::UnsupportedFormat, "{d}");
    }
    // An exchange file is XML, but not Archi's.
    let x = r#"<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/" identifier="m"/>"#;
    let d = only_error("exchange", archi::read(x.as_bytes()));
    assert_eq!(d.code, Code::UnsupportedFormat);
    assert!(d.message.contains("exchange"), "{d}");
}

#[test]
fn malformed_xml_is_one_error_with_line_and_column() {
    let xml = "<archimate:model xmlns:archimate=\"http://www.archimatetool.com/archimate\">\n  \
               <folder>\n    <element id=\"a\"></folder>\n</archimate:model>";
    let d = only_error("malformed", archi::read(xml.as_bytes()));
    assert_eq!(d.code, Code::InvalidXml);
    assert_eq!(
        d.to_string(),
        "error[INVALID_XML] at line 3, column 21: the file is not well-formed XML: expected \
         'element' tag, not 'folder'"
    );
    assert_eq!(d.place.line, Some(3));
    assert!(d.place.column.is_some());

    let d = only_error(
        "unclosed",
        archi::read(b"<archimate:model xmlns:archimate=\"x\">"),
    );
    assert_eq!(d.code, Code::InvalidXml);

    let d = only_error("latin-1", archi::read(b"<a>\n<b name=\"caf\xe9\"/></a>"));
    assert_eq!(d.code, Code::InvalidXml);
    assert_eq!((d.place.line, d.place.column), (Some(2), Some(13)));
}

#[test]
fn too_many_nodes_are_refused_before_parsing() {
    let mut xml = String::from(
        "<archimate:model xmlns:archimate=\"http://www.archimatetool.com/archimate\">",
    );
    xml.push_str(&"<a/>".repeat(archi::NODES_LIMIT as usize + 1));
    xml.push_str("</archimate:model>");
    let d = only_error("nodes", archi::read(xml.as_bytes()));
    assert_eq!(d.code, Code::LimitExceeded, "{d}");
}

#[test]
fn dtd_and_entity_expansion_are_refused() {
    let xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\">\
               <!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]>\n\
               <archimate:model xmlns:archimate=\"http://www.archimatetool.com/archimate\" \
               name=\"&lol2;\"/>";
    let d = only_error("dtd", archi::read(xml.as_bytes()));
    assert_eq!(d.code, Code::InvalidXml);
    assert_eq!(d.place.line, Some(2));
}

#[test]
fn deep_nesting_does_not_crash() {
    const DEPTH: usize = 100_000;
    let head = "<archimate:model xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
                xmlns:archimate=\"http://www.archimatetool.com/archimate\" id=\"m\">";
    // Folders, diagram boxes and unknown elements nested 100,000 deep.
    let mut xml = String::from(head);
    xml.push_str(&"<folder>".repeat(DEPTH));
    xml.push_str("<element xsi:type=\"archimate:Goal\" id=\"g\"/>");
    xml.push_str(&"</folder>".repeat(DEPTH));
    xml.push_str("<folder><element xsi:type=\"archimate:ArchimateDiagramModel\" id=\"v\">");
    for i in 0..DEPTH {
        xml.push_str(&format!(
            "<child xsi:type=\"archimate:DiagramObject\" archimateElement=\"e{}\">",
            i % 3
        ));
    }
    xml.push_str(&"</child>".repeat(DEPTH));
    xml.push_str("</element></folder>");
    xml.push_str(&"<x>".repeat(DEPTH));
    xml.push_str(&"</x>".repeat(DEPTH));
    xml.push_str("</archimate:model>");
    // Past the nesting depth limit: the walks must not recurse at any depth.
    let deep = aligngraph::formats::limits::Limits {
        xml_depth: usize::MAX,
        ..aligngraph::formats::limits::Limits::CLI
    };
    let m = clean("deep", archi::read_with(xml.as_bytes(), &deep));
    assert_eq!(m.elements.len(), 1);
    assert_eq!(m.elements[0].line, Some(1));
    let pairs: Vec<(&str, &str)> = m
        .view_nesting
        .iter()
        .map(|(c, p)| (c.as_str(), p.as_str()))
        .collect();
    assert_eq!(pairs, [("e1", "e0"), ("e2", "e1"), ("e0", "e2")]);

    // Unclosed at depth.
    let (m, d) = archi::read_with("<a>".repeat(DEPTH).as_bytes(), &deep);
    assert!(m.elements.is_empty());
    assert_eq!(d[0].code, Code::InvalidXml);
}

/// A diagnostic's code, line, field and node.
type Found<'a> = (Code, Option<usize>, Option<&'a str>, Option<&'a str>);

#[test]
fn missing_id_type_source_or_target_are_errors_with_line_and_field() {
    let xml = r#"<archimate:model xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:archimate="http://www.archimatetool.com/archimate" id="m">
  <folder name="Business" id="f">
    <element xsi:type="archimate:BusinessActor" name="No id"/>
    <element name="No type" id="t"/>
    <element xsi:type="archimate:BusinessActor" name="Fine" id="ok"/>
  </folder>
  <folder name="Relations" id="r">
    <element xsi:type="archimate:ServingRelationship" id="r1" source="ok"/>
    <element xsi:type="archimate:ServingRelationship" id="r2" target="ok" source=""/>
    <element xsi:type="archimate:ServingRelationship" id="r3" source="ok" target="ok"/>
  </folder>
</archimate:model>"#;
    let (m, d) = archi::read(xml.as_bytes());
    assert_eq!(m.elements.len(), 1);
    assert_eq!(m.relationships.len(), 1);
    let got: Vec<Found> = d
        .iter()
        .map(|d| {
            assert!(d.is_error());
            (
                d.code,
                d.place.line,
                d.place.field.as_deref(),
                d.place.node.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (Code::MissingField, Some(3), Some("id"), None),
            (Code::MissingField, Some(4), Some("xsi:type"), Some("t")),
            (Code::MissingField, Some(8), Some("target"), Some("r1")),
            (Code::MissingField, Some(9), Some("source"), Some("r2")),
        ]
    );
    assert!(d[2].to_string().contains("line 8, column 5"), "{}", d[2]);
}

#[test]
fn many_errors_are_summarised() {
    let mut xml = String::from(
        "<archimate:model xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xmlns:archimate=\"http://www.archimatetool.com/archimate\"><folder>",
    );
    for _ in 0..10_000 {
        xml.push_str("<element xsi:type=\"archimate:Goal\"/>\n");
    }
    xml.push_str("</folder></archimate:model>");
    let (_, d) = archi::read(xml.as_bytes());
    assert_eq!(d.len(), 101);
    assert!(has_errors(&d));
}

#[test]
fn csv_not_utf8_names_the_file_and_line() {
    let el = b"\"ID\",\"Type\",\"Name\",\"Documentation\",\"Specialization\"\r\n\
               \"a\",\"Goal\",\"A\",\"\",\"\"\r\n\
               \"b\",\"Goal\",\"Caf\xe9\",\"\",\"\"\r\n\
               \"c\",\"Goal\",\"\xe9t\xe9\",\"\",\"\"\r\n";
    let rel = b"\"ID\",\"Type\",\"Name\",\"Documentation\",\"Source\",\"Target\"\r\n\
                \"r\",\"ServingRelationship\",\"\",\"\",\"a\",\"b\"\r\n";
    let (m, d) = archi_csv::read(el, rel, None);
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].code, Code::InvalidCsv);
    assert_eq!(d[0].place.line, Some(3));
    assert_eq!(d[0].place.field.as_deref(), Some("Name"));
    assert!(d[0].to_string().contains("elements.csv"), "{}", d[0]);
    assert_eq!(m.elements.len(), 1);

    let (_, d) = archi_csv::read(rel, rel, Some(b"\"ID\",\"K\xe9y\",\"Value\"\r\n"));
    assert!(d.iter().any(|d| d.code == Code::InvalidCsv
        && d.place.line == Some(1)
        && d.to_string().contains("properties.csv")));
}

#[test]
fn csv_missing_column_and_wrong_field_counts() {
    let el = "\"ID\",\"Type\",\"Name\"\n\"a\",\"Goal\",\"A\"\n";
    let rel = "\"ID\",\"Type\",\"Name\",\"Documentation\",\"Source\"\n\"r\",\"Serving\",\"\",\"\",\"a\"\n";
    let (m, d) = archi_csv::read(el.as_bytes(), rel.as_bytes(), None);
    assert_eq!(m.elements.len(), 1);
    assert!(m.relationships.is_empty());
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].code, Code::MissingField);
    assert_eq!(d[0].place.field.as_deref(), Some("Target"));
    assert!(d[0].to_string().contains("relations.csv"), "{}", d[0]);

    let rel = "\"ID\",\"Type\",\"Name\",\"Documentation\",\"Source\",\"Target\"\n\
               \"r1\",\"Serving\",\"\",\"\",\"a\",\"a\"\n\
               \"r2\",\"Serving\",\"\",\"a\",\"a\"\n\
               \"r3\",\"Serving\",\"\",\"\",\"a\",\"\"\n\
               \"r4\",\"Serving\",\"\",\"\",\"a\",\"a\",\"extra\"\n\
               \"r5\",\"Serving\",\"multi\nline\",\"\",\"a\",\"a\"\n";
    let (m, d) = archi_csv::read(el.as_bytes(), rel.as_bytes(), None);
    let ids: Vec<&str> = m.relationships.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["r1", "r5"]);
    assert_eq!(m.relationships[1].line, Some(6));
    let got: Vec<(Code, Option<usize>, Option<&str>)> = d
        .iter()
        .map(|d| (d.code, d.place.line, d.place.field.as_deref()))
        .collect();
    assert_eq!(
        got,
        [
            (Code::InvalidCsv, Some(3), None),
            (Code::MissingField, Some(4), Some("Target")),
            (Code::InvalidCsv, Some(5), None),
        ]
    );

    let (_, d) = archi_csv::read(b"", b"", None);
    assert_eq!(d.len(), 2);
    assert!(d.iter().all(|d| d.code == Code::InvalidCsv));
}
