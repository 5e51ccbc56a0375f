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
    ["veld-client_informed_by", function () { return value("client_informed") === "ja"; }],
    ["veld-client_informed_how", function () { return value("client_informed") === "ja"; }],
    ["veld-client_informed_noted", function () { return value("client_informed") === "ja"; }],
    ["veld-igj_reported_on", function () {
      return ["ernstige-gevolgen", "overlijden"].indexOf(value("severity")) !== -1;
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
