// ReDoc start-up, as a file (the Content-Security-Policy refuses inline scripts). ReDoc draws its
// styles as <style> elements (styled-components): they carry the page's nonce, which this script
// tag holds (the `nonce` property stays readable from script while the attribute is hidden).
(function () {
  "use strict";
  var container = document.getElementById("redoc-container");
  var nonce = document.currentScript && document.currentScript.nonce;
  Redoc.init(container.dataset.schemaUrl, { nonce: nonce || undefined }, container);
})();
