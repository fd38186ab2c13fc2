// 商品图片检查 panel: product images picked, dropped or pasted are read and checked in web/ocr-worker.js (the
// licence check's worker script: PaddleOCR + the text engine, web/image-check.js); nothing leaves the page.
// Each image is shown with its findings drawn as boxes in the severity colours over the text they cover; a box
// is a button (tab to it or hover it to see its finding); the recognised text can be corrected and is re-checked
// at once; the report exports as JSON, Markdown and a PNG of the image with the boxes.
// The worker is supervised as the licence check's is (web/supervisor.js): an error event or no progress for
// IMAGE_STALL_MS terminates it, and the image is retried once in a fresh one.
//
//   initImagePanel({ download(name, mime, content), notice(text), category(), mode(), pack() })   (from web/app.js;
//   pack(): the user's saved rule pack as the text check gets it, or null)

import { SupervisedWorker, WorkerFailure } from './supervisor.js';
import { findingItem } from './findings.js';
import { T, dropTarget, pastedFiles, familyName } from './ui.js';

const IMAGE_STALL_MS = (() => {
  const q = new URLSearchParams(location.search);
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(location.hostname);
  return (local && Number(q.get('zc-test-timeout'))) || 90000;
})();
const WEIGHT = { decode: [0, 5], 'load-ocr': [5, 30], ocr: [30, 95], check: [95, 100] };
const ACCEPT = /^image\/(png|jpeg|webp)$/;
const SEV_COLOUR = { error: '#b00020', warning: '#8a4b00', info: '#0b5394' };

const STR = {
  zh: {
    stage: { decode: '读取图片', 'load-ocr': '加载识别模型', ocr: '识别文字', check: '检查文字' },
    of: (i, n) => (n > 1 ? `（第 ${i}/${n} 张）` : ''),
    done: (ms) => `完成，用时 ${(ms / 1000).toFixed(1)} 秒`,
    crashed: '图片识别进程意外退出，已重新启动并重试。',
    hung: '图片识别长时间没有进展，已重新启动并重试。',
    gaveUp: '图片识别失败（重试后仍未成功），请换一张较小的图片再试。',
    notImage: (n) => `「${n}」不是 PNG、JPEG 或 WebP 图片，已跳过。`,
    clean: '未发现违法或警告问题。',
    problems: (n) => `发现 ${n} 处违法或警告问题（图中方框标出）。`,
    noText: '图中没有识别到文字。',
    textLabel: '识别出的文字（可直接修改，修改后立即重新检查）',
    boxHint: '把鼠标移到方框上或用 Tab 键选中方框，可查看问题说明。',
    json: '下载 JSON', md: '下载 Markdown', png: '下载标注图片 PNG', remove: '移除',
    size: (w, h) => `${w} × ${h} 像素`,
    noClipboard: '剪贴板里没有图片。',
  },
  en: {
    stage: { decode: 'Reading image', 'load-ocr': 'Loading OCR models', ocr: 'Recognising text', check: 'Checking text' },
    of: (i, n) => (n > 1 ? ` (image ${i}/${n})` : ''),
    done: (ms) => `Done in ${(ms / 1000).toFixed(1)} s`,
    crashed: 'The image reader stopped unexpectedly; it was restarted and the image retried.',
    hung: 'The image reader made no progress; it was restarted and the image retried.',
    gaveUp: 'The image could not be read (also after a retry); try a smaller image.',
    notImage: (n) => `"${n}" is not a PNG, JPEG or WebP image; skipped.`,
    clean: 'No error or warning found.',
    problems: (n) => `${n} error/warning finding(s), outlined in the image.`,
    noText: 'No text recognised in the image.',
    textLabel: 'Recognised text (edit to correct it; re-checked at once)',
    boxHint: 'Hover over a box or tab to it to see its finding.',
    json: 'Download JSON', md: 'Download Markdown', png: 'Download annotated PNG', remove: 'Remove',
    size: (w, h) => `${w} × ${h} px`,
    noClipboard: 'No image on the clipboard.',
  },
};
const S = () => STR[document.documentElement.lang === 'en' ? 'en' : 'zh'];

