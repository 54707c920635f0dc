/* What the learner view (quiz.js) and the Studio editor (studio.js) share: the block's root
 * element, and the data the server wrote into it as a JSON data block escaped for HTML
 * (views.data_script), with the interface words under `strings`. Loaded before either. */
function CoursepackQuizBlock(element) {
  "use strict";
  var root = element.jquery ? element[0] : element;
  var data = JSON.parse(root.querySelector("script.cpq-data").textContent);
  return { root: root, data: data, strings: data.strings };
}
