/* One tracking interface, three adapters: "none" (the web target: progress in localStorage),
   "scorm12" and "scorm2004". The player only ever calls:

     Coursepack.tracking.create(kind, {onFailure: fn(), onRecovered: fn(), onMissing: fn()}, options,
                                function ready(t) {…});  // ready runs once the API is found or given up
     t.start()        → {suspend: text|null, mode: "normal"|"browse"|"review", connected: bool}
     t.save(snapshot) → write location, state, status and score (no commit)
     t.commit()       → flush; a failed commit is retried, a persistent failure reported once
     t.interaction(r) → record one answered question or played scenario (cmi.interactions)
     t.finish(snapshot) → final values and Terminate/LMSFinish, once

   snapshot: {location: page ID, suspend: state text, complete: bool, success: true|false|null,
   blocked: bool (the course can no longer be completed), score: 0–100 or null}. Status rules
   (what counts as complete, passed or failed) live in player.js; this file only maps them onto
   each standard. Nothing here uses unload/beforeunload. */
(function (root) {
  "use strict";
  var RETRIES = [1000, 4000], WAIT = 5000, STEP = 250;

  function pad(n, width) { n = String(n); while (n.length < width) n = "0" + n; return n; }

  var PROFILES = {
    scorm12: {
      api: "API", init: "LMSInitialize", get: "LMSGetValue", set: "LMSSetValue", commit: "LMSCommit",
      finish: "LMSFinish", error: "LMSGetLastError",
      location: "cmi.core.lesson_location", suspend: "cmi.suspend_data", mode: "cmi.core.lesson_mode",
      credit: "cmi.core.credit",
      exit: "cmi.core.exit", time: "cmi.core.session_time", score: "cmi.core.score.",
      wrong: "wrong", tf: { "true": "t", "false": "f" }, sep: ",", dot: ".", prefix: "",
      duration: function (ms) {  // CMITimespan HHHH:MM:SS.SS
        var cs = Math.round(ms / 10), s = Math.floor(cs / 100);
        return pad(Math.floor(s / 3600), 4) + ":" + pad(Math.floor(s / 60) % 60, 2) + ":" + pad(s % 60, 2) + "." + pad(cs % 100, 2);
      },
      /* One field for completion and success (README.md, "SCORM 1.2 status"): anything but
         incomplete ends a Moodle attempt, so passed/completed only once the course rule is met,
         failed only once it never can be; the score only once success is decided, so an LMS that
         rewrites the status from the score (mastery score) cannot fail a learner early. */
      status: function (snap) {
        return [["cmi.core.lesson_status", snap.complete ? (snap.success === true ? "passed" : "completed")
          : snap.blocked ? "failed" : "incomplete"]];
      },
      scored: function (snap) { return snap.success !== null; },
      completion: function (snap) { return [["cmi.core.lesson_status", snap.complete ? "completed" : "incomplete"]]; },
      // 1.2 choice responses are single characters: an option's letter in the author's order.
      token: function (q, id) {
        var list = q.type === "matching" ? q.pairs.concat(q.distractors) : q.type === "ordering" ? q.items : q.choices;
        var i = list.map(function (o) { return o.id; }).indexOf(id);
        return "abcdefghijklmnopqrstuvwxyz0123456789"[i] || "?";
      },
      premise: function (q, id) { return String(q.pairs.map(function (p) { return p.id; }).indexOf(id) + 1); },
      text: function (t) { return t.slice(0, 255); },
      // A scenario's path: each step's choice as its letter within its node, "a,c,b" (1.2 choice
      // responses are single characters; 255 at most, so the first 128 steps).
      path: function (g, path) {
        return path.slice(0, 128).map(function (id) {
          var step = g.choices[id];
          return "abcd"[g.nodes[step.from].choices.indexOf(step.c)];
        }).join(",");
      },
      other: "choice",
      fields: function (n, r) {
        var base = "cmi.interactions." + n + ".";
        return [[base + "id", r.id], [base + "type", r.type], [base + "student_response", r.response]]
          .concat(r.pattern === undefined ? [] : [[base + "correct_responses.0.pattern", r.pattern]])
          .concat([[base + "result", r.result], [base + "weighting", String(r.weight)]]);
      }
    },
    scorm2004: {
      api: "API_1484_11", init: "Initialize", get: "GetValue", set: "SetValue", commit: "Commit",
      finish: "Terminate", error: "GetLastError",
      location: "cmi.location", suspend: "cmi.suspend_data", mode: "cmi.mode", exit: "cmi.exit",
      credit: "cmi.credit",
      time: "cmi.session_time", score: "cmi.score.", wrong: "incorrect", tf: { "true": "true", "false": "false" },
      sep: "[,]", dot: "[.]",
      duration: function (ms) { return "PT" + (Math.round(ms / 10) / 100) + "S"; },
      status: function (snap) {
        return [["cmi.completion_status", snap.complete ? "completed" : "incomplete"],
                ["cmi.success_status", snap.success === true ? "passed" : snap.success === false ? "failed" : "unknown"]];
      },
      scored: function () { return true; },
      completion: function (snap) { return [["cmi.completion_status", snap.complete ? "completed" : "incomplete"]]; },
      token: function (q, id) { return id; },
      premise: function (q, id) { return id; },
      text: function (t, lang) { return "{lang=" + lang + "}" + t.slice(0, 250).split("[,]").join(","); },
      // A scenario's path: the choice IDs, "apologise,listen" (type other, 4,000 characters at most).
      path: function (g, path) {
        var out = path.join(",");
        return out.length <= 4000 ? out : out.slice(0, 4001).replace(/,[^,]*$/, "");
      },
      other: "other",
      fields: function (n, r) {
        var base = "cmi.interactions." + n + ".";
        // An unanswered question has no learner_response: 2004 rejects an empty one (406) for most types.
        return [[base + "id", r.id], [base + "type", r.type], [base + "description", r.description]]
          .concat(r.blank ? [] : [[base + "learner_response", r.response]])
          .concat(r.pattern === undefined ? [] : [[base + "correct_responses.0.pattern", r.pattern]])
          .concat([[base + "result", r.result], [base + "weighting", String(r.weight)]]);
      }
    }
  };

  var TYPES = { single: "choice", multiple: "choice", "true-false": "true-false", "fill-in": "fill-in",
                matching: "matching", ordering: "sequencing" };

  /* The ADL discovery algorithm: the parent chain, then the opener and its parent chain. */
  function findAPI(name, win) {
    function scan(w) {
      for (var hops = 0; w && hops < 500; hops++) {
        try { if (w[name]) return w[name]; } catch (e) { return null; }  // another origin: stop here
        if (!w.parent || w.parent === w) return null;
        w = w.parent;
      }
      return null;
    }
    win = win || root;
    var found = scan(win);
    try { if (!found && win.top && win.top.opener) found = scan(win.top.opener); } catch (e) { found = null; }
    try { if (!found && win.opener) found = scan(win.opener); } catch (e) { found = null; }
    return found;
  }

  /* Retry a failed commit; report a persistent failure once, and the recovery once. */
  function committer(flush, hooks) {
    var failed = false, timer = null;
    function attempt(tries) {
      if (flush()) {
        if (failed && hooks.onRecovered) hooks.onRecovered();
        failed = false;
        return true;
      }
      if (tries < RETRIES.length) {
        clearTimeout(timer);
        timer = setTimeout(function () { attempt(tries + 1); }, RETRIES[tries]);
      } else if (!failed) {
        failed = true;
        if (hooks.onFailure) hooks.onFailure();
      }
      return false;
    }
    return function () { clearTimeout(timer); return attempt(0); };
  }

  function localAdapter(hooks, storageKey) {
    var pending = null, memory = null;
    function flush() {
      if (pending === null) return true;
      try { root.localStorage.setItem(storageKey, pending); } catch (e) { memory = pending; return false; }
      pending = null;
      return true;
    }
    return {
      kind: "none",
      start: function () {
        var text = null;
        try { text = root.localStorage.getItem(storageKey); } catch (e) { text = memory; }
        return { suspend: text, mode: "normal", connected: true };
      },
      save: function (snap) { pending = snap.suspend; },
      commit: committer(flush, hooks),
      interaction: function () {},
      finish: function (snap) { pending = snap.suspend; flush(); }
    };
  }

  function scormAdapter(kind, hooks, api, lang) {
    var p = PROFILES[kind], started = Date.now(), mode = "normal", credit = true, finished = false, count = 0,
        log = [];
    function get(name) { return String(api[p.get](name)); }
    function set(name, value) {
      if (finished) return false;
      var ok = String(api[p.set](name, String(value))) === "true";
      if (!ok) log.push(name + ": error " + api[p.error]());
      return ok;
    }
    function write(pairs) { pairs.forEach(function (pair) { set(pair[0], pair[1]); }); }
    function recording() { return mode === "normal"; }
    /* Every save carries exit too, so it reaches an LMS whose async queue drops the unload-time
       writes (LMS-BEHAVIOUR.md rule 7). Exit is always suspend, even once complete: a normal exit
       lets a conforming LMS start a new, empty attempt on relaunch, and the learner's status would
       go back to incomplete. Browse and review record no status or score: not even 1.2's
       "browsed", which would overwrite an earlier attempt's status. */
    function values(snap) {
      if (mode === "review") return [];
      var out = [[p.location, snap.location], [p.suspend, snap.suspend], [p.time, p.duration(Date.now() - started)],
                 [p.exit, "suspend"]];
      if (!recording()) return out;
      // no-credit: the platform will not credit results, and some store them anyway over a credited
      // attempt's; report only how far the learner got.
      if (!credit) return out.concat(p.completion(snap));
      if (snap.score !== null && p.scored(snap)) {
        // Always min and max on a 0–100 scale with raw (LMS-BEHAVIOUR.md rule 3); before the status,
        // so an LMS that grades when the status arrives (Open edX) grades this score.
        out.push([p.score + "min", "0"], [p.score + "max", "100"], [p.score + "raw", String(snap.score)]);
        if (kind === "scorm2004") out.push([p.score + "scaled", String(Math.round(snap.score * 100) / 10000)]);
      }
      return out.concat(p.status(snap));
    }
    return {
      kind: kind,
      log: log,
      start: function () {
        if (String(api[p.init]("")) !== "true") return null;
        var m = get(p.mode);
        mode = m === "browse" || m === "review" ? m : "normal";
        credit = get(p.credit) !== "no-credit";  // "" (Open edX never sets it) counts as credit
        count = parseInt(get("cmi.interactions._count"), 10) || 0;
        return { suspend: get(p.suspend) || null, mode: mode, credit: credit, connected: true };
      },
      save: function (snap) { write(values(snap)); },
      commit: committer(function () { return !finished && String(api[p.commit]("")) === "true"; }, hooks),
      interaction: function (r) {
        if (!recording() || !credit) return;
        var n = Math.max(count, r.index || 0);
        write(p.fields(n, r.format(p)));
        count = n + 1;
      },
      count: function () { return count; },
      finish: function (snap) {
        if (finished) return;
        write(values(snap));
        api[p.finish]("");
        finished = true;
      }
    };
  }

  /* A question's interaction record, formatted for one standard (p is a profile). */
  function record(quiz, q, response, correct, attempt, index, lang) {
    var type = TYPES[q.type];
    function list(ids, p) { return ids.map(function (id) { return p.token(q, id); }).join(p.sep); }
    return {
      index: index,
      format: function (p) {
        var given = "", pattern = "";
        if (q.type === "true-false") {
          given = response ? p.tf[response] || "" : "";
          pattern = p.tf[q.choices.filter(function (c) { return c.correct; })[0].id] || "";
        } else if (q.type === "fill-in") {
          given = p.text(response || "", lang);
          pattern = (p.dot === "." ? "" : "{case_matters=" + !!q.case_sensitive + "}") + p.text(q.answers[0] || "", lang);
        } else if (q.type === "matching") {
          var pairs = response || {};
          given = q.pairs.filter(function (x) { return pairs[x.id]; })
            .map(function (x) { return p.premise(q, x.id) + p.dot + p.token(q, pairs[x.id]); }).join(p.sep);
          pattern = q.pairs.map(function (x) { return p.premise(q, x.id) + p.dot + p.token(q, x.id); }).join(p.sep);
        } else if (q.type === "ordering") {
          given = list(response || [], p);
          pattern = list(q.items.map(function (i) { return i.id; }), p);
        } else {
          given = list(response === undefined || response === null ? [] : [].concat(response), p);
          pattern = list(q.choices.filter(function (c) { return c.correct; }).map(function (c) { return c.id; }), p);
        }
        var blank = response === undefined || response === null || response === "" ||
          (typeof response === "object" && !Object.keys(response).length);
        return { id: quiz.id + "." + q.id + ".a" + attempt, type: type, description: q.description, blank: blank,
                 response: given, pattern: pattern, result: correct ? "correct" : p.wrong, weight: q.points };
      }
    };
  }

  /* A scenario played to `ending`: one interaction, the path taken. Scored endings are correct or
     not against the scenario's pass mark; an unscored one is neutral. */
  function path(page, steps, ending, index) {
    var S = page.scenario, g = root.Coursepack.state.graph(S), scored = ending.score !== null && ending.score !== undefined;
    return {
      index: index,
      format: function (p) {
        return { id: page.id + "." + ending.id + ".n" + index, type: p.other, description: page.title.slice(0, 250),
                 blank: !steps.length, response: p.path(g, steps),
                 result: !scored ? "neutral" : ending.score >= S.pass_mark ? "correct" : p.wrong, weight: S.weight };
      }
    };
  }

  /* ready(adapter), at once when the API is there (or kind is "none"). Otherwise look again every
     STEP ms for up to WAIT ms before falling back to this browser: some platforms (Open edX's SCORM
     XBlock) create the API only once their own page has loaded, after the course has started. */
  function create(kind, hooks, options, ready) {
    hooks = hooks || {};
    options = options || {};
    var waited = 0, wait = options.wait === undefined ? WAIT : options.wait;
    function local() { return localAdapter(hooks, options.storageKey || "coursepack"); }
    if (kind === "none") return ready(local());
    (function look() {
      var api = findAPI(PROFILES[kind].api, options.window);
      if (api) return ready(scormAdapter(kind, hooks, api, options.lang || "en"));
      if (waited >= wait) {
        if (hooks.onMissing) hooks.onMissing();
        return ready(local());
      }
      waited += STEP;
      root.setTimeout(look, STEP);
    })();
  }

  var exported = { create: create, findAPI: findAPI, record: record, path: path, PROFILES: PROFILES };
  root.Coursepack = root.Coursepack || {};
  root.Coursepack.tracking = exported;
  if (typeof module === "object" && module.exports) module.exports = exported;
})(typeof window !== "undefined" ? window : globalThis);
