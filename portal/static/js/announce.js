/* Status messages for screen readers (WCAG 4.1.3).
 *
 * A live region announces changes, not what a page loads with. So once the page has loaded:
 * - a message shown after a form was sent (the flash messages in .flash-area, role="status") is
 *   added to the region again, as visually hidden text, and a screen reader reads it out;
 * - an error summary (role="alert") gets the focus, so it is read out and the links to the
 *   fields with errors are next in the tab order.
 * Without JavaScript the messages are still the first thing in the main content.
 */
(function () {
  "use strict";
  var summary = document.querySelector(".error-summary[tabindex]");
  if (summary && !document.activeElement.closest("main form")) {
    summary.focus();
  }
  var region = document.querySelector(".flash-area");
  if (!region) {
    return;
  }
  var text = Array.prototype.map.call(region.querySelectorAll(".flash"), function (message) {
    return message.textContent.trim();
  }).join(" ");
  if (!text) {
    return;
  }
  window.setTimeout(function () {
    var spoken = document.createElement("span");
    spoken.className = "visually-hidden";
    spoken.textContent = text;
    region.appendChild(spoken);
  }, 500);
})();
