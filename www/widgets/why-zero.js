// "Why is this zero?": one goal's or initiative's gap from the engine (Engine.gaps(), or explain's
// why_zero; docs/scoring.md, section 10) as what a person reads: the reason, the nearest route with
// the steps that carry no score marked, and the one change that would connect it. Also the
// overview's grouped list of every gap. No engine calls here: the caller passes the data.

import { h, nodeLink } from "../lib/dom.js";

/** Headings of the causes, in the order the overview lists them. */
export const CAUSES = {
  unscored_route: "A route exists, but part of it carries no score",
  only_inactive: "Reached only by initiatives outside the active portfolio",
  zero_weight_goals: "Reaches only goals of weight 0",
  no_route: "Cut off from the strategy",
  isolated: "No relationship at all",
  no_goals: "The model has no goal",
  no_initiatives: "The model has no active initiative",
};

/** The route as a list: one item per step, "A → B via Association (kept, not scored)". */
export function routeList(app, route) {
  return h(
    "ol",
    { class: "why-zero-route" },
    route.map((step) => {
      const [a, b] = step.along ? [step.from, step.to] : [step.to, step.from];
      const via = step.archimate_type && step.archimate_type !== step.via ? `${step.archimate_type} (${step.via})` : step.via;
      return h(
        "li",
        { class: ["why-zero-step", !step.scored && "blocked"], dataset: { via: step.via, scored: String(step.scored) } },
        nodeLink(app, a),
        h("span", { class: "why-zero-arrow", text: ` ${via} → ` }),
        nodeLink(app, b),
        step.scored ? null : h("span", { class: "flag flag-warn", text: step.blocked ?? "no score" }),
      );
    }),
  );
}

/** One gap: reason, route, what carries no score, the change. */
export function gapBlock(app, gap, { heading = null } = {}) {
  const kept = Object.entries(gap.kept_not_scored ?? {});
  return h(
    "div",
    { class: "why-zero", dataset: { gap: gap.id, cause: gap.cause } },
    heading ? h("p", { class: "why-zero-name" }, nodeLink(app, gap.id, gap.name)) : null,
    h("p", { class: "why-zero-reason", text: gap.reason }),
    gap.route?.length ? routeList(app, gap.route) : null,
    kept.length
      ? h("p", { class: "why-zero-kept muted", text: `Carries no score on the way: ${kept.map(([t, n]) => `${t}${n > 1 ? ` × ${n}` : ""}`).join(", ")}.` })
      : null,
    !gap.route?.length && gap.near?.length
      ? h("p", { class: "why-zero-near muted" }, "Nearest: ", gap.near.flatMap((id, i) => [i ? ", " : null, nodeLink(app, id)]))
      : null,
    gap.change ? h("p", { class: "why-zero-change" }, h("strong", { text: "One change: " }), gap.change) : null,
  );
}

/** How many gaps of each cause are listed before "and N more". */
export const LIST_LIMIT = 25;

/** Every gap, grouped by cause (goals first, then initiatives, within a cause). */
export function gapList(app, gaps) {
  const all = [...(gaps.goals ?? []), ...(gaps.initiatives ?? [])];
  const f = app.format;
  const groups = Object.keys(CAUSES)
    .map((cause) => ({ cause, items: all.filter((g) => g.cause === cause) }))
    .filter((g) => g.items.length);
  return h(
    "div",
    { class: "why-zero-groups" },
    groups.map(({ cause, items }) =>
      h(
        "section",
        { class: "why-zero-group", dataset: { cause } },
        h("h4", { text: `${CAUSES[cause]} (${f.count(items.length)})` }),
        h(
          "ul",
          { class: "why-zero-list" },
          items.slice(0, LIST_LIMIT).map((g) => h("li", null, gapBlock(app, g, { heading: true }))),
          items.length > LIST_LIMIT ? h("li", { class: "muted", text: `and ${f.count(items.length - LIST_LIMIT)} more` }) : null,
        ),
      ),
    ),
  );
}
