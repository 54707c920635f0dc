/* Quiz widgets: one small renderer per question type, grading through Coursepack.grader.

   Coursepack.quiz.render(container, page, ctx) draws page.quiz into container. ctx: {ui,
   state: {attempts, best, submitted, answers}, reviewer, announce(text), changed(),
   submitted(result, responses)}. The DOM carries display tokens ("o1", "o2"…), never option
   IDs or correctness: the answer key stays in the script data (the module's content script) until answers may be shown. */
(function (root) {
  "use strict";
  var doc = root.document, seq = 0;

  function el(tag, attrs, html) {
    var node = doc.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (attrs[k] === true) node.setAttribute(k, "");
      else if (attrs[k] !== false && attrs[k] !== null && attrs[k] !== undefined) node.setAttribute(k, attrs[k]);
    });
    if (html !== undefined) node.innerHTML = html;
    return node;
  }
  function text(tag, attrs, value) { var node = el(tag, attrs); node.textContent = value; return node; }
  /* A template is a string, or {count, forms} for a message with a count: the form is chosen with
     the course language's CLDR plural table (course.locale, computed at build time by Babel).
     Numbers are written with the language's decimal sign; {percent} and {mark} as percentages. */
  function fmt(template, values) {
    var L = root.Coursepack.locale || {};
    if (template && typeof template === "object") {
      template = template.forms[(L.plural || [])[values[template.count]] || "other"] || template.forms.other;
    }
    return template.replace(/\{(\w+)\}/g, function (m, k) {
      return values[k] !== undefined ? number(k, values[k], L) : m;
    });
  }
  function number(key, value, L) {
    // A text put into a sentence (an item, a title) is isolated (FSI … PDI): a Latin item inside
    // an Arabic sentence, or the reverse, keeps its place and the sentence's punctuation.
    if (typeof value !== "number") return "\u2068" + value + "\u2069";
    var text = String(Math.round(value * 100) / 100).replace(".", L.decimal || ".");
    return (key === "percent" || key === "mark") && L.percent ? L.percent.replace("{n}", text) : text;
  }
  function uid(prefix) { seq += 1; return prefix + "-" + seq; }
  function byId(list) { var out = {}; list.forEach(function (x) { out[x.id] = x; }); return out; }

  /* Each widget: build(q, box, ids) returns {read(), write(response), reveal()}. */
  var WIDGETS = {};

  WIDGETS.choice = function (q, box, ids, ui) {
    var multiple = q.type === "multiple", name = uid("cp-q"), choices = byId(q.choices), inputs = [];
    var order = q.order.length ? q.order : q.choices.map(function (c) { return c.id; });
    var list = el("div", { "class": "cp-options" });
    order.forEach(function (id, i) {
      var inputId = name + "-" + i, row = el("div", { "class": "cp-option" });
      var input = el("input", { type: multiple ? "checkbox" : "radio", id: inputId, name: name, value: "o" + (i + 1) });
      row.appendChild(input);
      row.appendChild(el("label", { "for": inputId }, choices[id].text));
      list.appendChild(row);
      inputs.push({ id: id, input: input, row: row });
    });
    box.appendChild(list);
    return {
      read: function () {
        var chosen = inputs.filter(function (x) { return x.input.checked; }).map(function (x) { return x.id; });
        return multiple ? (chosen.length ? chosen : null) : chosen[0] || null;
      },
      write: function (r) {
        var set = [].concat(r || []);
        inputs.forEach(function (x) { x.input.checked = set.indexOf(x.id) >= 0; });
      },
      reveal: function () {
        inputs.forEach(function (x) {
          if (choices[x.id].correct) x.row.appendChild(text("span", { "class": "cp-key" }, " (" + ui.answer_is.replace(/[:：]\s*$/, "") + ")"));
        });
      },
      given: function (r) {
        var set = [].concat(r || []);
        return inputs.filter(function (x) { return set.indexOf(x.id) >= 0; })
          .map(function (x) { x.row.classList.add("cp-chosen"); return plain(choices[x.id].text); }).join("; ");
      },
      inputs: inputs.map(function (x) { return x.input; })
    };
  };
  WIDGETS.single = WIDGETS.multiple = WIDGETS["true-false"] = WIDGETS.choice;

  WIDGETS["fill-in"] = function (q, box, ids, ui) {
    var inputId = uid("cp-fill");
    box.appendChild(text("label", { "for": inputId, "class": "cp-fill-label" }, ui.your_answer));
    var input = el("input", { type: "text", id: inputId, dir: "auto", maxlength: q.limit, autocomplete: "off",
                              spellcheck: "false", "aria-describedby": ids.prompt, "class": "cp-fill" });
    box.appendChild(input);
    return {
      read: function () { return input.value.trim() ? input.value : null; },
      write: function (r) { input.value = r || ""; },
      reveal: function () {
        box.appendChild(text("p", { "class": "cp-key" }, ui.answer_is + " " + (q.answers[0] || "")));
      },
      given: function (r) { return r || ""; },
      inputs: [input]
    };
  };

  WIDGETS.matching = function (q, box, ids, ui) {
    var responses = byId(q.pairs.map(function (p) { return { id: p.id, html: p.right }; })
      .concat(q.distractors.map(function (d) { return { id: d.id, html: d.text }; })));
    var order = q.order, rows = [];
    var list = el("div", { "class": "cp-matching" });
    q.pairs.forEach(function (pair, i) {
      var selectId = uid("cp-match"), row = el("div", { "class": "cp-match-row" });
      row.appendChild(el("label", { "for": selectId, "class": "cp-premise" }, pair.left));
      var select = el("select", { id: selectId });
      select.appendChild(text("option", { value: "" }, ui.choose));
      order.forEach(function (id, j) {
        var option = el("option", { value: "r" + (j + 1) });
        option.textContent = plain(responses[id].html);
        select.appendChild(option);
      });
      row.appendChild(select);
      list.appendChild(row);
      rows.push({ premise: pair.id, select: select, row: row });
    });
    box.appendChild(list);
    return {
      read: function () {
        var out = {}, any = false;
        rows.forEach(function (r) {
          var i = r.select.selectedIndex;
          if (i > 0) { out[r.premise] = order[i - 1]; any = true; }
        });
        return any ? out : null;
      },
      write: function (r) {
        rows.forEach(function (x) { x.select.selectedIndex = r && r[x.premise] ? order.indexOf(r[x.premise]) + 1 : 0; });
      },
      reveal: function () {
        rows.forEach(function (x) {
          x.row.appendChild(text("p", { "class": "cp-key" }, ui.answer_is + " " + plain(responses[x.premise].html)));
        });
      },
      given: function (r) {
        return rows.filter(function (x) { return r && r[x.premise]; }).map(function (x) {
          return plain(x.row.querySelector("label").innerHTML) + " \u2192 " + plain(responses[r[x.premise]].html);
        }).join("; ");
      },
      inputs: rows.map(function (x) { return x.select; })
    };
  };

  WIDGETS.ordering = function (q, box, ids, ui, ctx) {
    var texts = byId(q.items), current = q.order.slice(), list = el("ol", { "class": "cp-order" }), buttons = [];
    box.appendChild(list);
    function draw(focusId, dir) {
      list.innerHTML = "";
      buttons = [];
      var keep = null;  // the moved item's button, focused once the list is whole (not later: a
      // deferred focus could land after the learner's next key and send it to the wrong button)
      current.forEach(function (id, i) {
        var item = el("li", { "class": "cp-order-item" });
        item.appendChild(el("span", { "class": "cp-order-text" }, texts[id].text));
        [["up", -1, "\u2191"], ["down", 1, "\u2193"]].forEach(function (b) {
          var button = text("button", { type: "button", "class": "cp-move", "data-dir": b[0],
            "aria-label": ui["move_" + b[0]] + ": " + plain(texts[id].text),
            disabled: (b[1] < 0 && i === 0) || (b[1] > 0 && i === current.length - 1) }, b[2]);
          button.addEventListener("click", function () { move(id, b[1]); });
          item.appendChild(button);
          buttons.push(button);
          if (id === focusId && b[0] === dir) keep = { button: button, item: item };
        });
        list.appendChild(item);
      });
      if (keep) (keep.button.disabled ? keep.item.querySelector(".cp-move:not([disabled])") : keep.button).focus();
    }
    function move(id, step) {
      var i = current.indexOf(id), j = i + step;
      if (j < 0 || j >= current.length) return;
      current.splice(i, 1);
      current.splice(j, 0, id);
      touched = true;  // before changed(): the saved answers must include this move
      draw(id, step < 0 ? "up" : "down");
      ctx.announce(fmt(ui.moved, { item: plain(texts[id].text), n: j + 1, total: current.length }));
      ctx.changed();
    }
    var touched = false;
    draw();
    return {
      read: function () { return touched || ctx.state.answers[q.id] ? current.slice() : null; },
      write: function (r) { if (r && r.length === current.length) { current = r.slice(); touched = true; draw(); } },
      reveal: function () {
        var key = el("ol", { "class": "cp-key" });
        q.items.forEach(function (item) { key.appendChild(el("li", {}, item.text)); });
        box.appendChild(text("p", { "class": "cp-key" }, ui.answer_is));
        box.appendChild(key);
      },
      given: function (r) {
        return (r || []).map(function (id, i) { return (i + 1) + ". " + plain(texts[id].text); }).join("; ");
      },
      inputs: { forEach: function (fn) { buttons.forEach(fn); } }
    };
  };

  function escape(value) { var d = doc.createElement("div"); d.textContent = value; return d.innerHTML; }
  function plain(html) { var d = doc.createElement("div"); d.innerHTML = html; return d.textContent; }

  function hints(q, box, ui) {
    if (!q.hints.length) return;
    var shown = 0, panel = el("div", { "class": "cp-hints", id: uid("cp-hints") });
    var button = text("button", { type: "button", "class": "cp-hint", "aria-controls": panel.id }, ui.hint);
    button.addEventListener("click", function () {
      var label = fmt(ui.hint_n || "{n}/{total}", { n: shown + 1, total: q.hints.length });
      var hint = el("div", { "class": "cp-hint-text", tabindex: "-1" });
      hint.appendChild(text("p", { "class": "cp-hint-label" }, label));
      hint.insertAdjacentHTML("beforeend", q.hints[shown]);
      panel.appendChild(hint);
      shown += 1;
      if (shown >= q.hints.length) button.hidden = true;
      hint.focus();
    });
    box.appendChild(button);
    box.appendChild(panel);
  }

  function question(q, n, form, ctx) {
    var ids = { prompt: uid("cp-prompt") }, section = el("section", { "class": "cp-question", "data-q": n,
                                                                       "aria-labelledby": ids.prompt });
    var group = el("fieldset", { "class": "cp-group" });
    var legend = el("legend");
    legend.appendChild(el("h2", { id: ids.prompt, "class": "cp-prompt" }, "<span class=\"cp-qnum\">" + n + ".</span> " + q.prompt));
    group.appendChild(legend);
    if (q.body) group.appendChild(el("div", { "class": "cp-qbody" }, q.body));
    var widget = WIDGETS[q.type](q, group, ids, ctx.ui, ctx);
    section.appendChild(group);
    hints(q, section, ctx.ui);
    var feedback = el("div", { "class": "cp-feedback", id: uid("cp-fb") });
    section.appendChild(feedback);
    form.appendChild(section);
    widget.feedback = feedback;
    widget.section = section;
    widget.q = q;
    return widget;
  }

  /* After a submission each question says, in readable text, the learner's answer and whether it
     was right; the verdict is a heading so screen-reader users can move from result to result. */
  function feedbackHtml(q, res, ui, n, given) {
    var parts = ["<h3 class=\"cp-verdict " + (res.correct ? "cp-right" : "cp-wrong") + "\" tabindex=\"-1\">" +
      "<span class=\"cp-visually-hidden\">" + escape(fmt(ui.question_n, { n: n })) + ": </span><span aria-hidden=\"true\">" +
      (res.correct ? "\u2713" : "\u2717") + "</span> " + (res.correct ? ui.correct : ui.incorrect) + "</h3>",
      "<p class=\"cp-given\"><strong>" + ui.your_answer + ":</strong> " + (given ? escape(given) : ui.unanswered) + "</p>"];
    var choices = byId(q.choices);
    res.feedback.forEach(function (key) {
      if (key.indexOf("choice:") === 0) parts.push("<div class=\"cp-choice-feedback\">" + choices[key.slice(7)].feedback + "</div>");
      else parts.push("<div class=\"cp-overall\">" + (key === "correct" ? q.feedback_correct : q.feedback_incorrect) + "</div>");
    });
    return parts.join("");
  }

  function render(container, page, ctx) {
    var quiz = page.quiz, ui = ctx.ui, state = ctx.state, G = root.Coursepack.grader;
    if (quiz.intro) container.appendChild(el("div", { "class": "cp-quiz-intro" }, quiz.intro));
    var form = el("form", { "class": "cp-quiz", novalidate: true }), widgets = [];
    // Widgets report changes through this, so state.answers is always the form's current answers.
    var local = Object.assign({}, ctx, { changed: function () { state.answers = responses(); ctx.changed(); } });
    widgets = quiz.questions.map(function (q, i) { return question(q, i + 1, form, local); });
    var actions = el("div", { "class": "cp-actions" });
    // A plain button, not type=submit: Enter in a field must never spend an attempt.
    var submit = text("button", { type: "button", "class": "cp-submit" }, ui.submit);
    var retry = text("button", { type: "button", "class": "cp-retry", hidden: true }, ui.retry);
    var confirm = el("div", { "class": "cp-confirm", hidden: true, role: "group", "aria-labelledby": uid("cp-confirm") });
    confirm.appendChild(text("p", { id: confirm.getAttribute("aria-labelledby"), tabindex: "-1" }, ""));
    var yes = text("button", { type: "button", "class": "cp-confirm-yes" }, ui.confirm_yes);
    var no = text("button", { type: "button", "class": "cp-confirm-no" }, ui.confirm_no);
    confirm.appendChild(yes);
    confirm.appendChild(no);
    var result = el("div", { "class": "cp-result", tabindex: "-1" });
    actions.appendChild(submit);
    actions.appendChild(retry);
    form.appendChild(actions);
    form.appendChild(confirm);
    form.appendChild(result);
    container.appendChild(form);

    function responses() {
      var out = {};
      widgets.forEach(function (w) { var r = w.read(); if (r !== null) out[w.q.id] = r; });
      return out;
    }
    function lock(locked) {
      widgets.forEach(function (w) { w.inputs.forEach(function (input) { input.disabled = locked; }); });
      form.classList.toggle("cp-locked", locked);
      form.querySelectorAll(".cp-hint, .cp-hints").forEach(function (h) {
        if (locked) h.setAttribute("data-was-hidden", String(h.hidden));
        h.hidden = locked || h.getAttribute("data-was-hidden") === "true";
      });
    }
    function passedEver() { return state.best !== null && state.best !== undefined && state.best >= quiz.settings.pass_mark; }
    function pct(n) { return Math.round(n); }
    function show(graded) {
      var left = G.attemptsLeft(quiz.settings, state.attempts), reveal = ctx.reviewer ||
        G.answersVisible(quiz.settings, state.attempts, passedEver());
      var wrong = [], right = 0;
      form.querySelectorAll(".cp-chosen").forEach(function (r) { r.classList.remove("cp-chosen"); });
      widgets.forEach(function (w, i) {
        var res = graded.questions[w.q.id];
        w.feedback.innerHTML = feedbackHtml(w.q, res, ui, i + 1, w.given(state.answers[w.q.id]));
        if (res.correct) right += 1; else wrong.push(i);
        if (reveal) w.reveal();
      });
      lock(true);
      // A practice quiz (not graded) has no pass or fail: it says how many were right.
      var lines = ctx.graded === false ? [fmt(ui.right_count, { n: right, total: widgets.length })]
        : [fmt(ui.score, { percent: pct(graded.percent), mark: quiz.settings.pass_mark }), graded.passed ? ui.passed : ui.failed];
      if (ctx.graded !== false && state.best !== null && state.best !== undefined && state.best !== graded.percent) {
        lines.push(fmt(ui.best, { percent: pct(state.best) }));
      }
      if (left !== null) lines.push(left ? fmt(ui.attempts_left, { n: left }) : ui.no_attempts);
      result.innerHTML = "";
      lines.forEach(function (line) { result.appendChild(text("p", {}, line)); });
      if (wrong.length) {
        result.appendChild(text("p", { "class": "cp-review-label" }, ui.to_review));
        var list = el("ul", { "class": "cp-review" });
        wrong.forEach(function (i) {
          var a = text("a", { href: "#" + widgets[i].section.id }, fmt(ui.question_n, { n: i + 1 }));
          a.addEventListener("click", function (event) {  // focus the result, keep the page's URL
            event.preventDefault();
            widgets[i].feedback.querySelector(".cp-verdict").focus();
          });
          list.appendChild(el("li")).appendChild(a);
        });
        result.appendChild(list);
      }
      submit.hidden = true;
      confirm.hidden = true;
      retry.hidden = left === 0;
      return lines.join(" ") + (wrong.length ? " " + ui.to_review + " " + wrong.map(function (i) { return i + 1; }).join(", ") : "");
    }
    function send() {
      var given = responses(), graded = G.grade(quiz, given, quiz.settings.pass_mark);
      state.attempts += 1;
      state.answers = given;
      state.submitted = true;
      state.best = state.best === null || state.best === undefined ? graded.percent : Math.max(state.best, graded.percent);
      var summary = show(graded);
      result.focus();
      ctx.announce(summary);
      ctx.submitted(graded, given);
    }
    widgets.forEach(function (w, i) { w.section.id = w.section.id || uid("cp-q") + "-" + (i + 1); });
    form.addEventListener("change", local.changed);
    form.addEventListener("input", function () { state.answers = responses(); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });  // implicit submission
    form.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && event.target.tagName === "INPUT") event.preventDefault();
    });
    submit.addEventListener("click", function () {
      var given = responses(), missing = widgets.filter(function (w) { return given[w.q.id] === undefined; });
      if (!missing.length) return send();
      confirm.firstChild.textContent = fmt(ui.confirm_unanswered, { n: missing.length, total: widgets.length });
      confirm.hidden = false;
      submit.hidden = true;
      confirm.firstChild.focus({ preventScroll: true });
      confirm.scrollIntoView({ block: "center" });  // the question and both answers in view
      no.onclick = function () {
        confirm.hidden = true;
        submit.hidden = false;
        var first = missing[0].section.querySelector("input, select, .cp-move:not([disabled])");
        (first || submit).focus();
      };
    });
    yes.addEventListener("click", send);
    retry.addEventListener("click", function () {
      state.submitted = false;
      lock(false);
      widgets.forEach(function (w) { w.feedback.innerHTML = ""; w.section.querySelectorAll(".cp-key").forEach(function (k) { k.remove(); }); });
      form.querySelectorAll(".cp-chosen").forEach(function (r) { r.classList.remove("cp-chosen"); });
      result.innerHTML = "";
      submit.hidden = false;
      retry.hidden = true;
      ctx.changed();
      var first = form.querySelector("input, select, .cp-move:not([disabled])");
      if (first) first.focus();
    });
    widgets.forEach(function (w) { if (state.answers[w.q.id] !== undefined) w.write(state.answers[w.q.id]); });
    if (state.submitted) show(G.grade(quiz, state.answers, quiz.settings.pass_mark));
    else if (ctx.reviewer) widgets.forEach(function (w) { w.reveal(); });
  }

  root.Coursepack = root.Coursepack || {};
  root.Coursepack.quiz = { render: render, format: fmt, plain: plain };
})(window);
