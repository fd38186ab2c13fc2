// Module worker: owns the wasm engine so checking never blocks typing.
// In:  {type:'check', id, text, category, mode}  Out: {type:'result', id, report} | {type:'error', id, message}
//      {type:'rules', id}                                 {type:'rules', id, rules}
//      {type:'meta', id}                                  {type:'meta', id, version, rules, fingerprint}
//      {type:'pack', id, json|null}                       {type:'pack', id, ok:true, rules} | {type:'error', id, message}
// On start it posts {type:'ready', ms} or {type:'error', id:null, fatal:true, message}.
// A failure that leaves the module unusable (a wasm trap, an Emscripten abort, out of memory) is reported as
// {type:'error', id, message, crashed:true}: the page then terminates this worker and starts a fresh one.
//
// Test hook (tests/e2e/robust.test.mjs): {type:'test', id, mode} makes the next checks fail on purpose
// ('crash': an uncaught error, 'trap': a wasm RuntimeError, 'hang': an endless loop, null: off). It is honoured
// only when the page is served from localhost / 127.0.0.1, and the page sends it only when its URL asks for it.

// Time to the first result: the wasm download starts before the JS modules load (a static import would
// delay it until the whole module graph has arrived) and is compiled while it streams in; the glue (gen/zicha.mjs)
// is imported in parallel with engine.js instead of after it. The compiled module is kept: a custom rule pack
// only instantiates it again. Milestones (ms since this worker started) are in self.zichaWorkerTimings for
// bench/first-result.mjs.
const T = { start: performance.now(), timeOrigin: performance.timeOrigin };
self.zichaWorkerTimings = T;
const WASM_NAME = 'gen/zicha.wasm';
const wasmCompiled = fetch(new URL('./gen/zicha.wasm', import.meta.url)).then(async (res) => {
  T.wasmResponse = performance.now();
  if (!res.ok) throw new Error(`${WASM_NAME}: HTTP ${res.status}`);
  // compileStreaming needs the application/wasm type; a host that sends another one gets the buffered path.
  const streaming = typeof WebAssembly.compileStreaming === 'function' && /^application\/wasm\b/i.test(res.headers.get('Content-Type') || '');
  const module = streaming ? await WebAssembly.compileStreaming(res) : await WebAssembly.compile(await res.arrayBuffer());
  T.wasmCompiled = performance.now();
  return module;
});
wasmCompiled.catch(() => {}); // reported by start()
const engineModule = import('./engine.js');
import('./gen/zicha.mjs').catch(() => {}); // engine.js imports it: fetch both at once (errors surface there)
let loadEngine = null;

let wasmModule = null;
let engine = null;
let queue = [];
let loadError = null;
let testMode = null;
let chain = Promise.resolve();
const LOCAL = ['localhost', '127.0.0.1', '[::1]'].includes(self.location.hostname);

function isFatal(e) {
  return (
    (typeof WebAssembly !== 'undefined' && e instanceof WebAssembly.RuntimeError) ||
    /^(Aborted|RuntimeError)|out of memory|memory access out of bounds|unreachable/i.test(String((e && e.message) || e))
  );
}

async function start() {
  try {
    ({ loadEngine } = await engineModule);
    T.engineJs = performance.now();
    wasmModule = await wasmCompiled;
    engine = await loadEngine({ wasmModule, timings: T });
    T.ready = performance.now();
    // (nothing else before the first check: the rules list is built only when the page asks for it)
    postMessage({ type: 'ready', ms: T.ready - T.start });
  } catch (e) {
    loadError = e && e.message ? e.message : String(e);
    postMessage({ type: 'error', id: null, fatal: true, message: loadError });
  }
  const pending = queue;
  queue = null;
  chain = (async () => {
    for (const m of pending) await handle(m);
  })();
}

async function handle(msg) {
  const { type, id } = msg;
  try {
    if (type === 'test') {
      testMode = LOCAL ? msg.mode || null : null;
      postMessage({ type: 'test', id, mode: testMode });
      return;
    }
    if (!engine) throw new Error(loadError || 'engine not loaded');
    if (type === 'check' && testMode) {
      if (testMode === 'hang') for (;;);
      if (testMode === 'trap') throw new WebAssembly.RuntimeError('unreachable (injected by test)');
      if (testMode === 'crash') {
        setTimeout(() => {
          throw new Error('worker crash injected by test');
        });
        return;
      }
    }
    if (type === 'check') {
      postMessage({ type: 'result', id, report: engine.check(String(msg.text ?? ''), msg.category || '', msg.mode || 'auto') });
    } else if (type === 'meta') {
      // what a report names as its engine and rules: the library version, and the rule list's size and a
      // fingerprint (FNV-1a of its JSON), so that two reports can be told apart when the rules changed
      const json = engine.rulesJSON();
      let h = 0x811c9dc5;
      for (let i = 0; i < json.length; i++) h = Math.imul(h ^ json.charCodeAt(i), 0x01000193) >>> 0;
      postMessage({ type: 'meta', id, version: engine.version(), rules: engine.rules().length, fingerprint: h.toString(16).padStart(8, '0') });
    } else if (type === 'rules') {
      postMessage({ type: 'rules', id, rules: engine.rules() });
    } else if (type === 'pack') {
      // A fresh engine with the extra pack; the old one stays in use if the pack is rejected.
      const next = await loadEngine({ wasmModule, extraPack: msg.json || null });
      engine = next;
      postMessage({ type: 'pack', id, ok: true, rules: engine.rules().length });
    } else {
      throw new Error(`unknown message type '${type}'`);
    }
  } catch (e) {
    const message = e && e.message ? e.message : String(e);
    if (isFatal(e)) postMessage({ type: 'error', id, message, crashed: true });
    else postMessage({ type: 'error', id, message });
  }
}

// Messages are handled one at a time, in order (a pack reload finishes before the next check runs).
self.onmessage = (ev) => {
  if (queue) queue.push(ev.data);
  else chain = chain.then(() => handle(ev.data));
};

start();
