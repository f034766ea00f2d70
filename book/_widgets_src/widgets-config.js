// Let the widget manager (embed-amd.js) find its fonts next to it, on this site, whatever page it runs on.
(function () {
  var here = document.currentScript.src.replace(/[^/]*$/, "");
  window.require.config({ baseUrl: here });
})();
