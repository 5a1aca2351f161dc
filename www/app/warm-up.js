// Readying the engine's code before a user's file arrives. A browser compiles each WebAssembly
// function when it first runs, and the compiled code is shared by every worker that got the same
// module. A spare engine worker (app/engine-host.js) runs small samples of the formats users bring
// (ArchiMate exchange XML, an Archi model file, model JSON) through a throwaway Engine, so reading
// the real file later finds the importers and the scoring compiled. Nothing here touches a model of
// the user's: the samples are read by an Engine made for them and freed.

const ELEMENTS = [
  ["g1", "Goal", "Grow revenue"],
  ["g2", "Goal", "Cut costs"],
  ["o1", "Outcome", "Faster claims"],
  ["c1", "Capability", "Claims handling"],
  ["c2", "Capability", "Billing"],
  ["p1", "BusinessProcess", "Handle claim"],
  ["a1", "ApplicationComponent", "Claims system"],
  ["a2", "ApplicationComponent", "Billing system"],
  ["n1", "Node", "Database server"],
  ["w1", "WorkPackage", "Replace claims system"],
  ["w2", "WorkPackage", "Billing upgrade"],
  ["d1", "Deliverable", "New claims system"],
  ["r1", "Requirement", "Claims in a day"],
  ["k1", "CourseOfAction", "Digital first"],
];
const RELATIONS = [
  ["o1", "g1", "Influence"],
  ["c1", "o1", "Realization"],
  ["c2", "g2", "Realization"],
  ["p1", "c1", "Realization"],
  ["a1", "p1", "Serving"],
  ["a2", "c2", "Serving"],
  ["n1", "a1", "Serving"],
  ["n1", "a2", "Serving"],
  ["w1", "d1", "Realization"],
  ["d1", "a1", "Realization"],
  ["w2", "a2", "Realization"],
  ["r1", "g1", "Realization"],
  ["k1", "c1", "Realization"],
  ["c1", "c2", "Association"],
  ["a1", "a2", "Flow"],
];
const PROPERTIES = [
  ["Cost", "w1", "250000"],
  ["Cost", "w2", "80000"],
  ["Status", "w1", "Running"],
  ["Weight", "g1", "3"],
  ["Lifecycle", "a1", "Phase out"],
];

/** `copies` copies of the small model, ids suffixed with the copy's number. */
function copiesOf(copies) {
  const els = [];
  const rels = [];
  const props = [];
  for (let c = 0; c < copies; c++) {
    for (const [id, type, name] of ELEMENTS) els.push([`${id}-${c}`, type, `${name} ${c}`]);
    for (const [s, t, type] of RELATIONS) rels.push([`${s}-${c}`, `${t}-${c}`, type]);
    // the copies share their goals and infrastructure, as a real landscape does
    if (c > 0) rels.push([`n1-${c}`, `a1-0`, "Serving"], [`o1-${c}`, "g1-0", "Influence"]);
    for (const [k, id, v] of PROPERTIES) props.push([k, `${id}-${c}`, v]);
  }
  return { els, rels, props };
}

/** The properties by element id. */
function byNode(props) {
  const m = new Map();
  for (const p of props) {
    if (!m.has(p[1])) m.set(p[1], []);
    m.get(p[1]).push(p);
  }
  return m;
}

/** A model in the ArchiMate exchange format (with properties), `copies` times the sample. */
export function exchangeSample(copies = 1) {
  const { els, rels, props } = copiesOf(copies);
  const defs = [...new Set(PROPERTIES.map((p) => p[0]))];
  const byId = byNode(props);
  const propsOf = (id) => {
    const own = byId.get(id);
    if (!own) return "";
    const items = own.map(([k, , v]) => `<property propertyDefinitionRef="pd-${defs.indexOf(k)}"><value xml:lang="en">${v}</value></property>`);
    return `<properties>${items.join("")}</properties>`;
  };
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" identifier="id-sample">',
    '<name xml:lang="en">Sample</name><elements>',
    ...els.map(([id, type, name]) => `<element identifier="id-${id}" xsi:type="${type}"><name xml:lang="en">${name}</name><documentation xml:lang="en">${name}.</documentation>${propsOf(id)}</element>`),
    "</elements><relationships>",
    ...rels.map(([from, to, type], i) => `<relationship identifier="id-r${i}" source="id-${from}" target="id-${to}" xsi:type="${type}"/>`),
    "</relationships><propertyDefinitions>",
    ...defs.map((k, i) => `<propertyDefinition identifier="pd-${i}" type="string"><name>${k}</name></propertyDefinition>`),
    "</propertyDefinitions></model>",
  ].join("\n");
}

