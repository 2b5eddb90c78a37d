/* Service worker for walk pages (scope /vandring/): the pin page, its scripts and styles and the
   map tiles already seen stay available without coverage. Pins are never sent from here: the
   page's own queue (walks-pin.js) keeps them until the server has each one. */
"use strict";

var CACHE = "vandring-v1";
var TILES = "vandring-kartbitar-v1";
var MAX_TILES = 600;
var PIN_PAGE = /^\/vandring\/[^/]+\/markera$/;

self.addEventListener("install", function () { self.skipWaiting(); });

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (n) { return n !== CACHE && n !== TILES; })
        .map(function (n) { return caches.delete(n); }));
    }).then(function () { return self.clients.claim(); })
  );
});

/* The page asks for itself and its assets to be kept (it was loaded before the worker ran). */
self.addEventListener("message", function (event) {
  var urls = event.data && event.data.keep;
  if (!Array.isArray(urls)) return;
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return Promise.all(urls.filter(function (u) {
      return new URL(u, self.location.href).origin === self.location.origin;
    }).map(function (u) {
      return fetch(u, { credentials: "same-origin" }).then(function (response) {
        if (response.ok) return cache.put(u, response);
        return null;
      }).catch(function () { return null; });
    }));
  }));
});

function trim(cache) {
  return cache.keys().then(function (keys) {
    if (keys.length <= MAX_TILES) return null;
    return Promise.all(keys.slice(0, keys.length - MAX_TILES).map(function (k) { return cache["delete"](k); }));
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  var own = url.origin === self.location.origin;

  if (own && request.mode === "navigate" && PIN_PAGE.test(url.pathname)) {
    /* Network first (fresh token and list), the kept copy when there is no coverage. */
    event.respondWith(
      fetch(request).then(function (response) {
        if (response.ok) {
          var copy = response.clone();
          caches.open(CACHE).then(function (cache) { cache.put(url.pathname, copy); });
        }
        return response;
      }).catch(function () {
        return caches.open(CACHE).then(function (cache) {
          return cache.match(url.pathname).then(function (hit) {
            return hit || cache.match(request.url) || Response.error();
          });
        });
      })
    );
    return;
  }

  if (own && (url.pathname.indexOf("/static/") === 0 || url.pathname.indexOf("/vendor/") === 0)) {
    /* Stale while revalidate: the kept copy at once, refreshed when the network answers. */
    event.respondWith(caches.open(CACHE).then(function (cache) {
      return cache.match(request).then(function (hit) {
        var fresh = fetch(request).then(function (response) {
          if (response.ok) cache.put(request, response.clone());
          return response;
        }).catch(function () { return hit || Response.error(); });
        return hit || fresh;
      });
    }));
    return;
  }

  if (!own && request.destination === "image") {
    /* Map tiles: the ones already seen are kept (cache first). */
    event.respondWith(caches.open(TILES).then(function (cache) {
      return cache.match(request).then(function (hit) {
        if (hit) return hit;
        return fetch(request).then(function (response) {
          if (response.ok || response.type === "opaque") {
            cache.put(request, response.clone()).then(function () { return trim(cache); });
          }
          return response;
        });
      });
    }));
  }
});
