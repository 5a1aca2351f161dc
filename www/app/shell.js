// The dashboard's chrome: header, toolbar, view tabs, status line, the view sections, the detail
// panel, the drop overlay and the confirmation dialog. Built inside the dashboard's root (a <div
// class="ag-root"> in the page's body or in an element's shadow root) from this fixed markup, so
// every dashboard has the same DOM contract (docs/page-contract.md). No model text is ever part of
// it: names reach the DOM only through textContent.

import { VIEW_NAMES } from "./state.js";

/** The view titles shown on the tabs and above printed views. */
export const VIEW_TITLES = Object.freeze({
  overview: "Overview",
  graph: "Strategy graph",
  matrix: "Matrix",
  portfolio: "Portfolio",
  capabilities: "Capabilities",
  applications: "Applications",
  money: "Money",
  operations: "Operations",
  people: "People",
  threats: "Threats",
  whatif: "What-if",
  weights: "Goal weights",
  priorities: "Priorities",
  budget: "Budget",
  roadmap: "Roadmap",
  simulation: "Simulation",
  scenarios: "Scenarios",
  diagnostics: "Diagnostics",
});

const SHELL_HTML = `<a class="skip-link" href="#view">Skip to the dashboard</a>
<header class="app-header">
  <div class="brand">
    <svg class="brand-mark" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
      <circle cx="12" cy="4.5" r="3"></circle><circle cx="4.5" cy="19" r="3"></circle><circle cx="19.5" cy="19" r="3"></circle>
      <path d="M12 7.5 L4.5 16 M12 7.5 L19.5 16 M7.5 19 H16.5"></path>
    </svg>
    <span class="brand-name">aligngraph</span>
  </div>
  <div class="title-block">
    <h1 id="model-name">Loading…</h1>
    <p id="model-meta" class="model-meta"></p>
    <p id="print-meta" class="print-meta"></p>
  </div>
  <div class="toolbar" role="toolbar" aria-label="Model and export">
    <input id="import-file" type="file" multiple accept=".json,.xml,.archimate,.csv,.zip,application/json,application/xml,text/xml,text/csv,application/zip" class="sr-only" tabindex="-1" aria-hidden="true">
    <input id="import-folder" type="file" webkitdirectory multiple class="sr-only" tabindex="-1" aria-hidden="true">
    <button type="button" id="import-button" title="Open a model: aligngraph JSON, ArchiMate exchange XML, Archi .archimate, Archi's CSV export (its three files together), or nodes.csv + edges.csv (an Excel workbook: save its nodes and edges sheets as CSV); a mapping file may come with it. Or drop the files on the page.">Import model…</button>
    <button type="button" id="import-folder-button" title="Open a folder: a coArchi (Archi collaboration) model repository or its model folder, or a folder with a CSV set. Or drop the folder, or a zip of it, on the page.">Import folder…</button>
    <span class="toolbar-sep" aria-hidden="true"></span>
    <button type="button" id="undo-button" title="Nothing to undo (Ctrl+Z)" disabled>Undo</button>
    <button type="button" id="redo-button" title="Nothing to redo (Ctrl+Shift+Z)" disabled>Redo</button>
    <button type="button" id="add-node-button" aria-haspopup="dialog" title="Add a goal, capability, activity, application, initiative, element or person to the model">Add node…</button>
    <span class="toolbar-sep" aria-hidden="true"></span>
    <div class="menu-wrap">
      <button type="button" id="export-menu-button" aria-haspopup="true" aria-expanded="false" aria-controls="export-menu" title="Save the model, the report or a picture">Export <span aria-hidden="true">▾</span></button>
      <div id="export-menu" class="menu" role="menu" aria-labelledby="export-menu-button" hidden>
        <p class="menu-heading" id="export-group-model" aria-hidden="true">Model and report</p>
        <button type="button" role="menuitem" id="export-model-json" tabindex="-1"><span class="menu-label">Model (JSON)</span><span class="menu-note">the working model, without what-if changes</span></button>
        <button type="button" role="menuitem" id="export-report-json" tabindex="-1"><span class="menu-label">Report (JSON)</span><span class="menu-note">every score, for the current what-if changes</span></button>
        <button type="button" role="menuitem" id="export-report-csv" tabindex="-1"><span class="menu-label">Scores (CSV)</span><span class="menu-note">one row per node with its scores</span></button>
        <p class="menu-heading" aria-hidden="true">For other tools</p>
        <button type="button" role="menuitem" id="export-exchange" tabindex="-1"><span class="menu-label">ArchiMate exchange XML</span><span class="menu-note">scores as properties; Archi imports it</span></button>
        <button type="button" role="menuitem" id="export-graphml" tabindex="-1"><span class="menu-label">GraphML</span><span class="menu-note">nodes, edges and scores for yEd or Gephi</span></button>
        <button type="button" role="menuitem" id="export-csv-set" tabindex="-1"><span class="menu-label">CSV set (3 files)</span><span class="menu-note">nodes.csv, edges.csv and scores.csv</span></button>
        <p class="menu-heading" aria-hidden="true">Picture of the current view</p>
        <button type="button" role="menuitem" id="export-svg" tabindex="-1"><span class="menu-label">SVG</span><span class="menu-note">vector picture</span></button>
        <button type="button" role="menuitem" id="export-png" tabindex="-1"><span class="menu-label">PNG</span><span class="menu-note">image</span></button>
      </div>
    </div>
    <button type="button" id="print-button" title="Print all views (board handout)">Print</button>
    <span class="toolbar-sep" aria-hidden="true"></span>
    <button type="button" id="theme-toggle" aria-pressed="false" title="Switch between light and dark">Dark</button>
  </div>
</header>
<nav aria-label="Views" class="tabs" role="tablist">
  <button type="button" role="tab" data-view="overview" id="tab-overview" aria-controls="view-overview" aria-selected="true" tabindex="0">Overview</button>
  <button type="button" role="tab" data-view="graph" id="tab-graph" aria-controls="view-graph" aria-selected="false" tabindex="-1">Strategy graph</button>
  <button type="button" role="tab" data-view="matrix" id="tab-matrix" aria-controls="view-matrix" aria-selected="false" tabindex="-1">Matrix</button>
  <button type="button" role="tab" data-view="portfolio" id="tab-portfolio" aria-controls="view-portfolio" aria-selected="false" tabindex="-1">Portfolio</button>
  <button type="button" role="tab" data-view="capabilities" id="tab-capabilities" aria-controls="view-capabilities" aria-selected="false" tabindex="-1">Capabilities</button>
  <button type="button" role="tab" data-view="applications" id="tab-applications" aria-controls="view-applications" aria-selected="false" tabindex="-1">Applications</button>
  <button type="button" role="tab" data-view="money" id="tab-money" aria-controls="view-money" aria-selected="false" tabindex="-1">Money</button>
  <button type="button" role="tab" data-view="operations" id="tab-operations" aria-controls="view-operations" aria-selected="false" tabindex="-1">Operations</button>
  <button type="button" role="tab" data-view="people" id="tab-people" aria-controls="view-people" aria-selected="false" tabindex="-1">People</button>
  <button type="button" role="tab" data-view="threats" id="tab-threats" aria-controls="view-threats" aria-selected="false" tabindex="-1">Threats</button>
  <button type="button" role="tab" data-view="whatif" id="tab-whatif" aria-controls="view-whatif" aria-selected="false" tabindex="-1">What-if</button>
  <button type="button" role="tab" data-view="weights" id="tab-weights" aria-controls="view-weights" aria-selected="false" tabindex="-1">Goal weights</button>
  <button type="button" role="tab" data-view="priorities" id="tab-priorities" aria-controls="view-priorities" aria-selected="false" tabindex="-1">Priorities</button>
  <button type="button" role="tab" data-view="budget" id="tab-budget" aria-controls="view-budget" aria-selected="false" tabindex="-1">Budget</button>
  <button type="button" role="tab" data-view="roadmap" id="tab-roadmap" aria-controls="view-roadmap" aria-selected="false" tabindex="-1">Roadmap</button>
  <button type="button" role="tab" data-view="simulation" id="tab-simulation" aria-controls="view-simulation" aria-selected="false" tabindex="-1">Simulation</button>
  <button type="button" role="tab" data-view="scenarios" id="tab-scenarios" aria-controls="view-scenarios" aria-selected="false" tabindex="-1">Scenarios</button>
  <button type="button" role="tab" data-view="diagnostics" id="tab-diagnostics" aria-controls="view-diagnostics" aria-selected="false" tabindex="-1">Diagnostics</button>
</nav>
<div id="status" class="status" role="status" aria-live="polite"></div>
<div id="save-state" class="save-state" role="status" aria-live="polite" hidden></div>
<div class="layout">
  <main id="view" tabindex="-1">
    <section id="view-overview" class="view" role="tabpanel" aria-labelledby="tab-overview"></section>
    <section id="view-graph" class="view" role="tabpanel" aria-labelledby="tab-graph" hidden></section>
    <section id="view-matrix" class="view" role="tabpanel" aria-labelledby="tab-matrix" hidden></section>
    <section id="view-portfolio" class="view" role="tabpanel" aria-labelledby="tab-portfolio" hidden></section>
    <section id="view-capabilities" class="view" role="tabpanel" aria-labelledby="tab-capabilities" hidden></section>
    <section id="view-applications" class="view" role="tabpanel" aria-labelledby="tab-applications" hidden></section>
    <section id="view-money" class="view" role="tabpanel" aria-labelledby="tab-money" hidden></section>
    <section id="view-operations" class="view" role="tabpanel" aria-labelledby="tab-operations" hidden></section>
    <section id="view-people" class="view" role="tabpanel" aria-labelledby="tab-people" hidden></section>
    <section id="view-threats" class="view" role="tabpanel" aria-labelledby="tab-threats" hidden></section>
    <section id="view-whatif" class="view" role="tabpanel" aria-labelledby="tab-whatif" hidden></section>
    <section id="view-weights" class="view" role="tabpanel" aria-labelledby="tab-weights" hidden></section>
    <section id="view-priorities" class="view" role="tabpanel" aria-labelledby="tab-priorities" hidden></section>
    <section id="view-budget" class="view" role="tabpanel" aria-labelledby="tab-budget" hidden></section>
    <section id="view-roadmap" class="view" role="tabpanel" aria-labelledby="tab-roadmap" hidden></section>
    <section id="view-simulation" class="view" role="tabpanel" aria-labelledby="tab-simulation" hidden></section>
    <section id="view-scenarios" class="view" role="tabpanel" aria-labelledby="tab-scenarios" hidden></section>
    <section id="view-diagnostics" class="view" role="tabpanel" aria-labelledby="tab-diagnostics" hidden></section>
    <p class="loading" id="loading">Loading the engine…</p>
  </main>
  <aside id="detail" aria-label="Details of the selected node" hidden></aside>
</div>
<footer class="app-footer">
  <p>Runs entirely in this browser: nothing is uploaded. What is kept where: the line under the tabs.</p>
</footer>
<div id="drop-overlay" class="drop-overlay" hidden><p>Drop a model to open it: aligngraph JSON, ArchiMate exchange XML, .archimate, Archi's three CSV files or nodes.csv + edges.csv (a mapping file may come with it)</p></div>
<dialog id="confirm-dialog" aria-labelledby="confirm-title" aria-describedby="confirm-message">
  <form method="dialog" class="dialog-body">
    <h2 id="confirm-title">Replace the working model?</h2>
    <p id="confirm-message"></p>
    <div class="dialog-actions">
      <button type="button" id="confirm-cancel" value="cancel">Keep my work</button>
      <button type="button" id="confirm-ok" value="ok" class="primary">Replace</button>
    </div>
  </form>
</dialog>
<dialog id="add-node-dialog" aria-labelledby="add-node-title">
  <form class="dialog-body edit-form" id="add-node-form" novalidate>
    <h2 id="add-node-title">Add a node</h2>
    <div class="edit-field"><label for="add-node-kind">Kind</label><select id="add-node-kind"><option>initiative</option><option>goal</option><option>capability</option><option>activity</option><option>application</option><option>element</option><option>person</option></select></div>
    <div class="edit-field"><label for="add-node-id">Id</label><input id="add-node-id" type="text" autocomplete="off" aria-describedby="add-node-id-error"><p class="field-error" id="add-node-id-error" role="alert"></p></div>
    <div class="edit-field"><label for="add-node-name">Name</label><input id="add-node-name" type="text" autocomplete="off"></div>
    <div class="dialog-actions">
      <button type="button" id="add-node-cancel">Cancel</button>
      <button type="submit" id="add-node-save" class="primary" disabled>Add</button>
    </div>
  </form>
</dialog>`;

/**
 * Builds the chrome into `root` (emptied first) and returns `$`, the lookup of its elements by id
 * (inside this root only: two dashboards on one page never see each other's elements).
 */
export function buildShell(root) {
  const template = root.ownerDocument.createElement("template");
  template.innerHTML = SHELL_HTML;
  root.replaceChildren(template.content.cloneNode(true));
  const cache = new Map();
  const $ = (id) => {
    let el = cache.get(id);
    if (!el || !el.isConnected) {
      el = root.querySelector(`#${CSS.escape(id)}`);
      if (el) cache.set(id, el);
    }
    return el;
  };
  for (const name of VIEW_NAMES) $(`view-${name}`).dataset.title = VIEW_TITLES[name];
  return $;
}
