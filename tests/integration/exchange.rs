//! The Open Group exchange format: reading the real models in tests/fixtures/archimate with the
//! counts a correct reader finds, languages, property definitions, views, round trips through
//! the writer, and hostile input.

use aligngraph::diagnostics::{Code, Diagnostic, Severity, has_errors};
use aligngraph::formats::archimate::{ArchiElement, ArchiModel, ArchiRelationship};
use aligngraph::formats::exchange::{NAMESPACE, read, write};
use proptest::prelude::*;
use std::collections::HashMap;

fn data(name: &str) -> String {
    let path = crate::common::archimate_data(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Reads a file that must give no error.
fn read_ok(text: &str, lang: Option<&str>) -> (ArchiModel, Vec<Diagnostic>) {
    let (m, d) = read(text, lang);
    assert!(!has_errors(&d), "unexpected errors: {d:#?}");
    assert_eq!(m.format, "exchange");
    (m, d)
}

fn count_types(m: &ArchiModel) -> HashMap<&str, usize> {
    let mut c = HashMap::new();
    for e in &m.elements {
        *c.entry(e.type_.as_str()).or_insert(0) += 1;
    }
    c
}

/// A model document in the exchange namespace around `body`.
fn doc(body: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<model xmlns=\"{NAMESPACE}\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" identifier=\"m1\">\n{body}\n</model>\n"
    )
}

fn errors(d: &[Diagnostic]) -> Vec<&Diagnostic> {
    d.iter().filter(|d| d.is_error()).collect()
}

// ---------------------------------------------------------------------------------------------
// Real models

#[test]
fn archisurance() {
    let text = data("archisurance.xml");
    let (m, d) = read_ok(&text, Some("en"));
    assert!(d.is_empty(), "{d:#?}");
    assert_eq!(m.elements.len(), 120);
    assert_eq!(m.relationships.len(), 178);
    assert_eq!(m.id.as_deref(), Some("id-11f5304f"));
    assert_eq!(m.name.as_deref(), Some("Archisurance"));
    assert_eq!(
        m.documentation.as_deref(),
        Some("An example of a fictional Insurance company.")
    );
    // Model properties refer to definitions written after the elements.
    assert_eq!(
        m.properties,
        vec![
            ("Property1".to_string(), "Value of Property 1".to_string()),
            ("Property2".to_string(), "Value of Property 2".to_string()),
        ]
    );
    let first = &m.elements[0];
    assert_eq!(
        (
            first.id.as_str(),
            first.type_.as_str(),
            first.name.as_deref()
        ),
        ("id-1544", "BusinessInterface", Some("mail"))
    );
    assert!(m.elements.iter().all(|e| e.name.is_some()));
    let access = m.relationships.iter().find(|r| r.id == "id-693").unwrap();
    assert_eq!(access.type_, "Access");
    assert_eq!(access.access_type.as_deref(), Some("Write"));
    assert_eq!(
        (access.source.as_str(), access.target.as_str()),
        ("id-564", "id-674")
    );
    assert_eq!(access.line, Some(398));
    // Same model with no preferred language: the first (only) language.
    let (m2, _) = read_ok(&text, None);
    assert_eq!(m2, m);
    assert_lines_match(&text, &m);
}

/// Every element and relationship line is the line its start tag is on.
fn assert_lines_match(text: &str, m: &ArchiModel) {
    let lines: Vec<&str> = text.lines().collect();
    for e in &m.elements {
        let l = lines[e.line.unwrap() - 1];
        assert!(
            l.contains("<element") && l.contains(&format!("identifier=\"{}\"", e.id)),
            "{}: line {:?} is {l:?}",
            e.id,
            e.line
        );
    }
    for r in &m.relationships {
        let l = lines[r.line.unwrap() - 1];
        assert!(
            l.contains("<relationship") && l.contains(&format!("identifier=\"{}\"", r.id)),
            "{}: line {:?} is {l:?}",
            r.id,
            r.line
        );
    }
}

#[test]
fn zoo() {
    let text = data("Zoo.xml");
    let (m, d) = read_ok(&text, Some("en"));
    assert!(d.is_empty(), "{d:#?}");
    assert_eq!(m.elements.len(), 165);
    assert_eq!(m.relationships.len(), 220);
    assert_eq!(m.name.as_deref(), Some("Zoo"));
    let c = count_types(&m);
    assert_eq!(c["Goal"], 2);
    assert_eq!(c["Outcome"], 2);
    assert_eq!(c["Capability"], 6);
    assert_eq!(c["WorkPackage"], 2);
    assert_eq!(c["ApplicationComponent"], 50);
    let with_props: Vec<&ArchiElement> = m
        .elements
        .iter()
        .filter(|e| !e.properties.is_empty())
        .collect();
    assert_eq!(with_props.len(), 17);
    // Every key is a definition's name, not its `propid-N`.
    for e in &with_props {
        for (k, _) in &e.properties {
            assert!(!k.starts_with("propid-"), "{}: unresolved key {k}", e.id);
        }
    }
    let hosting = m
        .elements
        .iter()
        .find(|e| e.id == "id-ed28274caed441328fec57a92ffc03ec")
        .unwrap();
    assert_eq!(hosting.name.as_deref(), Some("Website Hosting"));
    assert_eq!(hosting.properties.len(), 1);
    assert_eq!(hosting.properties[0].1, "zoo-web");
    assert_lines_match(&text, &m);
}

#[test]
fn gc_bcm_hierarchy_lives_in_the_view() {
    let text = data("gc-bcm-2.0.xml");
    let (m, d) = read_ok(&text, Some("en"));
    assert!(d.is_empty(), "{d:#?}");
    assert_eq!(m.elements.len(), 197);
    assert!(m.elements.iter().all(|e| e.type_ == "Capability"));
    assert!(m.relationships.is_empty());
    assert!(!m.view_nesting.is_empty());
    assert_eq!(
        m.view_nesting[0],
        (
            "id-EAID_D116D1F7_608E_447f_A365_53EEEF2415DC".to_string(),
            "id-EAID_C33BE144_4711_4d89_BE22_A9C287503C2F".to_string()
        )
    );
    assert_eq!(
        m.view_nesting[1],
        (
            "id-EAID_B47B9287_BBCE_4023_8A4A_B908900D73DF".to_string(),
            "id-EAID_D116D1F7_608E_447f_A365_53EEEF2415DC".to_string()
        )
    );
    // Deduplicated, every end an element, no element its own parent.
    let ids: std::collections::HashSet<&str> = m.elements.iter().map(|e| e.id.as_str()).collect();
    let mut seen = std::collections::HashSet::new();
    for (c, p) in &m.view_nesting {
        assert!(seen.insert((c, p)), "duplicate pair {c} in {p}");
        assert!(ids.contains(c.as_str()) && ids.contains(p.as_str()));
        assert_ne!(c, p);
    }
    // Every capability but the top-level ones has a parent in the view.
    let children: std::collections::HashSet<&str> =
        m.view_nesting.iter().map(|(c, _)| c.as_str()).collect();
    assert!(children.len() > 150, "{} nested", children.len());
}

// ---------------------------------------------------------------------------------------------
// Languages, properties, relationships

const MULTILINGUAL: &str = r#"
  <name xml:lang="fr">Modèle</name>
  <name xml:lang="en">Model</name>
  <elements>
    <element identifier="g1" xsi:type="Goal">
      <name xml:lang="fr">Croître</name>
      <name xml:lang="en">Grow</name>
      <name xml:lang="de">Wachsen</name>
      <documentation xml:lang="fr">Doc FR</documentation>
      <documentation xml:lang="en">Doc EN</documentation>
      <properties>
        <property propertyDefinitionRef="pd-owner">
          <value xml:lang="fr">Équipe</value>
          <value xml:lang="en">Team</value>
        </property>
        <property propertyDefinitionRef="pd-missing">
          <value xml:lang="en">orphan</value>
        </property>
      </properties>
    </element>
    <element identifier="g2" xsi:type="Goal">
      <name xml:lang="en-GB">Colour</name>
      <name xml:lang="en-US">Color</name>
    </element>
    <element identifier="j1" xsi:type="OrJunction"/>
    <element identifier="j2" xsi:type="AndJunction"/>
  </elements>
  <relationships>
    <relationship identifier="r1" source="g2" target="g1" xsi:type="Influence" modifier="++">
      <name xml:lang="en">helps</name>
      <properties>
        <property propertyDefinitionRef="pd-owner"><value xml:lang="en">R</value></property>
      </properties>
    </relationship>
    <relationship identifier="r2" source="j1" target="g1" xsi:type="Influence" strength="-"/>
    <relationship identifier="r3" source="j2" target="r1" xsi:type="Association"/>
  </relationships>
  <propertyDefinitions>
    <propertyDefinition identifier="pd-owner" type="string">
      <name xml:lang="fr">Propriétaire</name>
      <name xml:lang="en">Owner</name>
    </propertyDefinition>
  </propertyDefinitions>"#;

#[test]
fn names_pick_the_requested_language() {
    let text = doc(MULTILINGUAL);
    let (en, _) = read_ok(&text, Some("en"));
    let g1 = &en.elements[0];
    assert_eq!(en.name.as_deref(), Some("Model"));
    assert_eq!(g1.name.as_deref(), Some("Grow"));
    assert_eq!(g1.documentation.as_deref(), Some("Doc EN"));
    assert_eq!(g1.properties[0], ("Owner".to_string(), "Team".to_string()));
    // `en` accepts a regional variant when there is no plain `en`.
    assert_eq!(en.elements[1].name.as_deref(), Some("Colour"));

    let (de, _) = read_ok(&text, Some("DE"));
    assert_eq!(de.elements[0].name.as_deref(), Some("Wachsen"));
    // No German documentation: the first one.
    assert_eq!(de.elements[0].documentation.as_deref(), Some("Doc FR"));

    let (us, _) = read_ok(&text, Some("en-US"));
    assert_eq!(us.elements[1].name.as_deref(), Some("Color"));
    assert_eq!(us.elements[0].name.as_deref(), Some("Grow"));

    let (first, _) = read_ok(&text, None);
    assert_eq!(first.name.as_deref(), Some("Modèle"));
    assert_eq!(first.elements[0].name.as_deref(), Some("Croître"));
    assert_eq!(
        first.elements[0].properties[0],
        ("Propriétaire".to_string(), "Équipe".to_string())
    );
}

#[test]
fn property_definitions_after_elements_are_resolved() {
    let text = doc(MULTILINGUAL);
    let (m, d) = read_ok(&text, Some("en"));
    let g1 = &m.elements[0];
    assert_eq!(
        g1.properties,
        vec![
            ("Owner".to_string(), "Team".to_string()),
            ("pd-missing".to_string(), "orphan".to_string()),
        ]
    );
    assert_eq!(
        m.relationships[0].properties,
        vec![("Owner".to_string(), "R".to_string())]
    );
    // One warning for the undefined reference, naming the element, its line and the field.
    assert_eq!(d.len(), 1, "{d:#?}");
    let w = &d[0];
    assert_eq!(w.severity, Severity::Warning);
    assert_eq!(w.place.node.as_deref(), Some("g1"));
    assert_eq!(w.place.line, g1.line);
    assert_eq!(w.place.field.as_deref(), Some("propertyDefinitionRef"));
    assert!(w.message.contains("pd-missing") && w.message.contains("g1"));
    let line = text
        .lines()
        .position(|l| l.contains("identifier=\"g1\""))
        .unwrap();
    assert_eq!(g1.line, Some(line + 1));
}

#[test]
fn junctions_influence_and_relationships_on_relationships() {
    let (m, _) = read_ok(&doc(MULTILINGUAL), Some("en"));
    let types: Vec<&str> = m.elements.iter().map(|e| e.type_.as_str()).collect();
    assert_eq!(types, ["Goal", "Goal", "OrJunction", "AndJunction"]);
    let r = &m.relationships;
    assert_eq!(r[0].type_, "Influence");
    assert_eq!(r[0].strength.as_deref(), Some("++"));
    assert_eq!(r[0].name.as_deref(), Some("helps"));
    assert_eq!(r[1].strength.as_deref(), Some("-"));
    assert_eq!(r[1].name, None);
    assert_eq!((r[2].source.as_str(), r[2].target.as_str()), ("j2", "r1"));
}

#[test]
fn view_nesting_skips_non_element_nodes_and_duplicates() {
    let body = r#"
  <elements>
    <element identifier="a" xsi:type="Capability"><name>A</name></element>
    <element identifier="b" xsi:type="Capability"><name>B</name></element>
    <element identifier="c" xsi:type="Capability"><name>C</name></element>
  </elements>
  <organizations><item identifierRef="a"/></organizations>
  <views>
    <diagrams>
      <view identifier="v1" xsi:type="Diagram">
        <node identifier="n1" elementRef="a" xsi:type="Element">
          <node identifier="n2" xsi:type="Container">
            <node identifier="n3" elementRef="b" xsi:type="Element">
              <node identifier="n4" elementRef="c" xsi:type="Element"/>
            </node>
          </node>
          <node identifier="n5" elementRef="c" xsi:type="Element"/>
        </node>
      </view>
      <view identifier="v2" xsi:type="Diagram">
        <node identifier="n6" elementRef="a" xsi:type="Element">
          <node identifier="n7" elementRef="b" xsi:type="Element"/>
          <node identifier="n8" elementRef="a" xsi:type="Element"/>
        </node>
        <node identifier="n9" elementRef="b" xsi:type="Element"/>
      </view>
    </diagrams>
  </views>"#;
    let (m, _) = read_ok(&doc(body), None);
    let pairs: Vec<(&str, &str)> = m
        .view_nesting
        .iter()
        .map(|(c, p)| (c.as_str(), p.as_str()))
        .collect();
    assert_eq!(pairs, [("b", "a"), ("c", "b"), ("c", "a")]);
}

// ---------------------------------------------------------------------------------------------
// Round trips

/// What a round trip must keep: everything but the lines.
fn without_lines(m: &ArchiModel) -> (Vec<ArchiElement>, Vec<ArchiRelationship>) {
    let mut e = m.elements.clone();
    let mut r = m.relationships.clone();
    e.iter_mut().for_each(|e| e.line = None);
    r.iter_mut().for_each(|r| r.line = None);
    (e, r)
}

fn assert_round_trip(m: &ArchiModel, lang: Option<&str>) -> ArchiModel {
    let xml = write(m, lang);
    let (back, d) = read(&xml, lang);
    assert!(d.is_empty(), "{d:#?}\n{xml}");
    assert_eq!(without_lines(&back), without_lines(m));
    assert_eq!(back.name, m.name);
    assert_eq!(back.documentation, m.documentation);
    assert_eq!(back.properties, m.properties);
    // Writing again gives the same text.
    assert_eq!(write(&back, lang), xml);
    back
}

#[test]
fn round_trip_real_files() {
    for file in ["archisurance.xml", "Zoo.xml", "gc-bcm-2.0.xml"] {
        let (m, _) = read_ok(&data(file), Some("en"));
        let back = assert_round_trip(&m, Some("en"));
        assert_eq!(back.id, m.id, "{file}");
        assert!(back.view_nesting.is_empty(), "no views are written");
        assert_round_trip(&m, None);
    }
}

fn hostile_strings() -> Vec<&'static str> {
    vec![
        "<script>alert(1)</script>",
        "a & b &amp; &#38; &lt;",
        "\"double\" and 'single' quotes",
        "]]> <![CDATA[ x ]]>",
        "<!-- not a comment -->",
        "<?pi not a pi?>",
        "naïve café 日本語 עברית",
        "emoji 🚀👩‍👩‍👧 and \u{10FFFF}",
        "  leading and trailing spaces  ",
        "tab\there\nnewline\r\ncrlf\rcr",
        "",
        " ",
        "\n",
        "&unknown; &#x0; &#xD800;",
        "%entity; &lt",
    ]
}

