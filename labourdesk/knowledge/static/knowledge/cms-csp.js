// The CMS under our Content-Security-Policy (no inline scripts): starts the date and time pickers
// that Wagtail's widgets would start from an inline script (see the overridden widget templates),
// on the page and in whatever the admin adds later (modals, panels).
(function () {
  "use strict";
  function start(root) {
    var markers = Array.prototype.slice.call(root.querySelectorAll("[data-ld-chooser]"));
    if (root.matches && root.matches("[data-ld-chooser]")) markers.push(root);
    markers.forEach(function (marker) {
      var init = window[marker.getAttribute("data-ld-chooser")];
      if (marker.hasAttribute("data-ld-started") || typeof init !== "function") return;
      marker.setAttribute("data-ld-started", "");
      var config = {};
      try {
        config = JSON.parse(marker.getAttribute("data-config") || "{}");
      } catch (e) {
        config = {};
      }
      init(marker.getAttribute("data-for"), config);
    });
  }
  function ready() {
    start(document);
    new MutationObserver(function (records) {
      records.forEach(function (record) {
        record.addedNodes.forEach(function (node) {
          if (node.nodeType === 1) start(node);
        });
      });
    }).observe(document.body, { childList: true, subtree: true });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
