/* The learner's side of the coursepack quiz: collect answers, send them, show what the server says.
 * The server grades and decides what may be shown; this file never sees the answer key before
 * the server sends it (state.answers). Plain ES5 without libraries: it runs in every LMS page. */
function CoursepackQuizView(runtime, element) {
  "use strict";
  var block = CoursepackQuizBlock(element);  // block.js
  var root = block.root, data = block.data, strings = block.strings;
  var quiz = root.querySelector(".cpq");
  var form = quiz.querySelector(".cpq-form");
  var status = quiz.querySelector(".cpq-status");
  var busy = false;

  function t(key, values) {
    return strings[key].replace(/\{(\w+)\}/g, function (all, name) {
      return values && values[name] !== undefined ? values[name] : all;
    });
  }

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function post(handler, body, done) {
    var request = new XMLHttpRequest();
    request.open("POST", runtime.handlerUrl(root, handler));
    request.setRequestHeader("Content-Type", "application/json");
    request.setRequestHeader("X-CSRFToken", csrfToken());
    request.onload = function () {
      var reply = null;
      try { reply = JSON.parse(request.responseText); } catch (e) { reply = null; }
      done(request.status, reply);
    };
    request.onerror = function () { done(0, null); };
    request.send(JSON.stringify(body));
  }

  function questions() { return quiz.querySelectorAll(".cpq-question"); }

  function answerOf(fieldset) {
    var type = fieldset.getAttribute("data-type");
    var i, list;
    if (type === "single" || type === "true-false") {
      var chosen = fieldset.querySelector("input:checked");
      return chosen ? chosen.value : null;
    }
    if (type === "multiple") {
      list = [];
      var boxes = fieldset.querySelectorAll("input:checked");
      for (i = 0; i < boxes.length; i++) { list.push(boxes[i].value); }
      return list;
    }
    if (type === "fill-in") {
      var text = fieldset.querySelector("input[type=text]").value;
      return text.trim() ? text : null;
    }
    if (type === "matching") {
      var matches = {}, selects = fieldset.querySelectorAll("select"), any = false;
      for (i = 0; i < selects.length; i++) {
        if (selects[i].value) { matches[selects[i].getAttribute("data-premise")] = selects[i].value; any = true; }
      }
      return any ? matches : null;
    }
    list = [];
    var items = fieldset.querySelectorAll(".cpq-item");
    for (i = 0; i < items.length; i++) { list.push(items[i].getAttribute("data-item")); }
    return list;
  }

  function setAnswer(fieldset, value) {
    var type = fieldset.getAttribute("data-type");
    var i;
    if (type === "single" || type === "true-false" || type === "multiple") {
      var inputs = fieldset.querySelectorAll("input");
      var chosen = [].concat(value === null || value === undefined ? [] : value);
      for (i = 0; i < inputs.length; i++) { inputs[i].checked = chosen.indexOf(inputs[i].value) >= 0; }
    } else if (type === "fill-in") {
      fieldset.querySelector("input[type=text]").value = value || "";
    } else if (type === "matching") {
      var selects = fieldset.querySelectorAll("select");
      for (i = 0; i < selects.length; i++) {
        selects[i].value = (value && value[selects[i].getAttribute("data-premise")]) || "";
      }
    } else if (type === "ordering" && value) {
      var list = fieldset.querySelector(".cpq-order");
      for (i = 0; i < value.length; i++) {
        var item = list.querySelector('[data-item="' + value[i] + '"]');
        if (item) { list.appendChild(item); }
      }
    }
  }

  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }

  function addHtml(node, className, html) {
    var div = document.createElement("div");
    div.className = className;
    div.innerHTML = html;  // HTML escaped and rendered by the server (coursepack_quiz.inline)
    node.appendChild(div);
  }

  function addText(node, className, text) {
    var p = document.createElement("p");
    p.className = className;
    p.textContent = text;
    node.appendChild(p);
    return p;
  }

  function showQuestion(fieldset, outcome, key) {
    var box = fieldset.querySelector(".cpq-feedback");
    var qid = fieldset.getAttribute("data-question");
    var i;
    clear(box);
    fieldset.classList.remove("cpq-is-correct", "cpq-is-incorrect");
    var feedbacks = fieldset.querySelectorAll(".cpq-choice-feedback");
    for (i = 0; i < feedbacks.length; i++) { clear(feedbacks[i]); }
    var chosen = fieldset.querySelectorAll(".cpq-chosen");
    for (i = 0; i < chosen.length; i++) { chosen[i].classList.remove("cpq-chosen"); }
    if (outcome) {
      fieldset.classList.add(outcome.correct ? "cpq-is-correct" : "cpq-is-incorrect");
      addText(box, "cpq-verdict", outcome.correct ? strings.correct : strings.incorrect);
      var given = givenText(fieldset);
      addText(box, "cpq-given", strings.your_answer + " " + (given || strings.unanswered));
      for (i = 0; i < outcome.feedback.length; i++) { addHtml(box, "cpq-feedback-text", outcome.feedback[i]); }
    }
    if (key && key[qid]) { showKey(fieldset, key[qid], box); }
  }

  /* The learner's own answer as readable text (disabled controls alone read faintly), and the
     chosen options marked. */
  function givenText(fieldset) {
    var type = fieldset.getAttribute("data-type"), parts = [], i;
    if (type === "fill-in") { return fieldset.querySelector("input[type=text]").value.trim(); }
    if (type === "matching") {
      var selects = fieldset.querySelectorAll("select");
      for (i = 0; i < selects.length; i++) {
        var label = fieldset.querySelector('label[for="' + selects[i].id + '"]');
        if (selects[i].value && label) { parts.push(label.textContent + " → " + selects[i].options[selects[i].selectedIndex].textContent); }
      }
      return parts.join("; ");
    }
    if (type === "ordering") {
      var items = fieldset.querySelectorAll(".cpq-item-text");
      for (i = 0; i < items.length; i++) { parts.push(items[i].textContent); }
      return parts.join(" → ");
    }
    var checked = fieldset.querySelectorAll("input:checked");
    for (i = 0; i < checked.length; i++) {
      var row = checked[i].closest(".cpq-choice");
      row.classList.add("cpq-chosen");
      parts.push(row.querySelector("label").textContent.trim());
    }
    return parts.join("; ");
  }

  function unanswered() {
    var all = questions(), missing = [];
    for (var i = 0; i < all.length; i++) {
      var value = answerOf(all[i]);
      if (value === null || (value.length === 0 && typeof value !== "string")) { missing.push(all[i]); }
    }
    return missing;
  }

  function showKey(fieldset, key, box) {
    var i, id;
    if (key.correct) {
      for (i = 0; i < key.correct.length; i++) {
        var choice = fieldset.querySelector('[data-choice="' + key.correct[i] + '"]');
        if (choice) { choice.classList.add("cpq-key"); addText(choice.querySelector(".cpq-choice-feedback"), "cpq-key-label", strings.correct_answer); }
      }
      for (id in key.feedback) {
        var target = fieldset.querySelector('[data-choice="' + id + '"] .cpq-choice-feedback');
        if (target) { addHtml(target, "cpq-feedback-text", key.feedback[id]); }
      }
    } else if (key.answers) {
      addText(box, "cpq-key-label", strings.accepted + " " + key.answers.map(isolate).join(" · "));
    } else if (key.matches) {
      var selects = fieldset.querySelectorAll("select");
      for (i = 0; i < selects.length; i++) {
        var right = key.matches[selects[i].getAttribute("data-premise")];
        var option = selects[i].querySelector('option[value="' + right + '"]');
        var label = fieldset.querySelector('label[for="' + selects[i].id + '"]');
        if (option && label) {
          addText(box, "cpq-key-label", strings.correct_answer + " " + isolate(label.textContent) + arrow(box) + isolate(option.textContent));
        }
      }
    } else if (key.order) {
      var names = [];
      for (i = 0; i < key.order.length; i++) {
        var item = fieldset.querySelector('[data-item="' + key.order[i] + '"] .cpq-item-text');
        if (item) { names.push(isolate(item.textContent)); }
      }
      addText(box, "cpq-key-label", strings.correct_answer + " " + names.join(arrow(box)));
    }
  }

  /* "From → to" reads in the line's direction: in a right-to-left block the arrow points left
     (U+2192 is not mirrored by the bidi algorithm), and each text is isolated (FSI … PDI) so a
     Latin fragment inside Arabic, or the reverse, cannot pull the arrow or punctuation out of place. */
  function arrow(node) {
    return window.getComputedStyle(node).direction === "rtl" ? " \u2190 " : " \u2192 ";
  }
  function isolate(text) { return "\u2068" + text + "\u2069"; }

  function summary(state) {
    var lines = [];
    var result = state.result;
    if (result) {
      lines.push(t("score", { percent: result.percent, score: result.score, max: result.max_score }));
      lines.push(result.passed ? strings.passed : t("not_passed", { pass_mark: result.pass_mark }));
    }
    if (state.best && result && state.best.score > result.score) {
      lines.push(t("best", { score: state.best.score, max: state.best.max_score }));
    }
    if (state.attempts_used) {
      lines.push(state.attempts_allowed ? t("attempts", { used: state.attempts_used, allowed: state.attempts_allowed })
        : t("attempts_unlimited", { used: state.attempts_used }));
    }
    if (!state.can_submit) { lines.push(strings.no_attempts); }
    if (state.state_damaged) { lines.push(strings.state_damaged); }
    return lines.join(" ");
  }

  function render(state, restoreAnswers) {
    var all = questions();
    var outcomes = state.result ? state.result.questions : {};
    for (var i = 0; i < all.length; i++) {
      var qid = all[i].getAttribute("data-question");
      if (restoreAnswers) { setAnswer(all[i], state.responses[qid] === undefined ? null : state.responses[qid]); }
      showQuestion(all[i], outcomes[qid], state.answers);
    }
    var submit = quiz.querySelector(".cpq-submit");
    var reset = quiz.querySelector(".cpq-reset");
    var locked = !state.can_submit || (!!state.result && state.can_reset);
    submit.disabled = locked;
    reset.hidden = !state.can_reset;
    var fields = form.querySelectorAll("input, select, .cpq-item-moves button");
    for (var j = 0; j < fields.length; j++) { fields[j].disabled = locked; }
    form.classList.toggle("cpq-locked", locked);
    status.textContent = summary(state);
    reviewLinks(all, outcomes);
  }

  function collect() {
    var responses = {};
    var all = questions();
    for (var i = 0; i < all.length; i++) {
      var value = answerOf(all[i]);
      if (value !== null) { responses[all[i].getAttribute("data-question")] = value; }
    }
    return responses;
  }

  /* The results name the questions to review and link to each (focus moves to its feedback). */
  function reviewLinks(all, outcomes) {
    var old = quiz.querySelector(".cpq-review");
    if (old) { old.parentNode.removeChild(old); }
    var wrong = [];
    for (var i = 0; i < all.length; i++) {
      var o = outcomes[all[i].getAttribute("data-question")];
      if (o && !o.correct) { wrong.push(all[i]); }
    }
    if (!wrong.length) { return; }
    var box = document.createElement("div"), list = document.createElement("ul");
    box.className = "cpq-review";
    addText(box, "cpq-review-label", strings.to_review);
    wrong.forEach(function (fieldset) {
      var a = document.createElement("a"), feedback = fieldset.querySelector(".cpq-feedback");
      a.href = "#" + fieldset.id;
      a.textContent = fieldset.querySelector(".cpq-qnum").textContent;
      a.addEventListener("click", function (event) {
        event.preventDefault();
        feedback.tabIndex = -1;
        feedback.focus();
      });
      list.appendChild(document.createElement("li")).appendChild(a);
    });
    box.appendChild(list);
    quiz.querySelector(".cpq-results").appendChild(box);
    status.textContent += " " + strings.to_review + " " + wrong.map(function (f) {
      return f.querySelector(".cpq-qnum").textContent; }).join(", ");
  }

  var confirmBox = document.createElement("div");
  confirmBox.className = "cpq-confirm";
  confirmBox.hidden = true;
  confirmBox.setAttribute("role", "group");
  var confirmText = addText(confirmBox, "cpq-confirm-text", "");
  confirmText.id = quiz.id + "-confirm";
  confirmText.tabIndex = -1;
  confirmBox.setAttribute("aria-labelledby", confirmText.id);
  var confirmYes = document.createElement("button"), confirmNo = document.createElement("button");
  confirmYes.type = confirmNo.type = "button";
  confirmYes.className = "cpq-confirm-yes";
  confirmNo.className = "cpq-confirm-no";
  confirmYes.textContent = strings.confirm_yes;
  confirmNo.textContent = strings.confirm_no;
  confirmBox.appendChild(confirmYes);
  confirmBox.appendChild(confirmNo);
  quiz.querySelector(".cpq-actions").insertAdjacentElement("afterend", confirmBox);
  var submitButton = quiz.querySelector(".cpq-submit");

  // Enter in a field never submits: submitting spends an attempt, so only the button does it.
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.tagName === "INPUT") { event.preventDefault(); }
  });
  submitButton.addEventListener("click", function () {
    var missing = unanswered();
    if (!missing.length) { return send(); }
    confirmText.textContent = t("confirm_unanswered", { n: missing.length, total: questions().length });
    confirmBox.hidden = false;
    confirmText.focus();
    confirmNo.onclick = function () {
      confirmBox.hidden = true;
      var first = missing[0].querySelector("input, select, button:not([disabled])");
      (first || submitButton).focus();
    };
  });
  confirmYes.addEventListener("click", function () { confirmBox.hidden = true; send(); });

  function send() {
    if (busy) { return; }
    busy = true;
    status.textContent = strings.submitting;
    post("submit", { responses: collect() }, function (code, reply) {
      busy = false;
      if (code === 200 && reply) {
        render(reply, false);
        quiz.querySelector(".cpq-results-title").focus();
      } else if (reply && reply.error) {
        status.textContent = t("error", { message: reply.error });
      } else {
        status.textContent = strings.network;
      }
    });
  }

  quiz.querySelector(".cpq-reset").addEventListener("click", function () {
    post("reset", {}, function (code, reply) {
      if (code === 200 && reply) {
        render(reply, true);
        var first = form.querySelector("input, select, button");
        if (first) { first.focus(); }
      } else {
        status.textContent = reply && reply.error ? t("error", { message: reply.error }) : strings.network;
      }
    });
  });

  form.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button") : null;
    if (!button) { return; }
    if (button.classList.contains("cpq-up") || button.classList.contains("cpq-down")) {
      move(button.closest(".cpq-item"), button.classList.contains("cpq-up") ? -1 : 1, button);
    } else if (button.classList.contains("cpq-hint-button")) {
      nextHint(button);
    }
  });

  function move(item, step, button) {
    var list = item.parentNode;
    var sibling = step < 0 ? item.previousElementSibling : item.nextElementSibling;
    if (!sibling) { return; }
    list.insertBefore(item, step < 0 ? sibling : sibling.nextElementSibling);
    var items = list.querySelectorAll(".cpq-item");
    var position = Array.prototype.indexOf.call(items, item) + 1;
    button.focus();  // keep the keyboard where it was, on the moved item's button
    status.textContent = t("moved", { item: item.querySelector(".cpq-item-text").textContent,
                                      position: position, total: items.length });
  }

  function nextHint(button) {
    var hidden = button.parentNode.querySelectorAll(".cpq-hint[hidden]");
    if (!hidden.length) { return; }
    hidden[0].hidden = false;
    button.setAttribute("aria-expanded", "true");
    if (hidden.length === 1) { button.textContent = strings.hints_done; button.disabled = true; }
    else { button.textContent = strings.hint_more; }
  }

  render(data.state, true);
}
