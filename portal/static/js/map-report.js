/* Report page: tap the map or use your position to place the pin; ask "is it this one?";
   check the photo size before sending. Without this script the area path still works. */
(function () {
  "use strict";
  var box = document.getElementById("report-map");
  if (!box || typeof L === "undefined" || !window[box.dataset.map]) return;
  var map = window[box.dataset.map];
  var form = box.closest("form");
  var lon = form.querySelector("input[name=lon]");
  var lat = form.querySelector("input[name=lat]");
  var status = document.getElementById("map-status");
  var clearButton = document.getElementById("clear-point");
  var nearby = document.getElementById("nearby");
  var marker = null;
  box.hidden = false;
  map.invalidateSize();
  var bounds = JSON.parse(box.dataset.bounds || "null");
  if (bounds) map.fitBounds(bounds);
  fetch(box.dataset.areas, { credentials: "same-origin" })
    .then(function (r) { return r.json(); })
    .then(function (data) {
      L.geoJSON(data, { interactive: false, style: { color: "#14457a", weight: 2, fillOpacity: 0.03 } }).addTo(map);
    })
    .catch(function () { /* boundaries help, but the form works without them */ });

  function checkNearby() {
    var category = form.querySelector("input[name=category]:checked");
    if (!category || !lat.value || !lon.value) return;
    var url = box.dataset.nearby + "?lon=" + encodeURIComponent(lon.value) + "&lat=" +
      encodeURIComponent(lat.value) + "&category=" + encodeURIComponent(category.value);
    fetch(url, { credentials: "same-origin" })
      .then(function (r) { return r.status === 200 ? r.text() : ""; })
      .then(function (html) { nearby.innerHTML = html; })
      .catch(function () { /* the server asks again when the form is sent */ });
  }

  function place(latlng, zoom, quiet) {
    lat.value = latlng.lat.toFixed(6);
    lon.value = latlng.lng.toFixed(6);
    if (marker) marker.setLatLng(latlng);
    else marker = L.marker(latlng, { keyboard: false, interactive: false }).addTo(map);
    if (zoom) map.setView(latlng, Math.max(map.getZoom(), 16));
    status.textContent = box.dataset.picked;
    clearButton.hidden = false;
    if (!quiet) checkNearby();
  }

  map.on("click", function (e) { place(e.latlng); });
  document.getElementById("use-centre").addEventListener("click", function () {
    place(map.getCenter());
  });
  clearButton.addEventListener("click", function () {
    lat.value = lon.value = "";
    if (marker) { map.removeLayer(marker); marker = null; }
    nearby.innerHTML = "";
    status.textContent = box.dataset.none;
    clearButton.hidden = true;
  });
  document.getElementById("use-position").addEventListener("click", function () {
    if (!navigator.geolocation) { status.textContent = box.dataset.noPosition; return; }
    status.textContent = box.dataset.locating;
    navigator.geolocation.getCurrentPosition(
      function (p) { place(L.latLng(p.coords.latitude, p.coords.longitude), true); },
      function () { status.textContent = box.dataset.noPosition; },
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 }
    );
  });
  form.addEventListener("change", function (e) {
    if (e.target.name === "category") checkNearby();
  });
  if (lat.value && lon.value && isFinite(+lat.value) && isFinite(+lon.value)) {
    place(L.latLng(+lat.value, +lon.value), true, nearby.children.length > 0);
  }

  var photo = form.querySelector("input[type=file]");
  if (photo) {
    photo.addEventListener("change", function () {
      var old = document.getElementById("photo-size-error");
      if (old) old.remove();
      if (photo.files[0] && photo.files[0].size > +form.dataset.maxBytes) {
        photo.value = "";
        var p = document.createElement("p");
        p.id = "photo-size-error";
        p.className = "error-message";
        p.setAttribute("role", "alert");
        p.textContent = form.dataset.tooLarge;
        photo.insertAdjacentElement("beforebegin", p);
      }
    });
  }
})();
