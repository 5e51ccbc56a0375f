// VIM register: small enhancements only; every page works without this file.
(function () {
  "use strict";

  // Print buttons (no inline handlers: the CSP forbids them).
  document.querySelectorAll(".js-print").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });

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
