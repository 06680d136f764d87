// Service worker for the form pages (scope /forms/), registered by form.js on the survey and
// registration pages. It keeps those pages, their stylesheet and form.js, so that outreach
// staff can open and fill them without a connection; form.js queues what is submitted
// offline. Network first: while online every page is fresh (with a fresh time token) and the
// copy is updated; the copy is used only when the network fails or takes too long.
var CACHE = "lingong-forms-v1";
var PAGES = ["/forms/survey/", "/forms/register/", "/form.js"];
var WAIT_MS = 6000;

function assetsOf(html) {
  var out = [];
  var re = /(?:href|src)="(\/(?:style\.css|form\.js)[^"]*)"/g;
  var m;
  while ((m = re.exec(html))) out.push(m[1].replace(/&amp;/g, "&"));
  return out;
}

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(CACHE).then(function (cache) {
      return Promise.all(
        PAGES.map(function (url) {
          return fetch(url, { credentials: "same-origin" }).then(function (res) {
            if (!res.ok) return null;
            var copy = res.clone();
            return cache.put(url, copy).then(function () {
              if (!/\/$/.test(url)) return null;
              return res.text().then(function (html) { return cache.addAll(assetsOf(html)); });
            });
          });
        })
      );
    }).then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (keys) {
      return Promise.all(keys.filter(function (k) { return k !== CACHE; }).map(function (k) { return caches["delete"](k); }));
    }).then(function () { return self.clients.claim(); })
  );
});

// Same-origin GETs only; form posts go to the network (form.js queues them when it fails).
function cacheable(request) {
  if (request.method !== "GET") return false;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return false;
  return url.pathname.indexOf("/forms/") === 0 || /^\/(style\.css|form\.js)$/.test(url.pathname);
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (!cacheable(request)) return;
  event.respondWith(
    caches.open(CACHE).then(function (cache) {
      var network = fetch(request).then(function (res) {
        if (res.ok) cache.put(request, res.clone());
        return res;
      });
      var fallback = function () {
        return cache.match(request, { ignoreSearch: request.mode === "navigate" }).then(function (hit) {
          return hit || network;
        });
      };
      var timer = new Promise(function (resolve) { setTimeout(resolve, WAIT_MS); }).then(function () {
        return cache.match(request).then(function (hit) { return hit || network; });
      });
      return Promise.race([network["catch"](fallback), timer]);
    })
  );
});
