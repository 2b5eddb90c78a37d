/* Staff: click the map to fill in the latitude and longitude fields of the position form. */
(function () {
  "use strict";
  var box = document.getElementById("position-map");
  if (!box || typeof L === "undefined" || !window[box.dataset.map]) return;
  var map = window[box.dataset.map];
  var lat = document.getElementById("lat");
  var lon = document.getElementById("lon");
  var marker = null;
  map.on("click", function (e) {
    lat.value = e.latlng.lat.toFixed(6);
    lon.value = e.latlng.lng.toFixed(6);
    if (marker) marker.setLatLng(e.latlng);
    else marker = L.marker(e.latlng, { keyboard: false, interactive: false }).addTo(map);
  });
})();
