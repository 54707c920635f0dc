/* Studio editor of the coursepack quiz: Markdown in a textarea, checked by the server on save.
 * Errors come back with line numbers and are listed next to the editor; each one moves the
 * cursor to its line. Nothing is saved while there is an error. */
function CoursepackQuizStudio(runtime, element) {
  "use strict";
  var block = CoursepackQuizBlock(element);  // block.js
  var root = block.root, strings = block.strings;
  var editor = root.querySelector(".cpq-source");
  var errors = root.querySelector(".cpq-errors");
  var status = root.querySelector(".cpq-studio-status");

  function notify(name, payload) {
    if (runtime.notify) { runtime.notify(name, payload); }  // Studio's modal listens; the workbench has none
  }

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function goToLine(line) {
    var lines = editor.value.split("\n");
    var start = 0;
    for (var i = 0; i < line - 1 && i < lines.length; i++) { start += lines[i].length + 1; }
    editor.focus();
    editor.setSelectionRange(start, start + (lines[line - 1] || "").length);
  }

  function showErrors(list, message) {
    while (errors.firstChild) { errors.removeChild(errors.firstChild); }
    if (!list.length && !message) { return; }
    var heading = document.createElement("p");
    heading.textContent = message || strings.fix;
    errors.appendChild(heading);
    var ul = document.createElement("ul");
    list.forEach(function (item) {
      var li = document.createElement("li");
      li.className = "cpq-error-" + item.severity;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "cpq-error-line";
      button.textContent = strings.line.replace("{line}", item.line);
      button.addEventListener("click", function () { goToLine(item.line); });
      li.appendChild(button);
      li.appendChild(document.createTextNode(" " + item.severity + ": " + item.message + " [" + item.code + "]" +
        (item.hint ? " — " + item.hint : "")));
      ul.appendChild(li);
    });
    errors.appendChild(ul);
  }

  root.querySelector(".cpq-save").addEventListener("click", function () {
    status.textContent = strings.saving;
    notify("save", { state: "start" });
    var request = new XMLHttpRequest();
    request.open("POST", runtime.handlerUrl(root, "save_source"));
    request.setRequestHeader("Content-Type", "application/json");
    request.setRequestHeader("X-CSRFToken", csrfToken());
    request.onload = function () {
      var reply = {};
      try { reply = JSON.parse(request.responseText); } catch (e) { reply = { error: request.statusText, errors: [] }; }
      if (request.status === 200) {
        showErrors(reply.warnings.filter(function (d) { return d.severity === "warning"; }), reply.warnings.length ? " " : "");
        status.textContent = strings.saved;
        notify("save", { state: "end" });
      } else {
        showErrors(reply.errors || [], reply.errors && reply.errors.length ? strings.fix : reply.error);
        status.textContent = "";
        notify("error", { title: strings.fix, message: reply.error || "" });
      }
    };
    request.onerror = function () { status.textContent = strings.network; };
    request.send(JSON.stringify({ source: editor.value }));
  });

  root.querySelector(".cpq-cancel").addEventListener("click", function () { notify("cancel", {}); });
}
