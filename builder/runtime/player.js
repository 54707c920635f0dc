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

  function fresh() { return { location: null, visited: [], quizzes: {}, interactions: 0 }; }

  /* What the course rules say now: complete? passed (true), failed (false) or unknown (null)? score?
     blocked: the course can never be completed any more (its rule needs a pass that no attempt is
     left to reach). */
  function progress(course, state) {
    var lessons = course.pages.filter(function (p) { return p.kind === "lesson"; });
    var visitedAll = lessons.every(function (p) { return state.visited.indexOf(p.id) >= 0; });
    var graded = course.pages.filter(function (p) { return p.graded && p.quiz.settings.weight > 0; });
    var score = null, success = null, total = 0, sum = 0, tried = 0, spent = 0;
    graded.forEach(function (p) {
      var s = state.quizzes[p.id], w = p.quiz.settings.weight;
      total += w;
      if (s && s.attempts > 0) { tried += 1; sum += w * (s.best || 0); }
      if (CP.grader.attemptsLeft(p.quiz.settings, s ? s.attempts : 0) === 0) spent += 1;
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
    this.reviewer = !!(options.reviewer || course.reviewer);
    this.sequence = course.pages.map(function (p) { return p.id; });
    this.byId = {};
    course.pages.forEach(function (p) { this.byId[p.id] = p; }, this);
    this.wasComplete = false;
  }

  /* Find the platform (tracking.js may wait a while for it), then call done. */
  Player.prototype.connect = function (kind, done) {
    var self = this, ui = this.ui;
    var hooks = {
      onFailure: function () { self.alert(ui.save_failed); },
      onRecovered: function () { self.alert(""); self.announce(ui.saved_again); },
      onMissing: function () { self.alert(ui.no_lms); }
    };
    var options = { storageKey: this.course.storage_key, lang: this.course.lang };
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

  Player.prototype.alert = function (message) { $("cp-alert").textContent = message; };

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
      if (self.inGlossary ? id === "" : id === self.current) a.setAttribute("aria-current", "page");
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
    doc.querySelector(".cp-prev").disabled = !this.inGlossary && i <= 0;
    doc.querySelector(".cp-next").disabled = !this.inGlossary && i >= this.sequence.length - 1;
    $("cp-page-of").textContent = this.inGlossary ? "" : fmt(ui.page_of, { n: i + 1, total: this.sequence.length });
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
    this.current = page.id;
    this.inGlossary = false;
    main.innerHTML = "";
    var h1 = this.heading(main, page.title);
    var body = doc.createElement("div");
    body.className = "cp-content";
    main.appendChild(body);
    if (page.quiz) {
      var qs = this.state.quizzes[page.id] || (this.state.quizzes[page.id] = { attempts: 0, best: null, submitted: false, answers: {} });
      CP.quiz.render(body, page, {
        ui: this.ui, state: qs, reviewer: this.reviewer, announce: function (m) { self.announce(m); },
        changed: function () {},
        submitted: function (graded, given) { self.submitted(page, graded, given); }
      });
    } else {
      body.innerHTML = page.html;
    }
    if (this.state.visited.indexOf(page.id) < 0) this.state.visited.push(page.id);
    this.state.location = page.id;
    doc.title = page.title + " – " + this.course.title;
    this.updateChrome();
    this.collapseToc();
    if (focus) { root.scrollTo(0, 0); h1.focus(); }
    this.save(true);
  };

  Player.prototype.glossary = function (termId) {
    var main = $("cp-main"), list = doc.createElement("dl"), target = null;
    this.inGlossary = true;
    main.innerHTML = "";
    var h1 = this.heading(main, this.ui.glossary);
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
    this.updateChrome();
    this.collapseToc();
    (target || h1).focus();
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

  Player.prototype.collapseToc = function () {
    var toggle = doc.querySelector(".cp-toc-toggle");
    toggle.setAttribute("aria-expanded", "false");
    $("cp-toc").classList.remove("cp-open");
  };

  Player.prototype.step = function (delta) {
    if (this.inGlossary) return this.go(this.current, true);
    var i = this.sequence.indexOf(this.current) + delta;
    if (i >= 0 && i < this.sequence.length) this.go(this.sequence[i], true);
  };

  Player.prototype.bind = function () {
    var self = this;
    doc.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("a[href^='#/']");
      if (!link) return;
      event.preventDefault();
      var parts = link.getAttribute("href").split("/");
      if (parts[1] === "glossary") self.glossary(decodeURIComponent(parts[2] || ""));
      else self.go(decodeURIComponent(parts.slice(2).join("/")), true);
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

  /* The player runs (and becomes Coursepack.current) once tracking is connected: at once, unless
     the platform's API is late (tracking.js). */
  function start(course, options) {
    options = options || {};
    var player = new Player(course, options);
    player.connect(options.tracking || course.tracking, function () {
      player.buildToc();
      player.bind();
      if (player.mode !== "normal") player.alert(player.ui.browse_mode);
      else if (player.launch.credit === false) player.alert(player.ui.no_credit);
      player.go(player.state.location || player.sequence[0], false);
      root.Coursepack.current = player;
    });
    return player;
  }

  root.Coursepack.player = { start: start, progress: progress };
})(window);