export function initImagePanel({ download, notice = () => {}, category = () => '', mode = () => 'listing', pack = () => null } = {}) {
  const $ = (id) => document.getElementById(id);
  const input = $('imagefile');
  if (!input) return null;
  const zone = $('image-drop');
  const list = $('image-results');
  const st = { queue: [], busy: false, cards: 0 };

  // ------------------------------------------------------------ supervised worker (web/supervisor.js)
  const ocr = new SupervisedWorker({ url: new URL('./ocr-worker.js', import.meta.url), timeout: IMAGE_STALL_MS });
  // one retry after a crash or hang, as the licence check
  async function supervised(msg, onProgress) {
    try {
      const { result } = await ocr.retryOnce(msg, {
        onProgress: (m) => onProgress?.(m.stage, m.progress),
        onRetry: (e) => notice(e.kind === 'hang' ? S().hung : S().crashed),
      });
      return result;
    } catch (e) {
      if (e instanceof WorkerFailure) throw new Error(S().gaveUp);
      throw e;
    }
  }

  // ------------------------------------------------------------ queue
  function progress(stage, fraction, i, n) {
    const [a, b] = WEIGHT[stage] || [0, 100];
    const bar = $('image-bar');
    const v = Math.round(a + (b - a) * Math.max(0, Math.min(1, fraction || 0)));
    if (v >= Number(bar.value) || stage === 'decode') bar.value = v;
    $('image-stage').textContent = `${S().stage[stage] || stage} ${Math.round(bar.value)}%${S().of(i, n)}`;
  }

  function add(files) {
    const imgs = [];
    for (const f of files) {
      if (f && ACCEPT.test(f.type || '')) imgs.push(f);
      else if (f) notice(S().notImage(f.name || '?'));
    }
    if (!imgs.length) return;
    st.queue.push(...imgs);
    st.total = (st.busy ? st.total : 0) + imgs.length;
    if (!st.busy) pump();
  }

  async function pump() {
    st.busy = true;
    st.done = 0;
    document.documentElement.dataset.images = 'running';
    $('image-error').hidden = true;
    const t0 = performance.now();
    let failed = false;
    while (st.queue.length) {
      const file = st.queue.shift();
      const i = ++st.done;
      const card = makeCard(file);
      $('image-progress').hidden = false;
      progress('decode', 0, i, st.total);
      try {
        const result = await supervised({ kind: 'image', file, category: category(), mode: mode(), pack: pack() }, (s, p) => progress(s, p, i, st.total));
        card.set(result);
      } catch (e) {
        failed = true;
        card.fail(e.message || String(e));
      }
    }
    $('image-bar').value = 100;
    $('image-stage').textContent = S().done(performance.now() - t0);
    st.busy = false;
    document.documentElement.dataset.images = failed ? 'error' : 'done';
  }

  // ------------------------------------------------------------ one image
  function makeCard(file) {
    const n = ++st.cards;
    const el = document.createElement('article');
    el.className = 'imgcase';
    el.dataset.state = 'running';
    const url = URL.createObjectURL(file);
    el.innerHTML = `<h4 class="imgname"></h4>
      <div class="imglayout">
        <figure class="imgfig"><div class="imgwrap"><img alt=""><div class="imgboxes"></div></div>
          <figcaption class="meta imgnote"></figcaption></figure>
        <div class="imgside">
          <p class="verdict imgverdict" role="status"></p>
          <ul class="findings imgdetail" aria-live="polite" hidden></ul>
          <label class="imgtextlabel" for="imgtext-${n}"></label>
          <textarea class="imgtext" id="imgtext-${n}" rows="8" spellcheck="false"></textarea>
          <ol class="findings imgfindings"></ol>
          <div class="row imgexports" hidden>
            <button type="button" data-x="json"></button><button type="button" data-x="md"></button><button type="button" data-x="png"></button>
            <button type="button" data-x="remove"></button>
          </div>
        </div>
      </div>`;
    const q = (s) => el.querySelector(s);
    q('.imgname').textContent = file.name || `image-${n}`;
    q('img').src = url;
    q('img').alt = file.name || '';
    q('.imgtextlabel').textContent = S().textLabel;
    for (const b of el.querySelectorAll('[data-x]')) b.textContent = S()[b.dataset.x];
    list.prepend(el);
    const card = { el, file, url, result: null, seq: 0 };

    const base = (file.name || `image-${n}`).replace(/\.[^.]+$/, '');
    q('[data-x=json]').addEventListener('click', () => download(`${base}-zicha.json`, 'application/json', JSON.stringify(exportable(card), null, 2) + '\n'));
    q('[data-x=md]').addEventListener('click', () => download(`${base}-zicha.md`, 'text/markdown', markdown(card)));
    q('[data-x=png]').addEventListener('click', async () => download(`${base}-zicha.png`, 'image/png', await annotatedPng(card)));
    q('[data-x=remove]').addEventListener('click', () => { URL.revokeObjectURL(url); el.remove(); });
    let timer = 0;
    q('.imgtext').addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(() => recheck(card), 120);
    });

    card.set = (result) => {
      card.result = result;
      card.read = result.read;
      q('.imgtext').value = result.text;
      q('.imgnote').textContent = `${S().size(result.image.width, result.image.height)} · ${S().boxHint}`;
      render(card);
      q('.imgexports').hidden = false;
      el.dataset.state = 'done';
    };
    card.fail = (message) => {
      el.dataset.state = 'error';
      q('.imgverdict').textContent = message;
      q('.imgverdict').className = 'verdict error imgverdict';
      $('image-error').textContent = message;
      $('image-error').hidden = false;
    };
    return card;
  }

  async function recheck(card) {
    const seq = ++card.seq;
    const text = card.el.querySelector('.imgtext').value;
    card.el.dataset.state = 'checking';
    try {
      const r = await supervised({ kind: 'image-text', read: card.read, text, category: category(), mode: mode(), pack: pack() });
      if (seq !== card.seq) return;
      card.result = { ...card.result, ...r, text };
      render(card);
    } catch (e) {
      notice(e.message || String(e));
    } finally {
      if (seq === card.seq) card.el.dataset.state = 'done';
    }
  }

  function render(card) {
    const { el, result } = card;
    const q = (s) => el.querySelector(s);
    const t = S(), p = T();
    const W = result.image.width, H = result.image.height;
    const serious = result.findings.filter((f) => f.severity === 'error' || f.severity === 'warning').length;
    const v = q('.imgverdict');
    v.textContent = !result.lines.length ? t.noText : serious ? t.problems(serious) : t.clean;
    v.className = `verdict imgverdict ${serious ? (result.findings.some((f) => f.severity === 'error') ? 'error' : 'warning') : 'ok'}`;
    const boxes = q('.imgboxes');
    boxes.textContent = '';
    const ol = q('.imgfindings');
    ol.textContent = '';
    const detail = q('.imgdetail');
    detail.hidden = true;
    // the list and the box's detail are the page's one finding renderer (web/findings.js)
    const item = (f, i) => {
      const li = findingItem(f, p, { familyName });
      li.dataset.index = i;
      return li;
    };
    const show = (f, i) => {
      detail.hidden = false;
      detail.dataset.index = i;
      detail.replaceChildren(item(f, i));
    };
    result.findings.forEach((f, i) => {
      for (const [x, y, w, h] of f.boxes || []) {
        const b = document.createElement('button');
        b.type = 'button';
        b.className = `imgbox sev-${f.severity}`;
        b.dataset.index = i;
        b.dataset.family = f.family;
        b.dataset.box = [x, y, w, h].join(',');
        b.setAttribute('aria-label', `${p.severity[f.severity] || f.severity}：「${f.match}」${f.message}`);
        Object.assign(b.style, { left: `${(100 * x) / W}%`, top: `${(100 * y) / H}%`, width: `${(100 * w) / W}%`, height: `${(100 * h) / H}%` });
        b.addEventListener('mouseenter', () => show(f, i));
        b.addEventListener('focus', () => show(f, i));
        b.addEventListener('click', () => show(f, i));
        boxes.append(b);
      }
      ol.append(item(f, i));
    });
  }

  // ------------------------------------------------------------ exports
  function exportable(card) {
    const { read, timing, ...rep } = card.result;
    return { file: card.file.name || '', ...rep };
  }
  function markdown(card) {
    const r = card.result, t = S(), p = T();
    const out = [`# 商品图片检查：${card.file.name || ''}`, '', `- ${t.size(r.image.width, r.image.height)}`, `- ${r.findings.length} findings`, ''];
    r.findings.forEach((f, i) => {
      out.push(`## ${i + 1}. ${p.severity[f.severity] || f.severity}「${f.match}」（${f.family}，${f.rule_id}）`, '', f.message, '');
      if (f.basis) out.push(`${p.basis}${p.colon}${f.basis}`, '');
      if (f.suggestion) out.push(`${p.suggestion}${p.colon}${f.suggestion}`, '');
      out.push(`图中位置（x, y, 宽, 高）：${(f.boxes || []).map((b) => `(${b.join(', ')})`).join('；')}`, '');
    });
    out.push('## 识别出的文字', '', '```', r.text, '```', '');
    return out.join('\n');
  }
  async function annotatedPng(card) {
    const bmp = await createImageBitmap(card.file);
    const c = document.createElement('canvas');
    c.width = bmp.width;
    c.height = bmp.height;
    const g = c.getContext('2d');
    g.drawImage(bmp, 0, 0);
    bmp.close?.();
    const lw = Math.max(3, Math.round(Math.min(c.width, 1500) / 300));
    for (const f of card.result.findings) {
      const col = SEV_COLOUR[f.severity] || SEV_COLOUR.info;
      for (const [x, y, w, h] of f.boxes || []) {
        g.fillStyle = col + '33';
        g.fillRect(x, y, w, h);
        g.lineWidth = lw;
        g.strokeStyle = col;
        g.strokeRect(x - lw / 2, y - lw / 2, w + lw, h + lw);
      }
    }
    return new Promise((res) => c.toBlob(res, 'image/png'));
  }

  // ------------------------------------------------------------ inputs: pick, drop, paste
  input.addEventListener('change', () => { add([...input.files]); input.value = ''; });
  dropTarget(zone, add);
  const fromClipboard = (e) => {
    const files = pastedFiles(e);
    if (!files.length) return false;
    e.preventDefault();
    add(files.map((f, i) => (f.name && f.name !== 'image.png' ? f : new File([f], `clipboard-${Date.now()}-${i + 1}.${(f.type.split('/')[1] || 'png').replace('jpeg', 'jpg')}`, { type: f.type }))));
    return true;
  };
  zone.addEventListener('paste', fromClipboard);
  // a paste anywhere on the page that carries an image (and is not into a text field) goes to this panel
  document.addEventListener('paste', (e) => {
    if (e.defaultPrevented || zone.contains(e.target)) return;
    const tag = (e.target && e.target.tagName) || '';
    if (tag === 'TEXTAREA' || tag === 'INPUT' || e.target?.isContentEditable) return;
    fromClipboard(e);
  });
  $('image-paste')?.addEventListener('click', async () => {
    try {
      const items = await navigator.clipboard.read();
      const files = [];
      for (const it of items) {
        const type = it.types.find((x) => ACCEPT.test(x));
        if (type) files.push(new File([await it.getType(type)], `clipboard-${Date.now()}.${type.split('/')[1].replace('jpeg', 'jpg')}`, { type }));
      }
      if (files.length) add(files); else notice(S().noClipboard);
    } catch {
      notice(S().noClipboard);
    }
  });
  return { add, get busy() { return st.busy; } };
}
