/* The simulator's LMS side: a strict SCORM 1.2 (`API`) and SCORM 2004 4th ed. (`API_1484_11`).

   Strict like a real LMS: the data model's access rules (read-only, write-only), vocabularies,
   types and lengths (1.2: lesson_location 255, suspend_data 4,096; 2004: SPMs), array index
   rules, call order (Initialize → … → Terminate) and the standard error codes. Values live in a
   flat map `cmi` ({"cmi.core.lesson_status": "incomplete", …}) that the page can save and
   relaunch with. Plain ES5, no dependencies: it ships with the builder and runs from file://.

   CoursepackLMS.create(version, {cmi, entry, onCall}) → {api, state()} */
(function (root) {
  "use strict";

  var RO = "ro", WO = "wo", RW = "rw";

  /* --- value checks: each returns "" when valid, else "type" or "range" --------------------- */
  function vocab(words) { return function (v) { return words.indexOf(v) >= 0 ? "" : "type"; }; }
  function text(max, strictMax) {  // strictMax: over the limit is an error (1.2); else a SPM (2004)
    return function (v) { return strictMax && v.length > max ? "type" : ""; };
  }
  function decimal(min, max) {
    return function (v) {
      if (!/^-?\d+(\.\d+)?$/.test(v)) return "type";
      var n = parseFloat(v);
      return (min !== null && n < min) || (max !== null && n > max) ? "range" : "";
    };
  }
  function blankOr(check) { return function (v) { return v === "" ? "" : check(v); }; }
  function pattern(re) { return function (v) { return re.test(v) ? "" : "type"; }; }
  var timespan12 = pattern(/^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$/);
  var time12 = pattern(/^([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,2})?$/);
  var identifier12 = pattern(/^[^\s]{1,255}$/);
  var duration2004 = pattern(/^P(?!$)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d{1,2})?S)?)?$/);
  var timestamp2004 = pattern(/^\d{4}(-\d{2}(-\d{2}(T\d{2}(:\d{2}(:\d{2}(\.\d{1,2})?)?)?(Z|[+-]\d{2}(:\d{2})?)?)?)?)?$/);
  var uri2004 = pattern(/^\S{1,4000}$/);
  var any = function () { return ""; };
  function result12(v) { return /^(correct|wrong|unanticipated|neutral)$/.test(v) ? "" : decimal(null, null)(v); }
  function result2004(v) { return /^(correct|incorrect|unanticipated|neutral)$/.test(v) ? "" : decimal(null, null)(v); }

  /* --- the data models: element pattern (array indexes as "n") → [access, check, default] --- */
  var MODEL12 = {
    "cmi._version": [RO, null, "3.4"],
    "cmi.core._children": [RO, null, "student_id,student_name,lesson_location,credit,lesson_status,entry,score,total_time,lesson_mode,exit,session_time"],
    "cmi.core.student_id": [RO, null, "preview-learner"],
    "cmi.core.student_name": [RO, null, "Preview, Author"],
    "cmi.core.lesson_location": [RW, text(255, true), ""],
    "cmi.core.credit": [RO, null, "credit"],
    "cmi.core.lesson_status": [RW, vocab(["passed", "completed", "failed", "incomplete", "browsed"]), "not attempted"],
    "cmi.core.entry": [RO, null, "ab-initio"],
    "cmi.core.score._children": [RO, null, "raw,min,max"],
    "cmi.core.score.raw": [RW, blankOr(decimal(0, 100)), ""],
    "cmi.core.score.min": [RW, blankOr(decimal(0, 100)), ""],
    "cmi.core.score.max": [RW, blankOr(decimal(0, 100)), ""],
    "cmi.core.total_time": [RO, null, "0000:00:00.00"],
    "cmi.core.lesson_mode": [RO, null, "normal"],
    "cmi.core.exit": [WO, vocab(["time-out", "suspend", "logout", ""]), ""],
    "cmi.core.session_time": [WO, timespan12, ""],
    "cmi.suspend_data": [RW, text(4096, true), ""],
    "cmi.launch_data": [RO, null, ""],
    "cmi.comments": [RW, text(4096, true), ""],
    "cmi.comments_from_lms": [RO, null, ""],
    "cmi.objectives._children": [RO, null, "id,score,status"],
    "cmi.objectives.n.id": [RW, identifier12, null],
    "cmi.objectives.n.score._children": [RO, null, "raw,min,max"],
    "cmi.objectives.n.score.raw": [RW, blankOr(decimal(0, 100)), ""],
    "cmi.objectives.n.score.min": [RW, blankOr(decimal(0, 100)), ""],
    "cmi.objectives.n.score.max": [RW, blankOr(decimal(0, 100)), ""],
    "cmi.objectives.n.status": [RW, vocab(["passed", "completed", "failed", "incomplete", "browsed", "not attempted"]), "not attempted"],
    "cmi.student_data._children": [RO, null, "mastery_score,max_time_allowed,time_limit_action"],
    "cmi.student_data.mastery_score": [RO, null, ""],
    "cmi.student_data.max_time_allowed": [RO, null, ""],
    "cmi.student_data.time_limit_action": [RO, null, "continue,no message"],
    "cmi.student_preference._children": [RO, null, "audio,language,speed,text"],
    "cmi.student_preference.audio": [RW, decimal(-1, 100), "0"],
    "cmi.student_preference.language": [RW, text(255, true), ""],
    "cmi.student_preference.speed": [RW, decimal(-100, 100), "0"],
    "cmi.student_preference.text": [RW, decimal(-1, 1), "0"],
    "cmi.interactions._children": [RO, null, "id,objectives,time,type,correct_responses,weighting,student_response,result,latency"],
    "cmi.interactions.n.id": [WO, identifier12, null],
    "cmi.interactions.n.objectives.n.id": [WO, identifier12, null],
    "cmi.interactions.n.time": [WO, time12, null],
    "cmi.interactions.n.type": [WO, vocab(["true-false", "choice", "fill-in", "matching", "performance", "sequencing", "likert", "numeric"]), null],
    "cmi.interactions.n.correct_responses.n.pattern": [WO, text(255, true), null],
    "cmi.interactions.n.weighting": [WO, decimal(null, null), null],
    "cmi.interactions.n.student_response": [WO, text(255, true), null],
    "cmi.interactions.n.result": [WO, result12, null],
    "cmi.interactions.n.latency": [WO, timespan12, null]
  };
  var ARRAYS12 = ["cmi.objectives", "cmi.interactions", "cmi.interactions.n.objectives", "cmi.interactions.n.correct_responses"];

  var MODEL2004 = {
    "cmi._version": [RO, null, "1.0"],
    "cmi.learner_id": [RO, null, "preview-learner"],
    "cmi.learner_name": [RO, null, "Preview, Author"],
    "cmi.location": [RW, text(1000), ""],
    "cmi.credit": [RO, null, "credit"],
    "cmi.completion_status": [RW, vocab(["completed", "incomplete", "not attempted", "unknown"]), "unknown"],
    "cmi.success_status": [RW, vocab(["passed", "failed", "unknown"]), "unknown"],
    "cmi.entry": [RO, null, "ab-initio"],
    "cmi.score._children": [RO, null, "scaled,raw,min,max"],
    "cmi.score.scaled": [RW, decimal(-1, 1), null],
    "cmi.score.raw": [RW, decimal(null, null), null],
    "cmi.score.min": [RW, decimal(null, null), null],
    "cmi.score.max": [RW, decimal(null, null), null],
    "cmi.progress_measure": [RW, decimal(0, 1), null],
    "cmi.completion_threshold": [RO, null, null],
    "cmi.scaled_passing_score": [RO, null, null],
    "cmi.total_time": [RO, null, "PT0S"],
    "cmi.mode": [RO, null, "normal"],
    "cmi.exit": [WO, vocab(["time-out", "suspend", "logout", "normal", ""]), ""],
    "cmi.session_time": [WO, duration2004, null],
    "cmi.suspend_data": [RW, text(64000), null],
    "cmi.launch_data": [RO, null, null],
    "cmi.max_time_allowed": [RO, null, null],
    "cmi.time_limit_action": [RO, null, "continue,no message"],
    "cmi.comments_from_lms._children": [RO, null, "comment,location,timestamp"],
    "cmi.comments_from_learner._children": [RO, null, "comment,location,timestamp"],
    "cmi.comments_from_learner.n.comment": [RW, text(4000), null],
    "cmi.comments_from_learner.n.location": [RW, text(250), null],
    "cmi.comments_from_learner.n.timestamp": [RW, timestamp2004, null],
    "cmi.learner_preference._children": [RO, null, "audio_level,language,delivery_speed,audio_captioning"],
    "cmi.learner_preference.audio_level": [RW, decimal(0, null), "1"],
    "cmi.learner_preference.language": [RW, text(250), ""],
    "cmi.learner_preference.delivery_speed": [RW, decimal(0, null), "1"],
    "cmi.learner_preference.audio_captioning": [RW, vocab(["-1", "0", "1"]), "0"],
    "cmi.objectives._children": [RO, null, "id,score,success_status,completion_status,progress_measure,description"],
    "cmi.objectives.n.id": [RW, uri2004, null],
    "cmi.objectives.n.score._children": [RO, null, "scaled,raw,min,max"],
    "cmi.objectives.n.score.scaled": [RW, decimal(-1, 1), null],
    "cmi.objectives.n.score.raw": [RW, decimal(null, null), null],
    "cmi.objectives.n.score.min": [RW, decimal(null, null), null],
    "cmi.objectives.n.score.max": [RW, decimal(null, null), null],
    "cmi.objectives.n.success_status": [RW, vocab(["passed", "failed", "unknown"]), "unknown"],
    "cmi.objectives.n.completion_status": [RW, vocab(["completed", "incomplete", "not attempted", "unknown"]), "unknown"],
    "cmi.objectives.n.progress_measure": [RW, decimal(0, 1), null],
    "cmi.objectives.n.description": [RW, text(250), null],
    "cmi.interactions._children": [RO, null, "id,type,objectives,timestamp,correct_responses,weighting,learner_response,result,latency,description"],
    "cmi.interactions.n.id": [RW, uri2004, null],
    "cmi.interactions.n.type": [RW, vocab(["true-false", "choice", "fill-in", "long-fill-in", "matching", "performance", "sequencing", "likert", "numeric", "other"]), null],
    "cmi.interactions.n.objectives.n.id": [RW, uri2004, null],
    "cmi.interactions.n.timestamp": [RW, timestamp2004, null],
    "cmi.interactions.n.correct_responses.n.pattern": [RW, any, null],
    "cmi.interactions.n.weighting": [RW, decimal(null, null), null],
    "cmi.interactions.n.learner_response": [RW, any, null],
    "cmi.interactions.n.result": [RW, result2004, null],
    "cmi.interactions.n.latency": [RW, duration2004, null],
    "cmi.interactions.n.description": [RW, text(250), null],
    "adl.nav.request": [RW, pattern(/^(continue|previous|exit|exitAll|abandon|abandonAll|suspendAll|_none_|\{target=[^}]+\}(choice|jump))$/), "_none_"]
  };
  var ARRAYS2004 = ["cmi.objectives", "cmi.interactions", "cmi.interactions.n.objectives",
                    "cmi.interactions.n.correct_responses", "cmi.comments_from_learner", "cmi.comments_from_lms"];

  var ERRORS12 = { "0": "No error", "101": "General exception", "201": "Invalid argument error",
    "202": "Element cannot have children", "203": "Element not an array - cannot have count",
    "301": "Not initialized", "401": "Not implemented error", "402": "Invalid set value, element is a keyword",
    "403": "Element is read only", "404": "Element is write only", "405": "Incorrect data type" };
  var ERRORS2004 = { "0": "No Error", "101": "General Exception", "102": "General Initialization Failure",
    "103": "Already Initialized", "104": "Content Instance Terminated", "111": "General Termination Failure",
    "112": "Termination Before Initialization", "113": "Termination After Termination",
    "122": "Retrieve Data Before Initialization", "123": "Retrieve Data After Termination",
    "132": "Store Data Before Initialization", "133": "Store Data After Termination",
    "142": "Commit Before Initialization", "143": "Commit After Termination", "201": "General Argument Error",
    "301": "General Get Failure", "351": "General Set Failure", "391": "General Commit Failure",
    "401": "Undefined Data Model Element", "402": "Unimplemented Data Model Element",
    "403": "Data Model Element Value Not Initialized", "404": "Data Model Element Is Read Only",
    "405": "Data Model Element Is Write Only", "406": "Data Model Element Type Mismatch",
    "407": "Data Model Element Value Out Of Range", "408": "Data Model Dependency Not Established" };

  /* The error codes for each situation, per version (1.2 has fewer, coarser codes). */
  var CODES = {
    "1.2": { notInit: "301", afterTerm: "301", again: "101", argument: "201", getUnknown: "201", setUnknown: "201",
             keyword: "402", readOnly: "403", writeOnly: "404", type: "405", range: "405", unset: "0",
             index: "201", noChildren: "202", notArray: "203", dependency: "201", commitTerm: "301",
             initAfterTerm: "101", termBeforeInit: "301", termAfterTerm: "301", getEmpty: "201", setEmpty: "201" },
    "2004": { notInit: null, afterTerm: null, again: "103", argument: "201", getUnknown: "401", setUnknown: "401",
              keyword: "404", readOnly: "404", writeOnly: "405", type: "406", range: "407", unset: "403",
              index: "301", noChildren: "301", notArray: "301", dependency: "408", commitTerm: "143",
              initAfterTerm: "104", termBeforeInit: "112", termAfterTerm: "113", getEmpty: "301", setEmpty: "351" }
  };
  var LIMITS = { "1.2": { suspend: 4096, location: 255, strict: true }, "2004": { suspend: 64000, location: 1000, strict: false } };

  function generic(name) { return name.replace(/\.\d+(?=\.|$)/g, ".n"); }

  function create(version, options) {
    options = options || {};
    var is12 = version === "1.2";
    var MODEL = is12 ? MODEL12 : MODEL2004, ARRAYS = is12 ? ARRAYS12 : ARRAYS2004;
    var ERRORS = is12 ? ERRORS12 : ERRORS2004, C = CODES[version];
    var cmi = {}, key;
    for (key in options.cmi || {}) cmi[key] = options.cmi[key];
    cmi[is12 ? "cmi.core.entry" : "cmi.entry"] = options.entry || "ab-initio";
    var phase = "new", lastError = "0", lastDiagnostic = "", notes = [];
    var onCall = options.onCall || function () {};

    function fail(code, diagnostic) { lastError = code; lastDiagnostic = diagnostic || ""; return code; }
    function ok() { lastError = "0"; lastDiagnostic = ""; }
    function count(arrayName) {
      var n = 0;
      while (Object.prototype.hasOwnProperty.call(cmi, arrayName + "." + n + ".__")) n++;
      return n;
    }
    function defaultOf(name) { var spec = MODEL[generic(name)]; return spec ? spec[2] : null; }
    function valueOf(name) { return Object.prototype.hasOwnProperty.call(cmi, name) ? cmi[name] : defaultOf(name); }

    /* Array elements: every index in the name must exist (or, when setting, be the next one). */
    function checkIndexes(name, creating) {
      var parts = name.split("."), prefix = "";
      for (var i = 0; i < parts.length; i++) {
        if (/^\d+$/.test(parts[i])) {
          var index = parseInt(parts[i], 10), size = count(prefix);
          if (index > size || (index === size && !creating)) return false;
        }
        prefix = prefix ? prefix + "." + parts[i] : parts[i];
      }
      return true;
    }
    function createIndexes(name) {
      var parts = name.split("."), prefix = "";
      for (var i = 0; i < parts.length; i++) {
        if (/^\d+$/.test(parts[i]) && !Object.prototype.hasOwnProperty.call(cmi, prefix + "." + parts[i] + ".__")) {
          cmi[prefix + "." + parts[i] + ".__"] = "";
        }
        prefix = prefix ? prefix + "." + parts[i] : parts[i];
      }
    }

    function running(code) {
      if (phase === "running") return true;
      fail(phase === "new" ? code[0] : code[1]);
      return false;
    }

    function getValue(name) {
      name = String(name);
      if (!running(is12 ? ["301", "301"] : ["122", "123"])) return "";
      if (name === "") return fail(C.getEmpty, "no element named") && "";
      var base = name.replace(/\._(children|count)$/, ""), keyword = name.slice(base.length + 1);
      if (keyword === "_count") {
        if (ARRAYS.indexOf(generic(base)) < 0) return fail(MODEL[generic(base) + "._children"] || MODEL[generic(base)] ? C.notArray : C.getUnknown) && "";
        if (!checkIndexes(base + ".x", false)) return fail(C.index) && "";
        ok(); return String(count(base));
      }
      if (keyword === "_children") {
        var children = MODEL[generic(name)];
        if (!children) return fail(MODEL[generic(base)] ? C.noChildren : C.getUnknown) && "";
        ok(); return children[2];
      }
      var spec = MODEL[generic(name)];
      if (!spec) return fail(C.getUnknown, name + " is not in the SCORM " + version + " data model") && "";
      if (spec[0] === WO) return fail(C.writeOnly, name + " is write-only") && "";
      if (!checkIndexes(name, false)) return fail(C.index, "no such index in " + name) && "";
      var value = valueOf(name);
      if (value === null) return fail(C.unset, name + " has not been set") && "";
      ok(); return String(value);
    }

    function setValue(name, value) {
      name = String(name); value = String(value);
      if (!running(is12 ? ["301", "301"] : ["132", "133"])) return "false";
      if (name === "") return fail(C.setEmpty) && "false";
      if (/\._(children|count|version)$/.test(name)) return fail(C.keyword, name + " is a keyword") && "false";
      var spec = MODEL[generic(name)];
      if (!spec) return fail(C.setUnknown, name + " is not in the SCORM " + version + " data model") && "false";
      if (spec[0] === RO) return fail(C.readOnly, name + " is read-only") && "false";
      if (!checkIndexes(name, true)) return fail(C.index, "index out of order in " + name) && "false";
      var problem = spec[1] ? spec[1](value) : "";
      if (problem) return fail(problem === "range" ? C.range : C.type, "'" + value.slice(0, 60) + "' is not valid for " + name) && "false";
      if (!is12 && /^cmi\.(interactions|objectives)\.\d+\.(?!id$)/.test(name) && valueOf(name.match(/^cmi\.\w+\.\d+/)[0] + ".id") === null) {
        return fail(C.dependency, "set " + name.match(/^cmi\.\w+\.\d+/)[0] + ".id first") && "false";
      }
      if (!is12 && /^cmi\.interactions\.\d+\.correct_responses\.\d+\.pattern$/.test(name) && valueOf(name.match(/^cmi\.interactions\.\d+/)[0] + ".type") === null) {
        return fail(C.dependency, "set the interaction's type first") && "false";
      }
      createIndexes(name);
      cmi[name] = value;
      var limit = name === "cmi.suspend_data" ? LIMITS[version].suspend : name === "cmi.location" ? LIMITS[version].location : 0;
      if (!is12 && limit && value.length > limit) notes.push(name + " holds " + value.length + " characters, over the " + limit + " every LMS must keep: some truncate it");
      ok(); return "true";
    }

    function initialize(arg) {
      if (String(arg) !== "") return fail(C.argument) && "false";
      if (phase === "running") return fail(C.again) && "false";
      if (phase === "terminated") return fail(C.initAfterTerm) && "false";
      phase = "running"; ok(); return "true";
    }
    function commit(arg) {
      if (String(arg) !== "") return fail(C.argument) && "false";
      if (!running(is12 ? ["301", "301"] : ["142", "143"])) return "false";
      committed = snapshot(); ok(); return "true";
    }
    function terminate(arg) {
      if (String(arg) !== "") return fail(C.argument) && "false";
      if (phase !== "running") return fail(phase === "new" ? C.termBeforeInit : C.termAfterTerm) && "false";
      addSessionTime();
      phase = "terminated"; committed = snapshot(); ok(); return "true";
    }
    function addSessionTime() {
      var session = cmi[is12 ? "cmi.core.session_time" : "cmi.session_time"];
      if (!session) return;
      var totalName = is12 ? "cmi.core.total_time" : "cmi.total_time";
      var seconds = seconds12or2004(valueOf(totalName)) + seconds12or2004(session);
      cmi[totalName] = is12 ? format12(seconds) : "PT" + Math.round(seconds * 100) / 100 + "S";
    }
    function seconds12or2004(text) {
      var m = /^(\d+):(\d+):(\d+(?:\.\d+)?)$/.exec(text || "");
      if (m) return +m[1] * 3600 + +m[2] * 60 + +m[3];
      m = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?)?$/.exec(text || "");
      if (!m) return 0;
      return (+m[1] || 0) * 31536000 + (+m[2] || 0) * 2592000 + (+m[3] || 0) * 86400 + (+m[4] || 0) * 3600 + (+m[5] || 0) * 60 + (+m[6] || 0);
    }
    function format12(seconds) {
      function pad(n, w) { n = String(n); while (n.length < w) n = "0" + n; return n; }
      var cs = Math.round(seconds * 100), s = Math.floor(cs / 100);
      return pad(Math.floor(s / 3600), 4) + ":" + pad(Math.floor(s / 60) % 60, 2) + ":" + pad(s % 60, 2) + "." + pad(cs % 100, 2);
    }
    function snapshot() { var copy = {}; for (var k in cmi) copy[k] = cmi[k]; return copy; }
    var committed = snapshot();

    function traced(method, fn) {
      return function () {
        var args = Array.prototype.slice.call(arguments);
        var result = fn.apply(null, args);
        onCall({ method: method, args: args, result: result, error: lastError, diagnostic: lastDiagnostic });
        return result;
      };
    }
    var names = is12
      ? ["LMSInitialize", "LMSFinish", "LMSGetValue", "LMSSetValue", "LMSCommit", "LMSGetLastError", "LMSGetErrorString", "LMSGetDiagnostic"]
      : ["Initialize", "Terminate", "GetValue", "SetValue", "Commit", "GetLastError", "GetErrorString", "GetDiagnostic"];
    var impl = [initialize, terminate, getValue, setValue, commit,
      function () { return lastError; },
      function (code) { return ERRORS[String(code)] || ""; },
      function (code) { return String(code) === lastError || code === "" || code === undefined ? lastDiagnostic : ""; }];
    var api = {};
    for (var i = 0; i < names.length; i++) {
      api[names[i]] = i >= 5 ? impl[i] : traced(names[i], impl[i]);  // the error getters stay out of the log
    }
    return {
      api: api,
      version: version,
      limits: LIMITS[version],
      phase: function () { return phase; },
      live: snapshot,
      committed: function () { return committed; },
      notes: function () { return notes.slice(); },
      value: valueOf,
      count: count
    };
  }

  root.CoursepackLMS = { create: create, generic: generic, LIMITS: LIMITS };
})(typeof window !== "undefined" ? window : this);
