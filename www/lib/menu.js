// A menu button (WAI-ARIA menu button pattern): the button toggles a popup of role=menu; ↓/↑, Home/End
// move between the enabled items, Enter/Space (a click) runs one and closes the menu, Esc closes it and
// returns focus to the button, Tab or a click outside closes it.

export function wireMenu(button, menu) {
  const items = () => [...menu.querySelectorAll('[role="menuitem"]')].filter((b) => !b.disabled);
  const isOpen = () => !menu.hidden;

  function open(focusLast = false) {
    menu.hidden = false;
    button.setAttribute("aria-expanded", "true");
    const list = items();
    (focusLast ? list[list.length - 1] : list[0])?.focus();
  }

  function close({ focusButton = false } = {}) {
    if (!isOpen()) return;
    menu.hidden = true;
    button.setAttribute("aria-expanded", "false");
    if (focusButton) button.focus();
  }

  button.addEventListener("click", () => (isOpen() ? close() : open()));
  button.addEventListener("keydown", (e) => {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      open(e.key === "ArrowUp");
    }
  });
  menu.addEventListener("keydown", (e) => {
    const list = items();
    const i = list.indexOf(menu.getRootNode().activeElement);
    let next = null;
    if (e.key === "ArrowDown") next = list[(i + 1) % list.length];
    else if (e.key === "ArrowUp") next = list[(i - 1 + list.length) % list.length];
    else if (e.key === "Home") next = list[0];
    else if (e.key === "End") next = list[list.length - 1];
    else if (e.key === "Escape") {
      e.preventDefault();
      close({ focusButton: true });
      return;
    } else if (e.key === "Tab") {
      close();
      return;
    }
    if (next) {
      e.preventDefault();
      next.focus();
    }
  });
  // An item's own click handler runs first; then the menu closes (focus back on the button).
  menu.addEventListener("click", (e) => {
    if (e.target.closest('[role="menuitem"]:not(:disabled)')) close({ focusButton: true });
  });
  // A press anywhere else closes it; the composed path sees through shadow roots (a dashboard inside
  // an element), where the document only sees the element as the target.
  const doc = menu.ownerDocument;
  const outside = (e) => {
    const path = e.composedPath?.() ?? [e.target];
    if (isOpen() && !path.includes(menu) && !path.includes(button)) close();
  };
  doc.addEventListener("pointerdown", outside);
  return { open, close, isOpen, destroy: () => doc.removeEventListener("pointerdown", outside) };
}