fn hostile_model() -> ArchiModel {
    let s = hostile_strings();
    let mut m = ArchiModel {
        id: Some("id-\"m\"&<m>".to_string()),
        name: Some(s[0].to_string()),
        documentation: Some(s[9].to_string()),
        properties: vec![(s[1].to_string(), s[3].to_string())],
        format: "exchange",
        ..ArchiModel::default()
    };
    for (i, t) in s.iter().enumerate() {
        m.elements.push(ArchiElement {
            id: format!("e{i}{t}"),
            type_: "Goal".to_string(),
            name: Some(t.to_string()),
            documentation: Some(s[(i + 1) % s.len()].to_string()),
            properties: vec![
                (t.to_string(), s[(i + 2) % s.len()].to_string()),
                ("same key".to_string(), t.to_string()),
            ],
            line: None,
        });
    }
    m.elements.push(ArchiElement {
        id: "bare".to_string(),
        type_: "AndJunction".to_string(),
        ..ArchiElement::default()
    });
    for (i, t) in s.iter().enumerate() {
        m.relationships.push(ArchiRelationship {
            id: format!("r{i}{t}"),
            type_: if i % 2 == 0 { "Influence" } else { "Access" }.to_string(),
            source: format!("e{i}{t}"),
            target: "bare".to_string(),
            name: if i % 3 == 0 {
                None
            } else {
                Some(t.to_string())
            },
            documentation: Some(t.to_string()),
            properties: vec![(s[(i + 4) % s.len()].to_string(), t.to_string())],
            strength: (i % 2 == 0).then(|| t.to_string()),
            access_type: (i % 2 == 1).then(|| "ReadWrite".to_string()),
            line: None,
        });
    }
    m.relationships.push(ArchiRelationship {
        id: "on-relationship".to_string(),
        type_: "Association".to_string(),
        source: "bare".to_string(),
        target: "r1\"a & b &amp; &#38; &lt;".to_string(),
        ..ArchiRelationship::default()
    });
    m
}

