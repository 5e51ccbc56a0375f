// VIM register: small enhancements only; every page works without this file.
(function () {
  "use strict";

  // Print buttons (no inline handlers: the CSP forbids them).
  document.querySelectorAll(".js-print").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });

  // The calamity assessment: the date for "vastgesteld", the reason for "geen calamiteit".
  var assessment = document.querySelector(".js-calamity-assessment");
  if (assessment) {
    var showFor = {
      "veld-calamiteit-established_on": "vastgesteld",
      "veld-calamiteit-rejected_reason": "geen",
    };
    var assess = function () {
      var checked = assessment.querySelector("[name=calamiteit-assessment]:checked");
      Object.keys(showFor).forEach(function (id) {
        var field = document.getElementById(id);
        if (field && !field.classList.contains("has-error")) {
          field.hidden = !checked || checked.value !== showFor[id];
        }
      });
    };
    assessment.addEventListener("change", assess);
    assess();
  }

  // The VIM form: show a field only when the answer it depends on asks for it.
  var form = document.querySelector(".vim-form");
  if (!form) { return; }
  function value(name) {
    var checked = form.querySelector("[name=" + name + "]:checked");
    if (checked) { return checked.value; }
    var el = form.querySelector("select[name=" + name + "]");
    return el ? el.value : "";
  }
  var rules = [
    ["veld-category_other", function () { return value("category") === "anders"; }],
    ["veld-client_informed_on", function () { return value("client_informed") === "ja"; }],
    ["veld-client_informed_by", function () { return value("client_informed") === "ja"; }],
    ["veld-client_informed_how", function () { return value("client_informed") === "ja"; }],
    ["veld-client_not_informed_reason", function () { return value("client_informed") === "nee"; }],
    ["veld-client_informed_noted", function () {
      return value("client_informed") === "ja" || value("client_informed") === "nee";
    }],
    ["veld-future_consequences", function () {
      return ["bijna-incident", "geen-merkbare-gevolgen"].indexOf(value("severity")) !== -1;
    }],
  ];
  function apply() {
    rules.forEach(function (rule) {
      var field = document.getElementById(rule[0]);
      // A field with an error or a value always stays visible.
      if (field && !field.classList.contains("has-error")) {
        var input = field.querySelector("input:not([type=radio]), textarea");
        var filled = input && input.value;
        field.hidden = !rule[1]() && !filled && !field.querySelector(":checked");
      }
    });
  }
  form.addEventListener("change", apply);
  apply();
})();
