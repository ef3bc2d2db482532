// callcoach pages: evidence links highlight their transcript line; uploads show progress.
// Plain script, no libraries, nothing fetched but this server's own status endpoint.
(function () {
  "use strict";

  function flash(id) {
    var line = id && document.getElementById(id);
    if (!line || !line.classList.contains("utt")) return false;
    document.querySelectorAll(".utt.flash").forEach(function (el) { el.classList.remove("flash"); });
    line.classList.add("flash");
    line.setAttribute("tabindex", "-1");
    line.focus({ preventScroll: true });
    return true;
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest('a[href^="#"]');
    if (!link) return;
    var id = decodeURIComponent(link.getAttribute("href").slice(1));
    if (flash(id)) {
      event.preventDefault();
      history.replaceState(null, "", "#" + encodeURIComponent(id));
      document.getElementById(id).scrollIntoView({ block: "center" });
    }
  });
  // Forms that destroy something ask first (no inline handlers: the CSP allows none).
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) event.preventDefault();
    });
  });

  // SVG timeline stretches are <a href="#u0042"> inside the chart: the handler above takes them.
  if (location.hash) flash(decodeURIComponent(location.hash.slice(1)));

  var job = document.getElementById("upload-job");
  if (!job) return;
  var url = job.getAttribute("data-poll");
  var bar = document.getElementById("upload-progress");
  var statusLine = document.getElementById("upload-status");
  var errorLine = document.getElementById("upload-error");
  var done = document.getElementById("upload-done");
  var link = document.getElementById("upload-call-link");
  var delay = 700;

  // The API's upload status: {status, stage, progress (0–1), error, call_id}.
  function message(state) {
    if (state.status === "queued") return "Waiting for the analysis to start…";
    if (state.status === "running") return state.stage ? "Analysing: " + state.stage + "…" : "Analysing…";
    if (state.status === "done") return "Analysed and stored.";
    return "The analysis failed.";
  }

  function show(state) {
    job.setAttribute("data-state", state.status);
    bar.value = state.status === "done" ? 100 : Math.round(100 * (state.progress || 0));
    statusLine.textContent = message(state);
    if (state.status === "failed" && state.error) {
      errorLine.textContent = state.error;
      errorLine.hidden = false;
    }
    if (state.status === "done" && state.call_id) {
      link.href = job.getAttribute("data-call-base") + encodeURIComponent(state.call_id);
      done.hidden = false;
    }
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error("status " + response.status);
        return response.json();
      })
      .then(function (state) {
        show(state);
        if (state.status === "done" || state.status === "failed") return;
        delay = Math.min(delay * 1.3, 3000);
        setTimeout(poll, delay);
      })
      .catch(function (error) {
        statusLine.textContent = "Could not get the progress (" + error.message + "); retrying…";
        setTimeout(poll, 3000);
      });
  }
  var state = job.getAttribute("data-state");
  if (state !== "done" && state !== "failed") poll();
})();
