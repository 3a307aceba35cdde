// "Copy" buttons for the citations of includes/cite.html. Without this script the text is still there to select;
// the buttons stay hidden where the clipboard cannot be written (no script, an insecure context).
(function () {
  "use strict";
  if (!navigator.clipboard || !window.isSecureContext) {
    return;
  }
  var status = document.querySelector("[data-copy-status]");
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var source = document.getElementById(button.getAttribute("data-copy"));
    if (!source) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(source.value).then(
        function () {
          if (status) status.textContent = status.getAttribute("data-copied");
        },
        function () {
          source.select();
          if (status) status.textContent = status.getAttribute("data-failed");
        }
      );
    });
  });
})();
