// The proposal review page's keys: one each for the decisions the buttons make (the page works without it).
(function () {
  "use strict";
  var form = document.getElementById("review-form");
  if (!form) return;

  function typing(target) {
    return target.closest("textarea, input:not([type=checkbox]), select") !== null;
  }

  function decide(value) {
    var button = form.querySelector('button[name="decision"][value="' + value + '"]');
    if (button) button.click();
  }

  document.addEventListener("keydown", function (event) {
    var text = form.querySelector("textarea");
    if (event.target === text && event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      decide("edit");
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    var key = event.key.toLowerCase();
    if (key === "a") {
      var tool = document.getElementById("open-tool");
      if (tool) tool.click(); else decide("accept");
    } else if (key === "r") {
      decide("reject");
    } else if (key === "e" && text) {
      event.preventDefault();
      text.focus();
    } else if (key === "n") {
      document.getElementById("next-proposal").click();
    } else if (/^[1-9]$/.test(key)) {
      var box = document.getElementById("hunk-" + (Number(key) - 1));
      if (box) box.checked = !box.checked;
    } else {
      return;
    }
    event.preventDefault();
  });
})();
