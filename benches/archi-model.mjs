// A seeded ArchiMate exchange-format model of the size of a large real Archi model: 2,859
// elements across the layers (motivation, strategy, business, application, technology,
// implementation), about two relationships per element, property definitions and values,
// documentation, and diagrams (styled nodes, nested, and connections) up to about 3.9 MB, the
// way Archi writes them. Used by benches/wasm.mjs (import and score in the Wasm engine).
//   node benches/archi-model.mjs [--elements 2859] [--bytes 3900000] > model.xml

const LAYERS = [
  // [type, share of the elements]
  ["Goal", 0.02],
  ["Outcome", 0.02],
  ["Requirement", 0.05],
  ["Capability", 0.08],
  ["ValueStream", 0.01],
  ["BusinessActor", 0.04],
  ["BusinessRole", 0.04],
  ["BusinessProcess", 0.12],
  ["BusinessFunction", 0.06],
  ["BusinessObject", 0.06],
  ["ApplicationComponent", 0.12],
  ["ApplicationService", 0.08],
  ["ApplicationInterface", 0.04],
  ["DataObject", 0.06],
  ["Node", 0.05],
  ["SystemSoftware", 0.05],
  ["TechnologyService", 0.03],
  ["WorkPackage", 0.05],
  ["Deliverable", 0.02],
];

// Relationships between the layers: [source type, target type, relationship type].
const LINKS = [
  ["Outcome", "Goal", "Realization"],
  ["Requirement", "Outcome", "Realization"],
  ["Capability", "Requirement", "Realization"],
  ["Capability", "Goal", "Influence"],
  ["BusinessProcess", "Capability", "Realization"],
  ["BusinessFunction", "Capability", "Realization"],
  ["BusinessRole", "BusinessProcess", "Assignment"],
  ["BusinessActor", "BusinessRole", "Assignment"],
  ["BusinessProcess", "BusinessObject", "Access"],
  ["BusinessProcess", "BusinessProcess", "Triggering"],
  ["ApplicationService", "BusinessProcess", "Serving"],
  ["ApplicationComponent", "ApplicationService", "Realization"],
  ["ApplicationComponent", "ApplicationInterface", "Composition"],
  ["ApplicationComponent", "DataObject", "Access"],
  ["ApplicationComponent", "ApplicationComponent", "Flow"],
  ["DataObject", "BusinessObject", "Realization"],
  ["TechnologyService", "ApplicationComponent", "Serving"],
  ["Node", "TechnologyService", "Realization"],
  ["SystemSoftware", "Node", "Aggregation"],
  ["WorkPackage", "Deliverable", "Realization"],
  ["Deliverable", "ApplicationComponent", "Realization"],
  ["WorkPackage", "WorkPackage", "Triggering"],
  ["Capability", "Capability", "Composition"],
  ["ApplicationComponent", "BusinessProcess", "Association"],
];

const WORDS = (
  "customer order billing claims policy payment invoice ledger account partner supplier " +
  "product catalogue pricing contract risk compliance audit report analytics data platform " +
  "integration gateway portal mobile web service register identity access document archive " +
  "workflow case schedule fleet asset maintenance inventory warehouse shipment tracking"
).split(" ");

/** A small seeded generator (xorshift32), so every run writes the same model. */
function rng(seed) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 4294967296;
  };
}

const esc = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/"/g, "&quot;");

