/* The player: navigation, table of contents, progress, the course's completion rules, and the
   tracking lifecycle. Entry point (see README.md):

     Coursepack.player.start(course, {tracking: "none"|"scorm12"|"scorm2004", reviewer: bool})

   Lifecycle: Initialize once at start; save + commit on page change, quiz submission and when
   the page is hidden; finish (Terminate/LMSFinish) on pagehide. Never unload/beforeunload: they
   are unreliable in LMS iframes and block the back/forward cache. */
(function (root) {
  "use strict";
  var doc = root.document, CP = root.Coursepack;

  function $(id) { return doc.getElementById(id); }
  function fmt(t, v) { return CP.quiz.format(t, v); }

  function fresh() { return { location: null, visited: [], quizzes: {}, interactions: 0, scenarios: {}, reflections: {} }; }

  /* What the course rules say now: complete? passed (true), failed (false) or unknown (null)? score?
     blocked: the course can never be completed any more (its rule needs a pass that no attempt is
     left to reach). */
  function progress(course, state) {
    var lessons = course.pages.filter(function (p) { return p.kind === "lesson"; });
    var visitedAll = lessons.every(function (p) { return state.visited.indexOf(p.id) >= 0; });
    // A scored scenario with weight > 0 counts like a graded quiz with unlimited attempts: its
    // best ending's score, once an ending was reached.
    function weight(p) { return p.quiz ? p.quiz.settings.weight : p.scenario ? p.scenario.weight : 0; }
    var graded = course.pages.filter(function (p) { return p.graded && weight(p) > 0; });
    var score = null, success = null, total = 0, sum = 0, tried = 0, spent = 0;
    graded.forEach(function (p) {
      var w = weight(p), s = p.quiz ? state.quizzes[p.id] : (state.scenarios || {})[p.id];
      total += w;
      if (s && (p.quiz ? s.attempts > 0 : s.finished)) { tried += 1; sum += w * (s.best || 0); }
      if (p.quiz && CP.grader.attemptsLeft(p.quiz.settings, s ? s.attempts : 0) === 0) spent += 1;
    });
    if (tried) score = CP.grader.round2(sum / total);
    if (graded.length) {
      if (score !== null && score >= course.pass_mark) success = true;
      // Failed only once no graded quiz has an attempt left: an LMS may end the learner's attempt
      // on "failed" (Moodle) or grade 0 until a later "passed" (Open edX).
      else if (spent === graded.length) success = false;
    }
    // A pass or completion once reported is never taken back by a republished course (state.js).
    if (graded.length && state.top !== null && state.top !== undefined) {
      success = true;
      score = score === null ? state.top : Math.max(score, state.top);
    }
    var passed = graded.length ? success === true : true;
    var complete = course.completion === "visited" ? visitedAll
      : course.completion === "passed" ? (graded.length ? passed : visitedAll) : visitedAll && passed
    complete = complete || !!state.done;
    return { complete: complete, success: success, score: score, visited: visitedAll, lessons: lessons,
             blocked: success === false && course.completion !== "visited" };
  }

  function Player(course, options) {
    this.course = course;
    this.ui = course.ui;
    root.Coursepack.locale = course.locale;  // plural table and number shapes for quiz.format
    this.reviewer = !!(options.reviewer || course.reviewer);
    this.sequence = course.pages.map(function (p) { return p.id; });
    this.byId = {};
    course.pages.forEach(function (p) { this.byId[p.id] = p; }, this);
    this.modules = {};
    course.modules.forEach(function (m) { this.modules[m.id] = m; }, this);
    this.loading = {};  // module ID → callbacks waiting for its content script
    this.wasComplete = false;
  }

  /* Pages load what they show: course.js is the outline, and each module's pages come in full
     from its content script (bundle.py), added as a <script> when first needed: a script, unlike
     fetch, loads from file://, offline and in an LMS frame. ready(done) runs now when the module is
     here (always, for data that carries its pages in full), later once it has loaded;
     failed runs if the script cannot load (it is removed, so the next try loads it again). */
  Player.prototype.load = function (moduleId, ready, failed) {
    var module = this.modules[moduleId], self = this;
    if (!module || !module.content || module.loaded) return ready();
    var waiting = this.loading[moduleId];
    if (waiting) return waiting.push({ ready: ready, failed: failed });
    waiting = this.loading[moduleId] = [{ ready: ready, failed: failed }];
    var script = doc.createElement("script");
    function settle(ok) {
      delete self.loading[moduleId];
      var pages = ok && (root.COURSEPACK_CONTENT || {})[moduleId];
      if (pages) self.fill(module, pages);
      else script.parentNode.removeChild(script);
      waiting.forEach(function (w) { (pages ? w.ready : w.failed)(); });
    }
    script.onload = function () { settle(true); };
    script.onerror = function () { settle(false); };
    script.src = module.content;
    doc.body.appendChild(script);
  };

  /* A module's content replaces its pages' outline entries field by field (the same objects stay
     in course.pages and byId, so the learner state and the sequence are untouched). */
  Player.prototype.fill = function (module, pages) {
    var self = this;
    module.pages.forEach(function (id) {
      var full = pages[id], page = self.byId[id];
      if (full && page) Object.keys(full).forEach(function (name) { page[name] = full[name]; });
    });
    module.loaded = true;
  };

  /* When the browser is idle, load the module after the current page's one, so Next across a
     module boundary does not wait. A failure here is silent: going there tries again, aloud. */
  Player.prototype.loadNext = function () {
    var self = this, at = this.byId[this.current], i = this.course.modules.indexOf(this.modules[at && at.module]);
    var next = this.course.modules[i + 1];
    if (i < 0 || !next || next.loaded || !next.content) return;
    var idle = root.requestIdleCallback || function (f) { return root.setTimeout(f, 500); };
    idle(function () { self.load(next.id, function () {}, function () {}); });
  };

  /* The page's module is not here yet: say so in the page, then show it once loaded; if its
     script fails, a clear message and a button that tries again. Only the last page asked for
     is shown (the learner may have moved on while it loaded). */
  Player.prototype.await_ = function (page, focus) {
    var self = this, main = $("cp-main"), ui = this.ui;
    this.waitingFor = page.id;
    main.innerHTML = "";
    var h1 = this.heading(main, page.title), note = text("p", "cp-loading", ui.loading);
    main.setAttribute("aria-busy", "true");
    main.appendChild(note);
    if (focus) { root.scrollTo(0, 0); h1.focus(); }
    this.load(page.module, function () {
      if (self.waitingFor !== page.id) return;
      self.waitingFor = null;
      main.removeAttribute("aria-busy");
      self.go(page.id, focus);
    }, function () {
      if (self.waitingFor !== page.id) return;
      self.waitingFor = null;
      main.removeAttribute("aria-busy");
      note.className = "cp-load-failed";
      note.setAttribute("role", "alert");
      note.textContent = ui.load_failed;
      var retry = text("button", "cp-load-retry", ui.retry);
      retry.type = "button";
      retry.addEventListener("click", function () { self.go(page.id, true); });
      main.appendChild(retry);
      self.announce(ui.load_failed);
    });
  };

  /* Find the platform (tracking.js may wait a while for it), then call done. */
  Player.prototype.connect = function (kind, done) {
    var self = this, ui = this.ui;
    var hooks = {
      onFailure: function () { self.alert(ui.save_failed); },
      onRecovered: function () { self.alert(""); self.announce(ui.saved_again); },
      onMissing: function () { self.alert(ui.no_lms); }
    };
    var options = { storageKey: this.course.state_key || this.course.storage_key, lang: this.course.lang };
    function connected(tracker) {
      self.tracker = tracker;
      self.launch = tracker.start();
      if (!self.launch) {  // Initialize refused: keep the course usable, progress in this browser only
        hooks.onMissing();
        return CP.tracking.create("none", hooks, options, connected);
      }
      self.mode = self.launch.mode;
      self.state = CP.state.decode(self.course, self.launch.suspend) || fresh();
      if (self.state.notice) self.alert(ui.state_partial);  // kept what it could read: say so
      done();
    }
    CP.tracking.create(kind, hooks, options, connected);
  };

  Player.prototype.announce = function (message) {
    var live = $("cp-live");
    live.textContent = "";
    root.setTimeout(function () { live.textContent = message; }, 50);
  };

  /* The warning bar sits in the page flow under the header (never over content, so it cannot hide
     focus at any zoom) and can be dismissed; a new message shows it again. */
  Player.prototype.alert = function (message) {
    $("cp-alert").textContent = message;
    $("cp-alert-bar").hidden = !message;
  };

  Player.prototype.snapshot = function () {
    var p = progress(this.course, this.state);
    if (this.mode === "normal" && p.complete) this.state.done = true;
    if (this.mode === "normal" && p.success === true) this.state.top = p.score;
    return { location: this.current, suspend: CP.state.encode(this.course, this.state), complete: p.complete,
             success: p.success, blocked: p.blocked, score: p.score };
  };

  Player.prototype.save = function (commit) {
    if (this.mode === "review" || this.finished) return;
    var snap = this.snapshot();
    this.tracker.save(snap);
    if (commit) this.tracker.commit();
    if (snap.complete && !this.wasComplete) this.announce(this.ui.course_done);
    this.wasComplete = snap.complete;
    $("cp-done-badge").hidden = !snap.complete;  // seen, not only heard
  };

  Player.prototype.finish = function () {
    if (this.finished) return;
    this.tracker.finish(this.snapshot());  // in review mode the adapter writes nothing, but still terminates
    this.finished = true;
  };

  Player.prototype.buildToc = function () {
    var nav = $("cp-toc"), list = doc.createElement("ol"), self = this;
    this.course.modules.forEach(function (m) {
      var item = doc.createElement("li"), title = doc.createElement("span"), pages = doc.createElement("ol");
      title.className = "cp-toc-module";
      title.textContent = m.title;
      item.appendChild(title);
      m.pages.forEach(function (id) {
        var li = doc.createElement("li"), a = doc.createElement("a");
        a.href = "#/page/" + id;
        a.textContent = self.byId[id].title;
        a.setAttribute("data-page", id);
        li.appendChild(a);
        pages.appendChild(li);
      });
      item.appendChild(pages);
      list.appendChild(item);
    });
    if (this.course.glossary.length) {
      var g = doc.createElement("li"), a = doc.createElement("a");
      a.href = "#/glossary/";
      a.textContent = this.ui.glossary;
      a.setAttribute("data-page", "");
      g.appendChild(a);
      list.appendChild(g);
    }
    nav.appendChild(list);
  };

  Player.prototype.updateChrome = function () {
    var self = this, p = progress(this.course, this.state), ui = this.ui;
    var done = p.lessons.filter(function (l) { return self.state.visited.indexOf(l.id) >= 0; }).length;
    $("cp-progress-bar").max = Math.max(p.lessons.length, 1);
    $("cp-progress-bar").value = done;
    $("cp-progress-text").textContent = fmt(ui.progress, { done: done, total: p.lessons.length });
    $("cp-toc").querySelectorAll("a[data-page]").forEach(function (a) {
      var id = a.getAttribute("data-page"), seen = self.state.visited.indexOf(id) >= 0;
      if (self.view === "glossary" ? id === "" : !self.view && id === self.current) a.setAttribute("aria-current", "page");
      else a.removeAttribute("aria-current");
      a.classList.toggle("cp-visited", seen);
      var mark = a.querySelector(".cp-visually-hidden");
      if (seen && !mark) {
        mark = doc.createElement("span");
        mark.className = "cp-visually-hidden";
        mark.textContent = " (" + ui.visited + ")";
        a.appendChild(mark);
      }
    });
    var i = this.sequence.indexOf(this.current);
    doc.querySelector(".cp-prev").disabled = !this.view && i <= 0;
    doc.querySelector(".cp-next").disabled = this.view === "end";
    // The last page's Next leads to the end page, so the learner always sees where they stand.
    doc.querySelector(".cp-next").textContent = !this.view && i === this.sequence.length - 1 ? ui.finish : ui.next;
  };

  Player.prototype.heading = function (main, title) {
    var h1 = doc.createElement("h1");
    h1.id = "cp-title";
    h1.tabIndex = -1;
    h1.textContent = title;
    main.appendChild(h1);
    return h1;
  };

  /* Show a page; `focus` moves focus to its heading (not on first load: the learner has not acted). */
  Player.prototype.go = function (id, focus) {
    var page = this.byId[id] || this.byId[this.sequence[0]], main = $("cp-main"), self = this;
    var module = this.modules[page.module];
    if (module && module.content && !module.loaded) return this.await_(page, focus);
    this.waitingFor = null;
    var back = this.reading && this.reading.page === page.id && this.view === "glossary" ? this.reading : null;
    this.current = page.id;
    this.view = null;
    this.route("#/page/" + page.id);
    main.innerHTML = "";
    var h1 = this.heading(main, page.title);
    var body = doc.createElement("div");
    body.className = "cp-content";
    main.appendChild(body);
    if (page.quiz) {
      var qs = this.state.quizzes[page.id] || (this.state.quizzes[page.id] = { attempts: 0, best: null, submitted: false, answers: {} });
      CP.quiz.render(body, page, {
        ui: this.ui, state: qs, reviewer: this.reviewer, graded: !!page.graded, announce: function (m) { self.announce(m); },
        changed: function () {},
        submitted: function (graded, given) { self.submitted(page, graded, given); }
      });
    } else if (page.scenario) {
      CP.activity.scenario(body, page, {
        ui: this.ui, announce: function (m) { self.announce(m); }, played: function (ending) { self.played(page, ending); },
        state: this.state.scenarios[page.id] || (this.state.scenarios[page.id] = { path: [], finished: false, best: null })
      });
    } else if (page.reflection) {
      this.reflect(body, page);
    } else {
      body.innerHTML = page.html;
      this.decorate(body);
    }
    if (this.state.visited.indexOf(page.id) < 0) this.state.visited.push(page.id);
    this.state.location = page.id;
    doc.title = page.title + " – " + this.course.title;
    this.updateChrome();
    this.collapseToc();
    if (back) this.resume(back, h1);
    else if (focus) { root.scrollTo(0, 0); h1.focus(); }
    this.save(true);
    this.loadNext();
  };

  /* Back from the glossary: the term link the learner followed gets focus, at the same scroll. */
  Player.prototype.resume = function (back, h1) {
    var link = $("cp-main").querySelectorAll("a[href^='#/glossary/']")[back.link];
    (link || h1).focus({ preventScroll: true });
    root.scrollTo({ top: back.y, behavior: "instant" });
    this.reading = null;
  };

  /* Lesson HTML as authored, plus what the player owes the learner: callouts are named regions
     (their title names them) and links that open a new tab say so. */
  Player.prototype.decorate = function (body) {
    var ui = this.ui;
    body.querySelectorAll("aside.cp-callout").forEach(function (aside, i) {
      var title = aside.querySelector(".cp-callout-title");
      if (!title) return;
      title.id = title.id || "cp-callout-" + (i + 1);
      aside.setAttribute("aria-labelledby", title.id);
    });
    body.querySelectorAll("a[target='_blank']").forEach(function (a) {
      a.rel = "noopener";
      a.appendChild(text("span", "cp-new-tab", ui.new_tab));
    });
  };

  /* The URL fragment follows the page (#/page/<id>, #/glossary/, #/home, #/end), so the browser's
     Back/Forward and a reload stay inside the course, in an LMS frame too. */
  Player.prototype.route = function (hash) {
    if (root.location.hash === hash) return;
    if (this.started) root.history.pushState(null, "", hash);
    else root.history.replaceState(null, "", hash);
  };

  Player.prototype.follow = function (hash, focus) {
    var parts = hash.split("/"), id = decodeURIComponent(parts.slice(2).join("/"));
    if (parts[1] === "glossary") this.glossary(id, focus);
    else if (parts[1] === "home") this.home(focus);
    else if (parts[1] === "end") this.end(focus);
    else if (parts[1] === "page" && this.byId[id]) this.go(id, focus);
    else return false;
    return true;
  };

  /* A page of the player's own (home, glossary, end): the course page stays the saved location. */
  Player.prototype.view_ = function (view, title, hash) {
    var main = $("cp-main");
    this.view = view;
    this.waitingFor = null;
    this.route(hash);
    main.innerHTML = "";
    doc.title = title + " – " + this.course.title;
    var h1 = this.heading(main, title);
    this.updateChrome();
    this.collapseToc();
    return h1;
  };

  function text(tag, cls, value) {
    var node = doc.createElement(tag);
    if (cls) node.className = cls;
    node.textContent = value;
    return node;
  }
  function link(href, value, cls) { var a = text("a", cls, value); a.href = href; return a; }

  /* The course home: one card per module with its progress, reading time and status. */
  Player.prototype.home = function (focus) {
    var self = this, ui = this.ui, h1 = this.view_("home", this.course.title, "#/home");
    var cards = doc.createElement("ul");
    cards.className = "cp-cards";
    this.course.modules.forEach(function (m) {
      var seen = m.pages.filter(function (id) { return self.state.visited.indexOf(id) >= 0; }).length;
      var status = seen === 0 ? ui.not_started : seen === m.pages.length ? ui.module_done : ui.in_progress;
      var card = text("li", "cp-card", ""), meta = text("p", "cp-card-meta", "");
      var next = m.pages.filter(function (id) { return self.state.visited.indexOf(id) < 0; })[0] || m.pages[0];
      card.appendChild(doc.createElement("h2")).appendChild(link("#/page/" + next, m.title));
      var bar = doc.createElement("progress");
      bar.max = m.pages.length;
      bar.value = seen;
      bar.setAttribute("aria-label", m.title);
      meta.textContent = fmt(ui.module_pages, { done: seen, total: m.pages.length }) +
        (m.minutes ? " · " + fmt(ui.minutes, { n: m.minutes }) : "");
      card.appendChild(bar);
      card.appendChild(meta);
      card.appendChild(text("p", "cp-status cp-" + (seen === 0 ? "todo" : seen === m.pages.length ? "done" : "doing"), status));
      cards.appendChild(card);
    });
    $("cp-main").appendChild(cards);
    if (focus) { root.scrollTo(0, 0); h1.focus(); }
  };

  /* The end page: what is complete, the score and the date, in a form worth printing. */
  Player.prototype.end = function (focus) {
    var self = this, ui = this.ui, p = progress(this.course, this.state);
    var h1 = this.view_("end", p.complete ? ui.end_done : ui.end_not_yet, "#/end"), main = $("cp-main");
    var card = text("div", "cp-certificate" + (p.complete ? " cp-complete" : ""), "");
    card.appendChild(text("p", "cp-certificate-course", this.course.title));
    if (p.complete) card.appendChild(text("p", "", fmt(ui.completed_on, {
      date: new Date().toLocaleDateString(this.course.lang, { year: "numeric", month: "long", day: "numeric" }) })));
    if (p.score !== null) card.appendChild(text("p", "", fmt(ui.course_score, { percent: Math.round(p.score) })));
    var list = doc.createElement("ul");
    list.className = "cp-checklist";
    this.course.modules.forEach(function (m) {
      var left = m.pages.filter(function (id) { return self.state.visited.indexOf(id) < 0; });
      var item = text("li", left.length ? "cp-todo" : "cp-done", "");
      item.appendChild(text("span", "cp-visually-hidden", (left.length ? ui.in_progress : ui.module_done) + ": "));
      if (left.length) item.appendChild(link("#/page/" + left[0], m.title));
      else item.appendChild(doc.createTextNode(m.title));
      list.appendChild(item);
    });
    card.appendChild(list);
    main.appendChild(card);
    var print = text("button", "cp-print", ui.print);
    print.type = "button";
    print.addEventListener("click", function () { root.print(); });
    main.appendChild(print);
    if (focus) { root.scrollTo(0, 0); h1.focus(); }
  };

  Player.prototype.glossary = function (termId, focus) {
    var main = $("cp-main"), list = doc.createElement("dl"), target = null;
    if (!this.view) {  // remember the reading position (and which term link was followed)
      var links = [].slice.call(main.querySelectorAll("a[href^='#/glossary/']"));
      this.reading = { page: this.current, y: root.scrollY, link: links.indexOf(doc.activeElement) };
    }
    var h1 = this.view_("glossary", this.ui.glossary, "#/glossary/" + encodeURIComponent(termId || ""));
    var page = this.byId[this.current];
    if (page) main.appendChild(doc.createElement("p")).appendChild(link("#/page/" + page.id, fmt(this.ui.back_to, { title: page.title }), "cp-back"));
    this.course.glossary.forEach(function (t) {
      var dt = doc.createElement("dt"), dd = doc.createElement("dd");
      dt.id = "cp-term-" + t.id;
      dt.tabIndex = -1;
      dt.textContent = t.term;
      dd.innerHTML = t.html;
      list.appendChild(dt);
      list.appendChild(dd);
      if (t.id === termId) target = dt;
    });
    main.appendChild(list);
    if (focus !== false) (target || h1).focus();
  };

  Player.prototype.submitted = function (page, graded, given) {
    var self = this, index = this.state.interactions, attempt = this.state.quizzes[page.id].attempts;
    if (this.tracker.count) index = Math.max(index, this.tracker.count());
    page.quiz.questions.forEach(function (q) {
      self.tracker.interaction(CP.tracking.record(page.quiz, q, given[q.id], graded.questions[q.id].correct,
                                                  attempt, index, self.course.lang));
      index += 1;
    });
    if (this.mode === "normal") this.state.interactions = index;
    this.updateChrome();
    this.save(true);
  };

  /* A scenario step was chosen: an ending reached is one interaction (the path), then a save. */
  Player.prototype.played = function (page, ending) {
    if (ending) {
      var index = Math.max(this.state.interactions, this.tracker.count ? this.tracker.count() : 0);
      this.tracker.interaction(CP.tracking.path(page, this.state.scenarios[page.id].path, ending, index));
      if (this.mode === "normal") this.state.interactions = index + 1;
    }
    this.updateChrome();
    this.save(true);
  };

  /* What the learner writes stays in this browser (localStorage); with save: lms it is also part
     of the state, so it follows the learner to another device. */
  Player.prototype.reflect = function (body, page) {
    var self = this, lms = page.reflection.save === "lms", notes = this.state.reflections;
    CP.activity.reflection(body, page, {
      ui: this.ui, key: this.course.storage_key + ":reflection:" + page.id, text: lms ? notes[page.id] : undefined,
      keep: function (text) { if (lms) notes[page.id] = text; },
      changed: function () { if (lms) self.save(true); }
    });
  };

  Player.prototype.collapseToc = function () {
    var toggle = doc.querySelector(".cp-toc-toggle");
    toggle.setAttribute("aria-expanded", "false");
    $("cp-toc").classList.remove("cp-open");
  };

  Player.prototype.step = function (delta) {
    if (this.view === "end" && delta < 0) return this.go(this.sequence[this.sequence.length - 1], true);
    if (this.view) return this.go(this.current, true);
    var i = this.sequence.indexOf(this.current) + delta;
    if (i >= 0 && i < this.sequence.length) this.go(this.sequence[i], true);
    else if (i === this.sequence.length) this.end(true);
  };

  Player.prototype.bind = function () {
    var self = this;
    doc.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("a[href^='#/']");
      if (!link) return;
      event.preventDefault();
      self.follow(link.getAttribute("href"), true);
    });
    // Back/Forward (and a typed fragment): show the page the URL names.
    root.addEventListener("popstate", function () { self.follow(root.location.hash, true); });
    doc.querySelector(".cp-alert-close").addEventListener("click", function () {
      $("cp-alert-bar").hidden = true;
      $("cp-main").focus();
    });
    doc.querySelectorAll("[data-go]").forEach(function (button) {
      button.addEventListener("click", function () { self.step(Number(button.getAttribute("data-go"))); });
    });
    var toggle = doc.querySelector(".cp-toc-toggle");
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", String(open));
      $("cp-toc").classList.toggle("cp-open", open);
    });
    doc.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && $("cp-toc").classList.contains("cp-open")) { self.collapseToc(); toggle.focus(); }
    });
    doc.addEventListener("visibilitychange", function () {
      if (doc.visibilityState === "hidden") self.save(true);
    });
    root.addEventListener("pagehide", function () { self.finish(); });
  };

  /* One SCO per module (options.module, targets/_scorm.py): the player keeps to that module, with a
     saved state, progress, completion and score of its own (the course's rules applied to the
     module's pages), and its own key in this browser when no platform answers. */
  function restrict(course, moduleId) {
    var module = course.modules.filter(function (m) { return m.id === moduleId; })[0];
    if (!module) return course;
    var view = {};
    Object.keys(course).forEach(function (name) { view[name] = course[name]; });
    view.modules = [module];
    view.pages = course.pages.filter(function (p) { return p.module === moduleId; });
    view.state_key = course.storage_key + ":" + moduleId;
    return view;
  }

  /* The page the launch shows first: the one in the URL, else the saved location, else the first. */
  Player.prototype.firstPage = function () {
    var parts = root.location.hash.split("/"), id = decodeURIComponent(parts.slice(2).join("/"));
    var page = parts[1] === "page" && this.byId[id] ? id : this.state.location;
    return this.byId[page] || this.byId[this.sequence[0]];
  };

  /* The player runs (and becomes Coursepack.current) once tracking is connected: at once, unless
     the platform's API is late (tracking.js). */
  function start(course, options) {
    options = options || {};
    var player = new Player(options.module ? restrict(course, options.module) : course, options);
    player.connect(options.tracking || course.tracking, function () {
      player.buildToc();
      player.bind();
      if (player.mode !== "normal") player.alert(player.ui.browse_mode);
      else if (player.launch.credit === false) player.alert(player.ui.no_credit);
      // A reload keeps the page in the URL; otherwise resume where the learner left off. The
      // first page's module is loaded first (a failure shows there, with a retry), so the
      // player is current only once the first page is shown.
      var first = player.firstPage(), show = function () {
        if (!player.follow(root.location.hash, false)) player.go(player.state.location || player.sequence[0], false);
        player.started = true;
        root.Coursepack.current = player;
      };
      player.load(first.module, show, show);
    });
    return player;
  }

  root.Coursepack.player = { start: start, progress: progress };
})(window);
