/* Self-assessment: instant progress and autosave. The page works without it (plain form). */
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.fetch) { return; }
  var url = form.getAttribute("data-autosave");
  var status = document.getElementById("sa-status");
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]");
  var pending = {};
  var timer = null;
  var messages = {
    saved: form.getAttribute("data-saved") || "Saved",
    failed: form.getAttribute("data-failed") || "Not saved"
  };

  function fieldsetOf(el) { return el.closest("fieldset[data-code]"); }

  function answerOf(fs) {
    var code = fs.getAttribute("data-code");
    var checked = fs.querySelector("input[type=radio]:checked");
    var note = fs.querySelector("textarea");
    return { code: code, choice: checked ? checked.value : "", note: note ? note.value : "" };
  }

  function show(text) { if (status) { status.textContent = text; } }

  function flush() {
    timer = null;
    var body = { answers: pending };
    pending = {};
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf ? csrf.value : "" },
      body: JSON.stringify(body)
    }).then(function (r) {
      return r.json().then(function (data) { return { ok: r.ok, data: data }; });
    }).then(function (res) {
      var info = res.data.extra || res.data;
      if (typeof info.answered === "number") {
        show(messages.saved + " · " + info.answered + " / " + info.total);
      } else {
        show(messages.failed);
      }
    }).catch(function () { show(messages.failed); });
  }

  function queue(fs) {
    var a = answerOf(fs);
    if (!a.choice) { return; }  /* a note alone waits for its answer */
    pending[a.code] = { choice: a.choice, note: a.note };
    fs.classList.remove("has-error");
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(flush, 600);
  }

  form.addEventListener("change", function (e) {
    var fs = fieldsetOf(e.target);
    if (fs) { queue(fs); }
  });
  form.addEventListener("input", function (e) {
    if (e.target.tagName === "TEXTAREA") { var fs = fieldsetOf(e.target); if (fs) { queue(fs); } }
  });
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
})();
