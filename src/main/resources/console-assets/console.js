// The console's one script: enhancements only; every page reads and works without it.
// A region marked data-refresh-seconds (the operations dashboard) is fetched again and replaced every so often,
// with a button to pause (WCAG 2.2.2). It stops by itself after the session's idle time with no key or pointer
// activity, so an unattended dashboard lets its session expire, and stops when the session has ended.
(function () {
  'use strict';
  var region = document.querySelector('[data-refresh-seconds]');
  if (!region || !window.fetch || !window.DOMParser) {
    return;
  }
  var seconds = parseInt(region.getAttribute('data-refresh-seconds'), 10) || 30;
  var idleMillis = (parseInt(region.getAttribute('data-idle-seconds'), 10) || 900) * 1000;
  var lastActive = Date.now();
  var paused = false;
  ['keydown', 'mousedown', 'touchstart', 'wheel'].forEach(function (name) {
    document.addEventListener(name, function () { lastActive = Date.now(); }, { passive: true });
  });

  var control = document.createElement('button');
  control.type = 'button';
  control.id = 'pause-updates';
  control.className = 'govuk-button govuk-button--secondary govuk-!-margin-bottom-2';
  var status = document.createElement('p');
  status.id = 'update-status';
  status.className = 'govuk-body-s';
  status.setAttribute('role', 'status');
  region.parentNode.insertBefore(control, region);
  region.parentNode.insertBefore(status, region);

  function show(message) {
    control.textContent = paused ? 'Resume updates' : 'Pause updates';
    status.textContent = message;
  }
  control.addEventListener('click', function () {
    paused = !paused;
    lastActive = Date.now();
    show(paused ? 'Updates paused.' : 'Updating every ' + seconds + ' seconds.');
  });
  show('Updating every ' + seconds + ' seconds.');

  window.setInterval(function () {
    if (paused) {
      return;
    }
    if (Date.now() - lastActive > idleMillis) {
      paused = true;
      show('Updates paused: no activity for a while. Resume to go on.');
      return;
    }
    window.fetch(window.location.href, { credentials: 'same-origin', redirect: 'follow' })
      .then(function (response) {
        if (response.redirected || !response.ok) {
          paused = true;
          show('Updates stopped: sign in again to go on.');
          return null;
        }
        return response.text();
      })
      .then(function (html) {
        if (!html) {
          return;
        }
        var fresh = new window.DOMParser().parseFromString(html, 'text/html').querySelector('[data-refresh-seconds]');
        if (fresh) {
          // What the person opened stays open across the update.
          var open = Array.prototype.map.call(region.querySelectorAll('details[id][open]'), function (d) { return d.id; });
          region.innerHTML = fresh.innerHTML;
          open.forEach(function (id) {
            var d = document.getElementById(id);
            if (d) {
              d.open = true;
            }
          });
        }
      })
      .catch(function () {
        show('The last update failed; trying again in ' + seconds + ' seconds.');
      });
  }, seconds * 1000);
}());

// Opened content (a review's opening) closes when its time is up: it is taken off the page and the page is loaded
// again, which then shows it closed. The hub refuses to show it after that time whatever the page does.
(function () {
  'use strict';
  var opened = document.querySelector('[data-closes-in-seconds]');
  if (!opened) {
    return;
  }
  var seconds = parseInt(opened.getAttribute('data-closes-in-seconds'), 10) || 1;
  window.setTimeout(function () {
    opened.parentNode.removeChild(opened);
    window.location.reload();
  }, seconds * 1000);
}());
