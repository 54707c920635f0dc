/* The placeholder player (placeholder.html): the json target's pages, visits reported through the SCORM API.
   URLs are relative: the page sits at <token>/__preview/static/, below the preview's secret first segment. */
(function () {
  "use strict";
  function find(name) { var w = window; for (var i = 0; w && i < 10; i++) { if (w[name]) return w[name]; if (w.parent === w) break; w = w.parent; } return null; }
  var api12 = find("API"), api2004 = find("API_1484_11");
  var call = api12 ? { init: "LMSInitialize", get: "LMSGetValue", set: "LMSSetValue", commit: "LMSCommit", api: api12,
                       location: "cmi.core.lesson_location", done: ["cmi.core.lesson_status", "completed"] }
           : api2004 ? { init: "Initialize", get: "GetValue", set: "SetValue", commit: "Commit", api: api2004,
                         location: "cmi.location", done: ["cmi.completion_status", "completed"] } : null;
  var pages = [], index = 0, course = null;
  function api(method) { return call ? call.api[call[method]].apply(null, Array.prototype.slice.call(arguments, 1)) : ""; }
  function rewrite(html) {
    return html.replace(/(href|src)="coursepack:(lesson|media|glossary)\/([^"#]*)/g, function (m, attr, kind, value) {
      if (kind === "media") return attr + '="../../build/review/' + value;
      if (kind === "lesson") return attr + '="#' + value;
      return attr + '="#glossary-' + value;
    });
  }
  function show(i) {
    index = Math.max(0, Math.min(pages.length - 1, i));
    var page = pages[index], main = document.getElementById("page");
    main.innerHTML = "<h1></h1>" + (page.kind === "lesson" ? rewrite(page.html) :
      "<p>Quiz with " + page.quiz.questions.length + " question(s); the quiz player comes with the learner runtime.</p>");
    main.firstChild.textContent = page.title;
    document.getElementById("position").textContent = (index + 1) + " / " + pages.length;
    api("set", call && call.location, page.id);
    if (index === pages.length - 1) api("set", call && call.done[0], call && call.done[1]);
    api("commit", "");
  }
  fetch("../model.json").then(function (r) { return r.json(); }).then(function (data) {
    course = data;
    document.documentElement.lang = data.course.language;
    pages = [].concat.apply([], data.modules.map(function (m) { return m.pages; }));
    api("init", "");
    var at = call ? String(api("get", call.location)) : "";
    var found = pages.map(function (p) { return p.id; }).indexOf(location.hash.slice(1) || at);
    show(found < 0 ? 0 : found);
  });
  window.addEventListener("hashchange", function () {
    var i = pages.map(function (p) { return p.id; }).indexOf(location.hash.slice(1));
    if (i >= 0) show(i);
  });
  document.getElementById("prev").onclick = function () { show(index - 1); };
  document.getElementById("next").onclick = function () { show(index + 1); };
})();
