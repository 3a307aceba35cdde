// The filters of a list page fold into a <details> on a phone (list_base.html). On a wide screen the stylesheet
// shows its content through ::details-content; a browser without that pseudo-element gets the <details> opened
// here instead, and again whenever the window grows wide. Without script and without the pseudo-element the
// filters are one tap away, as on a phone.
(function () {
  "use strict";
  if (window.CSS && CSS.supports && CSS.supports("selector(::details-content)")) {
    return;
  }
  var filters = document.getElementById("filters");
  if (!filters || !window.matchMedia) {
    return;
  }
  var wide = window.matchMedia("(min-width: 52.0625rem)");
  function follow() {
    if (wide.matches) {
      filters.open = true;
    }
  }
  follow();
  wide.addEventListener("change", follow);
})();
