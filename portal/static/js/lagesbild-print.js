// Lägesbild print page: a "Skriv ut" button that opens the browser's print dialog.
(function () {
  "use strict";
  var button = document.getElementById("lb-print-button");
  if (!button) { return; }
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
}());
