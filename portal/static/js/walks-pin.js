/* Walk pin page: tap the map or use your position; every pin goes into a queue on the phone
   (IndexedDB, photos included) and is sent when there is coverage, retried until the server has
   it. Each pin carries its own idempotency key, so a retry or a double tap is stored once.
   Without this script the form posts as usual (and the area path works without the map). */
(function () {
  "use strict";
  var form = document.getElementById("pin-form");
  if (!form || !window.fetch || !window.FormData || !window.JSON) return;
  var d = form.dataset;
  var walkId = d.walk;
  var statusBox = document.getElementById("queue-status");
  var queuedList = document.getElementById("queued-pins");
  var RETRY_MS = 15000;

  /* --- the map ------------------------------------------------------------------------- */
  var box = document.getElementById("pin-map");
  var map = box && typeof L !== "undefined" ? window[box.dataset.map] : null;
  var lon = form.querySelector("input[name=lon]");
  var lat = form.querySelector("input[name=lat]");
  var marker = null;
  var mapStatus = document.getElementById("map-status");
  var clearButton = document.getElementById("clear-point");

  function placePin(latlng, zoom) {
    lat.value = latlng.lat.toFixed(6);
    lon.value = latlng.lng.toFixed(6);
    if (marker) marker.setLatLng(latlng);
    else marker = L.marker(latlng, { keyboard: false, interactive: false }).addTo(map);
    if (zoom) map.setView(latlng, Math.max(map.getZoom(), 17));
    mapStatus.textContent = box.dataset.picked;
    clearButton.hidden = false;
  }
  function clearPin() {
    lat.value = lon.value = "";
    if (marker) { map.removeLayer(marker); marker = null; }
    if (mapStatus) mapStatus.textContent = box.dataset.none;
    if (clearButton) clearButton.hidden = true;
  }
  if (map) {
    box.hidden = false;
    map.invalidateSize();
    try {
      var bounds = JSON.parse(box.dataset.bounds || "null");
      if (bounds) map.fitBounds(bounds);
    } catch (e) { /* keep the server's view */ }
    map.on("click", function (e) { placePin(e.latlng); });
    document.getElementById("use-centre").addEventListener("click", function () { placePin(map.getCenter()); });
    clearButton.addEventListener("click", clearPin);
    document.getElementById("use-position").addEventListener("click", function () {
      if (!navigator.geolocation) { mapStatus.textContent = box.dataset.noPosition; return; }
      mapStatus.textContent = box.dataset.locating;
      navigator.geolocation.getCurrentPosition(
        function (p) { placePin(L.latLng(p.coords.latitude, p.coords.longitude), true); },
        function () { mapStatus.textContent = box.dataset.noPosition; },
        { enableHighAccuracy: true, timeout: 15000, maximumAge: 30000 }
      );
    });
    if (lat.value && lon.value && isFinite(+lat.value) && isFinite(+lon.value)) {
      placePin(L.latLng(+lat.value, +lon.value), true);
    }
  }

  /* --- storage: IndexedDB, or localStorage without photos -------------------------------- */
  var store = (function () {
    var dbPromise = null;
    function idb() {
      if (!window.indexedDB) return Promise.reject(new Error("no indexedDB"));
      if (!dbPromise) {
        dbPromise = new Promise(function (resolve, reject) {
          var request = indexedDB.open("trygghetsportalen-vandring", 1);
          request.onupgradeneeded = function () {
            var db = request.result;
            if (!db.objectStoreNames.contains("pins")) db.createObjectStore("pins", { keyPath: "key" });
          };
          request.onsuccess = function () { resolve(request.result); };
          request.onerror = function () { reject(request.error); };
        });
      }
      return dbPromise;
    }
    function tx(mode, work) {
      return idb().then(function (db) {
        return new Promise(function (resolve, reject) {
          var t = db.transaction("pins", mode);
          var result = work(t.objectStore("pins"));
          t.oncomplete = function () { resolve(result && result.result !== undefined ? result.result : result); };
          t.onerror = function () { reject(t.error); };
        });
      });
    }
    var LS = "vandring-ko-" + walkId;
    function lsAll() { try { return JSON.parse(localStorage.getItem(LS) || "[]"); } catch (e) { return []; } }
    function lsSave(items) { try { localStorage.setItem(LS, JSON.stringify(items)); } catch (e) { /* full */ } }
    return {
      put: function (record) {
        return tx("readwrite", function (s) { s.put(record); }).catch(function () {
          var items = lsAll().filter(function (r) { return r.key !== record.key; });
          var copy = {}; for (var k in record) if (k !== "photo") copy[k] = record[k];
          items.push(copy); lsSave(items);
        });
      },
      all: function () {
        return tx("readonly", function (s) { return s.getAll(); }).then(function (items) {
          return (items || []).filter(function (r) { return r.walk === walkId; });
        }).catch(function () { return lsAll(); });
      },
      remove: function (key) {
        return tx("readwrite", function (s) { s["delete"](key); }).catch(function () {
          lsSave(lsAll().filter(function (r) { return r.key !== key; }));
        });
      }
    };
  })();

  var SENT = "vandring-skickade-" + walkId;
  function sentCount() { try { return +(localStorage.getItem(SENT) || 0); } catch (e) { return 0; } }
  function addSent() { try { localStorage.setItem(SENT, String(sentCount() + 1)); } catch (e) { /* ignore */ } }

  /* --- showing the queue ---------------------------------------------------------------- */
  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  function say(text) { statusBox.hidden = false; statusBox.textContent = text; }

  function render(message) {
    return store.all().then(function (items) {
      var waiting = items.filter(function (r) { return r.state !== "failed"; }).length;
      queuedList.innerHTML = items.map(function (r) {
        var text = r.state === "failed" ? d.failed.replace("{message}", r.message || "") : "";
        return '<li class="' + (r.state === "failed" ? "pin-failed" : "pin-queued") + '">' +
          "<strong>" + esc(r.label || "") + "</strong>" + (text ? "<br>" + esc(text) : "") +
          (r.state === "failed" ? ' <button type="button" class="button" data-remove="' + esc(r.key) + '">' +
            esc(d.remove || "Ta bort") + "</button>" : "") + "</li>";
      }).join("");
      queuedList.hidden = items.length === 0;
      var summary = waiting
        ? d.queued.replace("{queued}", waiting).replace("{sent}", sentCount())
        : d.allSent.replace("{sent}", sentCount());
      if (message || waiting || sentCount()) say((message ? message + " " : "") + summary);
      return items;
    });
  }
  queuedList.addEventListener("click", function (e) {
    var key = e.target.getAttribute && e.target.getAttribute("data-remove");
    if (key) store.remove(key).then(function () { render(); });
  });

  function showSent(record) {
    var list = document.getElementById("my-pins");
    if (!list) {
      list = document.createElement("ol");
      list.id = "my-pins";
      list.className = "pin-list";
      var empty = document.getElementById("no-pins");
      if (empty) empty.replaceWith(list); else queuedList.insertAdjacentElement("afterend", list);
    }
    var li = document.createElement("li");
    li.innerHTML = "<strong>" + esc(record.label || "") + "</strong>" +
      (record.fields.description ? "<br>" + esc(record.fields.description.slice(0, 100)) : "");
    list.appendChild(li);
  }

  /* --- sending -------------------------------------------------------------------------- */
  var flushing = false;
  var stopped = false;

  function freshToken() {
    return fetch(d.tokenUrl, { credentials: "same-origin", headers: { Accept: "application/json" }, cache: "no-store" })
      .then(function (r) {
        if (r.status === 403) { stopped = true; throw new Error("rejoin"); }
        if (!r.ok) throw new Error("token " + r.status);
        return r.json();
      })
      .then(function (data) { return data.csrf_token; });
  }

  function send(record, token) {
    var body = new FormData();
    Object.keys(record.fields).forEach(function (name) { body.append(name, record.fields[name]); });
    body.set("csrf_token", token);
    if (record.photo) body.append("photo", record.photo, record.photoName || "bild.jpg");
    return fetch(record.action, {
      method: "POST", body: body, credentials: "same-origin", headers: { Accept: "application/json" }
    }).then(function (r) {
      var json = (r.headers.get("Content-Type") || "").indexOf("application/json") === 0;
      return (json ? r.json() : Promise.resolve({})).then(function (data) {
        if (r.ok && data.ok) return "sent";
        if (r.status === 403 && data.rejoin) { stopped = true; return "stop"; }
        if (json && data.retry === false && r.status !== 429) {
          record.state = "failed";
          record.message = data.message || "";
          return store.put(record).then(function () { return "failed"; });
        }
        return "later";  /* 429, 5xx, an expired form (HTML 400): try again later */
      });
    });
  }

  function flush() {
    if (flushing || stopped) return Promise.resolve();
    flushing = true;
    var sentNow = 0;
    var failedNow = null;
    return store.all().then(function (items) {
      var queue = items.filter(function (r) { return r.state !== "failed"; });
      if (!queue.length) return null;
      return freshToken().then(function (token) {
        var chain = Promise.resolve(true);
        queue.forEach(function (record) {
          chain = chain.then(function (goOn) {
            if (!goOn) return false;
            return send(record, token).then(function (result) {
              if (result === "sent") {
                addSent();
                sentNow += 1;
                showSent(record);
                return store.remove(record.key).then(function () { return true; });
              }
              if (result === "failed") failedNow = d.failed.replace("{message}", record.message || "");
              return result === "failed";
            });
          });
        });
        return chain;
      });
    }).catch(function () { /* offline or the server is busy: the queue waits */ })
      .then(function () {
        flushing = false;
        if (stopped) {
          statusBox.hidden = false;
          statusBox.textContent = "";
          var link = document.createElement("a");
          link.href = d.joinUrl;
          link.textContent = d.rejoin;
          statusBox.appendChild(link);
          return null;
        }
        if (!sentNow && !failedNow) return null;  /* nothing changed: keep what the status says */
        return render(failedNow || d.saved);
      });
  }

  /* --- queueing a pin ------------------------------------------------------------------- */
  function newKey() {
    var bytes = new Uint8Array(16);
    (window.crypto || window.msCrypto).getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }
  var keyField = form.querySelector("input[name=client_key]");
  if (!keyField.value) keyField.value = newKey();

  function problem() {
    var category = form.querySelector("input[name=category]:checked");
    var area = form.querySelector("select[name=area]");
    if (!category) return { field: "category", text: d.needCategory };
    if (!(lat.value && lon.value) && !(area && area.value)) return { field: "pin-location", text: d.needPlace };
    return null;
  }

  var alertBox = document.createElement("p");
  alertBox.className = "error-message";
  alertBox.setAttribute("role", "alert");
  alertBox.hidden = true;
  form.insertBefore(alertBox, form.firstChild);

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var trouble = problem();
    if (trouble) {
      alertBox.hidden = false;
      alertBox.textContent = trouble.text;
      var target = document.getElementById(trouble.field);
      if (target) target.focus();
      return;
    }
    alertBox.hidden = true;
    var fields = {};
    new FormData(form).forEach(function (value, name) {
      if (typeof value === "string") fields[name] = value;
    });
    fields.pinned_at = new Date().toISOString();
    var checked = form.querySelector("input[name=category]:checked");
    var label = checked ? checked.closest("label").textContent.replace(/\s+/g, " ").trim() : "";
    var photoInput = form.querySelector("input[type=file]");
    var file = photoInput && photoInput.files && photoInput.files[0];
    var record = {
      key: fields.client_key, walk: walkId, action: form.action || location.href, fields: fields,
      label: label, photo: file || null, photoName: file ? file.name : null, state: "queued",
      made: fields.pinned_at
    };
    store.put(record).then(function () {
      form.reset();
      keyField.value = newKey();
      if (map) clearPin();
      return render(navigator.onLine === false ? d.savedOffline : d.sending);
    }).then(function () { return flush(); });
  });

  var photo = form.querySelector("input[type=file]");
  if (photo) {
    photo.addEventListener("change", function () {
      var old = document.getElementById("photo-size-error");
      if (old) old.remove();
      if (photo.files[0] && photo.files[0].size > +d.maxBytes) {
        photo.value = "";
        var p = document.createElement("p");
        p.id = "photo-size-error";
        p.className = "error-message";
        p.setAttribute("role", "alert");
        p.textContent = d.tooLarge;
        photo.insertAdjacentElement("beforebegin", p);
      }
    });
  }

  /* The service worker keeps this page, its assets and the tiles seen for use without coverage. */
  if ("serviceWorker" in navigator && d.swUrl) {
    navigator.serviceWorker.register(d.swUrl, { scope: d.swScope }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      var keep = [location.pathname];
      Array.prototype.forEach.call(document.querySelectorAll("script[src], link[rel=stylesheet]"), function (el) {
        keep.push(el.src || el.href);
      });
      if (registration.active) registration.active.postMessage({ keep: keep });
    }).catch(function () { /* no worker: the page still queues pins while it stays open */ });
  }

  window.addEventListener("online", function () { flush(); });
  document.addEventListener("visibilitychange", function () { if (!document.hidden) flush(); });
  setInterval(function () { if (navigator.onLine !== false) flush(); }, RETRY_MS);
  render().then(function () { return flush(); });
})();
