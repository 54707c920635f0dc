// Runs the runtime's pure modules for the Python tests: reads {"op": ..., "cases": [...]} on
// stdin, writes one JSON result per case. Same files the packages ship; no DOM needed.
"use strict";
const path = require("path");
const runtime = path.join(__dirname, "..", "..", "builder", "runtime");
const grader = require(path.join(runtime, "grader.js"));
const state = require(path.join(runtime, "state.js"));

const OPS = {
  grade: (c) => grader.grade(c.quiz, c.responses, c.pass_mark),
  casefold: (c) => c.texts.map((t) => grader.casefold(t)),
  normalise: (c) => grader.normalise(c.text, c.case_sensitive),
  visible: (c) => grader.answersVisible(c.settings, c.used, c.passed),
  round2: (c) => c.values.map(grader.round2),
  encode: (c) => state.encode(c.course, c.state),
  decode: (c) => state.decode(c.course, c.text),
  roundtrip: (c) => state.decode(c.course, state.encode(c.course, c.state)),
  migrate: (c) => state.decode(c.after, state.encode(c.before, c.state)),
};

let input = "";
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const request = JSON.parse(input);
  process.stdout.write(JSON.stringify(request.cases.map(OPS[request.op])));
});
