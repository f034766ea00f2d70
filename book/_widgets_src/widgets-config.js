// Loaded before the widget manager (embed-amd.js) on every page that embeds widgets.
(function () {
  // Let the widget manager find its fonts next to it, on this site, whatever page it runs on.
  var here = document.currentScript.src.replace(/[^/]*$/, "");
  window.require.config({ baseUrl: here });

  // Slider handles are drawn without an accessible name; give each the name of its widget (its visible label),
  // so that screen readers announce "Period, start" rather than an unnamed slider.
  function nameSliderHandles(root) {
    var handles = root.querySelectorAll(".noUi-handle:not([aria-label]), [role='slider']:not([aria-label])");
    handles.forEach(function (handle) {
      var widget = handle.closest(".widget-slider, .widget-hslider, .widget-vslider, .jupyter-widgets");
      var label = widget && widget.querySelector(".widget-label");
      var name = (label && label.textContent.trim()) || "slider";
      if (handle.classList.contains("noUi-handle-lower") && widget.querySelector(".noUi-handle-upper")) {
        name += ", start";
      } else if (handle.classList.contains("noUi-handle-upper")) {
        name += ", end";
      }
      handle.setAttribute("aria-label", name);
    });
  }
  new MutationObserver(function () { nameSliderHandles(document); })
    .observe(document.documentElement, { childList: true, subtree: true });
})();
