/* The test LMS: scorm-again plays window.API / window.API_1484_11, made as strict as the
   strictest platform (see ../shared/notes/LMS-BEHAVIOUR.md beside the checkout):
   - SCORM 1.2 field limits enforced (scorm-again relaxes them): suspend_data 4,096,
     lesson_location 255, student_response / pattern 255, interaction IDs printable, no spaces;
   - commits kept in memory (no lmsCommitUrl): a synchronous XHR during page dismissal is what
     Chromium blocks, so the test asserts that the SCO does not rely on one;
   - every API call recorded in order in window.lmsCalls, with the phase ("open"/"closing").
   launch(version, saved, {depth}) starts a session; closeSco() unloads the SCO and returns the CMI.
   Named platform behaviours (LMS-BEHAVIOUR.md), each off unless its launch option is given:
     popup: true         H-popup: the SCO opens with window.open; the API is on its opener
     limits: "truncate"  H-limit(truncate): over-long values are cut silently (window.lmsTruncated);
                         1.2 SPMs, and with it 2004's (location 1,000, id 4,000, description 250)
     noread: [names]     H-noread/H-unset: GetValue of these answers "" with error 0 (Open edX)
     entry: "never"      H-unset(entry): entry is never set, on any launch (Open edX)
     asyncLoss: ms       H-asyncloss: Commit/Terminate flush nothing; a set is stored only if it was
                         made more than ms before the SCO closed (window.lmsDropped lists the rest)
     mode, settings, data  lesson mode on every launch; scorm-again settings; extra start data
     lateApi: ms         the API appears only ms after the SCO's page has loaded (Open edX's XBlock
                         creates it when its own page finishes loading); noApi: true, never
     relaunch: "spec"    H-relaunch, strict 1.2 / reference 2004: a session that did not exit with
                         "suspend" ended the attempt; the next launch is a new, empty attempt
     moodle: true        Moodle mod_scorm, SCORM 1.2 (implies relaunch "moodle"): "not attempted" →
                         completed and the mastery score (read from the package's manifest) rewriting
                         the status on LMSFinish; lesson_status completed/passed/failed ends the attempt,
                         so the next launch is in review mode and stores nothing, unless newAttempt: true
                         (Moodle's "Start a new attempt": empty data)
     openedx: true       openedx-scorm-xblock: H-noread + H-unset(entry), and its grading: a grade is
                         published (window.lmsGrades) when a passed/failed/completed status arrives,
                         0 while the success status is failed, else score.raw / 100; the block's
                         fields travel with the saved data to the next launch
   lmsStored() is what the platform kept (after asyncLoss), as closeSco() returns it. */
