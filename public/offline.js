// The offline check-in page (served by sw.js when /checkin cannot load): keeps the scan in the
// phone's queue with its time, shows 待上传 N 条, and goes to the check-in page to send the queue
// as soon as the network is back.
(function () {
  'use strict';
  var q = new URLSearchParams(location.search);
  var session = q.get('s');
  var status = document.getElementById('status');
  var pending = document.getElementById('pending');
  var form = document.getElementById('typed');

  function show() {
    return shixunQueue.all().then(function (json) {
      var n = JSON.parse(json).length;
      pending.hidden = n === 0;
      pending.textContent = '待上传 ' + n + ' 条';
    });
  }

  function keep(code) {
    var item = { session_id: session ? Number(session) : null, code: code, scanned_at: Math.floor(Date.now() / 1000) };
    return shixunQueue.add(JSON.stringify(item)).then(function () {
      status.textContent = '网络不可用，签到已保存在本机，网络恢复后自动上传。';
      return show();
    });
  }

  // Leaves for the check-in page (which sends the queue) once the server answers: the
  // browser's `online` can come before its network does, and the worker would then hand this
  // page back again.
  var leaving = false;
  function sync() {
    if (leaving || !navigator.onLine) return;
    fetch('/healthz', { cache: 'no-store' }).then(function (r) {
      if (r.ok && !leaving) { leaving = true; location.replace('/checkin?sync=1'); }
    }).catch(function () { /* still offline: the next try */ });
  }

  var code = (q.get('c') || '').replace(/\s/g, '');
  // Once per scan: a reload of this page must not queue the scan twice.
  var key = 'shixun-queued:' + location.search;
  if (/^\d{6}$/.test(code) && !sessionStorage.getItem(key)) {
    sessionStorage.setItem(key, '1');
    keep(code);
  } else {
    show();
    if (!code) {
      form.hidden = false;
      form.addEventListener('submit', function (ev) {
        ev.preventDefault();
        var typed = document.getElementById('code').value.replace(/\s/g, '');
        if (!/^\d{6}$/.test(typed)) { status.textContent = '请输入屏幕上的 6 位签到码'; return; }
        keep(typed).then(function () { form.hidden = true; });
      });
    }
  }
  window.addEventListener('online', sync);
  setInterval(sync, 3000);
})();
