/* Self-assessment: answers kept only in this browser (localStorage), at the visitor's choice.
   Nothing of the answers leaves the browser until the visitor asks for the result, a download or
   a private link; the server computes those from the posted answers and stores none of them
   (except, by the visitor's request, under a private link). Without this script the option is
   not offered: the start page shows it only when the script runs. */
(function () {
  "use strict";
  var KEY = "labourdesk.selfassessment.browser";

  function storage() {
    try {
      var s = window.localStorage;
      s.setItem(KEY + ".test", "1");
      s.removeItem(KEY + ".test");
      return s;
    } catch (e) { return null; }
  }
  var store = storage();
  if (!store) { return; }  /* no storage (a private window may refuse it): the option stays hidden */

  function load() {
    try { return JSON.parse(store.getItem(KEY)) || null; } catch (e) { return null; }
  }
  function save(data) { store.setItem(KEY, JSON.stringify(data)); }
  function forget() { store.removeItem(KEY); }
  function answered(data) { return data && data.answers ? Object.keys(data.answers).length : 0; }

  /* The start page: offer the choice, and what this browser already keeps. */
  var storageChoice = document.getElementById("sa-storage");
  if (storageChoice) {
    storageChoice.hidden = false;
    var kept = load();
    var resume = document.getElementById("sa-local-resume");
    if (resume && kept && kept.query && answered(kept)) {
      var link = document.getElementById("sa-local-continue");
      link.href = link.getAttribute("href") + "?" + kept.query;
      resume.hidden = false;
      document.getElementById("sa-local-forget").addEventListener("click", function () {
        forget();
        resume.hidden = true;
      });
    }
    var startForm = storageChoice.closest("form");
    startForm.addEventListener("submit", function () {
      var chosen = startForm.querySelector("input[name=storage]:checked");
      if (chosen && chosen.value === "browser") { forget(); }  /* a new start: a clean slate */
    });
    return;
  }

  /* The overview of a private link the answers were moved to: the browser's copy goes. */
  if (document.getElementById("sa-kept-from-browser")) { forget(); return; }

  /* The result page: keeping the answers under a private link deletes the browser's copy. */
  var keep = document.getElementById("sa-keep");
  if (keep) {
    keep.form.addEventListener("submit", function (e) {
      if (e.submitter === keep) { forget(); }
    });
    return;
  }

  /* An area page. */
  var form = document.getElementById("sa-local-form");
  if (!form) { return; }
  var query = form.getAttribute("data-local");
  var data = load();
  if (!data || data.query !== query) {
    data = { query: query, answers: (data && data.answers) || {} };
  }
  save(data);
  var codes = JSON.parse(document.getElementById("sa-codes").textContent);
  var status = document.getElementById("sa-status");
  var keptLabel = form.getAttribute("data-kept") || "Kept in this browser";

  function progress() {
    var total = 0, done = 0;
    Object.keys(codes).forEach(function (area) {
      var n = 0;
      codes[area].forEach(function (code) { if (data.answers[code]) { n += 1; } });
      total += codes[area].length;
      done += n;
      var cell = document.querySelector("[data-area-count='" + area + "']");
      if (cell) { cell.textContent = cell.textContent.replace(/^\d+/, String(n)); }
    });
    if (status) { status.textContent = keptLabel + " · " + done + " / " + total; }
  }

  /* Restore what this browser keeps. */
  Array.prototype.forEach.call(form.querySelectorAll("fieldset[data-code]"), function (fs) {
    var a = data.answers[fs.getAttribute("data-code")];
    if (!a) { return; }
    var radio = fs.querySelector("input[type=radio][value='" + a.choice + "']");
    if (radio) { radio.checked = true; }
    var note = fs.querySelector("textarea");
    if (note) { note.value = a.note || ""; }
  });

  function remember(fs) {
    var checked = fs.querySelector("input[type=radio]:checked");
    if (!checked) { return; }  /* a note alone waits for its answer */
    var note = fs.querySelector("textarea");
    data.answers[fs.getAttribute("data-code")] = {
      choice: checked.value, note: note ? note.value : ""
    };
    save(data);
    progress();
  }
  form.addEventListener("change", function (e) {
    var fs = e.target.closest("fieldset[data-code]");
    if (fs) { remember(fs); }
  });
  form.addEventListener("input", function (e) {
    var fs = e.target.closest("fieldset[data-code]");
    if (fs && e.target.tagName === "TEXTAREA") { remember(fs); }
  });

  /* Asking for the result sends every kept answer (the other areas' as hidden fields). */
  form.addEventListener("submit", function () {
    Object.keys(data.answers).forEach(function (code) {
      if (form.querySelector("fieldset[data-code='" + code + "']")) { return; }
      [["q-", data.answers[code].choice], ["n-", data.answers[code].note || ""]].forEach(function (f) {
        var input = document.createElement("input");
        input.type = "hidden";
        input.name = f[0] + code;
        input.value = f[1];
        form.appendChild(input);
      });
    });
  });
  progress();
})();
