/* Survey answering, progressive enhancement: follow-up questions appear when they apply, and
 * a map lets the resident tap a point. Without this script every question is shown (with a
 * note saying when to answer it) and the place is chosen from a list or described in words. */
(function () {
  "use strict";

  function followUps() {
    var dependants = document.querySelectorAll("[data-show-if-name]");
    dependants.forEach(function (block) {
      var name = block.getAttribute("data-show-if-name");
      var wanted = block.getAttribute("data-show-if-value");
      var inputs = document.querySelectorAll('input[name="' + name + '"]');
      function update() {
        var chosen = document.querySelector('input[name="' + name + '"]:checked');
        var show = (chosen && chosen.value === wanted) || block.classList.contains("has-error");
        block.hidden = !show;
      }
      inputs.forEach(function (input) { input.addEventListener("change", update); });
      var hint = block.querySelector(".condition-hint");
      if (hint) { hint.hidden = true; }
      update();
    });
  }

  function pointMaps() {
    document.querySelectorAll(".dialog-point-map").forEach(function (box) {
      var map = window[box.getAttribute("data-map")];
      if (!map || typeof L === "undefined") { return; }
      var lon = document.getElementById(box.getAttribute("data-lon"));
      var lat = document.getElementById(box.getAttribute("data-lat"));
      var status = box.querySelector(".point-status");
      var marker = null;
      box.hidden = false;
      map.invalidateSize();
      var bounds = box.getAttribute("data-bounds");
      if (bounds) { map.fitBounds(JSON.parse(bounds)); }

      function show(latlng, move) {
        if (marker) { marker.setLatLng(latlng); } else { marker = L.marker(latlng).addTo(map); }
        lat.value = latlng.lat.toFixed(6);
        lon.value = latlng.lng.toFixed(6);
        status.textContent = status.getAttribute("data-set");
        if (move) { map.panTo(latlng); }
      }
      function clear() {
        if (marker) { map.removeLayer(marker); marker = null; }
        lat.value = "";
        lon.value = "";
        status.textContent = status.getAttribute("data-none");
      }
      if (lat.value && lon.value) {
        show(L.latLng(parseFloat(lat.value), parseFloat(lon.value)), true);
      }
      map.on("click", function (event) { show(event.latlng, false); });
      box.querySelector('[data-action="center"]').addEventListener("click", function () {
        show(map.getCenter(), false);
      });
      box.querySelector('[data-action="clear"]').addEventListener("click", clear);
      var locate = box.querySelector('[data-action="locate"]');
      if (navigator.geolocation) {
        locate.hidden = false;
        locate.addEventListener("click", function () {
          navigator.geolocation.getCurrentPosition(function (position) {
            show(L.latLng(position.coords.latitude, position.coords.longitude), true);
          });
        });
      }
    });
  }

  followUps();
  pointMaps();
}());
