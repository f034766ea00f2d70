// The only widget script a page loads at first (deferred, on pages that embed widget state). The widget manager
// (embed.js, 1.9 MB) is fetched only when a reader comes within two screens of an embedded widget, so that a lesson
// opens as fast as any other page; it then draws every widget of the page from the embedded state.
(function () {
  var here = document.currentScript.src.replace(/[^/]*$/, "");
  var requested = false;

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

  function loadManager() {
    if (requested) return;
    requested = true;
    var pending = false;
    new MutationObserver(function () {
      if (pending) return;
      pending = true;
      requestAnimationFrame(function () { pending = false; nameSliderHandles(document); });
    }).observe(document.documentElement, { childList: true, subtree: true });
    // embed.js draws the widgets when the window's load event fires. That has usually happened by the time a
    // reader scrolls to a widget, so while embed.js runs, a load listener it adds is called at once instead.
    var addEventListener = window.addEventListener;
    window.addEventListener = function (type, listener, options) {
      if (type === "load" && document.readyState === "complete") {
        setTimeout(function () { listener.call(window, new Event("load")); }, 0);
        return;
      }
      return addEventListener.call(window, type, listener, options);
    };
    var script = document.createElement("script");
    script.src = here + "embed.js";
    script.onload = script.onerror = function () { window.addEventListener = addEventListener; };
    document.head.appendChild(script);
  }

  function watch() {
    var views = document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]');
    if (!views.length) return;
    if (!("IntersectionObserver" in window)) return loadManager();
    var observer = new IntersectionObserver(function (entries) {
      if (entries.some(function (entry) { return entry.isIntersecting; })) {
        observer.disconnect();
        loadManager();
      }
    }, { rootMargin: "200% 0px" });
    views.forEach(function (view) { observer.observe(view.parentElement); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", watch);
  } else {
    watch();
  }
})();
