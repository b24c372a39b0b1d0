// The service worker. It caches only the offline check-in page and its scripts, never the app's
// HTML, wasm or styles: those always come from the network (the bundle's hashed names are
// cached by the browser's HTTP cache), so an installed app is never stale. When a check-in link
// (the QR code on the training screen) cannot be loaded for want of network, the offline page
// keeps the scan on the phone and sends it when the network is back.
'use strict';
var CACHE = 'shixun-offline-v1';
var OFFLINE = ['/offline.html', '/offline.js', '/pwa.js', '/icons/icon.svg'];

self.addEventListener('install', function (event) {
  event.waitUntil(caches.open(CACHE).then(function (c) { return c.addAll(OFFLINE); }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener('activate', function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k !== CACHE; }).map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener('fetch', function (event) {
  var req = event.request;
  if (req.method !== 'GET') return;
  var url = new URL(req.url);
  if (url.origin !== location.origin) return;
  if (req.mode === 'navigate' && url.pathname === '/checkin') {
    event.respondWith(fetch(req).catch(function () { return caches.match('/offline.html'); }));
    return;
  }
  if (OFFLINE.indexOf(url.pathname) >= 0) {
    // The offline page's own files: the network when there is one, else the copy kept.
    event.respondWith(fetch(req).catch(function () { return caches.match(url.pathname); }));
  }
});