/** The model as exchange XML text of about `bytes` bytes with `elements` elements. */
export function archiModel({ elements = 2859, bytes = 3_900_000, seed = 12 } = {}) {
  const r = rng(seed);
  const pick = (xs) => xs[Math.floor(r() * xs.length)];
  const hex = () => Array.from({ length: 32 }, () => "0123456789abcdef"[Math.floor(r() * 16)]).join("");
  const phrase = (n) => Array.from({ length: n }, () => pick(WORDS)).join(" ");
  const title = (s) => s.replace(/\b\w/g, (c) => c.toUpperCase());

  const els = [];
  const byType = new Map();
  for (const [type, share] of LAYERS) {
    const n = Math.max(1, Math.round(share * elements));
    for (let i = 0; i < n && els.length < elements; i++) {
      const e = { id: `id-${hex()}`, type, name: title(phrase(2 + Math.floor(r() * 2))) };
      els.push(e);
      if (!byType.has(type)) byType.set(type, []);
      byType.get(type).push(e);
    }
  }
  while (els.length < elements) {
    const e = { id: `id-${hex()}`, type: "ApplicationComponent", name: title(phrase(3)) };
    els.push(e);
    byType.get("ApplicationComponent").push(e);
  }

  const rels = [];
  const seen = new Set();
  while (rels.length < elements * 2) {
    const [s, t, type] = pick(LINKS);
    const from = pick(byType.get(s));
    const to = pick(byType.get(t));
    const key = `${from.id} ${to.id} ${type}`;
    if (from === to || seen.has(key)) continue;
    seen.add(key);
    rels.push({ id: `id-${hex()}`, type, from, to });
  }

  const props = ["Owner", "Status", "Cost", "Lifecycle", "Criticality"];
  const out = [];
  out.push('<?xml version="1.0" encoding="UTF-8"?>');
  out.push(
    '<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.opengroup.org/xsd/archimate/3.0/ http://www.opengroup.org/xsd/archimate/3.1/archimate3_Diagram.xsd" identifier="id-' +
      hex() +
      '">',
  );
  out.push('  <name xml:lang="en">Enterprise landscape (generated)</name>');
  out.push("  <elements>");
  for (const e of els) {
    out.push(`    <element identifier="${e.id}" xsi:type="${e.type}">`);
    out.push(`      <name xml:lang="en">${esc(e.name)}</name>`);
    if (r() < 0.6) {
      out.push(`      <documentation xml:lang="en">${esc(title(phrase(8 + Math.floor(r() * 20))))}.</documentation>`);
    }
    const k = Math.floor(r() * 4);
    if (k > 0) {
      out.push("      <properties>");
      for (let p = 0; p < k; p++) {
        const v = p === 2 ? String(Math.floor(r() * 500000)) : title(phrase(1));
        out.push(`        <property propertyDefinitionRef="propid-${p + 1}">`);
        out.push(`          <value xml:lang="en">${v}</value>`);
        out.push("        </property>");
      }
      out.push("      </properties>");
    }
    out.push("    </element>");
  }
  out.push("  </elements>");
  out.push("  <relationships>");
  for (const x of rels) {
    const access = x.type === "Access" ? ' accessType="Write"' : "";
    out.push(`    <relationship identifier="${x.id}" source="${x.from.id}" target="${x.to.id}" xsi:type="${x.type}"${access}>`);
    if (r() < 0.2) out.push(`      <name xml:lang="en">${esc(phrase(2))}</name>`);
    out.push("    </relationship>");
  }
  out.push("  </relationships>");
  out.push("  <propertyDefinitions>");
  props.forEach((p, i) => {
    out.push(`    <propertyDefinition identifier="propid-${i + 1}" type="string">`);
    out.push(`      <name>${p}</name>`);
    out.push("    </propertyDefinition>");
  });
  out.push("  </propertyDefinitions>");
  out.push("  <views>");
  out.push("    <diagrams>");
  const style = (ind, fill) => [
    `${ind}<style>`,
    `${ind}  <fillColor r="${fill[0]}" g="${fill[1]}" b="${fill[2]}" a="100" />`,
    `${ind}  <lineColor r="92" g="92" b="92" a="100" />`,
    `${ind}  <font name="Segoe UI" size="9">`,
    `${ind}    <color r="0" g="0" b="0" />`,
    `${ind}  </font>`,
    `${ind}</style>`,
  ];
  const tail = ["    </diagrams>", "  </views>", "</model>"];
  let size = out.reduce((n, l) => n + l.length + 1, 0) + tail.join("\n").length;
  let v = 0;
  while (size < bytes) {
    const lines = [];
    lines.push(`      <view identifier="id-${hex()}" xsi:type="Diagram">`);
    lines.push(`        <name xml:lang="en">${esc(title(phrase(2)))} view ${++v}</name>`);
    // A group of related elements: a relationship's ends, placed on a grid, some nested.
    const placed = new Map();
    const conns = [];
    for (let k = 0; k < 30; k++) {
      const x = pick(rels);
      for (const e of [x.from, x.to]) {
        if (!placed.has(e.id)) placed.set(e.id, { e, nid: `id-${hex()}`, n: placed.size });
      }
      conns.push(x);
    }
    for (const { e, nid, n } of placed.values()) {
      const x = 24 + (n % 8) * 156;
      const y = 24 + Math.floor(n / 8) * 96;
      lines.push(`        <node identifier="${nid}" elementRef="${e.id}" xsi:type="Element" x="${x}" y="${y}" w="120" h="55">`);
      lines.push(...style("          ", [181, 255, 255]));
      lines.push("        </node>");
    }
    for (const x of conns) {
      const a = placed.get(x.from.id);
      const b = placed.get(x.to.id);
      lines.push(`        <connection identifier="id-${hex()}" relationshipRef="${x.id}" xsi:type="Relationship" source="${a.nid}" target="${b.nid}">`);
      lines.push("          <style>");
      lines.push('            <lineColor r="0" g="0" b="0" a="100" />');
      lines.push('            <font name="Segoe UI" size="9">');
      lines.push('              <color r="0" g="0" b="0" />');
      lines.push("            </font>");
      lines.push("          </style>");
      lines.push("        </connection>");
    }
    lines.push("      </view>");
    out.push(...lines);
    size += lines.reduce((n, l) => n + l.length + 1, 0);
  }
  out.push(...tail);
  return out.join("\n") + "\n";
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name, dflt) => {
    const i = process.argv.indexOf(name);
    return i < 0 ? dflt : Number(process.argv[i + 1]);
  };
  process.stdout.write(archiModel({ elements: arg("--elements", 2859), bytes: arg("--bytes", 3_900_000) }));
}
