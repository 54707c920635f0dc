/* Compact, durable learner state: the text stored in suspend_data (or localStorage).

   Everything is keyed by short keys that the builder derives from stable IDs (builder/runtime/
   keys.py), never by position or text, so a republished course keeps what did not change:
   unknown keys are dropped, the rest is restored. Grammar (format "1"):

     state   = "1" "!" location "!" visited* "!" quiz ("*" quiz)* "!" count
     quiz    = key "." attempts "." best "." submitted "." answer (";" answer)*
     answer  = key ":" (token* | "'" length "'" text)
     key, token = fixed-width base-36: 3 characters for pages, 2 inside a quiz or question;
                  "~" + 7 characters where the short key collided

   attempts, best (percent × 100) and count (interactions written) are base-36 integers.
   Fill-in text is length-prefixed, so it needs no escaping and the worst case is exact; the
   reader therefore walks the text in order instead of splitting it. */
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

  function int(text) { var n = parseInt(text, 36); return isNaN(n) ? 0 : n; }

  /* index(course) → lookup tables from keys to IDs for the current course. */
  function index(course) {
    var pages = {}, quizzes = {};
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
    });
    return { pages: pages, quizzes: quizzes };
  }

  function encodeResponse(q, value) {
    if (q.type === "fill-in") return "'" + value.length.toString(36) + "'" + value;
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
      return text[0] === "'" && end > 0 ? text.slice(end + 1, end + 1 + int(text.slice(1, end))) : null;
    }
    ids = tokens(text, 2).map(function (k) { return entry.options[k]; });
    if (ids.some(function (id) { return id === undefined; })) return null;  // an option was removed
    if (q.type === "matching") {
      var pairs = {};
      for (var i = 0; i + 1 < ids.length; i += 2) pairs[ids[i]] = ids[i + 1];
      return pairs;
    }
    if (q.type === "ordering") return ids.length === q.items.length ? ids : null;
    if (q.type === "multiple") return ids;
    return ids.length === 1 ? ids[0] : null;
  }

  /* encode(course, state) → the suspend_data text. state: {location, visited: [page IDs],
     quizzes: {quizId: {attempts, best (percent or null), submitted, answers: {questionId: response}}},
     interactions}. */
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
      var best = s.best === null || s.best === undefined ? "" : Math.round(s.best * 100).toString(36);
      return [p.k, (s.attempts || 0).toString(36), best, s.submitted ? "1" : ""].join(".") + "." + answers.join(";");
    });
    var location = byId[state.location] ? byId[state.location].k : "";
    return ["1", location, visited, quizzes.join("*"), (state.interactions || 0).toString(36)].join("!");
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
    this.at = end + 1 + int(this.text.slice(start + 1, end));
    return this.text.slice(start, this.at);
  };

  function readQuiz(table, reader) {
    var head = [reader.until("."), (reader.next(), reader.until(".")), (reader.next(), reader.until(".")),
                (reader.next(), reader.until("."))];
    reader.next();
    var quiz = table.quizzes[head[0]], answers = {};
    while (reader.at < reader.text.length && "*!".indexOf(reader.peek()) < 0) {
      var qkey = reader.until(":*!");
      if (reader.next() !== ":") break;
      var body = reader.body(), entry = quiz && quiz.questions[qkey];
      var value = entry ? decodeResponse(entry, body) : null;
      if (value !== null) answers[entry.q.id] = value;
      if (reader.peek() === ";") reader.next();
    }
    if (!quiz) return null;
    return { id: quiz.id, state: { attempts: int(head[1]), best: head[2] ? int(head[2]) / 100 : null,
                                   submitted: head[3] === "1", answers: answers } };
  }

  /* decode(course, text) → state, or null when there is nothing usable (a fresh start). */
  function decode(course, text) {
    if (typeof text !== "string" || text.slice(0, 2) !== "1!") return null;
    var reader = new Reader(text.slice(2)), table = index(course);
    var location = reader.until("!");
    reader.next();
    var state = { location: table.pages[location] || null, visited: [], quizzes: {}, interactions: 0 };
    tokens(reader.until("!"), 3).forEach(function (k) { if (table.pages[k]) state.visited.push(table.pages[k]); });
    reader.next();
    while (reader.at < reader.text.length && reader.peek() !== "!") {
      var quiz = readQuiz(table, reader);
      if (quiz) state.quizzes[quiz.id] = quiz.state;
      if (reader.peek() === "*") reader.next();
    }
    reader.next();
    state.interactions = int(reader.until("!"));
    return state;
  }

  var api = { encode: encode, decode: decode };
  root.Coursepack = root.Coursepack || {};
  root.Coursepack.state = api;
  if (typeof module === "object" && module.exports) module.exports = api;
})(typeof window !== "undefined" ? window : globalThis);
