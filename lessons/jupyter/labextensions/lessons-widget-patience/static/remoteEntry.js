// The course's one JupyterLab extension, written by hand (no build step): a federated extension's entry
// script that JupyterLab loads at start-up, before any notebook opens. It provides no plugin; it only
// gives anywidget more time.
//
// anywidget 0.11 (the widget JavaScript of plotly's FigureWidget, which every course explorer draws with)
// gives each widget model 2 s to load its JavaScript: AbortSignal.timeout(2000) in its Runtime. plotly's
// module is about 5 MB per figure; on a busy or old PC loading it takes longer, the page logs
// "[anywidget] Failed to initialize model." and anywidget drops every later message from the kernel to that
// figure: it is drawn once and never redrawn when a control changes. Here that one limit becomes ten
// minutes; every other use of AbortSignal.timeout is unchanged. Presenter mode (Voilà) does the same in its
// template (lessons/tools/presenter/voila/templates/lessons-present/index.html.j2).
var _JUPYTERLAB;
(function () {
  if (!window.__lessonsWidgetPatience && typeof AbortSignal !== "undefined" && AbortSignal.timeout) {
    var timeout = AbortSignal.timeout.bind(AbortSignal);
    AbortSignal.timeout = function (ms) {
      return timeout(ms === 2000 ? 600000 : ms);
    };
    window.__lessonsWidgetPatience = true;
  }
  _JUPYTERLAB = window._JUPYTERLAB = window._JUPYTERLAB || {};
  _JUPYTERLAB["lessons-widget-patience"] = {
    init: function () {
      return Promise.resolve();
    },
    get: function (module) {
      return Promise.reject(new Error("lessons-widget-patience has no module " + module));
    },
  };
})();
