/* The quiz grader, a line-by-line port of coursepack_quiz/grading.py and policy.answers_visible.
   tests/runtime/ runs it against grading_cases.json and against the Python grader, so the two
   never drift. Pure: no DOM, no state. Works as a browser global and as a Node module. */
(function (root) {
  "use strict";
  var CHOICE = { single: 1, multiple: 1, "true-false": 1 };
  // Python's str.isspace() set: JS \s lacks \x1c-\x1f and \x85 and wrongly includes \ufeff.
  var SPACE = /[\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/g;

  // Python's str.casefold() per code point. toUpperCase().toLowerCase() matches it except for
  // dotless i, capital sharp s and Cherokee, which case-folds to upper case.
  function foldChar(ch) {
    var c = ch.codePointAt(0);
    if (c === 0x131 || (c >= 0x13a0 && c <= 0x13f5)) return ch;
    if (c === 0x1e9e) return "ss";
    if (c >= 0x13f8 && c <= 0x13fd) return String.fromCodePoint(c - 8);
    if (c >= 0xab70 && c <= 0xabbf) return String.fromCodePoint(c - 0x97d0);
    return ch.toUpperCase().toLowerCase();
  }

  function casefold(text) {
    var out = "";
    for (var ch of text) out += foldChar(ch);
    return out;
  }

  function normalise(text, caseSensitive) {
    text = text.normalize("NFC").replace(SPACE, " ").replace(/^ | $/g, "");
    return caseSensitive ? text : casefold(text).normalize("NFC");
  }

  function isList(v) { return Array.isArray(v); }
  function isMap(v) { return v !== null && typeof v === "object" && !Array.isArray(v); }
  function isStr(v) { return typeof v === "string"; }

  var CHECKS = {
    single: function (q, r) { return isStr(r) && q.choices.some(function (c) { return c.id === r && c.correct; }); },
    multiple: function (q, r) {
      if (!isList(r) || !r.every(isStr)) return false;
      var given = new Set(r), want = q.choices.filter(function (c) { return c.correct; });
      return given.size === want.length && want.every(function (c) { return given.has(c.id); });
    },
    "fill-in": function (q, r) {
      if (!isStr(r)) return false;
      var given = normalise(r, q.case_sensitive);
      return given !== "" && q.answers.some(function (a) { return normalise(a, q.case_sensitive) === given; });
    },
    matching: function (q, r) {
      return isMap(r) && q.pairs.every(function (p) { return Object.prototype.hasOwnProperty.call(r, p.id) && r[p.id] === p.id; });
    },
    ordering: function (q, r) {
      return isList(r) && r.length === q.items.length && q.items.every(function (item, i) { return r[i] === item.id; });
    }
  };
  CHECKS["true-false"] = CHECKS.single;

  // A wrongly shaped response selects nothing, exactly as if unanswered.
  function selected(q, r) {
    if (q.type === "multiple") return new Set(isList(r) ? r.filter(isStr) : []);
    return new Set(isStr(r) ? [r] : []);
  }

  function feedbackKeys(q, r, correct) {
    var keys = [];
    if (CHOICE[q.type]) {
      var chosen = selected(q, r);
      q.choices.forEach(function (c) { if (chosen.has(c.id) && c.feedback) keys.push("choice:" + c.id); });
    }
    if (correct ? q.feedback_correct : q.feedback_incorrect) keys.push(correct ? "correct" : "incorrect");
    return keys;
  }

  function gradeQuestion(q, r) {
    var correct = r !== undefined && r !== null && CHECKS[q.type](q, r);
    return { correct: correct, points: correct ? q.points : 0, max_points: q.points, feedback: feedbackKeys(q, r, correct) };
  }

  // Python's round(x, 2): correctly rounded, ties (exact in binary) to even.
  function round2(x) {
    var exact = x.toFixed(20), tie = /\.\d\d5(0*)$/.test(exact);
    if (!tie) return Number(x.toFixed(2));
    var down = Math.trunc(x * 100), up = down + (x < 0 ? -1 : 1);
    return (down % 2 === 0 ? down : up) / 100;
  }

  /* grade(quiz, responses, passMark) → the shape of `expected` in grading_cases.json.
     passMark: the given mark, else quiz.settings.pass_mark, else 100. */
  function grade(quiz, responses, passMark) {
    if (!isMap(responses)) responses = {};
    var score = 0, max = 0, questions = {};
    quiz.questions.forEach(function (q) {
      var own = Object.prototype.hasOwnProperty.call(responses, q.id);
      var res = gradeQuestion(q, own ? responses[q.id] : undefined);
      score += res.points;
      max += res.max_points;
      questions[q.id] = { correct: res.correct, points: res.points, feedback: res.feedback };
    });
    var percent = max ? round2(100 * score / max) : 0;
    var mark = passMark !== undefined && passMark !== null ? passMark : quiz.settings.pass_mark;
    mark = mark === undefined || mark === null ? 100 : Number(mark);
    return { score: score, max_score: max, percent: percent, passed: percent >= mark, questions: questions };
  }

  function attemptsLeft(settings, used) {
    return settings.attempts ? Math.max(0, settings.attempts - used) : null;
  }

  var VISIBLE = {
    never: function () { return false; },
    "after-submit": function (s, used) { return used >= 1; },
    "after-pass": function (s, used, passed) { return passed; },
    "after-last-attempt": function (s, used, passed) { return passed || attemptsLeft(s, used) === 0; },
    always: function () { return true; }
  };

  function answersVisible(settings, used, passed) {
    return VISIBLE[settings.show_answers](settings, used, passed);
  }

  var api = { grade: grade, normalise: normalise, casefold: casefold, round2: round2,
              answersVisible: answersVisible, attemptsLeft: attemptsLeft };
  root.Coursepack = root.Coursepack || {};
  root.Coursepack.grader = api;
  if (typeof module === "object" && module.exports) module.exports = api;
})(typeof window !== "undefined" ? window : globalThis);
