// Unit tests of the import summary's status line (the panel itself is checked in the browser tests).
import { test } from "node:test";
import assert from "node:assert/strict";
import { summaryStatus } from "./import-summary.js";
import { createFormat } from "../lib/format.js";

const f = createFormat(null);
const summary = (over) => ({ format: "exchange", elements: 1439, relationships: 1146, nodes: 1433, edges: 943, element_types: [], relationship_types: [], junctions: 6, view_nesting_edges: 0, not_scored: {}, attributes: {}, ...over });

test("the status line names the file, the format and what was read and made", () => {
  assert.equal(
    summaryStatus({ summary: summary(), fileName: "JeanBLapierreSandbox.archimate" }, f),
    "JeanBLapierreSandbox.archimate (ArchiMate exchange XML): 1,439 elements and 1,146 relationships read → 1,433 nodes, 943 edges",
  );
  assert.equal(
    summaryStatus({ summary: summary({ format: "archi-csv", elements: 1, relationships: 0 }), fileName: "elements.csv, relations.csv", mappingName: "map.json" }, f),
    "elements.csv, relations.csv (Archi CSV export, mapping map.json): 1 element and 0 relationships read → 1,433 nodes, 943 edges",
  );
  assert.match(summaryStatus({ summary: summary({ format: "csv", elements: 3, relationships: 2 }), fileName: "nodes.csv, edges.csv" }, f), /3 rows of nodes and 2 of edges read/);
});
