// Module worker: owns the wasm engine so checking never blocks typing.
// In:  {type:'check', id, text, category}     Out: {type:'result', id, report} | {type:'error', id, message}
//      {type:'rules', id}                                 {type:'rules', id, rules}
//      {type:'pack', id, json|null}                       {type:'pack', id, ok:true, rules} | {type:'error', id, message}
// On start it posts {type:'ready', ms} or {type:'error', id:null, message}.

import { loadEngine } from './engine.js';

const t0 = performance.now();
let wasmBinary = null;
let engine = null;
let queue = [];
let loadError = null;

async function start() {
  try {
    const res = await fetch(new URL('./gen/zicha.wasm', import.meta.url));
    if (!res.ok) throw new Error(`gen/zicha.wasm: HTTP ${res.status}`);
    wasmBinary = new Uint8Array(await res.arrayBuffer());
    engine = await loadEngine({ wasmBinary });
    postMessage({ type: 'ready', ms: performance.now() - t0, rules: engine.rules().length });
  } catch (e) {
    loadError = e && e.message ? e.message : String(e);
    postMessage({ type: 'error', id: null, fatal: true, message: loadError });
  }
  const pending = queue;
  queue = null;
  for (const m of pending) await handle(m);
}

async function handle(msg) {
  const { type, id } = msg;
  try {
    if (!engine) throw new Error(loadError || 'engine not loaded');
    if (type === 'check') {
      postMessage({ type: 'result', id, report: engine.check(String(msg.text ?? ''), msg.category || '') });
    } else if (type === 'rules') {
      postMessage({ type: 'rules', id, rules: engine.rules() });
    } else if (type === 'pack') {
      // A fresh engine with the extra pack; the old one stays in use if the pack is rejected.
      const next = await loadEngine({ wasmBinary, extraPack: msg.json || null });
      engine = next;
      postMessage({ type: 'pack', id, ok: true, rules: engine.rules().length });
    } else {
      throw new Error(`unknown message type '${type}'`);
    }
  } catch (e) {
    postMessage({ type: 'error', id, message: e && e.message ? e.message : String(e) });
  }
}

self.onmessage = (ev) => {
  if (queue) queue.push(ev.data);
  else handle(ev.data);
};

start();
