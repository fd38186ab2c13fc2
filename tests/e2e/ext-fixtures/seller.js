// The fixture's own "framework": it records input events (as React/Vue would see them) and, like some live-stream
// script editors, rebuilds the second editor's DOM on every key.
window.__inputs = [];
document.addEventListener('input', (e) => {
  window.__inputs.push({ id: e.target.id, type: e.inputType, trusted: e.isTrusted });
}, true);
window.__longtasks = [];
try {
  new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__longtasks.push(Math.round(e.duration)); }).observe({ type: 'longtask', buffered: true });
} catch { /* no longtask API */ }

const rw = document.getElementById('rewrite');
rw.addEventListener('input', () => {
  // rebuild: one <span> per sentence, the caret put back at the end
  const text = rw.textContent;
  rw.textContent = '';
  for (const part of text.split(/(?<=[。！，])/)) {
    if (!part) continue;
    const s = document.createElement('span');
    s.textContent = part;
    rw.append(s);
  }
  const sel = getSelection();
  sel.removeAllRanges();
  const r = document.createRange();
  r.selectNodeContents(rw);
  r.collapse(false);
  sel.addRange(r);
});

document.getElementById('add').addEventListener('click', () => {
  // a single-page app adds a field some time later
  setTimeout(() => {
    const wrap = document.createElement('div');
    wrap.innerHTML = '<label for="spec">规格说明</label><textarea id="spec"></textarea>';
    document.getElementById('spa').append(wrap);
  }, 300);
});
