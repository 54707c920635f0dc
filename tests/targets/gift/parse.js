// Parses GIFT texts with the npm package gift-pegjs (an independent GIFT grammar, not ours): reads a
// JSON list of GIFT texts on stdin, writes one JSON result per text: {"questions": [...]} or
// {"error": message, "line": n}.
"use strict";
const path = require("path");
const gift = require(path.join(__dirname, "..", "..", "browser", "node_modules", "gift-pegjs"));

let input = "";
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const results = JSON.parse(input).map((text) => {
    try {
      return { questions: gift.parse(text) };
    } catch (error) {
      return { error: error.message, line: error.location ? error.location.start.line : null };
    }
  });
  process.stdout.write(JSON.stringify(results));
});
