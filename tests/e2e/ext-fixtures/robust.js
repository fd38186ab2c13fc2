window.__longtasks = [];
try {
  new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__longtasks.push(Math.round(e.duration)); }).observe({ type: 'longtask', buffered: true });
} catch { /* no longtask API */ }
window.__fill = () => {
  // about 1 MB of UTF-8: 350k CJK characters with a finding every ~2000 characters
  const para = '本店商品质量可靠，欢迎选购。'.repeat(140) + '全网最好\n';
  document.getElementById('huge').value = para.repeat(Math.ceil(350000 / para.length));
  const many = document.getElementById('many');
  const frag = document.createDocumentFragment();
  for (let i = 0; i < 400; i++) {
    const inp = document.createElement('input');
    inp.id = `f${i}`;
    if (i % 10 === 0) inp.value = `第${i}号商品 销量第一`;
    frag.append(inp);
  }
  many.append(frag);
};
window.__fill();
