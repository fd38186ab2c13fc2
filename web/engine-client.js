// The page's engine: web/worker.js under the page's worker supervisor (web/supervisor.js). If it crashes
// (uncaught error, wasm trap, abort) or a request takes longer than its timeout, the page says so, terminates it,
// starts a fresh one (reloading the custom pack); the text check retries once (text-panel.js). The text box and
// the last rendered results are never touched by a failure.

import { SupervisedWorker } from './supervisor.js';
import { state, setStatus, T, TEST } from './ui.js';

export const CHECK_TIMEOUT_MS = (TEST && TEST.timeout) || 10000;
const LOAD_GRACE_MS = 30000; // extra time while the engine is still loading
let injected = 0; // test: how many workers got the failure mode

const html = document.documentElement.dataset;

// The first worker was started by boot.js while the page was parsing: adopt it, and what it already said.
const boot = window.zichaBoot;
delete window.zichaBoot;

export const engine = new SupervisedWorker({
  url: new URL('./worker.js', import.meta.url),
  timeout: CHECK_TIMEOUT_MS,
  startGrace: LOAD_GRACE_MS,
  eager: true,
  needsReady: true,
  adopt: boot || undefined,
  onSpawn(w, gen) {
    state.ready = false;
    if (TEST && TEST.mode && (!TEST.once || injected === 0)) {
      injected++;
      w.postMessage({ type: 'test', id: 0, mode: TEST.mode });
    }
    if (gen > 1 && state.activePack) w.postMessage({ type: 'pack', id: 0, json: state.activePack.payload });
  },
  onMessage(m) {
    if (m.type === 'ready') {
      state.ready = true;
      state.loadError = null;
      performance.mark('zicha-engine-ready');
      if (!state.failure) setStatus(T().ready);
      html.engine = 'ready';
    } else if (m.type === 'error') {
      loadFailed(m.message);
    }
  },
  onLoadError: loadFailed,
  onFailure(kind, detail) {
    state.restarts++;
    state.failure = { kind, detail };
    html.restarts = String(state.restarts);
    html.engine = 'restarting';
    setStatus(kind === 'hang' ? T().engineHung(Math.round(CHECK_TIMEOUT_MS / 1000)) : T().engineCrashed, true);
  },
});

// An engine that never started (script missing, import error, wasm refused) is a load failure, not something a
// restart fixes.
function loadFailed(message) {
  state.loadError = message;
  setStatus(T().loadFailed + message, true);
  html.engine = 'failed';
}

/** One request to the engine worker; resolves with its answer message. */
export const ask = (msg, opts) => engine.request(msg, opts);

if (TEST) {
  // Test page only (localhost + ?zc-test): make the current worker, or every worker from now on, fail.
  window.zichaTest = {
    inject(mode, { sticky = false } = {}) {
      if (sticky) Object.assign(TEST, { mode, once: false });
      engine.post({ type: 'test', id: 0, mode });
    },
  };
}
