/* The simulator page: launches the package in a frame under a strict SCORM API (scorm-api.js),
   shows every call and the CMI values live, reloads after each rebuild keeping the learner's
   place, and shows the build's errors over the frame until they are fixed. */
(function () {
  "use strict";
  var $ = function (id) { return document.getElementById(id); };
  var frame = $("course-frame");
  var KEY = "coursepack-preview";
  // Every URL of the preview sits below a secret first segment (the page's own folder): fetch
  // relative URLs, and compare frame paths against this base.
  var BASE = location.pathname.replace(/[^\/]*$/, "");
  var saved = load();
  var server = { run: "", version: 0, ok: false, learner: {}, review: "", course: null };
  var lms = null, calls = 0, pending = false;

  function load() {
    try { return JSON.parse(sessionStorage.getItem(KEY)) || {}; } catch (e) { return {}; }
  }
  function store() {
    saved.data = saved.data || {};
    if (lms) saved.data[lms.version] = lms.live();
    try { sessionStorage.setItem(KEY, JSON.stringify(saved)); } catch (e) { /* private mode: keep in memory */ }
  }
  saved.version = saved.version || "1.2";
  saved.view = saved.view || "learner";
  saved.attempt = saved.attempt || 1;

  /* ---- launching -------------------------------------------------------------------------- */
  function install(data, entry) {
    var version = saved.version;
    lms = CoursepackLMS.create(version, { cmi: data, entry: entry, onCall: logCall });
    // Only the chosen version's API exists, as in an LMS that launches one kind of package.
    delete window.API; delete window.API_1484_11;
    window[version === "1.2" ? "API" : "API_1484_11"] = lms.api;
    $("api-name").textContent = version === "1.2" ? "SCORM 1.2 (API)" : "SCORM 2004 (API_1484_11)";
    $("suspend-meter").max = lms.limits.suspend;
    render();
  }

  function learnerUrl() {
    var launch = server.learner[saved.version];
    return launch ? launch.url : "about:blank";
  }

  function reviewUrl() {
    var location = lms && lms.value(saved.version === "1.2" ? "cmi.core.lesson_location" : "cmi.location");
    var known = server.course && server.course.pages.some(function (p) { return p.id === location; });
    return known ? "build/review/pages/" + encodeURIComponent(location) + ".html" : server.review;
  }

  function open(url, scroll) {
    frame.onload = function () {
      frame.onload = null;
      if (scroll) { try { frame.contentWindow.scrollTo(scroll[0], scroll[1]); } catch (e) { /* other origin */ } }
    };
    // The build number goes in the query, before any fragment (the player's page, #/page/<id>):
    // after the fragment it would make a mere same-document jump, not a reload of the new build.
    var cut = url.indexOf("#"), hash = cut < 0 ? "" : url.slice(cut), path = cut < 0 ? url : url.slice(0, cut);
    frame.src = path + (path.indexOf("?") < 0 ? "?" : "&") + "build=" + server.version + hash;
  }

  function launch(data, entry, keepPlace) {
    var place = keepPlace ? currentPlace() : null;
    install(data, entry);
    store();
    var url = saved.view === "review" ? reviewUrl() : learnerUrl();
    if (place && place.url) url = place.url;
    open(url, place && place.scroll);
  }

  /* Where the frame is now (same origin), to come back to it after a rebuild. */
  function currentPlace() {
    try {
      var w = frame.contentWindow, path = w.location.pathname;
      var review = path.indexOf(BASE + "build/review/") === 0;
      var learner = !review && path.indexOf(BASE + "build/") === 0;
      if (saved.view === "review" ? !review : !learner) return null;
      return { url: path + w.location.hash, scroll: [w.scrollX, w.scrollY] };
    } catch (e) { return null; }
  }

  function dataOf(version) { return ((saved.data || {})[version]) || {}; }
  function field(data, name12, name2004) { return data[saved.version === "1.2" ? name12 : name2004] || ""; }

  /* The next session's data and entry, by the rules of the version (what a real LMS does). */
  function nextSession(data) {
    var exit = field(data, "cmi.core.exit", "cmi.exit");
    var next = {};
    for (var k in data) if (!/(\.exit|session_time|\.entry)$/.test(k)) next[k] = data[k];
    if (exit === "suspend") return { data: next, entry: "resume" };
    if (saved.version === "1.2") return { data: next, entry: "" };
    note("cmi.exit was '" + exit + "', not 'suspend': a SCORM 2004 LMS starts a new attempt");
    saved.attempt += 1;
    return { data: {}, entry: "ab-initio" };
  }

  /* Unload the package first: it may finish (Terminate/LMSFinish) as its page goes away. */
  function unload(then) {
    frame.onload = function () { frame.onload = null; then(); };
    frame.src = "about:blank";
  }

  function closeAndResume() {
    unload(function () {
      var committed = lms ? lms.committed() : dataOf(saved.version);
      note("closed; relaunching with the committed data");
      var session = nextSession(committed);
      launch(session.data, session.entry, false);
    });
  }

  function newAttempt() {
    saved.attempt += 1;
    saved.data = {};
    unload(function () { launch({}, "ab-initio", false); });
  }

  /* ---- the panel -------------------------------------------------------------------------- */
  function logCall(call) {
    calls += 1;
    var item = document.createElement("li");
    var args = call.args.map(function (a) { a = String(a); return JSON.stringify(a.length > 80 ? a.slice(0, 80) + "…" : a); });
    item.textContent = call.note ? "— " + call.note : call.method + "(" + args.join(", ") + ") → " +
      JSON.stringify(String(call.result)) +
      (call.error !== "0" ? "  error " + call.error + (call.diagnostic ? ": " + call.diagnostic : "") : "");
    if (call.error !== "0") item.className = "error";
    $("calls").appendChild(item);
    if ($("calls").children.length > 2000) $("calls").removeChild($("calls").firstChild);
    item.scrollIntoView({ block: "nearest" });
    schedule();
  }

  function note(text) { logCall({ note: text, args: [], result: "", error: "0" }); }

  function schedule() {
    if (pending) return;
    pending = true;
    setTimeout(function () { pending = false; render(); store(); }, 30);
  }

  function render() {
    if (!lms) return;
    var v = lms.value, is12 = lms.version === "1.2";
    $("phase").textContent = "(" + ({ "new": "not initialized", running: "running", terminated: "terminated" })[lms.phase()] + ")";
    $("attempt").textContent = saved.attempt;
    $("cmi-status").textContent = is12 ? v("cmi.core.lesson_status")
      : "completion " + v("cmi.completion_status") + ", success " + v("cmi.success_status");
    var prefix = is12 ? "cmi.core.score." : "cmi.score.";
    var raw = v(prefix + "raw");
    $("cmi-score").textContent = raw === null || raw === "" ? "–" : raw + " (min " + (v(prefix + "min") || "–") +
      ", max " + (v(prefix + "max") || "–") + (is12 ? "" : ", scaled " + (v("cmi.score.scaled") || "–")) + ")";
    $("cmi-location").textContent = v(is12 ? "cmi.core.lesson_location" : "cmi.location") || "–";
    var suspend = v("cmi.suspend_data") || "", limit = lms.limits.suspend;
    $("cmi-suspend").textContent = suspend.length + " / " + limit + " characters";
    $("cmi-suspend").className = suspend.length > limit ? "over" : "";
    $("suspend-meter").value = Math.min(suspend.length, limit);
    $("cmi-entry").textContent = (v(is12 ? "cmi.core.entry" : "cmi.entry") || "\"\"") + " / " + (v(is12 ? "cmi.core.exit" : "cmi.exit") || "\"\"");
    $("cmi-time").textContent = "session " + (v(is12 ? "cmi.core.session_time" : "cmi.session_time") || "–") +
      ", total " + v(is12 ? "cmi.core.total_time" : "cmi.total_time");
    $("notes").textContent = lms.notes().join("; ");
    renderInteractions(v, is12);
    $("call-count").textContent = calls;
  }

  function renderInteractions(v, is12) {
    var body = $("interactions").tBodies[0], n = lms.count("cmi.interactions");
    body.textContent = "";
    for (var i = 0; i < n; i++) {
      var base = "cmi.interactions." + i + ".";
      var row = body.insertRow();
      [v(base + "id"), v(base + "type"), v(base + (is12 ? "student_response" : "learner_response")), v(base + "result"),
       v(base + "correct_responses.0.pattern")].forEach(function (value) { row.insertCell().textContent = value || ""; });
      row.dataset.id = v(base + "id") || "";
    }
    $("interaction-count").textContent = n;
  }

  /* ---- builds ------------------------------------------------------------------------------ */
  function showDiagnostics(state) {
    var errors = state.diagnostics.filter(function (d) { return d.severity === "error"; });
    var list = $("diagnostics");
    list.textContent = "";
    errors.forEach(function (d) {
      var item = document.createElement("li");
      item.textContent = d.text;
      list.appendChild(item);
    });
    $("overlay").hidden = state.ok;
    var warnings = state.diagnostics.length - errors.length;
    $("build-status").textContent = state.ok
      ? "Build " + state.version + " ready (" + state.ms + " ms)" + (warnings ? ", " + warnings + " warning(s)" : "")
      : errors.length + " error(s): see the list over the course";
  }

  function refresh() {
    fetch("__preview/state", { cache: "no-store" }).then(function (r) { return r.json(); }).then(function (state) {
      // No new build (the event stream reconnected): still replace "Not connected". A restarted
      // server counts its versions from 1 again, so a new run is always news.
      if (state.run === server.run && state.version <= server.version) {
        if (server.version) showDiagnostics(server);
        return;
      }
      var first = server.version === 0, wasOk = server.ok;
      var hadCourse = !!server.course;
      server = state;
      if (state.course) {
        $("course-title").textContent = state.course.title;
        document.title = state.course.title + " · coursepack preview";
      }
      showDiagnostics(state);
      if (!state.ok && hadCourse) return;  // keep showing the last good build under the overlay
      if (first || !hadCourse) {
        var data = dataOf(saved.version), resumed = Object.keys(data).length > 0;
        launch(data, resumed ? "resume" : "ab-initio", false);
      } else if (state.ok || wasOk) {
        note("reloaded after an edit (build " + state.version + ")");
        launch(lms ? lms.live() : dataOf(saved.version), "resume", true);
      }
    });
  }

  function listen() {
    var events = new EventSource("__preview/events");
    events.addEventListener("build", refresh);
    events.onerror = function () {
      // A browser retries a dropped stream by itself, but not one the server refused: a preview
      // restarted on this port has a new secret address, which this page cannot know.
      $("build-status").textContent = events.readyState === EventSource.CLOSED
        ? "This preview has ended: open the address that coursepack serve printed"
        : "Not connected to the preview server (is it running?)";
    };
    events.onopen = refresh;
  }

  /* ---- controls ---------------------------------------------------------------------------- */
  document.querySelector("form.controls").addEventListener("submit", function (e) { e.preventDefault(); });
  $("api-version").value = saved.version;
  Array.prototype.forEach.call(document.querySelectorAll("input[name=view]"), function (input) {
    input.checked = input.value === saved.view;
    input.addEventListener("change", function () {
      store();
      saved.view = input.value;
      launch(lms ? lms.live() : {}, "resume", false);
    });
  });
  $("api-version").addEventListener("change", function () {
    store();
    saved.version = $("api-version").value;
    launch(dataOf(saved.version), Object.keys(dataOf(saved.version)).length ? "resume" : "ab-initio", false);
  });
  $("resume").addEventListener("click", closeAndResume);
  $("new-attempt").addEventListener("click", newAttempt);
  $("clear").addEventListener("click", function () {
    $("calls").textContent = ""; calls = 0; render();
  });
  $("clear").title = "Clear the API call log";
  listen();
})();
