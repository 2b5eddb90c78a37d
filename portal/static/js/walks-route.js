/* Walk form: draw the planned route by clicking the map (it is written into the GeoJSON field),
   or set the meeting point. The GeoJSON field, the file upload and the words remain the
   non-map way to give a route; latitude/longitude fields the non-map way to give the meeting point. */
(function () {
  "use strict";
  var box = document.getElementById("route-draw");
  if (!box || typeof L === "undefined" || !window[box.dataset.map]) return;
  var map = window[box.dataset.map];
  var d = box.dataset;
  var field = document.getElementById("route");
  var lat = document.getElementById("meeting_lat");
  var lon = document.getElementById("meeting_lon");
  var status = document.getElementById("route-status");
  var modeButtons = box.querySelectorAll("[data-mode]");
  var mode = "route";
  var points = [];
  var line = L.polyline([], { color: "#7a1fa2", weight: 4 }).addTo(map);
  var meeting = null;
  box.hidden = false;
  map.invalidateSize();
  var areaBounds = {};
  try { areaBounds = JSON.parse(d.areaBounds || "{}"); } catch (e) { areaBounds = {}; }
  var areaSelect = document.getElementById("area");
  function fitArea() {
    var b = areaSelect && areaBounds[areaSelect.value];
    if (b) map.fitBounds(b);
  }
  if (areaSelect) areaSelect.addEventListener("change", function () { if (points.length < 2) fitArea(); });
  fitArea();

  function load() {
    points = [];
    try {
      var g = JSON.parse(field.value || "null");
      if (g && g.type === "LineString") points = g.coordinates.map(function (c) { return [c[1], c[0]]; });
    } catch (e) { points = []; }
    line.setLatLngs(points);
    if (points.length > 1) map.fitBounds(line.getBounds().pad(0.2));
  }
  function save() {
    line.setLatLngs(points);
    field.value = points.length > 1 ? JSON.stringify({
      type: "LineString",
      coordinates: points.map(function (p) { return [+p[1].toFixed(6), +p[0].toFixed(6)]; })
    }) : "";
    status.textContent = d.points.replace("{n}", points.length);
  }
  function setMeeting(latlng) {
    lat.value = latlng.lat.toFixed(6);
    lon.value = latlng.lng.toFixed(6);
    if (meeting) meeting.setLatLng(latlng);
    else meeting = L.marker(latlng, { keyboard: false, interactive: false }).addTo(map);
  }
  function setMode(next) {
    mode = next;
    Array.prototype.forEach.call(modeButtons, function (b) {
      b.setAttribute("aria-pressed", b.dataset.mode === mode ? "true" : "false");
    });
    status.textContent = mode === "route" ? d.modeRoute : d.modeMeeting;
  }
  Array.prototype.forEach.call(modeButtons, function (b) {
    b.addEventListener("click", function () { setMode(b.dataset.mode); });
  });
  map.on("click", function (e) {
    if (mode === "meeting") { setMeeting(e.latlng); return; }
    points.push([e.latlng.lat, e.latlng.lng]);
    save();
  });
  document.getElementById("route-undo").addEventListener("click", function () { points.pop(); save(); });
  document.getElementById("route-clear").addEventListener("click", function () { points = []; save(); });
  field.addEventListener("change", load);
  if (lat.value && lon.value && isFinite(+lat.value) && isFinite(+lon.value)) setMeeting(L.latLng(+lat.value, +lon.value));
  load();
  setMode("route");
})();
