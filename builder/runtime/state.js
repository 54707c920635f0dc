/* Compact, durable learner state: the text stored in suspend_data (or localStorage).

   Everything is keyed by short keys that the builder derives from stable IDs (builder/runtime/
   keys.py), never by position or text, so a republished course keeps what did not change:
   unknown keys are dropped, the rest is restored. Grammar (format "3"):

     state   = "3" "!" version "!" location "!" visited* "!" quiz ("*" quiz)* "!" count "!" done "." top
               "!" play ("*" play)* "!" note ("*" note)*
     quiz    = key "." attempts "." best "." submitted "." answer (";" answer)*
     answer  = key ":" (token* | "'" length "'" text)
     play    = key "." choice* "." finished "." best      (a scenario: the loop-erased path of choices)
     note    = key "'" length "'" text                    (a reflection with save: lms)
     key, token = fixed-width base-36: 3 characters for pages, 2 inside a quiz or question;
                  "~" + 7 characters where the short key collided

   attempts, best (percent × 100) and count (interactions written) are base-36 integers.
   Fill-in text is length-prefixed, so it needs no escaping and the worst case is exact; the
   reader therefore walks the text in order instead of splitting it.
   version is the course version that wrote the state ("!" removed); done is "1" once the course
   was complete, top the course score (percent × 100) once passed: a republished course never
   takes back a completion or a pass the learner was given. Formats "1" (no version, done, top) and
   "2" (no scenarios, reflections) are read as migrations. A path is replayed from the start node
   on reading: it stops at the first choice that no longer leaves the node reached (a republished
   scenario), so the player always resumes on a real node. decode never throws: what it cannot
   read (another format, a damaged record, an out-of-range number, which is clamped) sets
   state.notice, and the rest is kept. */
