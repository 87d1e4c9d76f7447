// carelayer console: the only script. Polls the sync state while a sync runs, then reloads the page.
(function () {
  "use strict";
  var box = document.getElementById("sync-state");
  if (!box || box.getAttribute("data-running") !== "true") { return; }
  var url = box.getAttribute("data-url");
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (state) {
        if (state.running) {
          var seen = box.querySelector(".seen");
          if (seen) { seen.textContent = String(state.articles_seen); }
          window.setTimeout(poll, 1500);
        } else {
          window.location.reload();
        }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1500);
}());
