// Content script, injected only into sites the user switched on (registered by bg.js for granted hosts).
// Checks textareas, text inputs and contenteditable editors as the user types; the text goes to the extension's
// service worker (chrome.runtime.sendMessage) and nowhere else.
//
// What it changes on the host page: one <zicha-overlay> element at the end of <html> (everything inside a shadow
// root: underlines, tooltip, measuring mirror), and the attribute data-zicha-count="N" on a checked field. The
// field's text changes only when the user applies a fix, through the browser's editing commands (so the site's
// framework gets beforeinput/input events and Ctrl+Z undoes it).
//
// Main-thread budget: nothing scans the whole page eagerly (fields are found from focus/input events, and
// pre-filled fields in idle time), the check runs in the service worker, a field's underlines are laid out in one
// pass, and a field longer than DRAW_LIMIT gets its count and a list instead of underlines.
(() => {
  if (window.__zichaContent) return; // injected again (popup's "switch on" on an open tab)
  window.__zichaContent = true;

  const FIELD_SEL = 'textarea, input:not([type]), input[type=text], input[type=search], [contenteditable]:not([contenteditable=false])';
  const DRAW_LIMIT = 20000; // UTF-16 units laid out in the mirror (a mirror of 100k characters costs ~40 ms)
  const CHECK_LIMIT = 2000000; // longer fields are not sent at all
  const BLOCK = new Set(['P', 'DIV', 'LI', 'UL', 'OL', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'BLOCKQUOTE', 'PRE', 'TR', 'TABLE', 'SECTION', 'ARTICLE', 'HEADER', 'FOOTER']);
  const MIRROR_PROPS = ['boxSizing', 'fontFamily', 'fontSize', 'fontStyle', 'fontVariant', 'fontWeight', 'fontStretch', 'fontFeatureSettings',
    'letterSpacing', 'wordSpacing', 'lineHeight', 'textTransform', 'textIndent', 'textAlign', 'tabSize', 'wordBreak', 'overflowWrap',
    'direction', 'paddingTop', 'paddingRight', 'paddingBottom', 'paddingLeft'];

  const fields = new Map(); // element -> state
  let alive = true;

  // ------------------------------------------------------------------ overlay (one shadow root)
  const host = document.createElement('zicha-overlay');
  host.style.cssText = 'all:initial;position:absolute;left:0;top:0;width:0;height:0;overflow:visible;z-index:2147483647;pointer-events:none;';
  const root = host.attachShadow({ mode: 'open' });
  // The styles are a constructed sheet, not a <style> element: a site's CSP (style-src without 'unsafe-inline')
  // would block the element, not the sheet.
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(`
    .box{position:absolute;overflow:hidden;pointer-events:none}
    .layer{position:absolute;left:0;top:0;will-change:transform}
    .u{position:absolute;height:0;border-bottom:2px solid #c0392b}
    .u.warning{border-bottom:2px dashed #d68910}
    .u.info{border-bottom:2px dotted #2e86c1}
    .u.on{background:rgba(192,57,43,.12);height:auto}
    .mirror{position:absolute;left:-100000px;top:0;visibility:hidden;white-space:pre-wrap;overflow-wrap:break-word;border:0;margin:0}
    .tip,.toast,.list{position:fixed;pointer-events:auto;font:13px/1.5 system-ui,"PingFang SC","Microsoft YaHei",sans-serif;color:#222;background:#fff;
      border:1px solid #bbb;border-radius:6px;box-shadow:0 4px 16px rgba(0,0,0,.18);padding:8px 10px;max-width:340px;box-sizing:border-box}
    .tip,.toast,.list{z-index:2}
    .tip[hidden],.toast[hidden],.list[hidden]{display:none}
    .tip h4{margin:0 0 4px;font-size:13px}
    .tip .sev{font-weight:normal;font-size:12px;color:#666;margin-left:6px}
    .tip p{margin:2px 0}
    .tip .basis,.tip .sug{color:#555;font-size:12px}
    .tip button,.toast button{font:inherit;font-size:12px;margin:4px 4px 0 0;padding:2px 8px;border:1px solid #8c1c13;border-radius:4px;background:#fff;color:#8c1c13;cursor:pointer}
    .tip button.fix{background:#8c1c13;color:#fff}
    .tip button.quiet{border-color:#aaa;color:#555}
    .toast{max-width:none}
    .badge{position:absolute;pointer-events:auto;font:11px/16px system-ui,sans-serif;min-width:16px;padding:0 4px;border-radius:8px;background:#c0392b;color:#fff;text-align:center;cursor:pointer;border:0}
    .list{max-height:50vh;overflow:auto}
    .list li{margin:4px 0}`);
  root.adoptedStyleSheets = [sheet];
  for (const cls of ['tip', 'toast', 'list']) {
    const d = document.createElement('div');
    d.className = cls;
    d.hidden = true;
    root.append(d);
  }
  root.querySelector('.tip').setAttribute('role', 'tooltip');
  root.querySelector('.toast').setAttribute('role', 'status');
  const tip = root.querySelector('.tip');
  const toast = root.querySelector('.toast');
  const list = root.querySelector('.list');
  const mirror = document.createElement('div');
  mirror.className = 'mirror';
  root.append(mirror);
  const attach = () => {
    if (!host.isConnected) document.documentElement.append(host);
  };

  // ------------------------------------------------------------------ fields and their text
  function fieldOf(node) {
    if (!node || node.nodeType !== 1) return null;
    if (node === host) return null;
    if (node.matches('textarea, input')) return node.matches(FIELD_SEL) && !node.readOnly && !node.disabled ? node : null;
    if (!node.isContentEditable) return null;
    let el = node;
    while (el.parentElement && el.parentElement.isContentEditable) el = el.parentElement; // the editing host
    return el;
  }
  const isText = (el) => el.localName === 'textarea' || el.localName === 'input';

  /** The text of a contenteditable: its text nodes in order, a newline for <br> and around blocks. segs maps
   * offsets back to nodes. */
  function ceText(el) {
    const parts = [];
    const segs = [];
    let pos = 0;
    let last = '\n';
    const nl = () => {
      if (last !== '\n') {
        parts.push('\n');
        pos++;
        last = '\n';
      }
    };
    (function walk(node) {
      for (let n = node.firstChild; n; n = n.nextSibling) {
        if (n.nodeType === 3) {
          const v = n.data;
          if (!v) continue;
          segs.push({ node: n, start: pos });
          parts.push(v);
          pos += v.length;
          last = v[v.length - 1];
        } else if (n.nodeType === 1) {
          const tag = n.nodeName;
          if (tag === 'BR') {
            parts.push('\n');
            pos++;
            last = '\n';
          } else if (tag !== 'SCRIPT' && tag !== 'STYLE' && tag !== 'TEMPLATE') {
            const block = BLOCK.has(tag);
            if (block) nl();
            walk(n);
            if (block) nl();
          }
        }
      }
    })(el);
    return { text: parts.join(''), segs };
  }
  function textOf(st) {
    if (isText(st.el)) return { text: st.el.value, segs: null };
    return ceText(st.el);
  }
  /** (node, offset) of UTF-16 offset u in a contenteditable's text; at a node boundary the earlier node's end
   * when `end`, else the later node's start. */
  function pointAt(segs, u, end) {
    let lo = 0;
    let hi = segs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (segs[mid].start < u || (!end && segs[mid].start === u)) lo = mid;
      else hi = mid - 1;
    }
    const s = segs[lo];
    if (!s) return null;
    return { node: s.node, offset: Math.max(0, Math.min(u - s.start, s.node.data.length)) };
  }
  function ceRange(segs, a, b) {
    const p = pointAt(segs, a, false);
    const q = pointAt(segs, b, true);
    if (!p || !q) return null;
    const r = document.createRange();
    r.setStart(p.node, p.offset);
    r.setEnd(q.node, q.offset);
    return r;
  }

  function stateOf(el) {
    let st = fields.get(el);
    if (!st) {
      st = { el, seq: 0, inFlight: false, dirty: false, timer: 0, text: null, findings: [], count: 0, box: null, layer: null, rects: [], badge: null, rectKey: '' };
      fields.set(el, st);
      ro.observe(el);
      if (!isText(el)) mo.observe(el, { childList: true, subtree: true, characterData: true });
    }
    return st;
  }
  function purposeOf(el) {
    if (el.localName === 'input') return 'title';
    if (el.localName === 'textarea' || el.isContentEditable) return 'detail';
    return 'field';
  }

  // ------------------------------------------------------------------ checking
  function schedule(el, delay) {
    const st = stateOf(el);
    clearTimeout(st.timer);
    // a long field is not re-sent on every key: the message copies the whole text
    const len = isText(el) ? el.value.length : 0;
    const wait = delay != null ? delay : len > 100000 ? 400 : len > 20000 ? 120 : 0;
    st.timer = setTimeout(() => run(st), wait);
  }
  async function run(st) {
    if (!alive) return;
    if (st.inFlight) {
      st.dirty = true; // one check at a time per field; the latest text goes next
      return;
    }
    if (!st.el.isConnected) return forget(st);
    const { text } = textOf(st);
    if (text === st.text && !st.stale) return;
    st.stale = false;
    if (!text.trim() || text.length > CHECK_LIMIT) {
      show(st, text, { findings: [], count: 0, total: 0 });
      return;
    }
    st.inFlight = true;
    const seq = ++st.seq;
    const t0 = performance.now();
    let res;
    try {
      res = await send(text, purposeOf(st.el));
    } catch (e) {
      res = { error: String(e && e.message) };
    }
    st.inFlight = false;
    if (res && res.error && /context invalidated/i.test(res.error)) return shutdown(); // the extension was updated or removed
    if (seq === st.seq && res && !res.error) {
      res.roundTrip = performance.now() - t0;
      show(st, text, res);
    }
    if (st.dirty) {
      st.dirty = false;
      run(st);
    }
  }

  /** Sends a text for checking. A message is serialised on this thread in one go (about 70 ms for a megabyte), so a
   * long text goes in parts of CHUNK units, one task each, and the worker joins them. */
  const CHUNK = 32768;
  async function send(text, purpose) {
    if (text.length <= CHUNK) return chrome.runtime.sendMessage({ type: 'check', text, purpose });
    const id = `${Date.now()}-${Math.random()}`;
    const n = Math.ceil(text.length / CHUNK);
    for (let i = 0; i < n; i++) {
      const r = await chrome.runtime.sendMessage({ type: 'part', id, i, n, data: text.slice(i * CHUNK, (i + 1) * CHUNK) });
      if (r && r.error) return r;
    }
    return chrome.runtime.sendMessage({ type: 'check', id, purpose });
  }

  function show(st, text, res) {
    st.text = text;
    st.findings = res.findings;
    st.count = res.count;
    st.total = res.total;
    st.el.setAttribute('data-zicha-count', String(res.count));
    // drawn in the next frame: the layout it reads is then the one the browser does for that frame anyway
    relayout.add(st);
    realign();
    if (res.roundTrip != null) st.announce = true;
  }

  // ------------------------------------------------------------------ drawing
  function ensureBox(st) {
    attach();
    if (!st.box) {
      st.box = document.createElement('div');
      st.box.className = 'box';
      st.layer = document.createElement('div');
      st.layer.className = 'layer';
      st.box.append(st.layer);
      root.append(st.box);
    }
  }
  function removeBox(st) {
    if (st.box) st.box.remove();
    if (st.badge) st.badge.remove();
    st.box = st.layer = st.badge = null;
    st.rects = [];
  }

  /** The field's geometry (reads only: with every write after all the reads, a frame lays the page out once,
   * however many fields there are). */
  function measure(st) {
    const el = st.el;
    const r = el.getBoundingClientRect();
    return { r, cl: el.clientLeft, ct: el.clientTop, cw: el.clientWidth, ch: el.clientHeight, sl: el.scrollLeft, stp: el.scrollTop };
  }
  /** A field more than a screen away from the viewport is not drawn (its underlines are measured when it comes
   * near): scrolling past hundreds of checked fields costs only the ones on screen. */
  const nearScreen = (r) => r.bottom > -innerHeight && r.top < 2 * innerHeight && r.right > -innerWidth && r.left < 2 * innerWidth && (r.width || r.height);
  /** Places the clip box on the field's padding box (document coordinates relative to the overlay host) and the
   * layer at the field's scroll offset (writes only). */
  function apply(st, g, h) {
    const { r } = g;
    const key = `${r.left},${r.top},${r.width},${r.height}`;
    const b = st.box.style;
    b.left = `${r.left - h.left + g.cl}px`;
    b.top = `${r.top - h.top + g.ct}px`;
    b.width = `${g.cw}px`;
    b.height = `${g.ch}px`;
    st.layer.style.transform = `translate(${-g.sl}px,${-g.stp}px)`;
    if (st.badge) {
      st.badge.style.left = `${r.right - h.left - 22}px`;
      st.badge.style.top = `${r.top - h.top - 8}px`;
    }
    const sizeChanged = st.rectKey && st.rectKey.split(',').slice(2).join() !== key.split(',').slice(2).join();
    st.rectKey = key;
    return sizeChanged;
  }
  function place(st) {
    const g = measure(st);
    apply(st, g, host.getBoundingClientRect());
    return g;
  }

  function draw(st) {
    const el = st.el;
    const shown = st.findings.filter((f) => f.e > f.s);
    if (!shown.length && !st.count) {
      removeBox(st);
      if (tipState && tipState.st === st) hideTip();
      return;
    }
    ensureBox(st);
    st.layer.textContent = '';
    st.rects = [];
    const g = measure(st);
    st.away = !nearScreen(g.r);
    st.box.hidden = st.away;
    if (st.badge) st.badge.hidden = st.away;
    if (st.away) return; // drawn when it comes near the screen (realign)
    const big = (st.text || '').length > DRAW_LIMIT;
    if (big || st.total > shown.length) {
      // no underlines for a very long field: a badge with the count opens the list of findings
      if (!st.badge) {
        st.badge = document.createElement('button');
        st.badge.className = 'badge';
        st.badge.addEventListener('click', () => openList(st));
        root.append(st.badge);
      }
      st.badge.textContent = String(st.count);
      st.badge.title = `zicha：${st.count} 处问题（文本较长，点此查看列表）`;
    } else if (st.badge) {
      st.badge.remove();
      st.badge = null;
    }
    place(st);
    if (big) return;
    const rects = isText(el) ? textRects(st, shown, g) : ceRects(st, shown, g);
    const frag = document.createDocumentFragment();
    rects.forEach((list, i) => {
      for (const q of list) {
        const u = document.createElement('div');
        u.className = `u ${shown[i].severity}`;
        u.style.cssText = `left:${q.x}px;top:${q.y}px;width:${q.w}px;height:${q.h}px;`;
        frag.append(u);
        st.rects.push({ ...q, f: shown[i], node: u });
      }
    });
    st.layer.append(frag);
    if (tipState && tipState.st === st) {
      // redrawn (resize, scroll, a new check): the open tooltip follows its finding if it is still there
      const same = shown.find((f) => f.occ.key === tipState.f.occ.key && f.s === tipState.f.s);
      if (same && st.rects.some((q) => q.f === same)) {
        tipState.f = same;
        for (const q of st.rects) q.node.classList.toggle('on', q.f === same);
        positionTip();
      } else hideTip();
    }
  }

  /** Rects of findings in a textarea/input, in the field's content coordinates (before its scroll), measured on a
   * mirror with the field's text, font, padding and width. */
  function textRects(st, shown, g) {
    const el = st.el;
    const cs = getComputedStyle(el);
    const m = mirror.style;
    for (const p of MIRROR_PROPS) m[p] = cs[p];
    m.boxSizing = 'content-box';
    const single = el.localName === 'input';
    m.whiteSpace = single ? 'pre' : 'pre-wrap';
    const padX = parseFloat(cs.paddingLeft) + parseFloat(cs.paddingRight);
    m.width = single ? 'auto' : `${g.cw - padX}px`;
    m.height = 'auto';
    // an input's text is vertically centred in its box: the mirror's line box gets the field's content height
    if (single) m.lineHeight = `${g.ch - parseFloat(cs.paddingTop) - parseFloat(cs.paddingBottom)}px`;
    const node = document.createTextNode(st.text + (single ? '' : '\u200b'));
    mirror.textContent = '';
    mirror.append(node);
    const base = mirror.getBoundingClientRect();
    const out = shown.map((f) => {
      const r = document.createRange();
      r.setStart(node, Math.min(f.s, st.text.length));
      r.setEnd(node, Math.min(f.e, st.text.length));
      return [...r.getClientRects()].filter((q) => q.width > 0).map((q) => ({ x: q.left - base.left, y: q.top - base.top, w: q.width, h: q.height }));
    });
    mirror.textContent = '';
    return out;
  }

  /** Rects of findings in a contenteditable, from ranges over its current text nodes (re-read now: an editor may
   * have rebuilt its DOM since the check). */
  function ceRects(st, shown, g) {
    const el = st.el;
    const { text, segs } = ceText(el);
    if (text !== st.text) {
      st.stale = true;
      schedule(el);
      return shown.map(() => []);
    }
    const ox = g.r.left + g.cl - g.sl;
    const oy = g.r.top + g.ct - g.stp;
    st.segs = segs;
    return shown.map((f) => {
      const r = ceRange(segs, f.s, f.e);
      if (!r) return [];
      return [...r.getClientRects()].filter((q) => q.width > 0).map((q) => ({ x: q.left - ox, y: q.top - oy, w: q.width, h: q.height }));
    });
  }

  // ------------------------------------------------------------------ alignment on scroll, resize, DOM changes
  // One animation frame does the overlay's work: first every read (the fields' geometry, one layout), then every
  // write, then the fields to redraw, each measured on the mirror, for at most FRAME_BUDGET ms; what is left waits
  // for the next frame, so no frame of the host page carries more than about that much of the extension's work.
  const FRAME_BUDGET = 12;
  let frame = 0;
  const relayout = new Set();
  function realign(full) {
    if (full === true) for (const st of fields.values()) if (st.box) relayout.add(st);
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      const t0 = performance.now();
      const geo = [];
      for (const st of fields.values()) {
        if (!st.box) continue;
        if (!st.el.isConnected) {
          forget(st);
          continue;
        }
        if (!relayout.has(st)) geo.push([st, measure(st)]);
      }
      const h = geo.length ? host.getBoundingClientRect() : null;
      for (const [st, g] of geo) {
        const near = nearScreen(g.r);
        if (st.away || !near) {
          // coming near the screen: draw it now; going away: hide it (no layout of its underlines meanwhile)
          if (st.away && near) relayout.add(st);
          else if (!st.away && !near) {
            st.box.hidden = st.away = true;
            if (st.badge) st.badge.hidden = true;
          }
          continue;
        }
        if (apply(st, g, h)) relayout.add(st);
      }
      for (const st of relayout) {
        if (performance.now() - t0 > FRAME_BUDGET) break;
        relayout.delete(st);
        if (st.el.isConnected) draw(st);
        if (st.announce) {
          // for bench/extension.mjs: the moment a check's underlines are on the page (in the page's clock)
          st.announce = false;
          window.dispatchEvent(new Event('zicha-drawn'));
        }
      }
      if (tipState) positionTip();
      if (relayout.size) realign();
    });
  }
  const ro = new ResizeObserver((entries) => {
    for (const e of entries) {
      const st = fields.get(e.target);
      if (st && st.box) relayout.add(st);
    }
    realign();
  });
  const mo = new MutationObserver((records) => {
    for (const r of records) {
      let n = r.target;
      while (n && !fields.has(n)) n = n.parentNode;
      const st = n && fields.get(n);
      if (st && !st.inFlight) relayout.add(st);
    }
    realign();
  });
  function forget(st) {
    clearTimeout(st.timer);
    removeBox(st);
    ro.unobserve(st.el);
    fields.delete(st.el);
  }

  // ------------------------------------------------------------------ tooltip: hover or caret on a finding
  let tipState = null; // {st, f, rect, pinned}
  let hideTimer = 0;
  function hitTest(x, y) {
    for (const st of fields.values()) {
      if (!st.box || !st.rects.length) continue;
      const b = st.box.getBoundingClientRect();
      if (x < b.left || x > b.right || y < b.top || y > b.bottom) continue;
      const lx = x - b.left + st.el.scrollLeft;
      const ly = y - b.top + st.el.scrollTop;
      for (const q of st.rects) if (lx >= q.x && lx <= q.x + q.w && ly >= q.y && ly <= q.y + q.h + 3) return { st, q };
    }
    return null;
  }
  const SEV = { error: '违法', warning: '需证明或限定', info: '建议' };
  function btn(label, cls, fn) {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = cls;
    b.textContent = label;
    b.addEventListener('mousedown', (e) => e.preventDefault()); // keep the caret in the field
    b.addEventListener('click', (e) => {
      e.preventDefault();
      fn();
    });
    return b;
  }
  function showTip(st, f, how) {
    clearTimeout(hideTimer);
    if (tipState && tipState.st === st && (tipState.f === f || tipState.f.occ.key === f.occ.key)) {
      tipState.how = how;
      return;
    }
    for (const q of st.rects) q.node.classList.toggle('on', q.f === f);
    tipState = { st, f, how };
    tip.textContent = '';
    const h = document.createElement('h4');
    h.append(f.familyName || f.family, Object.assign(document.createElement('span'), { className: 'sev', textContent: SEV[f.severity] || f.severity }));
    tip.append(h, Object.assign(document.createElement('p'), { textContent: f.message }));
    if (f.basis) tip.append(Object.assign(document.createElement('p'), { className: 'basis', textContent: `依据：${f.basis}` }));
    if (f.suggestion && !f.fixes.length) tip.append(Object.assign(document.createElement('p'), { className: 'sug', textContent: `建议：${f.suggestion}` }));
    const row = document.createElement('div');
    for (const fx of f.fixes) {
      const label = fx.text ? `改为“${fx.text}”` : `删除“${fx.match}”`;
      row.append(btn(label, 'fix', () => applyFix(st, fx)));
    }
    row.append(btn('忽略此处', 'quiet', () => ignore(st, f, 'here')), btn('不再提示此规则', 'quiet', () => ignore(st, f, 'rule')));
    tip.append(row);
    tip.hidden = false;
    positionTip();
  }
  function positionTip() {
    if (!tipState) return;
    const { st, f } = tipState;
    const q = st.rects.find((x) => x.f === f);
    if (!q || !st.box) return hideTip();
    const b = st.box.getBoundingClientRect();
    const x = b.left + q.x - st.el.scrollLeft;
    const y = b.top + q.y - st.el.scrollTop + q.h + 4;
    const w = tip.offsetWidth;
    tip.style.left = `${Math.max(4, Math.min(x, innerWidth - w - 4))}px`;
    tip.style.top = `${y + tip.offsetHeight > innerHeight ? Math.max(4, y - q.h - 8 - tip.offsetHeight) : y}px`;
  }
  function hideTip() {
    if (!tipState) return;
    for (const q of tipState.st.rects) q.node.classList.remove('on');
    tipState = null;
    tip.hidden = true;
  }
  let overTip = false;
  tip.addEventListener('mouseenter', () => {
    overTip = true;
    clearTimeout(hideTimer);
  });
  tip.addEventListener('mouseleave', () => {
    overTip = false;
    if (tipState && tipState.how === 'hover') hideTimer = setTimeout(hideTip, 300);
  });
  let moveFrame = 0;
  let lastMove = null;
  function onMove(e) {
    lastMove = e;
    if (moveFrame || !fields.size) return;
    moveFrame = requestAnimationFrame(() => {
      moveFrame = 0;
      const hit = hitTest(lastMove.clientX, lastMove.clientY);
      if (hit) showTip(hit.st, hit.q.f, 'hover');
      else if (tipState && tipState.how === 'hover' && !overTip) {
        clearTimeout(hideTimer);
        hideTimer = setTimeout(() => !overTip && tipState && tipState.how === 'hover' && hideTip(), 300);
      }
    });
  }
  /** The caret inside a finding shows its tooltip (keyboard users); leaving it hides a caret tooltip. */
  function onCaret() {
    const el = fieldOf(document.activeElement);
    const st = el && fields.get(el);
    if (!st || !st.findings.length) {
      if (tipState && tipState.how === 'caret') hideTip();
      return;
    }
    let at = -1;
    if (isText(el)) at = el.selectionStart;
    else {
      const sel = getSelection();
      if (sel.rangeCount && st.segs) {
        const r = sel.getRangeAt(0);
        const seg = st.segs.find((s) => s.node === r.startContainer);
        if (seg) at = seg.start + r.startOffset;
      }
    }
    const f = at >= 0 && st.rects.length ? st.findings.find((x) => at > x.s && at < x.e) : null;
    if (f && st.rects.some((q) => q.f === f)) showTip(st, f, 'caret');
    else if (tipState && tipState.how === 'caret' && !overTip) hideTip();
  }

  // ------------------------------------------------------------------ fixes and ignoring
  /** Replaces [fx.s, fx.e) the way typing would: select the span in the field and insert the text with the
   * browser's editing command, which fires beforeinput/input (inputType insertText or deleteContentBackward)
   * and goes on the field's own undo stack. */
  function applyFix(st, fx) {
    const el = st.el;
    const { text, segs } = textOf(st);
    if (text.slice(fx.s, fx.e) !== fx.match) {
      // the text moved on since the check: check again instead of editing the wrong place
      hideTip();
      schedule(el, 0);
      return;
    }
    el.focus({ preventScroll: true });
    if (isText(el)) el.setSelectionRange(fx.s, fx.e);
    else {
      const r = ceRange(segs, fx.s, fx.e);
      const sel = getSelection();
      sel.removeAllRanges();
      sel.addRange(r);
    }
    let ok = fx.text ? document.execCommand('insertText', false, fx.text) : document.execCommand('delete', false);
    if (!ok && isText(el)) {
      // editing commands refused (rare): set the value through the element's own setter, which frameworks track
      const proto = el.localName === 'textarea' ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
      Object.getOwnPropertyDescriptor(proto, 'value').set.call(el, text.slice(0, fx.s) + fx.text + text.slice(fx.e));
      el.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertReplacementText', data: fx.text }));
      ok = true;
    }
    hideTip();
    if (ok) {
      showToast(el, fx);
      schedule(el, 0);
    }
  }
  let toastTimer = 0;
  function showToast(el, fx) {
    attach();
    toast.textContent = '';
    toast.append(fx.text ? `已将“${fx.match}”改为“${fx.text}”` : `已删除“${fx.match}”`, ' ');
    toast.append(btn('撤销', '', () => {
      el.focus({ preventScroll: true });
      document.execCommand('undo');
      toast.hidden = true;
    }));
    const r = el.getBoundingClientRect();
    toast.style.left = `${Math.max(4, r.left)}px`;
    toast.style.top = `${Math.min(innerHeight - 40, r.bottom + 6)}px`;
    toast.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => (toast.hidden = true), 6000);
  }
  async function ignore(st, f, scope) {
    hideTip();
    await chrome.runtime.sendMessage({ type: 'ignore', scope, occ: f.occ, rule: f.rule_id });
    // storage.onChanged re-checks every field
  }
  function openList(st) {
    list.textContent = '';
    const ul = document.createElement('ol');
    for (const f of st.findings) {
      const li = document.createElement('li');
      li.textContent = `“${f.match}” ${f.familyName}：${f.message}（${f.basis}）`;
      ul.append(li);
    }
    const close = btn('关闭', 'quiet', () => (list.hidden = true));
    list.append(`${st.count} 处问题${st.total > st.findings.length ? `（列出前 ${st.findings.length} 处）` : ''}`, ul, close);
    const r = st.el.getBoundingClientRect();
    list.style.left = `${Math.max(4, Math.min(r.left, innerWidth - 344))}px`;
    list.style.top = `${Math.max(4, Math.min(r.top, innerHeight - 200))}px`;
    list.hidden = false;
  }

  // ------------------------------------------------------------------ events
  const onInput = (e) => {
    const el = fieldOf(e.composedPath()[0]);
    if (el) schedule(el);
  };
  const onFocus = (e) => {
    const el = fieldOf(e.composedPath()[0]);
    if (el && !fields.has(el)) schedule(el, 0);
  };
  const onScroll = (e) => {
    const st = fields.get(e.target);
    if (st && st.box) st.layer.style.transform = `translate(${-st.el.scrollLeft}px,${-st.el.scrollTop}px)`; // the field's own scroll: no layout
    realign();
  };
  const onResize = () => realign(true);
  let caretFrame = 0;
  const onSelection = () => {
    if (caretFrame) return;
    caretFrame = requestAnimationFrame(() => {
      caretFrame = 0;
      onCaret();
    });
  };
  const opts = { capture: true, passive: true };
  const LISTENERS = [[document, 'input', onInput], [document, 'focusin', onFocus], [document, 'scroll', onScroll],
    [document, 'mousemove', onMove], [document, 'selectionchange', onSelection], [window, 'resize', onResize]];
  for (const [target, type, fn] of LISTENERS) target.addEventListener(type, fn, opts);

  // Fields filled before the user types (an existing listing, or an SPA adding a form later) are checked in idle
  // time, a few at a time.
  const pending = [];
  let idle = 0;
  function enqueue(rootNode) {
    pending.push(rootNode);
    if (!idle) idle = requestIdleCallback(drain, { timeout: 2000 });
  }
  function drain(deadline) {
    idle = 0;
    while (pending.length && deadline.timeRemaining() > 4) {
      const n = pending.shift();
      if (!n.isConnected) continue;
      const found = n.nodeType === 1 && n.matches(FIELD_SEL) ? [n] : n.querySelectorAll ? n.querySelectorAll(FIELD_SEL) : [];
      for (const c of found) {
        const el = fieldOf(c);
        if (!el || fields.has(el)) continue;
        const has = isText(el) ? el.value.trim() : el.textContent.trim();
        if (has) schedule(el, 50 * fields.size);
        if (deadline.timeRemaining() <= 4) break;
      }
    }
    if (pending.length) idle = requestIdleCallback(drain, { timeout: 2000 });
  }
  const added = new MutationObserver((records) => {
    for (const r of records) {
      for (const n of r.addedNodes) {
        if (n.nodeType !== 1 || n === host) continue;
        // nodes inside an editor we already track are its content, not new fields
        if (n.parentElement && n.parentElement.isContentEditable) continue;
        enqueue(n);
      }
    }
  });
  added.observe(document.documentElement, { childList: true, subtree: true });
  enqueue(document.documentElement);

  // settings changed (ignore list, pack, category): check the drawn fields again
  const onStorage = (changes) => {
    if (!('ignore' in changes || 'pack' in changes || 'category' in changes)) return;
    for (const st of fields.values()) {
      st.text = null;
      schedule(st.el, 0);
    }
  };
  chrome.storage.onChanged.addListener(onStorage);

  // switched off from the popup: remove everything this script added
  function shutdown() {
    alive = false;
    for (const st of [...fields.values()]) {
      st.el.removeAttribute('data-zicha-count');
      forget(st);
    }
    added.disconnect();
    mo.disconnect();
    ro.disconnect();
    for (const [target, type, fn] of LISTENERS) target.removeEventListener(type, fn, opts);
    try {
      chrome.storage.onChanged.removeListener(onStorage);
    } catch {
      /* context gone */
    }
    host.remove();
    window.__zichaContent = false;
  }
  chrome.runtime.onMessage.addListener((msg) => {
    if (msg && msg.type === 'zicha-off') shutdown();
  });
})();
