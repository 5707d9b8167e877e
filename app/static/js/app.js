// Small enhancements only; every page works without this file.
(function () {
  "use strict";

  function focusErrorSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) {
      summary.focus();
    }
  }

  function characterCounters() {
    var fields = document.querySelectorAll("[data-counter]");
    Array.prototype.forEach.call(fields, function (field) {
      var max = parseInt(field.getAttribute("data-counter"), 10);
      var counter = document.createElement("p");
      counter.className = "kern-hint char-counter";
      counter.id = field.id + "-counter";
      counter.setAttribute("aria-live", "polite");
      var update = function () {
        var length = field.value.length;
        counter.textContent = length + " / " + max;
        counter.classList.toggle("char-counter--over", length > max);
      };
      field.insertAdjacentElement("afterend", counter);
      var describedBy = field.getAttribute("aria-describedby");
      field.setAttribute("aria-describedby", (describedBy ? describedBy + " " : "") + counter.id);
      field.addEventListener("input", update);
      update();
    });
  }

  function conditionalFields() {
    // Show only the fieldsets that match the chosen radio (data-show-when="field=value").
    var blocks = document.querySelectorAll("[data-show-when]");
    if (!blocks.length) {
      return;
    }
    var refresh = function () {
      Array.prototype.forEach.call(blocks, function (block) {
        var parts = block.getAttribute("data-show-when").split("=");
        var checked = document.querySelector('input[name="' + parts[0] + '"]:checked');
        block.hidden = !(checked && checked.value === parts[1]);
      });
    };
    document.addEventListener("change", refresh);
    refresh();
  }

  // Enter on a row checkbox of a bulk form must not submit it (the first button is an action).
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.key === "Enter" && target.type === "checkbox" && target.closest("form[data-no-enter-submit]")) {
      event.preventDefault();
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    focusErrorSummary();
    characterCounters();
    conditionalFields();
  });
})();
