// The kiosk's idle sign-out: after data-idle seconds without a touch or a key, a warning counts down data-warning
// seconds; "continue" stays, zero signs out at /kiosk/logout. The server ends an idle session by itself as well, so
// this script is a courtesy, not the guard. Activity is reported to the server at most every 20 seconds. The settings
// are read from main#screen, not <body>: htmx swaps the body's content, never the body's own attributes.
(function () {
  'use strict';
  var idleTimer = null, countdownTimer = null, lastPing = 0;

  function settings() {
    var screen = document.getElementById('screen') || document.body;
    return {
      watch: screen.dataset.watch === 'on',
      idle: parseInt(screen.dataset.idle, 10) || 60,
      warning: parseInt(screen.dataset.warning, 10) || 15,
      csrf: screen.dataset.csrf || '',
      lang: screen.dataset.lang
    };
  }

  function logout() {
    window.location.replace('/kiosk/logout');
  }

  function warningBox() {
    return document.getElementById('idle-warning');
  }

  function hideWarning() {
    var box = warningBox();
    if (box) {
      box.hidden = true;
    }
    clearInterval(countdownTimer);
    countdownTimer = null;
  }

  function showWarning() {
    var s = settings(), box = warningBox(), left = s.warning;
    if (!box) {
      logout();
      return;
    }
    var counter = document.getElementById('idle-countdown');
    counter.textContent = String(left);
    box.hidden = false;
    document.getElementById('idle-continue').focus();
    countdownTimer = setInterval(function () {
      left -= 1;
      counter.textContent = String(Math.max(left, 0));
      if (left <= 0) {
        clearInterval(countdownTimer);
        logout();
      }
    }, 1000);
  }

  function ping() {
    var now = Date.now();
    if (now - lastPing < 20000) {
      return;
    }
    lastPing = now;
    fetch('/kiosk/alive', {method: 'POST', credentials: 'same-origin', cache: 'no-store',
      headers: {'X-CSRF-Token': settings().csrf}})
      .then(function (answer) {
        if (answer.status === 410) {
          logout();
        }
      })
      .catch(function () { /* the next touch tries again */ });
  }

  function restart() {
    clearTimeout(idleTimer);
    hideWarning();
    var s = settings();
    if (s.lang) {
      document.documentElement.lang = s.lang; // a swapped-in page in another language says so
    }
    if (s.watch) {
      idleTimer = setTimeout(showWarning, s.idle * 1000);
    }
  }

  function touched() {
    if (countdownTimer !== null) {
      return; // while the warning shows, only "continue" keeps the shopper here
    }
    restart();
    if (settings().watch) {
      ping();
    }
  }

  document.addEventListener('click', function (event) {
    if (event.target && event.target.id === 'idle-continue') {
      lastPing = 0;
      restart();
      ping();
    }
  });
  ['pointerdown', 'keydown', 'touchstart', 'wheel'].forEach(function (kind) {
    document.addEventListener(kind, touched, {passive: true, capture: true});
  });
  // A page htmx swapped in is a new screen: its settings apply from now.
  document.addEventListener('htmx:afterSettle', restart);
  // A page shown again from the back/forward cache is the browser's copy: ask the server instead.
  window.addEventListener('pageshow', function (event) {
    if (event.persisted) {
      window.location.reload();
    }
  });
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', restart);
  } else {
    restart();
  }
})();