#[test]
fn round_trip_hostile_strings() {
    let m = hostile_model();
    let back = assert_round_trip(&m, Some("en"));
    assert_eq!(back.id, m.id);
    assert_round_trip(&m, None);
    assert_round_trip(&m, Some("x-\"<&>\""));
    // roxmltree agrees the output is well-formed and in the exchange namespace.
    let xml = write(&m, Some("en"));
    let doc = roxmltree::Document::parse(&xml).unwrap();
    assert_eq!(doc.root_element().tag_name().namespace(), Some(NAMESPACE));
    assert!(!xml.contains("<script>"));
    assert!(!xml.contains("]]>"));
}

#[test]
fn writer_layout() {
    let m = ArchiModel {
        elements: vec![ArchiElement {
            id: "e1".into(),
            type_: "Goal".into(),
            name: Some("G".into()),
            properties: vec![("k".into(), "v".into()), ("k2".into(), "w".into())],
            ..ArchiElement::default()
        }],
        relationships: vec![ArchiRelationship {
            id: "r1".into(),
            type_: "Influence".into(),
            source: "e1".into(),
            target: "e1".into(),
            strength: Some("+".into()),
            properties: vec![("k2".into(), "x".into())],
            ..ArchiRelationship::default()
        }],
        ..ArchiModel::default()
    };
    let xml = write(&m, Some("en"));
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<model xmlns=\""));
    assert!(xml.contains("identifier=\"id-model\""));
    assert!(xml.contains("xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""));
    assert!(xml.contains("<element identifier=\"e1\" xsi:type=\"Goal\">"));
    assert!(xml.contains("<name xml:lang=\"en\">G</name>"));
    assert!(xml.contains(
        "<relationship identifier=\"r1\" source=\"e1\" target=\"e1\" xsi:type=\"Influence\" modifier=\"+\">"
    ));
    let defs = xml.find("<propertyDefinitions>").unwrap();
    assert!(xml.find("</elements>").unwrap() < xml.find("<relationships>").unwrap());
    assert!(xml.find("</relationships>").unwrap() < defs);
    assert!(xml[defs..].contains(
        "<propertyDefinition identifier=\"propid-1\" type=\"string\">\n      <name xml:lang=\"en\">k</name>"
    ));
    assert!(xml[defs..].contains("identifier=\"propid-2\""));
    assert!(!xml[defs..].contains("propid-3"));
    assert!(!xml.contains("<views") && !xml.contains("<organizations"));
    // Characters XML 1.0 cannot carry become U+FFFD; the result still parses.
    let mut bad = m.clone();
    bad.elements[0].name = Some("a\u{0}b\u{1b}c\u{ffff}".into());
    let (back, d) = read(&write(&bad, None), None);
    assert!(d.is_empty(), "{d:?}");
    assert_eq!(
        back.elements[0].name.as_deref(),
        Some("a\u{fffd}b\u{fffd}c\u{fffd}")
    );
}

/// Strings of characters XML 1.0 can carry, rich in the ones that need escaping.
fn xml_text() -> impl Strategy<Value = String> {
    let special = prop::sample::select(vec![
        '&', '<', '>', '"', '\'', '\r', '\n', '\t', ']', ' ', ';', '#', 'é', '🚀', '\u{fffd}',
    ]);
    let any = any::<char>().prop_filter("a character XML 1.0 can carry", |&c| {
        matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{fffe}' && c != '\u{ffff}')
    });
    prop::collection::vec(prop_oneof![special, any], 0..40).prop_map(|cs| cs.into_iter().collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Any string XML 1.0 can carry comes back exactly, as a name, documentation, property key
    /// and value, id and strength.
    #[test]
    fn any_text_round_trips(
        texts in prop::collection::vec(xml_text(), 4),
        lang in prop::option::of("[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})?"),
    ) {
        let m = ArchiModel {
            elements: vec![ArchiElement {
                id: texts[0].clone(),
                type_: "Goal".into(),
                name: Some(texts[1].clone()),
                documentation: Some(texts[2].clone()),
                properties: vec![(texts[3].clone(), texts[0].clone())],
                ..ArchiElement::default()
            }],
            relationships: vec![ArchiRelationship {
                id: texts[1].clone(),
                type_: "Influence".into(),
                source: texts[2].clone(),
                target: texts[3].clone(),
                name: Some(texts[0].clone()),
                strength: Some(texts[3].clone()),
                ..ArchiRelationship::default()
            }],
            ..ArchiModel::default()
        };
        let xml = write(&m, lang.as_deref());
        let (back, d) = read(&xml, lang.as_deref());
        prop_assert!(d.is_empty(), "{:?}", d);
        prop_assert_eq!(without_lines(&back), without_lines(&m));
    }
}

// ---------------------------------------------------------------------------------------------
// Hostile and broken input

/// Reads hostile text; the result must not panic (a panic fails the test). How fast it is
/// refused is measured by `cargo bench --bench import`, not here.
fn read_hostile(text: &str) -> (ArchiModel, Vec<Diagnostic>) {
    read(text, None)
}

/// Reads past the nesting depth limit (the walks must not recurse at any depth).
fn read_deep(text: &str) -> (ArchiModel, Vec<Diagnostic>) {
    let deep = aligngraph::formats::limits::Limits {
        xml_depth: usize::MAX,
        ..aligngraph::formats::limits::Limits::CLI
    };
    aligngraph::formats::exchange::read_with(text, None, &deep)
}

fn single_error(d: &[Diagnostic], code: Code) -> &Diagnostic {
    let e = errors(d);
    assert_eq!(e.len(), 1, "{d:#?}");
    assert_eq!(e[0].code, code, "{d:#?}");
    e[0]
}

#[test]
fn malformed_xml_gives_line_and_column() {
    let text = doc(
        "  <elements>\n    <element identifier=\"a\" xsi:type=\"Goal\">\n      <name>A</nme>\n  </elements>",
    );
    let (m, d) = read(&text, None);
    let e = single_error(&d, Code::InvalidXml);
    assert_eq!(e.place.line, Some(5));
    assert!(e.place.column.is_some());
    assert!(e.message.contains("not well-formed"), "{}", e.message);
    assert!(m.elements.is_empty() && m.relationships.is_empty());
    assert_eq!(m.format, "exchange");

    let (_, d) = read("<model xmlns=\"x\"><a b='1' b='2'/></model>", None);
    let e = single_error(&d, Code::InvalidXml);
    assert_eq!((e.place.line, e.place.column), (Some(1), Some(27)));

    // Truncated, empty, not XML at all.
    for text in ["", "   ", "hello", "<model", "{\"format\": \"aligngraph\"}"] {
        let (m, d) = read(text, None);
        single_error(&d, Code::InvalidXml);
        assert!(m.elements.is_empty());
    }
    let (_, d) = read(&text[..text.len() / 2], None);
    let e = single_error(&d, Code::InvalidXml);
    assert!(e.place.line.is_some());
}

#[test]
fn wrong_root_or_namespace_is_unsupported() {
    let cases = [
        (
            "<model xmlns=\"http://www.opengroup.org/xsd/archimate\" identifier=\"x\"/>",
            "2.x",
        ),
        ("<model identifier=\"x\"/>", "no namespace"),
        ("<svg xmlns=\"http://www.w3.org/2000/svg\"/>", "<svg>"),
        (
            "<?xml version=\"1.0\"?>\n<archimate:model xmlns:archimate=\"http://www.archimatetool.com/archimate\" name=\"x\"/>",
            "native",
        ),
    ];
    for (text, hint) in cases {
        let (m, d) = read(text, None);
        let e = single_error(&d, Code::UnsupportedFormat);
        assert!(e.message.contains(hint), "{}", e.message);
        assert!(e.message.contains(NAMESPACE), "{}", e.message);
        assert!(e.place.line.is_some());
        assert!(m.elements.is_empty());
    }
    // A real Archi native file.
    let (_, d) = read(&data("archisurance.archimate"), None);
    let e = single_error(&d, Code::UnsupportedFormat);
    assert!(e.message.contains("Archi's native"), "{}", e.message);
}

#[test]
fn billion_laughs_is_refused_not_expanded() {
    let mut text =
        String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE model [\n <!ENTITY lol \"lol\">\n");
    for i in 1..10 {
        let prev = if i == 1 {
            "lol".to_string()
        } else {
            format!("lol{}", i - 1)
        };
        text.push_str(&format!(
            " <!ENTITY lol{i} \"{}\">\n",
            format!("&{prev};").repeat(10)
        ));
    }
    text.push_str("]>\n");
    text.push_str(&doc("<name>&lol9;</name>").replacen(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
        "",
        1,
    ));
    let (m, d) = read_hostile(&text);
    let e = single_error(&d, Code::InvalidXml);
    assert!(e.message.contains("DOCTYPE"), "{}", e.message);
    assert_eq!(e.place.line, Some(2));
    assert_eq!(m.name, None);

    // An external entity is refused the same way.
    let xxe =
        "<?xml version=\"1.0\"?><!DOCTYPE m [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><m>&x;</m>";
    let (_, d) = read(xxe, None);
    single_error(&d, Code::InvalidXml);
    // An entity used without a DTD is plain malformed XML.
    let (_, d) = read(&doc("<name>&lol9;</name>"), None);
    single_error(&d, Code::InvalidXml);
}

#[test]
fn deep_nesting_does_not_overflow() {
    const DEPTH: usize = 100_000;
    // Deep unknown elements inside the model.
    let body = format!(
        "<elements><element identifier=\"a\" xsi:type=\"Goal\"/></elements>{}{}",
        "<x>".repeat(DEPTH),
        "</x>".repeat(DEPTH)
    );
    let (m, d) = read_deep(&doc(&body));
    assert!(d.is_empty(), "{d:?}");
    assert_eq!(m.elements.len(), 1);

    // Deep view nesting: walked without recursion.
    let mut view = String::from("<views><diagrams><view identifier=\"v\" xsi:type=\"Diagram\">");
    for i in 0..DEPTH {
        view.push_str(&format!(
            "<node identifier=\"n{i}\" elementRef=\"e{}\" xsi:type=\"Element\">",
            i % 3
        ));
    }
    view.push_str(&"</node>".repeat(DEPTH));
    view.push_str("</view></diagrams></views>");
    let (m, d) = read_deep(&doc(&view));
    assert!(d.is_empty(), "{d:?}");
    let pairs: Vec<(&str, &str)> = m
        .view_nesting
        .iter()
        .map(|(c, p)| (c.as_str(), p.as_str()))
        .collect();
    assert_eq!(pairs, [("e1", "e0"), ("e2", "e1"), ("e0", "e2")]);

    // Deep and unclosed: an error, not a crash.
    let (_, d) = read_deep(&doc(&"<x>".repeat(DEPTH)));
    single_error(&d, Code::InvalidXml);
}

#[test]
fn missing_attributes_skip_the_item_with_an_error() {
    let body = r#"  <elements>
    <element identifier="a" xsi:type="Goal"/>
    <element xsi:type="Goal"><name>no id</name></element>
    <element identifier="b"/>
    <element identifier="c" xsi:type="Capability"/>
  </elements>
  <relationships>
    <relationship identifier="r1" source="a" target="c" xsi:type="Serving"/>
    <relationship identifier="r2" target="c" xsi:type="Serving"/>
    <relationship identifier="r3" source="a" xsi:type="Serving"/>
    <relationship identifier="r4" source="a" target="c"/>
    <relationship source="a" target="c" xsi:type="Serving"/>
    <relationship identifier="r6" source="c" target="a" xsi:type="Realization"/>
  </relationships>"#;
    let (m, d) = read_hostile(&doc(body));
    let ids: Vec<&str> = m.elements.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["a", "c"]);
    let ids: Vec<&str> = m.relationships.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["r1", "r6"]);
    let got: Vec<(Option<usize>, &str, Code)> = d
        .iter()
        .map(|d| (d.place.line, d.place.field.as_deref().unwrap(), d.code))
        .collect();
    assert_eq!(
        got,
        [
            (Some(5), "identifier", Code::MissingField),
            (Some(6), "xsi:type", Code::MissingField),
            (Some(11), "source", Code::MissingField),
            (Some(12), "target", Code::MissingField),
            (Some(13), "xsi:type", Code::MissingField),
            (Some(14), "identifier", Code::MissingField),
        ]
    );
    assert!(d.iter().all(Diagnostic::is_error));
    let source = &d[2];
    assert_eq!(source.place.edge, Some(1));
    assert!(source.message.contains("r2") && source.message.contains("source"));
    assert_eq!(d[1].place.node.as_deref(), Some("b"));
}

#[test]
fn truncated_and_mutated_files_never_panic() {
    let text = data("archisurance.xml");
    let mut cut = 0;
    while cut < text.len() {
        if text.is_char_boundary(cut) {
            let (m, d) = read(&text[..cut], Some("en"));
            assert!(has_errors(&d) || !m.elements.is_empty() || cut < 100);
        }
        cut += 1999;
    }
    // Swap a few structural characters.
    for (i, (from, to)) in [("<", ">"), ("\"", "'"), ("/", " "), ("=", "")]
        .iter()
        .enumerate()
    {
        let t = text.replacen(from, to, 50 + i * 7);
        let _ = read(&t, None);
    }
}

#[test]
fn byte_order_mark_and_crlf() {
    let text = format!("\u{feff}{}", doc(MULTILINGUAL)).replace('\n', "\r\n");
    let (m, _) = read_ok(&text, Some("en"));
    assert_eq!(m.elements.len(), 4);
    let line = text
        .split("\r\n")
        .position(|l| l.contains("identifier=\"g2\""))
        .unwrap();
    assert_eq!(m.elements[1].line, Some(line + 1));
}
