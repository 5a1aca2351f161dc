// Priorities: placeholder until the view lands.

import { h } from "../dom.js";

export const title = "Priorities";

export function render(root) {
  root.append(h("p", { class: "view-intro", text: "Priorities" }));
  return {};
}
