/*
 * The committee's tablet reopening a form page with no connection: a service worker served
 * at /kitchens/entries-worker.js (screens/kitchen_submissions.py), so its scope is /kitchens/.
 * It answers only the four form pages (daily report, amendment, purchase, survey) and the
 * two files they load, network first: a page that loads is kept as it came, and only when
 * the network fails is the kept copy shown. Everything else (the kitchen's page, the
 * programme's screens, every POST) goes to the network untouched, so no other screen ever
 * shows an old copy. A kept page carries the session's CSRF token; entries.js gives each
 * entry a new id, so a page reopened twice from the cache makes two entries, not one.
 */
"use strict";
var CACHE = "kitchen-forms-v1";
var FORM_PAGE = /^\/kitchens\/[^/]+\/(daily-report|amendment|purchase|survey)$/;
var FILES = ["/static/console.css", "/static/entries.js"];

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return cache.addAll(FILES);
  }).then(function () {
    return self.skipWaiting();
  }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(self.clients.claim());
});

/* The amendment form is kept per day; the others without their notices (?done=, ?accepted=). */
function keyOf(url) {
  var day = url.pathname.endsWith("/amendment") ? url.searchParams.get("day") : null;
  return url.origin + url.pathname + (day ? "?day=" + encodeURIComponent(day) : "");
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method === "POST" && url.pathname === "/sign-out") {
    /* Signing out from a kitchen page leaves no copy of its forms on a shared tablet. */
    event.waitUntil(caches.delete(CACHE));
    return;
  }
  if (request.method !== "GET" || url.origin !== self.location.origin) {
    return;
  }
  var page = request.mode === "navigate" && FORM_PAGE.test(url.pathname);
  if (!page && FILES.indexOf(url.pathname) < 0) {
    return;
  }
  var key = page ? keyOf(url) : url.origin + url.pathname;
  event.respondWith(fetch(request).then(function (response) {
    if (response.ok && response.type === "basic" && !response.redirected) {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) { return cache.put(key, copy); });
    }
    return response;
  }).catch(function () {
    return caches.match(key).then(function (kept) { return kept || Response.error(); });
  }));
});
