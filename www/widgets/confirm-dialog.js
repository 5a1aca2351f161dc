// An in-page confirmation in the dashboard's own <dialog id="confirm-dialog"> (with #confirm-title,
// #confirm-message, #confirm-ok, #confirm-cancel): resolves true on OK, false on Cancel or Esc.

export function confirmDialog($, { title, message, ok = "Replace", cancel = "Keep my work" }) {
  const dialog = $("confirm-dialog");
  $("confirm-title").textContent = title;
  $("confirm-message").textContent = message;
  const okBtn = $("confirm-ok");
  const cancelBtn = $("confirm-cancel");
  okBtn.textContent = ok;
  cancelBtn.textContent = cancel;
  return new Promise((resolve) => {
    const done = (answer) => {
      okBtn.removeEventListener("click", onOk);
      cancelBtn.removeEventListener("click", onCancel);
      dialog.removeEventListener("cancel", onEsc);
      if (dialog.open) dialog.close?.();
      dialog.removeAttribute("open");
      resolve(answer);
    };
    const onOk = () => done(true);
    const onCancel = () => done(false);
    const onEsc = (e) => {
      e.preventDefault();
      done(false);
    };
    okBtn.addEventListener("click", onOk);
    cancelBtn.addEventListener("click", onCancel);
    dialog.addEventListener("cancel", onEsc);
    if (typeof dialog.showModal === "function") dialog.showModal();
    else dialog.setAttribute("open", "");
    cancelBtn.focus();
  });
}
