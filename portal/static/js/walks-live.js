/* Leader's live view: ask for the walk's pins every few seconds and redraw the map and the
   list (the list is the accessible alternative; new pins are announced politely). */
(function () {
  "use strict";
  var box = document.getElementById("live");
  if (!box || !window.fetch) return;
  var d = box.dataset;
  var map = typeof L !== "undefined" ? window[d.map] : null;
  var list = document.getElementById("live-list");
  var summary = document.getElementById("live-summary");
  var announce = document.getElementById("live-announce");
  var layer = map ? L.featureGroup().addTo(map) : null;
  var known = {};
  var first = true;
  var fitted = false;
  Array.prototype.forEach.call(list.querySelectorAll("li[data-id]"), function (li) { known[li.dataset.id] = true; });

  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function item(p) {
    return '<li data-id="' + p.id + '"><span class="cat-glyph" aria-hidden="true" style="--cat:' + esc(p.colour) + '">' +
      esc(p.icon) + "</span> <strong>" + esc(p.category) + "</strong> – " + esc(p.who) + ', <time datetime="' +
      esc(p.time) + '">' + esc(p.clock) + "</time>" +
      (p.description ? "<br>" + esc(p.description) : "") +
      (!p.positioned ? '<br><span class="small">' + esc(d.noMap) + (p.location_text ? ": " + esc(p.location_text) : "") + "</span>" : "") +
      (p.photo ? '<br><a href="' + esc(p.photo) + '">' + esc(d.photo) + "</a>" : "") + "</li>";
  }

  function draw(data) {
    var fresh = data.pins.filter(function (p) { return !known[p.id]; });
    list.innerHTML = data.pins.map(item).join("");
    var empty = document.getElementById("live-empty");
    if (empty && data.pins.length) empty.remove();
    summary.textContent = d.count.replace("{n}", data.count).replace("{p}", data.participants);
    if (layer) {
      layer.clearLayers();
      data.pins.forEach(function (p) {
        if (!p.positioned) return;
        var icon = L.divIcon({
          className: "",
          html: '<span class="place-pin' + (known[p.id] || first ? "" : " pin-new") + '" style="--cat:' + esc(p.colour) +
            '" aria-hidden="true">' + esc(p.icon) + "</span>",
          iconSize: [32, 32], iconAnchor: [16, 16]
        });
        L.marker([p.lat, p.lon], { icon: icon, title: p.category + " – " + p.who })
          .bindPopup("<p><strong>" + esc(p.category) + "</strong><br>" + esc(p.who) + "</p>" +
            (p.description ? "<p>" + esc(p.description) + "</p>" : ""))
          .addTo(layer);
      });
      if (!fitted && layer.getLayers().length) {
        map.fitBounds(layer.getBounds().pad(0.3), { maxZoom: 17 });
        fitted = true;
      }
    }
    if (!first && fresh.length) {
      announce.textContent = fresh.length === 1 ? d.oneNew : d["new"].replace("{n}", fresh.length);
    }
    fresh.forEach(function (p) { known[p.id] = true; });
    first = false;
  }

  function poll() {
    fetch(d.url, { credentials: "same-origin", headers: { Accept: "application/json" }, cache: "no-store" })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(draw)
      .catch(function () { summary.textContent = d.offline; });
  }
  var refresh = box.querySelector(".no-js-refresh");
  if (refresh) refresh.remove();
  poll();
  setInterval(poll, Math.max(3, +d.poll || 10) * 1000);
})();
