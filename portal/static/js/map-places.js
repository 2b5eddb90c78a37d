/* Public and staff maps: load places for the visible box from the GeoJSON API, cluster them,
   draw area boundaries; staff can switch to a grid of report counts. */
(function () {
  "use strict";
  var box = document.getElementById("places-map");
  if (!box || typeof L === "undefined" || !window[box.dataset.map]) return;
  var map = window[box.dataset.map];
  var d = box.dataset;
  var summary = document.getElementById("map-summary");
  var staff = d.staff === "1";
  var places = L.markerClusterGroup ? L.markerClusterGroup({ showCoverageOnHover: false }) : L.layerGroup();
  var bubbles = L.layerGroup().addTo(map);
  var grid = L.layerGroup().addTo(map);
  var mode = "places";
  var request = null;
  var timer = null;
  map.addLayer(places);

  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  function say(template, n) { summary.textContent = template.replace("{n}", n); }
  function clamp(v, lo, hi) { return Math.min(hi, Math.max(lo, v)); }
  function query(base) {
    var b = map.getBounds();
    var bbox = [clamp(b.getWest(), -180, 180), clamp(b.getSouth(), -90, 90),
      clamp(b.getEast(), -180, 180), clamp(b.getNorth(), -90, 90)];
    var grid = Math.max(4, Math.min(64, Math.round(map.getSize().x / 56)));
    return base + "?bbox=" + bbox.map(function (v) { return v.toFixed(5); }).join(",") +
      "&grid=" + grid + (d.query ? "&" + d.query : "");
  }

  function pin(f) {
    var p = f.properties;
    var hidden = staff && !p.published;
    var title = p.category_name + ", " + p.status_label + (hidden ? " (" + d.unpublished + ")" : "");
    var icon = L.divIcon({
      className: "",
      html: '<span class="place-pin' + (hidden ? " unpublished" : "") + '" style="--cat:' +
        esc(p.colour) + '" aria-hidden="true">' + esc(p.icon) + "</span>",
      iconSize: [32, 32],
      iconAnchor: [16, 16]
    });
    var marker = L.marker(L.GeoJSON.coordsToLatLng(f.geometry.coordinates), { icon: icon, title: title });
    marker.bindPopup("<p><strong>" + esc(p.category_name) + "</strong><br>" + esc(p.status_label) +
      '</p><p><a href="' + esc(p.url) + '">' + esc(d.open) + "</a></p>");
    return marker;
  }

  function bubble(f) {
    var n = f.properties.count;
    var latlng = L.GeoJSON.coordsToLatLng(f.geometry.coordinates);
    var marker = L.marker(latlng, {
      title: d.cluster.replace("{n}", n),
      icon: L.divIcon({ className: "", html: '<span class="grid-bubble" aria-hidden="true">' + n + "</span>", iconSize: [44, 44] })
    });
    marker.on("click", function () { map.setView(latlng, map.getZoom() + 2); });
    return marker;
  }

  function show(data) {
    places.clearLayers(); bubbles.clearLayers(); grid.clearLayers();
    if (mode === "grid") {
      var max = 1, total = 0;
      data.features.forEach(function (f) { max = Math.max(max, f.properties.count); total += f.properties.count; });
      L.geoJSON(data, {
        style: function (f) {
          return { color: "#7f1d1d", weight: 1, fillColor: "#b91c1c", fillOpacity: 0.15 + 0.65 * f.properties.count / max };
        },
        onEachFeature: function (f, layer) { layer.bindTooltip(String(f.properties.count)); }
      }).addTo(grid);
      say(d.cells, total);
    } else if (data.clustered) {
      data.features.forEach(function (f) { bubbles.addLayer(bubble(f)); });
      summary.textContent = d.grouped;
    } else {
      places.addLayers ? places.addLayers(data.features.map(pin)) : data.features.forEach(function (f) { places.addLayer(pin(f)); });
      say(d.loaded, data.features.length);
    }
  }

  function load() {
    if (request) request.abort();
    request = new AbortController();
    fetch(query(mode === "grid" ? d.grid : d.api), { credentials: "same-origin", signal: request.signal })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(show)
      .catch(function (e) { if (e.name !== "AbortError") summary.textContent = d.failed; });
  }

  map.on("moveend", function () { clearTimeout(timer); timer = setTimeout(load, 150); });
  document.querySelectorAll("input[name=mode]").forEach(function (input) {
    input.addEventListener("change", function () { mode = input.value; load(); });
  });
  fetch(d.areas, { credentials: "same-origin" })
    .then(function (r) { return r.json(); })
    .then(function (data) {
      L.geoJSON(data, { interactive: false, style: { color: "#14457a", weight: 2, fillOpacity: 0.03 } }).addTo(map);
    })
    .catch(function () { /* boundaries are a help, not a must */ });
  load();
})();
