// People: who keeps the IT running and changing (docs/lenses.md H3). The skills matrix (each supported
// node a row coloured by its urgency, each person a column, the proficiency in the cell), the key
// people (single points of failure of some goal) and the truck factor.

import { h, clear, onActivate } from "../../lib/dom.js";
import { lensEmpty, lensLifecycle } from "../../lib/lens.js";
import "../../lib/lens.css";
import "./people.css";

export const title = "People";

/** Proficiencies, strongest first, with their points and the letter a cell shows. */
export const PROFICIENCIES = [
  { key: "teach", points: 4, letter: "T" },
  { key: "create", points: 3, letter: "C" },
  { key: "tweak", points: 2, letter: "W" },
  { key: "run", points: 1, letter: "R" },
];
const MAX_ROWS = 300;
const MAX_PEOPLE = 40;

/** The band of an urgency (1..9, 9 most urgent): "high" from 7, "medium" from 4, else "low". */
export function urgencyBand(u) {
  if (typeof u !== "number") return "none";
  return u >= 7 ? "high" : u >= 4 ? "medium" : "low";
}

/**
 * The matrix's rows and columns: supported nodes by urgency (most urgent first, then by name) and
 * people (key people first, then by the skill they bring, then by name), with the cells
 * `cell.get(node).get(person)` = proficiency.
 */
export function skillsMatrix(people, name) {
  const cell = new Map();
  const points = new Map();
  for (const [p, v, prof] of people.skills ?? []) {
    if (!cell.has(v)) cell.set(v, new Map());
    cell.get(v).set(p, prof);
    points.set(p, (points.get(p) ?? 0) + (PROFICIENCIES.find((x) => x.key === prof)?.points ?? 0));
  }
  const key = new Set(people.key_people ?? []);
  const rows = Object.entries(people.nodes ?? {})
    .map(([id, x]) => ({ id, ...x, name: name(id) }))
    .sort((a, b) => (b.urgency ?? 0) - (a.urgency ?? 0) || a.name.localeCompare(b.name));
  const cols = [...points.keys()]
    .map((id) => ({ id, name: name(id), key: key.has(id), points: points.get(id) }))
    .sort((a, b) => Number(b.key) - Number(a.key) || b.points - a.points || a.name.localeCompare(b.name));
  return { rows, cols, cell };
}

