/* Decision scenarios and reflections (the two activity kinds beside lessons and quizzes).

   Coursepack.activity.scenario(box, page, ctx): ctx {ui, state: {path, finished, best},
     announce(text), played(ending node or null)}. One step at a time: a node (its title is a
     heading, its choices a radio group with a Choose button), then the chosen consequence with
     Continue, until an ending (score, the path taken, Play again). The state is updated when the
     learner chooses, so closing on a consequence loses nothing; focus goes to each new heading.
   Coursepack.activity.reflection(box, page, ctx): ctx {ui, key (localStorage), text (from the
     LMS state, or undefined), keep(text), changed()}. A textarea saved to localStorage on every
     input (and through keep() to the state when the author chose save: lms), a counter, the model
     answer once something is written, Download (a .txt file) and Print. */
(function (root) {
  "use strict";
  var doc = root.document, CP = root.Coursepack;

  function el(tag, cls, html) {
    var node = doc.createElement(tag);
    if (cls) node.className = cls;
    if (html !== undefined) node.innerHTML = html;
    return node;
  }
  function text(tag, cls, value) { var node = el(tag, cls); node.textContent = value; return node; }
  function button(label, cls, click) {
    var b = text("button", cls, label);
    b.type = "button";
    b.addEventListener("click", click);
    return b;
  }
  function heading(box, level, value) {
    var h = text("h" + level, "cp-step-title", value);
    h.tabIndex = -1;
    box.appendChild(h);
    return h;
  }
  function fmt(t, v) { return CP.quiz.format(t, v); }

  function scenario(box, page, ctx) {
    var S = page.scenario, ui = ctx.ui, s = ctx.state, g = CP.state.graph(S), plain = CP.quiz.plain;
    var step = el("div", "cp-step");
    box.appendChild(step);
    function reached() { return [g.start].concat(s.path.map(function (id) { return g.choices[id].c.next; })); }
    function show(draw, focus) {
      step.innerHTML = "";
      var h = draw();
      if (focus) { h.focus(); h.scrollIntoView({ block: "start" }); }
    }
    function node(n) {
      var h = heading(step, 2, n.title), name = "cp-s-" + page.k;
      step.className = "cp-step" + (n.ending ? " cp-ending" : "");
      step.appendChild(el("div", "cp-step-body", n.html));
      if (n.ending) return ending(n, h);
      var set = el("fieldset", "cp-choices"), need = text("p", "cp-need", "");
      need.id = name + "-need";
      set.setAttribute("aria-describedby", need.id);
      set.appendChild(text("legend", "", ui.what_now));
      n.choices.forEach(function (c, i) {
        var row = el("div", "cp-option"), input = el("input"), label = el("label", "", c.html);
        input.type = "radio";
        input.name = name;
        input.id = name + "-" + i;
        label.htmlFor = input.id;
        row.appendChild(input);
        row.appendChild(label);
        set.appendChild(row);
      });
      set.appendChild(need);
      step.appendChild(set);
      step.appendChild(button(ui.choose_this, "cp-submit", function () {
        var inputs = [].slice.call(set.querySelectorAll("input")), i = inputs.map(function (x) { return x.checked; }).indexOf(true);
        if (i < 0) { need.textContent = ui.pick_one; inputs[0].focus(); return; }
        choose(n.choices[i]);
      }));
      return h;
    }
    function choose(c) {
      var at = reached().indexOf(c.next), next = g.nodes[c.next];
      // A node already on the path cuts the path back to it: the path stays short (loop-erased).
      if (at >= 0) s.path = s.path.slice(0, at); else s.path.push(c.id);
      if (next.ending) {
        s.finished = true;
        if (next.score !== null && next.score !== undefined) s.best = s.best === null || s.best === undefined ? next.score : Math.max(s.best, next.score);
      }
      ctx.played(next.ending ? next : null);
      show(function () {
        var h = heading(step, 2, fmt(ui.you_chose, { choice: plain(c.html) }));
        step.className = "cp-step cp-consequence";
        step.appendChild(el("div", "cp-step-body", c.consequence));
        step.appendChild(button(ui["continue"], "cp-submit", function () { show(function () { return node(next); }, true); }));
        ctx.announce(plain(c.consequence));
        return h;
      }, true);
    }
    function ending(n, h) {
      if (n.score !== null && n.score !== undefined) {
        step.appendChild(text("p", "cp-score", page.graded ? fmt(ui.score, { percent: n.score, mark: S.pass_mark })
          : fmt(ui.ending_score, { percent: n.score })));
      }
      step.appendChild(text("h3", "", ui.your_path));
      var list = el("ol", "cp-path");
      s.path.forEach(function (id) { list.appendChild(el("li", "", g.choices[id].c.html)); });
      step.appendChild(list);
      step.appendChild(button(ui.play_again, "cp-retry", function () {
        s.path = [];
        ctx.played(null);
        show(function () { return node(g.nodes[g.start]); }, true);
      }));
      return h;
    }
    show(function () { var r = reached(); return node(g.nodes[r[r.length - 1]]); }, false);
  }

  function reflection(box, page, ctx) {
    var R = page.reflection, ui = ctx.ui, id = "cp-r-" + page.k, stored = null, timer = null;
    try { stored = root.localStorage.getItem(ctx.key); } catch (e) { stored = null; }
    var prompt = el("div", "cp-prompt", R.prompt);
    prompt.id = id + "-p";
    box.appendChild(prompt);
    if (R.downloads_html) box.appendChild(el("div", "", R.downloads_html));
    if (R.questions.length) {
      box.appendChild(text("h2", "", R.questions_heading));
      var list = el("ol", "cp-questions");
      R.questions.forEach(function (q) { list.appendChild(el("li", "", q)); });
      box.appendChild(list);
    }
    var label = text("label", "cp-fill-label", ui.your_text), area = el("textarea", "cp-text");
    label.htmlFor = area.id = id;
    area.maxLength = R.max;
    area.rows = 8;
    area.dir = "auto";
    area.value = (ctx.text || stored || "").slice(0, R.max);
    area.setAttribute("aria-describedby", id + "-p " + id + "-n " + id + "-k");
    var count = text("p", "cp-count", ""), kept = text("p", "cp-count", R.save === "lms" ? ui.kept_lms : ui.kept_device);
    var copy = text("div", "cp-print-text", "");  // a textarea prints cut off: this copy is what prints
    count.id = id + "-n";
    kept.id = id + "-k";
    count.setAttribute("aria-live", "polite");
    var model = el("section", "cp-model"), actions = el("div", "cp-actions");
    model.hidden = true;
    var shown = button(ui.show_model, "", function () {
      model.hidden = false;
      shown.hidden = true;
      model.firstChild.focus();
    });
    heading(model, 2, R.model_heading);
    model.appendChild(el("div", "", R.model));
    actions.appendChild(shown);
    actions.appendChild(button(ui.download_text, "", function () {
      var a = el("a"), blob = new Blob(["\ufeff" + page.title + "\n\n" + CP.quiz.plain(R.prompt).trim() + "\n\n" + area.value + "\n"],
                                       { type: "text/plain;charset=utf-8" });
      a.href = root.URL.createObjectURL(blob);
      a.download = page.id + ".txt";
      doc.body.appendChild(a);
      a.click();
      a.remove();
      root.setTimeout(function () { root.URL.revokeObjectURL(a.href); }, 1000);
    }));
    actions.appendChild(button(ui.print, "", function () { root.print(); }));
    [label, area, count, kept, copy, actions, model].forEach(function (node) { box.appendChild(node); });
    function update() {
      shown.disabled = !area.value.trim();
      copy.textContent = area.value;
    }
    function counted() { count.textContent = fmt(ui.chars_left, { n: R.max - area.value.length }); }
    area.addEventListener("input", function () {
      try { root.localStorage.setItem(ctx.key, area.value); } catch (e) { /* private mode: kept on the page */ }
      ctx.keep(area.value);
      update();
      // The counter (a live region) and the LMS save wait for a pause in typing.
      root.clearTimeout(timer);
      timer = root.setTimeout(function () { counted(); ctx.changed(); }, 800);
    });
    update();
    counted();
  }

  /* A page of its own (standalone.py, for IMS CC and Open edX): no platform to report to; the
     scenario's progress and the reflection's text stay in this browser. An Open edX asset's
     neighbours are ".../block@<name>": coursepack-asset: URLs are made to point there. */
  function standalone(course) {
    var base = /^.*block(@|%40)/.exec(root.location.pathname), live = doc.getElementById("cp-live");
    course = JSON.parse(JSON.stringify(course).split("coursepack-asset:").join(base ? base[0] : ""));
    var page = course.pages[0], key = course.storage_key + ":" + page.kind + ":" + page.id, box = doc.getElementById("cp-activity");
    var ctx = { ui: course.ui, key: key, keep: function () {}, changed: function () {}, announce: function (m) {
      live.textContent = "";
      root.setTimeout(function () { live.textContent = m; }, 50);
    } };
    CP.locale = course.locale;
    if (page.reflection) return reflection(box, page, ctx);
    var s = null;
    try { s = JSON.parse(root.localStorage.getItem(key)); } catch (e) { s = null; }
    ctx.state = s && Array.isArray(s.path) ? s : { path: [], finished: false, best: null };
    ctx.state.path = CP.state.playable(page.scenario, ctx.state.path);
    ctx.played = function () { try { root.localStorage.setItem(key, JSON.stringify(ctx.state)); } catch (e) { /* kept on the page */ } };
    scenario(box, page, ctx);
  }

  CP.activity = { scenario: scenario, reflection: reflection, standalone: standalone };
})(window);
