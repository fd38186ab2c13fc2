// Starts the engine's worker while the page is still being parsed (a classic script in <head>, run before the
// module graph of app.js has loaded), so the worker's start-up and the wasm download overlap the page's own
// loading. app.js adopts this worker (window.zichaBoot) and replays what it
// said before app.js was listening; it starts its own worker if this one could not be created.
'use strict';
(function () {
  try {
    const early = [];
    const worker = new Worker(new URL('./worker.js', document.currentScript.src), { type: 'module' });
    worker.onmessage = (ev) => early.push({ data: ev.data });
    worker.onerror = (ev) => {
      ev.preventDefault();
      early.push({ error: ev.message || 'worker error' });
    };
    worker.onmessageerror = () => early.push({ error: 'message could not be decoded' });
    window.zichaBoot = { worker, early };
  } catch {
    /* app.js starts the worker itself */
  }
})();