/** The same model as an Archi model file (`.archimate`). */
export function archiSample(copies = 1) {
  const { els, rels, props } = copiesOf(copies);
  const byId = byNode(props);
  const propsOf = (id) => (byId.get(id) ?? []).map(([k, , v]) => `<property key="${k}" value="${v}"/>`).join("");
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<archimate:model xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:archimate="http://www.archimatetool.com/archimate" name="Sample" id="sample" version="5.0.0">',
    '<folder name="Elements" id="f1" type="other">',
    ...els.map(([id, type, name]) => `<element xsi:type="archimate:${type}" name="${name}" id="${id}">${propsOf(id)}</element>`),
    "</folder>",
    '<folder name="Relations" id="f2" type="relations">',
    ...rels.map(([from, to, type], i) => `<element xsi:type="archimate:${type}Relationship" id="r${i}" source="${from}" target="${to}"/>`),
    "</folder></archimate:model>",
  ].join("\n");
}

/**
 * How many copies of the sample are read (700 elements, 225 KB of exchange XML): enough for the
 * browser to recompile the importers' busiest functions with its optimising compiler, which it does
 * only for code that has run a while (docs/performance.md, "Importing an Archi-size model").
 */
export const WARM_COPIES = 50;

/**
 * The nodes of the generated model the scoring is readied on (five edges a node): a browser runs a
 * long call to a function it has not yet optimised to its end without optimising it, so a large
 * model's first score would otherwise run its loops (graph, sweeps, orders) unoptimised. 10,000
 * nodes take the spare worker about 60 ms and take the first score of a 1,000,000-node model from
 * about 1,070 to 740 ms in Node (benches/first-score.mjs; docs/performance.md, "The first score of
 * a large model").
 */
export const WARM_NODES = 10_000;

const utf8 = (s) => new TextEncoder().encode(s);
const STEPS = {
  exchange: (e) => e.importFiles([{ name: "sample.xml", bytes: utf8(exchangeSample(WARM_COPIES)) }]),
  archi: (e) => e.importFiles([{ name: "sample.archimate", bytes: utf8(archiSample(WARM_COPIES)) }]),
  json: (e) => e.loadDemo(),
  scale: (e) => e.loadGenerated(WARM_NODES, 5, 1),
};

/**
 * The steps, in the order a spare worker runs them (one call each, so a file never waits long): the
 * importers first, whose code nothing on the page has run yet (the page's own model is JSON).
 */
export const WARM_STEPS = Object.keys(STEPS);

/**
 * Runs one step's sample (`json`, `exchange`, `archi`) through a throwaway Engine (the class of the
 * Wasm module), scores it and reads what a snapshot reads, then frees it; returns what it took (ms).
 * A sample the engine refuses is not an error: readying is best effort.
 */
export function warmUp(EngineClass, step) {
  const read = STEPS[step];
  if (!read) throw new Error(`no warm-up step "${step}"; the steps are ${WARM_STEPS.join(", ")}`);
  const t0 = performance.now();
  const engine = new EngineClass();
  try {
    read(engine);
    engine.score([]);
    engine.initiativeColumns();
    engine.activeMask();
    engine.nodeIdsPacked(true);
    engine.nodeNamesPacked(true);
    engine.nodeKinds();
    engine.scores("alignment");
  } catch {
    // best effort
  } finally {
    engine.free();
  }
  return performance.now() - t0;
}
