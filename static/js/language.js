// On the home page, a link to Pacta in the language the browser prefers, when that is not the page's. The link is in
// the page, hidden; without this script it stays hidden and the header's language links remain. The address always
// names the language shown: nothing redirects and nothing is remembered.
(function () {
  "use strict";
  var page = document.documentElement.lang;
  var suggestions = {};
  document.querySelectorAll("[data-language-suggestion]").forEach(function (suggestion) {
    suggestions[suggestion.getAttribute("data-language-suggestion")] = suggestion;
  });
  var preferred = navigator.languages || [navigator.language || ""];
  for (var i = 0; i < preferred.length; i++) {
    var code = preferred[i].slice(0, 2).toLowerCase();
    if (code === page) {
      return;
    }
    if (suggestions[code]) {
      suggestions[code].hidden = false;
      return;
    }
  }
})();
