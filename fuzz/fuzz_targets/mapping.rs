//! Mapping files: `Mapping::from_json` on arbitrary UTF-8 text; a mapping that parses is applied
//! to a small model with every relationship rule, junctions, influence strengths, properties and
//! view nesting.
#![no_main]

use aligngraph::formats::archimate::ArchiModel;
use aligngraph::formats::{exchange, mapping};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

const MODEL: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" identifier="m">
  <name xml:lang="en">M</name><name xml:lang="de">M-de</name>
  <elements>
    <element identifier="g" xsi:type="Goal"><name>G</name>
      <properties><property propertyDefinitionRef="p1"><value>3</value></property></properties></element>
    <element identifier="o" xsi:type="Outcome"><name>O</name></element>
    <element identifier="c" xsi:type="Capability"><name>C</name></element>
    <element identifier="c2" xsi:type="Capability"><name>C2</name></element>
    <element identifier="a" xsi:type="ApplicationComponent"><name>A</name>
      <properties><property propertyDefinitionRef="p2"><value>0,4</value></property>
      <property propertyDefinitionRef="p3"><value>high</value></property></properties></element>
    <element identifier="s" xsi:type="ApplicationService"><name>S</name></element>
    <element identifier="w" xsi:type="WorkPackage"><name>W</name></element>
    <element identifier="w2" xsi:type="WorkPackage"><name>W2</name></element>
    <element identifier="d" xsi:type="Deliverable"><name>D</name></element>
    <element identifier="r" xsi:type="Requirement"><name>R</name></element>
    <element identifier="j" xsi:type="AndJunction"/>
    <element identifier="k" xsi:type="OrJunction"/>
  </elements>
  <relationships>
    <relationship identifier="r1" source="c" target="g" xsi:type="Realization"/>
    <relationship identifier="r2" source="a" target="c" xsi:type="Serving"/>
    <relationship identifier="r3" source="s" target="a" xsi:type="Serving"/>
    <relationship identifier="r4" source="w" target="a" xsi:type="Realization"/>
    <relationship identifier="r5" source="w" target="w2" xsi:type="Triggering"/>
    <relationship identifier="r6" source="c2" target="c" xsi:type="Composition"/>
    <relationship identifier="r7" source="d" target="r" xsi:type="Association"/>
    <relationship identifier="r8" source="r" target="o" xsi:type="Influence" modifier="--"/>
    <relationship identifier="r9" source="w2" target="j" xsi:type="Realization"/>
    <relationship identifier="r10" source="j" target="k" xsi:type="Realization"/>
    <relationship identifier="r11" source="k" target="o" xsi:type="Realization"/>
    <relationship identifier="r12" source="k" target="j" xsi:type="Flow"/>
    <relationship identifier="r13" source="d" target="w" xsi:type="Flow"/>
    <relationship identifier="r14" source="a" target="r2" xsi:type="Access"/>
    <relationship identifier="r15" source="d" target="c2" xsi:type="Aggregation"/>
    <relationship identifier="r16" source="r" target="g" xsi:type="Influence" modifier="7"/>
    <relationship identifier="r17" source="c" target="c" xsi:type="Specialization"/>
  </relationships>
  <propertyDefinitions>
    <propertyDefinition identifier="p1" type="number"><name>Weight</name></propertyDefinition>
    <propertyDefinition identifier="p2" type="string"><name>Kosten</name></propertyDefinition>
    <propertyDefinition identifier="p3" type="string"><name>risk</name></propertyDefinition>
  </propertyDefinitions>
  <views><diagrams><view identifier="v" xsi:type="Diagram">
    <node identifier="n1" elementRef="c"><node identifier="n2" elementRef="c2"/>
      <node identifier="n3"><node identifier="n4" elementRef="d"/></node></node>
  </view></diagrams></views>
</model>
"#;

fn model() -> &'static ArchiModel {
    static M: OnceLock<ArchiModel> = OnceLock::new();
    M.get_or_init(|| exchange::read(MODEL, None).0)
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(map) = mapping::Mapping::from_json(text) {
        let _ = mapping::to_model(model(), &map);
    }
});
