// Helper worker of the batch check: web/sheet-worker.js starts one and gives it the second half of the rows, so
// that both cores check at once (the page's own thread stays idle). It holds its own engine.
// In:  {type:'load', pack}                                    (start the engine early)
//      {type:'check', rows, textCols, category, pack}          rows: only the cells of the text columns matter
// Out: {type:'progress', done} …, {type:'done', results} | {type:'error', message}
import { checkRows, checkEngine } from './sheet-core.js';

self.onmessage = async (ev) => {
  const m = ev.data;
  try {
    const eng = await checkEngine(m.pack || null);
    if (m.type !== 'check') return;
    const results = checkRows(eng, m.rows, 0, m.rows.length, m.textCols, m.category, (done) => postMessage({ type: 'progress', done }));
    postMessage({ type: 'done', results });
  } catch (e) {
    postMessage({ type: 'error', message: e && e.message ? e.message : String(e) });
  }
};
