// A view's filter box bound to the App's filter of that view (`app.filters[view]`, part of a deep
// link): typing sets it, and a change from elsewhere (the address, the back button) shows in the box.
// `onChange(text)` gets the filter, trimmed and lower-cased, whenever it changes.

import { h } from "../lib/dom.js";

export function filterInput(app, view, { id, placeholder, onChange }) {
  const input = h("input", {
    id,
    type: "search",
    placeholder,
    value: app.filters[view] ?? "",
    on: { input: () => app.setFilter(view, input.value) },
  });
  const destroy = app.on("filter", ({ view: name, text }) => {
    if (name !== view) return;
    if (input.value !== text) input.value = text;
    onChange(text.trim().toLowerCase());
  });
  return { input, text: () => (app.filters[view] ?? "").trim().toLowerCase(), destroy };
}
