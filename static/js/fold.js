// What a list page folds on a phone, each a <details class="fold"> (list_base.html: the filters, the charts). On a
// wide screen the stylesheet shows their content through ::details-content; a browser without that pseudo-element
// gets them opened here instead, and again whenever the window grows wide. Without script and without the
// pseudo-element they are one tap away, as on a phone.
(function () {
  "use strict";
  if (window.CSS && CSS.supports && CSS.supports("selector(::details-content)")) {
    return;
  }
  var folds = document.querySelectorAll("details.fold");
  if (!folds.length || !window.matchMedia) {
    return;
  }
  var wide = window.matchMedia("(min-width: 52.0625rem)");
  function follow() {
    if (wide.matches) {
      folds.forEach(function (fold) {
        fold.open = true;
      });
    }
  }
  follow();
  wide.addEventListener("change", follow);
})();
