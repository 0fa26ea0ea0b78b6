// Findings entry, progressive enhancement: keep unsent answers in this browser until the server
// has them. Loaded as a file, never inline (the Content-Security-Policy refuses inline scripts).
(function () {
  "use strict";
  var form = document.getElementById("findings-form");
  if (!form || !window.localStorage) return;
  var key = form.dataset.draftKey;
  var saved;
  try { saved = JSON.parse(localStorage.getItem(key) || "{}"); } catch (e) { saved = {}; }
  Object.keys(saved).forEach(function (name) {
    form.querySelectorAll('[name="' + name + '"]').forEach(function (el) {
      if (el.type === "radio") {
        if (el.value === saved[name] && !form.querySelector('[name="' + name + '"]:checked')) el.checked = true;
      } else if (!el.value) {
        el.value = saved[name];
      }
    });
  });
  form.addEventListener("input", function (ev) {
    var t = ev.target;
    if (!t.name) return;
    saved[t.name] = t.value;
    localStorage.setItem(key, JSON.stringify(saved));
  });
  form.addEventListener("submit", function () { localStorage.removeItem(key); });
})();
