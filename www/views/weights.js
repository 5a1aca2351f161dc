// Goal weights: placeholder until the view lands.

import { h } from "../dom.js";

export const title = "Goal weights";

export function render(root) {
  root.append(h("p", { class: "view-intro", text: "Goal weights" }));
  return {};
}