export function mount(root, app) {
  const intro = h("p", { class: "view-intro", text: "Who keeps each application and capability running and changing: a row per node people support, coloured by how urgent it is to spread its skills (nobody to teach and nobody to do the work is the most urgent), a column per person. Key people are those every path from people to some goal runs through." });
  const notice = h("div");
  const totals = h("dl", { id: "people-totals", class: "lens-totals" });
  const table = h("table", { class: "data people-matrix", id: "people-matrix" });
  const note = h("p", { class: "table-note", id: "people-note" });
  const body = h(
    "div",
    { class: "people-body" },
    totals,
    h("section", { class: "panel", "aria-label": "Skills matrix" }, h("h3", { text: "Skills matrix" }), legend(), h("div", { class: "table-wrap tall" }, table), note),
  );
  root.append(intro, notice, body);

  function drawTotals(people, m) {
    const f = app.format;
    clear(totals);
    const fig = (k, label, text, sub) => h("div", { dataset: { figure: k } }, h("dt", { text: label }), h("dd", { text }), sub ? h("dd", { class: "note", text: sub }) : null);
    const keys = people.key_people ?? [];
    const urgent = m.rows.filter((r) => urgencyBand(r.urgency) === "high").length;
    totals.append(
      fig("truck", "Truck factor", people.truck_factor == null ? "–" : f.count(people.truck_factor), `people who could leave before half of what people support has nobody`),
      fig("key", "Key people", f.count(keys.length), keys.length ? keys.map((id) => app.name(id)).join(", ") : "nobody is the only way to a goal"),
      fig("urgent", "Urgent to spread", f.count(urgent), `of ${f.count(m.rows.length)} supported nodes (urgency 7 to 9)`),
      fig("people", "People", f.count(m.cols.length), "supporting something"),
    );
  }

  function drawMatrix(m) {
    clear(table);
    const cols = m.cols.slice(0, MAX_PEOPLE);
    const rows = m.rows.slice(0, MAX_ROWS);
    table.append(
      h("caption", { class: "sr-only", text: "Skills matrix: a row per supported node with its urgency and skill points, a column per person with their proficiency (teach, create, tweak or run)." }),
      h(
        "thead",
        null,
        h(
          "tr",
          null,
          h("th", { scope: "col", text: "Supported node" }),
          h("th", { scope: "col", class: "num", text: "Urgency" }),
          h("th", { scope: "col", class: "num", text: "Skill points" }),
          cols.map((c) => h("th", { scope: "col", class: ["person", c.key && "key-person"], dataset: { person: c.id }, title: `${c.name}${c.key ? " (key person)" : ""}: ${c.points} skill points` }, c.name, c.key ? h("span", { class: "key-mark", text: " ★", "aria-label": "key person" }) : null)),
        ),
      ),
    );
    const tbody = h("tbody");
    for (const r of rows) {
      const band = urgencyBand(r.urgency);
      const who = m.cell.get(r.id) ?? new Map();
      const tr = h(
        "tr",
        { tabindex: "0", class: ["clickable", app.selected === r.id && "selected"], dataset: { id: r.id, urgency: r.urgency ?? "", band }, "aria-label": `${r.name}: urgency ${r.urgency}, ${r.teachers} who can teach, ${r.doers} who can do, ${r.novices} who can run` },
        h("th", { scope: "row", text: r.name }),
        h("td", { class: ["num", "urgency", `urgency-${band}`], dataset: { col: "urgency" }, text: String(r.urgency ?? "–") }),
        h("td", { class: "num", dataset: { col: "skill_points" }, text: String(r.skill_points ?? 0) }),
        cols.map((c) => {
          const prof = who.get(c.id);
          const p = PROFICIENCIES.find((x) => x.key === prof);
          return h("td", { class: ["skill", prof && `skill-${prof}`], dataset: { person: c.id, proficiency: prof ?? "" }, title: prof ? `${c.name}: ${prof}` : "" }, p ? h("abbr", { title: prof, text: p.letter }) : "");
        }),
      );
      onActivate(tr, () => app.select(r.id));
      tbody.appendChild(tr);
    }
    table.appendChild(tbody);
    const cut = [m.rows.length > MAX_ROWS && `the ${MAX_ROWS} most urgent of ${app.format.count(m.rows.length)} nodes`, m.cols.length > MAX_PEOPLE && `${MAX_PEOPLE} of ${app.format.count(m.cols.length)} people`].filter(Boolean);
    note.textContent = `${cut.length ? `Showing ${cut.join(" and ")}. ` : ""}Urgency from the number of people who can teach or create (teachers) and who can tweak (doers): 9 with neither, 1 with two or more of each (docs/lenses.md).`;
  }

  const life = lensLifecycle(root, app, {
    notice,
    body,
    id: "people-diagnostics",
    codes: /PROFICIENCY|PERSON|INVALID_VALUE/,
    draw(data) {
      const people = data.people;
      if (!people || !Object.keys(people.nodes ?? {}).length) {
        return lensEmpty("people-message", "Nobody is modelled as supporting an application or capability yet.", ["person nodes", "supports edges from a person with a proficiency (teach, create, tweak or run)"]);
      }
      const m = skillsMatrix(people, (id) => app.name(id));
      drawTotals(people, m);
      drawMatrix(m);
      return null;
    },
  });
  return { update: life.update, destroy: life.destroy };
}

function legend() {
  return h(
    "div",
    { class: "legend people-legend", "aria-hidden": "true" },
    h("span", { class: "legend-title", text: "Urgency" }),
    [["high", "7–9: nobody to teach or do"], ["medium", "4–6"], ["low", "1–3: spread"]].map(([b, t]) => h("span", { class: "legend-item" }, h("span", { class: ["swatch", `urgency-${b}`] }), t)),
    h("span", { class: "legend-title", text: "Cells" }),
    PROFICIENCIES.map((p) => h("span", { class: "legend-item", text: `${p.letter} ${p.key} (${p.points})` })),
  );
}