(function () {
  "use strict";
  var LIMITS_12 = [
    [/^cmi\.suspend_data$/, 4096], [/^cmi\.core\.lesson_location$/, 255],
    [/^cmi\.interactions\.\d+\.student_response$/, 255], [/^cmi\.interactions\.\d+\.correct_responses\.\d+\.pattern$/, 255]
  ];
  var LIMITS_2004 = [  // SCORM 2004 SPMs; "true" = measured after the {lang=…} delimiter
    [/^cmi\.suspend_data$/, 64000], [/^cmi\.location$/, 1000], [/^cmi\.interactions\.\d+\.id$/, 4000],
    [/^cmi\.interactions\.\d+\.description$/, 250, true]
  ];
  var version = null, phase = "open", opts = {}, start = null, journal = [], closedAt = null, reviewing = false;
  var ENDS_ATTEMPT = ["completed", "passed", "failed"];  // Moodle: any of these closes the 1.2 attempt
  var OPENEDX_HIDDEN = {
    "12": ["cmi.core.lesson_status", "cmi.core.score.raw", "cmi.core.score.min", "cmi.core.score.max",
           "cmi.core.lesson_mode", "cmi.core.entry", "cmi.core.credit"],
    "2004": ["cmi.completion_status", "cmi.success_status", "cmi.score.raw", "cmi.score.scaled", "cmi.score.min",
             "cmi.score.max", "cmi.mode", "cmi.entry", "cmi.credit"]
  };
  window.lmsCalls = [];
  window.lmsRejected = [];
  window.lmsTruncated = [];
  window.lmsDropped = [];

  /* H-limit(truncate): the value a truncating platform keeps, noting every cut. */
  function truncated(name, value) {
    value = String(value);
    var table = version === "12" ? LIMITS_12.concat([[/^cmi\.interactions\.\d+\.id$/, 255]]) : LIMITS_2004;
    for (var i = 0; i < table.length; i++) {
      if (!table[i][0].test(name)) continue;
      var text = table[i][2] ? value.replace(/^(\{[^}]*\})+/, "") : value, extra = text.length - table[i][1];
      if (extra > 0) {
        window.lmsTruncated.push({ name: name, length: text.length, max: table[i][1] });
        value = value.slice(0, value.length - extra);
      }
    }
    if (version === "12" && /^cmi\.interactions\.\d+\.id$/.test(name) && !/^[\x21-\x7e]*$/.test(value)) {
      window.lmsTruncated.push({ name: name, length: value.length, max: 255, reason: "not printable ASCII without spaces" });
    }
    return value;
  }

  function strict12(name, value) {
    for (var i = 0; i < LIMITS_12.length; i++) {
      if (LIMITS_12[i][0].test(name) && String(value).length > LIMITS_12[i][1]) return "405";
    }
    if (/^cmi\.interactions\.\d+\.id$/.test(name) && !/^[\x21-\x7e]{1,255}$/.test(value)) return "405";
    return null;
  }

  /* The Open edX XBlock's grading, applied to each stored value in order (openedx-scorm-xblock 19,
     set_value / get_grade, as described in LMS-BEHAVIOUR.md). */
  function openedxGrade(name, value) {
    var x = window.lmsOpenedx, was = x.completion === "completed", success = null, completion = null, score = null;
    if (name === "cmi.core.lesson_status") {
      if (value === "passed" || value === "failed") { success = value; completion = "completed"; }
      else if (value === "completed" || value === "incomplete") completion = value;
    } else if (name === "cmi.success_status") success = value;
    else if (name === "cmi.completion_status") completion = value;
    else if (name === "cmi.core.score.raw" || name === "cmi.score.raw") score = parseFloat(value) / 100;
    else if (name === "cmi.score.scaled") score = parseFloat(value);
    if (score !== null) x.score = score;
    if (completion) x.completion = completion;
    if (success) x.success = success;
    if (success || completion === "completed" || (was && score)) window.lmsGrades.push(x.success === "failed" ? 0 : x.score);
  }

  function record(method, args, result) {
    window.lmsCalls.push({ method: method, args: Array.prototype.slice.call(args), result: String(result), phase: phase });
  }

  function wrap(target, methods, setter, getter) {
    var proxy = {};
    methods.forEach(function (m) {
      proxy[m] = function () {
        var args = arguments;
        if (m === getter && opts.noread && opts.noread.indexOf(args[0]) >= 0) {  // H-noread
          target.lastErrorOverride = "0";
          record(m, args, "");
          return "";
        }
        if (m === setter && reviewing) {  // Moodle review: accepted, not stored
          record(m, args, "true");
          return "true";
        }
        if (m === setter && opts.limits === "truncate") {
          args = [args[0], truncated(args[0], args[1])];
        } else if (m === setter && version === "12") {
          var code = strict12(args[0], args[1]);
          if (code) {
            window.lmsRejected.push({ name: args[0], length: String(args[1]).length });
            target.lastErrorOverride = code;
            record(m, args, "false");
            return "false";
          }
        }
        if (window.failCommits && (m === "LMSCommit" || m === "Commit")) {  // a platform that stopped answering
          target.lastErrorOverride = "391";
          record(m, args, "false");
          return "false";
        }
        target.lastErrorOverride = null;
        var result = target[m].apply(target, args);
        record(m, arguments, result);  // what the SCO sent, before any truncation
        if (m === setter && String(result) === "true") {
          journal.push({ name: args[0], value: String(args[1]), t: performance.now() });
          if (opts.openedx) openedxGrade(args[0], String(args[1]));
        }
        return result;
      };
    });
    var getError = version === "12" ? "LMSGetLastError" : "GetLastError";
    proxy[getError] = function () {
      return target.lastErrorOverride || target[getError].apply(target, arguments);
    };
    return proxy;
  }

  var METHODS = {
    "12": ["LMSInitialize", "LMSFinish", "LMSGetValue", "LMSSetValue", "LMSCommit", "LMSGetErrorString", "LMSGetDiagnostic"],
    "2004": ["Initialize", "Terminate", "GetValue", "SetValue", "Commit", "GetErrorString", "GetDiagnostic"]
  };

  /* Did the stored session end the learner's attempt, by this platform's rule? */
  function attemptEnded(cmi) {
    var core = cmi.core || {};
    if (opts.relaunch === "moodle") return version === "12" && ENDS_ATTEMPT.indexOf(core.lesson_status) >= 0;
    if (opts.relaunch === "spec") return (version === "12" ? core.exit : cmi.exit) !== "suspend";
    return false;
  }

  /* What a real LMS hands the next session: the stored data model, with entry set from exit. */
  function relaunchData(saved) {
    if (!saved) return null;
    var data = JSON.parse(JSON.stringify(saved)), cmi = data.cmi || data;
    if (opts.openedx && data.openedx) window.lmsOpenedx = data.openedx;  // the block's own fields persist
    delete data.openedx;
    if (opts.newAttempt || (opts.relaunch === "spec" && attemptEnded(cmi))) return null;
    reviewing = opts.relaunch === "moodle" && attemptEnded(cmi);
    var mode = reviewing ? "review" : opts.mode || "normal";
    if (version === "12") {
      var core = cmi.core || (cmi.core = {});
      core.entry = core.exit === "suspend" && opts.entry !== "never" ? "resume" : "";
      core.credit = "credit";
      core.lesson_mode = mode;
      delete core.exit;
      delete core.session_time;
    } else {
      cmi.entry = cmi.exit === "suspend" && opts.entry !== "never" ? "resume" : "";
      cmi.credit = "credit";
      cmi.mode = mode;
      delete cmi.exit;
      delete cmi.session_time;
    }
    return cmi;
  }

  /* adlcp:masteryscore from the package's manifest, as Moodle imports it ("" when absent). */
  function manifestMastery() {
    var xhr = new XMLHttpRequest();
    xhr.open("GET", "sco/imsmanifest.xml", false);
    xhr.send();
    var found = new DOMParser().parseFromString(xhr.responseText, "application/xml")
      .getElementsByTagNameNS("http://www.adlnet.org/xsd/adlcp_rootv1p2", "masteryscore")[0];
    return found ? found.textContent.trim() : "";
  }

  function profile(v, options) {
    options = Object.assign({}, options);
    if (options.moodle) {
      options.relaunch = "moodle";
      options.settings = Object.assign({ autoCompleteLessonStatus: true, mastery_override: true }, options.settings);
      options.data = Object.assign({ student_data: { mastery_score: manifestMastery() } }, options.data);
    }
    if (options.openedx) {
      options.noread = OPENEDX_HIDDEN[v];
      options.entry = "never";
    }
    return options;
  }

  window.launch = function (v, saved, options) {
    version = v;
    options = profile(v, options || {});
    opts = options;
    reviewing = false;
    window.lmsGrades = [];
    window.lmsOpenedx = { completion: "", success: "", score: 0 };
    phase = "open";
    journal = [];
    closedAt = null;
    window.failCommits = !!options.failCommits;
    window.lmsCalls = [];
    window.lmsTruncated = [];
    window.lmsDropped = [];
    var raw = newAPI();
    var entry = options.entry === "never" ? "" : "ab-initio";
    start = relaunchData(saved) || (v === "12" ? { core: { credit: "credit", lesson_mode: options.mode || "normal", entry: entry } }
                                              : { credit: "credit", mode: options.mode || "normal", entry: entry });
    merge(start, options.data || {});
    raw.loadFromJSON(JSON.parse(JSON.stringify(start)), "");
    window.rawAPI = raw;
    var proxy = wrap(raw, METHODS[v], v === "12" ? "LMSSetValue" : "SetValue", v === "12" ? "LMSGetValue" : "GetValue");
    delete window.API;
    delete window.API_1484_11;
    function install() { if (v === "12") window.API = proxy; else window.API_1484_11 = proxy; }
    var frame = document.createElement("iframe");
    if (options.lateApi !== undefined) {
      frame.addEventListener("load", function () { window.setTimeout(install, options.lateApi); });
    } else if (!options.noApi) {
      install();
    }
    frame.id = "sco";
    frame.title = "course";
    frame.style.cssText = "width:100%;height:90vh;border:0";
    var src = options.src || "sco/index.html";
    frame.src = options.depth ? "wrap.html?depth=" + (options.depth - 1) + "&src=" + encodeURIComponent("sco/index.html") : src;
    if (options.popup) {  // H-popup: no frame; the SCO's window has this page as its opener
      window.scoWindow = window.open(frame.src, "sco", "width=900,height=700");
      return;
    }
    document.getElementById("player").appendChild(frame);
  };

  function newAPI() {
    var settings = { autocommit: false, lmsCommitUrl: false, logLevel: 5, mastery_override: false };
    Object.keys(opts.settings || {}).forEach(function (k) { settings[k] = opts.settings[k]; });
    return version === "12" ? new window.Scorm12API(settings) : new window.Scorm2004API(settings);
  }

  function merge(into, from) {
    Object.keys(from).forEach(function (k) {
      if (from[k] && typeof from[k] === "object" && into[k] && typeof into[k] === "object") merge(into[k], from[k]);
      else into[k] = from[k];
    });
  }

  /* What the platform kept. With asyncLoss, only the sets made more than asyncLoss ms before the SCO
     closed reach the server (in order, as an async queue sends them); Commit/Terminate add nothing. */
  window.lmsStored = function () {
    if (!opts.asyncLoss) return window.rawAPI.renderCMIToJSONObject();
    var server = newAPI(), end = (closedAt === null ? performance.now() : closedAt) - opts.asyncLoss;
    server.loadFromJSON(JSON.parse(JSON.stringify(start)), "");
    server[version === "12" ? "LMSInitialize" : "Initialize"]("");
    window.lmsDropped = [];
    journal.forEach(function (j) {
      if (j.t < end) server[version === "12" ? "LMSSetValue" : "SetValue"](j.name, j.value);
      else window.lmsDropped.push(j.name);
    });
    return server.renderCMIToJSONObject();
  };

  /* Unload the SCO as an LMS does when the learner closes the player; return the stored CMI. */
  window.closeSco = function () {
    phase = "closing";
    closedAt = performance.now();
    var frame = document.getElementById("sco");
    frame.remove();
    phase = "closed";
    var stored = window.lmsStored();
    if (opts.openedx) stored.openedx = window.lmsOpenedx;
    return stored;
  };
})();