(function (root) {
  "use strict";

  function tokens(text, width) {
    var out = [], i = 0;
    while (i < text.length) {
      var size = text[i] === "~" ? 8 : width;
      out.push(text.slice(i, i + size));
      i += size;
    }
    return out;
  }

  function int(text) { var n = parseInt(text, 36); return isNaN(n) ? 0 : n; }  // "-" parses: callers clamp

  function pct(n) { return n === null || n === undefined ? "" : Math.round(n * 100).toString(36); }
  function text36(t) { return "'" + t.length.toString(36) + "'" + t; }

  /* A scenario's nodes by ID, and each choice by ID with the node it leaves. */
  function graph(scenario) {
    var nodes = {}, choices = {};
    scenario.nodes.forEach(function (n) {
      nodes[n.id] = n;
      n.choices.forEach(function (c) { choices[c.id] = { c: c, from: n.id }; });
    });
    return { nodes: nodes, choices: choices, start: scenario.start || scenario.nodes[0].id };
  }

  /* The longest prefix of `path` (choice IDs) that can be played from the start node. */
  function playable(scenario, path) {
    var g = graph(scenario), at = g.start, out = [];
    for (var i = 0; i < path.length; i++) {
      var step = g.choices[path[i]];
      if (!step || step.from !== at) break;
      out.push(path[i]);
      at = step.c.next;
    }
    return out;
  }

  function version(course) { return String(course.version || "").split("!").join(""); }

  /* A number of the state, kept within [0, max]; one outside marks the state as damaged. */
  function within(state, value, max) {
    if (value >= 0 && value <= max) return value;
    state.notice = true;
    return value < 0 ? 0 : max;
  }

  /* index(course) → lookup tables from keys to IDs for the current course. */
  function index(course) {
    var pages = {}, quizzes = {}, plays = {}, notes = {};
    course.pages.forEach(function (page) {
      pages[page.k] = page.id;
      if (page.quiz) {
        var questions = {};
        page.quiz.questions.forEach(function (q) {
          var options = {};
          Object.keys(q.keys).forEach(function (id) { options[q.keys[id]] = id; });
          questions[q.k] = { q: q, options: options };
        });
        quizzes[page.k] = { id: page.id, questions: questions };
      }
      if (page.scenario) {
        var choices = {};
        page.scenario.nodes.forEach(function (n) { n.choices.forEach(function (c) { choices[c.k] = c.id; }); });
        plays[page.k] = { page: page, choices: choices };
      }
      if (page.reflection && page.reflection.save === "lms") notes[page.k] = page;
    });
    return { pages: pages, quizzes: quizzes, plays: plays, notes: notes };
  }

  function encodeResponse(q, value) {
    if (q.type === "fill-in") return text36(value);
    if (q.type === "matching") {
      return Object.keys(value).sort().filter(function (p) { return q.keys[p] && q.keys[value[p]]; })
        .map(function (p) { return q.keys[p] + q.keys[value[p]]; }).join("");
    }
    var list = Array.isArray(value) ? value : [value];
    return list.filter(function (id) { return q.keys[id]; }).map(function (id) { return q.keys[id]; }).join("");
  }

  function decodeResponse(entry, text) {
    var q = entry.q, ids;
    if (q.type === "fill-in") {
      var end = text.indexOf("'", 1);
      return text[0] === "'" && end > 0 ? text.slice(end + 1, end + 1 + int(text.slice(1, end))).slice(0, q.limit || 250) : null;
    }
    ids = tokens(text, 2).map(function (k) { return entry.options[k]; });
    if (q.type === "matching") {  // a pair whose premise or choice was removed goes; the others stay
      var pairs = {}, any = false;
      for (var i = 0; i + 1 < ids.length; i += 2) if (ids[i] && ids[i + 1]) { pairs[ids[i]] = ids[i + 1]; any = true; }
      return any ? pairs : null;
    }
    if (q.type === "multiple") {  // a removed option goes; the learner's other choices stay
      ids = ids.filter(function (id) { return id !== undefined; });
      return ids.length ? ids : null;
    }
    if (ids.some(function (id) { return id === undefined; })) return null;  // an item or option was removed
    if (q.type === "ordering") return ids.length === q.items.length ? ids : null;
    return ids.length === 1 ? ids[0] : null;
  }

  /* encode(course, state) → the suspend_data text. state: {location, visited: [page IDs],
     quizzes: {quizId: {attempts, best (percent or null), submitted, answers: {questionId: response}}},
     interactions, done, top, scenarios: {pageId: {path: [choice IDs], finished, best (percent or null)}},
     reflections: {pageId: text} (only pages with save: lms are written)}. */
  function encode(course, state) {
    var byId = {};
    course.pages.forEach(function (p) { byId[p.id] = p; });
    var visited = course.pages.filter(function (p) { return state.visited.indexOf(p.id) >= 0; })
      .map(function (p) { return p.k; }).join("");
    var quizzes = course.pages.filter(function (p) { return p.quiz && state.quizzes[p.id]; }).map(function (p) {
      var s = state.quizzes[p.id];
      var answers = p.quiz.questions.filter(function (q) {
        var v = s.answers[q.id];
        return v !== undefined && v !== null && v !== "";
      }).map(function (q) { return q.k + ":" + encodeResponse(q, s.answers[q.id]); });
      return [p.k, (s.attempts || 0).toString(36), pct(s.best), s.submitted ? "1" : ""].join(".") + "." + answers.join(";");
    });
    var plays = state.scenarios || {}, notes = state.reflections || {};
    var scenarios = course.pages.filter(function (p) { return p.scenario && plays[p.id]; }).map(function (p) {
      var s = plays[p.id], keys = graph(p.scenario).choices;
      return [p.k, s.path.map(function (id) { return keys[id] ? keys[id].c.k : ""; }).join(""), s.finished ? "1" : "",
              pct(s.best)].join(".");
    });
    var reflections = course.pages.filter(function (p) {
      return p.reflection && p.reflection.save === "lms" && notes[p.id];
    }).map(function (p) { return p.k + text36(notes[p.id].slice(0, p.reflection.max)); });
    var location = byId[state.location] ? byId[state.location].k : "";
    return ["3", version(course), location, visited, quizzes.join("*"), (state.interactions || 0).toString(36),
            (state.done ? "1" : "") + "." + pct(state.top), scenarios.join("*"), reflections.join("*")].join("!");
  }

  /* A cursor over the text: fill-in text may hold any character, so records are read in
     order (text is skipped by its length) rather than split on separators. */
  function Reader(text) { this.text = text; this.at = 0; }
  Reader.prototype.until = function (stops) {
    var start = this.at;
    while (this.at < this.text.length && stops.indexOf(this.text[this.at]) < 0) this.at++;
    return this.text.slice(start, this.at);
  };
  Reader.prototype.next = function () { return this.text[this.at++]; };
  Reader.prototype.peek = function () { return this.text[this.at]; };
  Reader.prototype.body = function () {
    if (this.peek() !== "'") return this.until(";*!");
    var start = this.at, end = this.text.indexOf("'", start + 1);
    if (end < 0) { this.at = this.text.length; return ""; }
    this.at = end + 1 + Math.max(0, int(this.text.slice(start + 1, end)));  // never backwards: a damaged length
    return this.text.slice(start, this.at);
  };

  function readQuiz(table, reader, state) {
    var head = [reader.until("."), (reader.next(), reader.until(".")), (reader.next(), reader.until(".")),
                (reader.next(), reader.until("."))];
    reader.next();
    var quiz = table.quizzes[head[0]], answers = {};
    while (reader.at < reader.text.length && "*!".indexOf(reader.peek()) < 0) {
      var qkey = reader.until(":*!");
      if (reader.next() !== ":") { state.notice = true; break; }
      var body = reader.body(), entry = quiz && quiz.questions[qkey];
      var value = entry ? decodeResponse(entry, body) : null;
      if (value !== null) answers[entry.q.id] = value;
      if (reader.peek() === ";") reader.next();
    }
    if (!quiz) return null;
    return { id: quiz.id, state: { attempts: within(state, int(head[1]), 100),
                                   best: head[2] ? within(state, int(head[2]), 10000) / 100 : null,
                                   submitted: head[3] === "1", answers: answers } };
  }

  /* decode(course, text) → state, or null when nothing was saved (a fresh start). Never throws:
     text it cannot read gives what could be read, with state.notice set (the player says so). */
  function decode(course, text) {
    if (typeof text !== "string" || text === "") return null;
    var state = { location: null, visited: [], quizzes: {}, interactions: 0, version: "", done: false, top: null,
                  scenarios: {}, reflections: {}, notice: false };
    try {
      read(course, text, state);
    } catch (e) {
      state.notice = true;
    }
    return state;
  }

  function read(course, text, state) {
    var format = text.slice(0, 2);
    if (format !== "1!" && format !== "2!" && format !== "3!") { state.notice = true; return; }
    var reader = new Reader(text.slice(2)), table = index(course);
    if (format !== "1!") { state.version = reader.until("!"); reader.next(); }
    state.location = table.pages[reader.until("!")] || null;
    reader.next();
    tokens(reader.until("!"), 3).forEach(function (k) { if (table.pages[k]) state.visited.push(table.pages[k]); });
    reader.next();
    while (reader.at < reader.text.length && reader.peek() !== "!") {
      var quiz = readQuiz(table, reader, state);
      if (quiz) state.quizzes[quiz.id] = quiz.state;
      if (reader.peek() === "*") reader.next();
      else if (reader.peek() !== "!" && reader.at < reader.text.length) { state.notice = true; return; }
    }
    reader.next();
    state.interactions = within(state, int(reader.until("!")), 46655);
    if (format === "1!") return;
    if (reader.next() !== "!") { state.notice = true; return; }
    state.done = reader.until(".") === "1";
    reader.next();
    var top = reader.until("!");
    state.top = top ? within(state, int(top), 10000) / 100 : null;
    if (format === "3!") {
      if (reader.next() !== "!") { state.notice = true; return; }
      readActivities(table, reader, state);
    }
    if (reader.at < reader.text.length) state.notice = true;
  }

  /* Format 3's scenarios and reflections; an unknown key (a removed page) is skipped. */
  function readActivities(table, reader, state) {
    while (reader.at < reader.text.length && reader.peek() !== "!") {
      var key = reader.until(".!*"), path = (reader.next(), reader.until(".!*")),
          finished = (reader.next(), reader.until(".!*")), best = (reader.next(), reader.until("*!"));
      var play = table.plays[key];
      if (play) {
        var ids = tokens(path, 2).map(function (k) { return play.choices[k]; });
        state.scenarios[play.page.id] = { path: playable(play.page.scenario, ids), finished: finished === "1",
                                          best: best ? within(state, int(best), 10000) / 100 : null };
      }
      if (reader.peek() === "*") reader.next();
    }
    if (reader.next() !== "!") return;
    while (reader.at < reader.text.length) {
      var k = reader.until("'*!"), body = reader.body(), page = table.notes[k], end = body.indexOf("'", 1);
      if (body[0] !== "'" || end < 0) { state.notice = true; return; }
      if (page) state.reflections[page.id] = body.slice(end + 1).slice(0, page.reflection.max);
      if (reader.peek() !== "*") return;
      reader.next();
    }
  }

  var api = { encode: encode, decode: decode, playable: playable, graph: graph };
  root.Coursepack = root.Coursepack || {};
  root.Coursepack.state = api;
  if (typeof module === "object" && module.exports) module.exports = api;
})(typeof window !== "undefined" ? window : globalThis);
