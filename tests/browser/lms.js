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
  var version = null, phase = "open", opts = {}, start = null, journal = [], closedAt = null;
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
        if (m === setter && String(result) === "true") journal.push({ name: args[0], value: String(args[1]), t: performance.now() });
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

  /* What a real LMS hands the next session: the stored data model, with entry set from exit. */
  function relaunchData(saved) {
    if (!saved) return null;
    var data = JSON.parse(JSON.stringify(saved)), cmi = data.cmi || data;
    if (version === "12") {
      var core = cmi.core || (cmi.core = {});
      core.entry = core.exit === "suspend" && opts.entry !== "never" ? "resume" : "";
      core.credit = "credit";
      core.lesson_mode = opts.mode || "normal";
      delete core.exit;
      delete core.session_time;
    } else {
      cmi.entry = cmi.exit === "suspend" && opts.entry !== "never" ? "resume" : "";
      cmi.credit = "credit";
      cmi.mode = opts.mode || "normal";
      delete cmi.exit;
      delete cmi.session_time;
    }
    return cmi;
  }

  window.launch = function (v, saved, options) {
    options = options || {};
    version = v;
    opts = options;
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
    if (v === "12") window.API = proxy; else window.API_1484_11 = proxy;
    var frame = document.createElement("iframe");
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
    return window.lmsStored();
  };
})();
