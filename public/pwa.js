// The teacher's space as an installed app: registers the service worker (sw.js), and keeps
// check-ins scanned without network in IndexedDB until they can be sent (`shixunQueue`, used by
// the check-in page's wasm and by the offline page). Plain script, no build step.
(function () {
  'use strict';
  var DB = 'shixun', STORE = 'checkins';

  function open() {
    return new Promise(function (resolve, reject) {
      var req = indexedDB.open(DB, 1);
      req.onupgradeneeded = function () { req.result.createObjectStore(STORE, { keyPath: 'client_id' }); };
      req.onsuccess = function () { resolve(req.result); };
      req.onerror = function () { reject(req.error); };
    });
  }

  function run(mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode);
        var out = work(tx.objectStore(STORE));
        tx.oncomplete = function () { db.close(); resolve(out && 'result' in out ? out.result : undefined); };
        tx.onerror = function () { db.close(); reject(tx.error); };
      });
    });
  }

  function id() {
    if (self.crypto && crypto.randomUUID) return crypto.randomUUID();
    return Date.now().toString(36) + Math.random().toString(36).slice(2);
  }

  self.shixunQueue = {
    // Queues one check-in: { session_id (or null), code, scanned_at (Unix seconds) }.
    add: function (json) {
      var item = JSON.parse(json);
      item.client_id = item.client_id || id();
      return run('readwrite', function (s) { return s.put(item); }).then(function () { return item.client_id; });
    },
    // Every queued check-in, oldest scan first, as JSON.
    all: function () {
      return run('readonly', function (s) { return s.getAll(); }).then(function (items) {
        items = items || [];
        items.sort(function (a, b) { return a.scanned_at - b.scanned_at; });
        return JSON.stringify(items);
      });
    },
    remove: function (clientId) {
      return run('readwrite', function (s) { return s.delete(clientId); });
    }
  };

  if ('serviceWorker' in navigator && location.protocol !== 'file:') {
    window.addEventListener('load', function () {
      navigator.serviceWorker.register('/sw.js').catch(function () { /* the app works without it */ });
    });
  }
})();
