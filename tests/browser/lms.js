/* The test LMS: scorm-again plays window.API / window.API_1484_11, made as strict as the
   strictest platform (see /work/shared/notes/LMS-BEHAVIOUR.md):
   - SCORM 1.2 field limits enforced (scorm-again relaxes them): suspend_data 4,096,
     lesson_location 255, student_response / pattern 255, interaction IDs printable, no spaces;
   - commits kept in memory (no lmsCommitUrl): a synchronous XHR during page dismissal is what
     Chromium blocks, so the test asserts that the SCO does not rely on one;
   - every API call recorded in order in window.lmsCalls, with the phase ("open"/"closing").
   launch(version, saved, {depth}) starts a session; close() unloads the SCO and returns the CMI. */
(function () {
  "use strict";
  var LIMITS_12 = [
    [/^cmi\.suspend_data$/, 4096], [/^cmi\.core\.lesson_location$/, 255],
    [/^cmi\.interactions\.\d+\.student_response$/, 255], [/^cmi\.interactions\.\d+\.correct_responses\.\d+\.pattern$/, 255]
  ];
  var api = null, version = null, phase = "open";
  window.lmsCalls = [];
  window.lmsRejected = [];

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

  function wrap(target, methods, setter) {
    var proxy = {};
    methods.forEach(function (m) {
      proxy[m] = function () {
        var args = arguments;
        if (m === setter && version === "12") {
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
        record(m, args, result);
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
      core.entry = core.exit === "suspend" ? "resume" : "";
      core.credit = "credit";
      core.lesson_mode = "normal";
      delete core.exit;
      delete core.session_time;
    } else {
      cmi.entry = cmi.exit === "suspend" ? "resume" : "";
      cmi.credit = "credit";
      cmi.mode = "normal";
      delete cmi.exit;
      delete cmi.session_time;
    }
    return cmi;
  }

  window.launch = function (v, saved, options) {
    options = options || {};
    version = v;
    phase = "open";
    window.failCommits = !!options.failCommits;
    window.lmsCalls = [];
    var settings = { autocommit: false, lmsCommitUrl: false, logLevel: 5, mastery_override: false };
    var raw = v === "12" ? new window.Scorm12API(settings) : new window.Scorm2004API(settings);
    var start = relaunchData(saved);
    if (start) raw.loadFromJSON(start, "");
    else if (v === "12") raw.loadFromJSON({ core: { credit: "credit", lesson_mode: options.mode || "normal", entry: "ab-initio" } }, "");
    else raw.loadFromJSON({ credit: "credit", mode: options.mode || "normal", entry: "ab-initio" }, "");
    window.rawAPI = raw;
    var proxy = wrap(raw, METHODS[v], v === "12" ? "LMSSetValue" : "SetValue");
    delete window.API;
    delete window.API_1484_11;
    if (v === "12") window.API = proxy; else window.API_1484_11 = proxy;
    var frame = document.createElement("iframe");
    frame.id = "sco";
    frame.title = "course";
    frame.style.cssText = "width:100%;height:90vh;border:0";
    var src = options.src || "sco/index.html";
    frame.src = options.depth ? "wrap.html?depth=" + (options.depth - 1) + "&src=" + encodeURIComponent("sco/index.html") : src;
    document.getElementById("player").appendChild(frame);
  };

  /* Unload the SCO as an LMS does when the learner closes the player; return the stored CMI. */
  window.closeSco = function () {
    phase = "closing";
    var frame = document.getElementById("sco");
    frame.remove();
    phase = "closed";
    return window.rawAPI.renderCMIToJSONObject();
  };
})();
