// Simulation: placeholder until the view lands.

import { h } from "../dom.js";

export const title = "Simulation";

export function render(root) {
  root.append(h("p", { class: "view-intro", text: "Simulation" }));
  return {};
}
