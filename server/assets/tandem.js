// Tandem's only script: progressive enhancement. On the Try-it form, fields that do not
// apply to the chosen kind are hidden and disabled (so they are not sent); without this
// script every field shows, each saying which kinds it is for.
"use strict";
(function () {
  var kind = document.getElementById("t-kind");
  if (!kind) return;
  function update() {
    var fields = document.querySelectorAll("[data-for]");
    for (var i = 0; i < fields.length; i++) {
      var applies = fields[i].getAttribute("data-for").split(" ").indexOf(kind.value) >= 0;
      fields[i].hidden = !applies;
      var inputs = fields[i].querySelectorAll("input");
      for (var j = 0; j < inputs.length; j++) inputs[j].disabled = !applies;
    }
  }
  kind.addEventListener("change", update);
  update();
})();
