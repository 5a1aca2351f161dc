//! The JSON Schema (schema/aligngraph.schema.json) says what the loader reads.

use crate::common::root;
use aligngraph::model::{Category, EdgeKind, Lifecycle, NodeKind, Perspective, Status};
use serde_json::Value;

fn schema() -> Value {
    serde_json::from_str(
        &std::fs::read_to_string(root().join("schema/aligngraph.schema.json")).unwrap(),
    )
    .unwrap()
}

fn enum_at(schema: &Value, def: &str, prop: &str) -> Vec<String> {
    schema["$defs"][def]["properties"][prop]["enum"]
        .as_array()
        .unwrap_or_else(|| panic!("no enum at $defs/{def}/properties/{prop}"))
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

fn strs(xs: impl IntoIterator<Item = &'static str>) -> Vec<String> {
    xs.into_iter().map(String::from).collect()
}

#[test]
fn schema_enums_match_the_loader() {
    let s = schema();
    assert_eq!(
        enum_at(&s, "node", "kind"),
        strs(NodeKind::ALL.map(NodeKind::as_str))
    );
    assert_eq!(
        enum_at(&s, "edge", "kind"),
        strs(EdgeKind::ALL.map(EdgeKind::as_str))
    );
    assert_eq!(
        enum_at(&s, "node", "status"),
        strs(Status::ALL.iter().map(|x| x.as_str()))
    );
    assert_eq!(
        enum_at(&s, "node", "perspective"),
        strs(Perspective::ALL.iter().map(|x| x.as_str()))
    );
    assert_eq!(
        enum_at(&s, "node", "lifecycle"),
        strs(Lifecycle::ALL.iter().map(|x| x.as_str()))
    );
    assert_eq!(
        enum_at(&s, "node", "category"),
        strs(Category::ALL.iter().map(|x| x.as_str()))
    );
    assert_eq!(
        enum_at(&s, "edge", "proficiency"),
        strs(aligngraph::lens::people::LEVELS)
    );
}

#[test]
fn schema_describes_every_attribute_the_writer_emits() {
    let s = schema();
    let props = s["$defs"]["node"]["properties"].as_object().unwrap();
    let demo = aligngraph::demo::model();
    let written: Value = aligngraph::model::to_json_value(&demo);
    let known_extra = ["vendor", "owner", "type"];
    for node in written["nodes"].as_array().unwrap() {
        for key in node.as_object().unwrap().keys() {
            assert!(
                props.contains_key(key) || known_extra.contains(&key.as_str()),
                "node field {key} is not in the schema"
            );
        }
    }
}
