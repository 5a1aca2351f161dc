// Scenarios: placeholder until the view lands.

import { h } from "../dom.js";

export const title = "Scenarios";

export function render(root) {
  root.append(h("p", { class: "view-intro", text: "Scenarios" }));
  return {};
}
