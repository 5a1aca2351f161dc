// Budget: placeholder until the view lands.

import { h } from "../dom.js";

export const title = "Budget";

export function render(root) {
  root.append(h("p", { class: "view-intro", text: "Budget" }));
  return {};
}
