/* The instruments picker: a filter box over a checkbox list (forms.py, InstrumentPicker).
   Progressive enhancement: without this script the list is a plain scrolling set of checkboxes.
   No inline script anywhere: the page loads this file with a strict Content-Security-Policy. */
(function () {
  "use strict";

  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function setUp(picker) {
    var tools = picker.querySelector(".picker-tools");
    var input = picker.querySelector("[data-picker-filter]");
    var count = picker.querySelector("[data-picker-count]");
    var selected = picker.querySelector("[data-picker-selected]");
    var rows = Array.prototype.slice.call(picker.querySelectorAll(".picker-option"));
    var template = picker.getAttribute("data-count-template") || "{shown} / {total}";
    var noneText = selected ? selected.textContent : "";
    if (!tools || !input) return;
    tools.hidden = false;

    function apply() {
      var words = fold(input.value).split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (row) {
        var haystack = row.getAttribute("data-search") || "";
        var box = row.querySelector("input");
        var match = words.every(function (w) { return haystack.indexOf(w) !== -1; });
        // A chosen instrument stays visible, so that the filter never hides what is selected.
        row.hidden = !(match || (box && box.checked));
        if (!row.hidden) shown += 1;
      });
      count.textContent = words.length
        ? template.replace("{shown}", shown).replace("{total}", rows.length)
        : "";
    }

    function summarise() {
      if (!selected) return;
      var codes = rows
        .filter(function (row) { var box = row.querySelector("input"); return box && box.checked; })
        .map(function (row) { return row.querySelector("input").value; });
      selected.textContent = codes.length ? codes.join(", ") : noneText;
    }

    input.addEventListener("input", apply);
    input.addEventListener("keydown", function (event) {
      // Enter in the filter box must not submit the whole classification form.
      if (event.key === "Enter") event.preventDefault();
    });
    picker.addEventListener("change", summarise);
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-picker]"), setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
