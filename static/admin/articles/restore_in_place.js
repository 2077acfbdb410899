// 恢复为来源文本 in place: the field takes the file's text again and the rest of the form stays as typed;
// saving the form drops the correction. A field of rows (bylines, captions, districts) has no text to
// put back here: its button posts the form, and the server keeps what was typed.
"use strict";

document.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-source-text]");
  const field = button && document.getElementById(`id_${button.value}`);
  if (!field) {
    return;
  }
  event.preventDefault();
  field.value = button.dataset.sourceText;
  field.dispatchEvent(new Event("change", { bubbles: true }));
  button.parentElement.querySelector(".restore-note").textContent = "已换成来源文本，点“保存”后生效。";
});
