// Long-text mode of the text box. A <textarea> lays out all of its text again on every keystroke: at a million
// characters that is a 100–500 ms task per key in Chromium even with no page script at all, and the highlight
// backdrop under it doubles it. Past LONG_TEXT UTF-16 units the textarea is therefore swapped for a CodeMirror 6
// view (gen/cm-*.mjs, loaded on first need), which keeps only the lines on screen in the DOM, so a keystroke
// costs the same at 100 kB and at 16 MB; highlights become its mark decorations.
//
// The textarea stays the page's text box: it keeps its id, its listeners and its `value`. Its `value`,
// `selectionStart`/`selectionEnd`, `setSelectionRange`, `select` and `focus` are redirected to the editor while
// it is shown (own properties of that one element), and every edit in the editor fires an `input` event on it,
// so the page's code, its drafts, exports and the tests read and write one text box whichever is shown.
// Programmatic edits that must be undoable go through `replace` (the editor's counterpart of execCommand), and
// the editor has its own undo history (Ctrl+Z / Ctrl+Y / Ctrl+Shift+Z, and `history` for the 撤销/重做 buttons).
// The swap back to the textarea happens when the page sets a short text as a whole (a file, a draft, a test),
// never while typing: shortening a long text by hand keeps the editor and its undo history.

/** From this many UTF-16 units on, the text box is the windowed editor (and the page's backdrop is unused). */
export const LONG_TEXT = 100000;

const proto = HTMLTextAreaElement.prototype;
const native = {
  value: Object.getOwnPropertyDescriptor(proto, 'value'),
  selectionStart: Object.getOwnPropertyDescriptor(proto, 'selectionStart'),
  selectionEnd: Object.getOwnPropertyDescriptor(proto, 'selectionEnd'),
};
const GROUP_MS = 600; // typing within this pause is one undo step, as in the textarea

let cmLoad = null;
const loadCm = () =>
  (cmLoad ||= Promise.all([import('./gen/cm-view.mjs'), import('./gen/cm-state.mjs')]).then(([view, st]) => ({ ...view, ...st })));

const attached = new WeakMap();
/** Attaches long-text mode to the page's textarea (once; every caller gets the same controller). */
export function attachLongText(ta) {
  if (!attached.has(ta)) attached.set(ta, attach(ta));
  return attached.get(ta);
}
function attach(ta) {
  let cm = null; // the loaded library
  let view = null; // the editor while it is shown
  let cache = { doc: null, text: '' }; // doc → string, so reading `value` again costs nothing
  let marks = []; // [{from, to, cls, index}] in UTF-16 units of the checked text
  let current = -1;
  let setMarks = null;
  let silent = null; // annotation for the page's own whole-text sets (no input event, history reset)
  let undone = null; // annotation for undo/redo transactions
  const hist = { undo: [], redo: [], last: 0 };

  const box = ta.parentElement;
  const host = document.createElement('div');
  host.className = 'long-editor';
  host.hidden = true;
  box.append(host);
  // The editor lives in a shadow root: there its library's own styles go into a constructed style sheet, which
  // the page's CSP (style-src 'self') allows, where in the document they would be an inline <style>. The
  // page's style sheet is copied in, so marks and the box look as they do everywhere else.
  let shadow = null;
  function shadowRoot() {
    if (shadow) return shadow;
    shadow = host.attachShadow({ mode: 'open' });
    const sheet = new CSSStyleSheet();
    const rules = [];
    for (const s of document.styleSheets) {
      try {
        for (const r of s.cssRules) rules.push(r.cssText);
      } catch {
        /* a sheet from elsewhere: none on this page */
      }
    }
    sheet.replaceSync(rules.join('\n'));
    shadow.adoptedStyleSheets = [sheet];
    return shadow;
  }

  const text = () => {
    if (cache.doc !== view.state.doc) cache = { doc: view.state.doc, text: view.state.doc.toString() };
    return cache.text;
  };

  function decorations(list) {
    const ranges = [];
    for (const m of list) {
      if (!(m.to > m.from)) continue;
      const cls = m.cls + (m.index === current ? ' current' : '');
      ranges.push(cm.Decoration.mark({ tagName: 'mark', class: cls, attributes: { 'data-findings': String(m.index) } }).range(m.from, m.to));
    }
    return cm.Decoration.set(ranges, true);
  }

  function record(tr) {
    const inverse = tr.changes.invert(tr.startState.doc);
    const now = Date.now();
    const top = hist.undo[hist.undo.length - 1];
    const typing = tr.isUserEvent('input.type') || tr.isUserEvent('delete');
    if (top && typing && top.typing && now - hist.last < GROUP_MS) {
      top.changes = top.changes.compose(tr.changes);
      top.inverse = inverse.compose(top.inverse);
      top.after = tr.state.selection;
    } else {
      hist.undo.push({ changes: tr.changes, inverse, before: tr.startState.selection, after: tr.state.selection, typing });
      if (hist.undo.length > 500) hist.undo.shift();
    }
    hist.last = now;
    hist.redo.length = 0;
  }

  function history(which) {
    if (!view) return false;
    const from = which === 'undo' ? hist.undo : hist.redo;
    const to = which === 'undo' ? hist.redo : hist.undo;
    const step = from.pop();
    if (!step) return false;
    view.dispatch({
      changes: which === 'undo' ? step.inverse : step.changes,
      selection: which === 'undo' ? step.before : step.after,
      annotations: [undone.of(true), cm.Transaction.userEvent.of(which)],
      scrollIntoView: true,
    });
    to.push(step);
    hist.last = 0;
    return true;
  }

  function show(value, sel, focus) {
    const field = cm.StateField.define({
      create: () => cm.Decoration.none,
      update(deco, tr) {
        for (const e of tr.effects) if (e.is(setMarks)) return decorations(e.value);
        return tr.docChanged ? deco.map(tr.changes) : deco;
      },
      provide: (f) => cm.EditorView.decorations.from(f),
    });
    // Only the keys whose native behaviour would stop at the edge of the lines drawn (or undo the DOM).
    const to = (pos) => (v, extend) => {
      const p = typeof pos === 'function' ? pos(v) : pos;
      v.dispatch({ selection: extend ? { anchor: v.state.selection.main.anchor, head: p } : { anchor: p }, scrollIntoView: true, userEvent: 'select' });
      return true;
    };
    const end = (v) => v.state.doc.length;
    const page = (dir) => (v, extend) => {
      const r = v.state.selection.main;
      const moved = v.moveVertically(r, dir > 0, Math.max(v.defaultLineHeight, v.scrollDOM.clientHeight - v.defaultLineHeight * 2));
      return to(moved.head)(v, extend);
    };
    const keys = [
      { key: 'Mod-z', run: () => history('undo') || true },
      { key: 'Mod-y', run: () => history('redo') || true },
      { key: 'Mod-Shift-z', run: () => history('redo') || true },
      { key: 'Mod-a', run: (v) => (v.dispatch({ selection: { anchor: 0, head: end(v) }, userEvent: 'select' }), true) },
      { key: 'Mod-Home', run: (v) => to(0)(v, false), shift: (v) => to(0)(v, true) },
      { key: 'Mod-End', run: (v) => to(end)(v, false), shift: (v) => to(end)(v, true) },
      { key: 'PageDown', run: (v) => page(1)(v, false), shift: (v) => page(1)(v, true) },
      { key: 'PageUp', run: (v) => page(-1)(v, false), shift: (v) => page(-1)(v, true) },
    ];
    const extensions = [
      field,
      cm.EditorView.lineWrapping,
      cm.keymap.of(keys),
      cm.EditorView.contentAttributes.of({ 'aria-label': ta.getAttribute('aria-label') || document.querySelector(`label[for="${ta.id}"]`)?.textContent || '', spellcheck: 'false', lang: 'zh-CN' }),
      cm.EditorView.domEventHandlers({
        beforeinput(e) {
          // the browser's Edit menu and its undo gestures: the editor's history, never the DOM's
          if (e.inputType === 'historyUndo' || e.inputType === 'historyRedo') {
            e.preventDefault();
            history(e.inputType === 'historyUndo' ? 'undo' : 'redo');
            return true;
          }
          return false;
        },
      }),
      cm.EditorView.updateListener.of((u) => {
        if (!u.docChanged) return;
        const own = u.transactions.some((tr) => tr.annotation(silent));
        for (const tr of u.transactions) if (tr.docChanged && !tr.annotation(silent) && !tr.annotation(undone)) record(tr);
        if (!own) ta.dispatchEvent(new Event('input', { bubbles: true }));
      }),
    ];
    const state = cm.EditorState.create({ doc: value, selection: sel, extensions });
    const root = shadowRoot();
    view = new cm.EditorView({ state, parent: root, root });
    native.value.set.call(ta, ''); // the textarea no longer lays out the text
    box.classList.add('long');
    host.hidden = false;
    ta.hidden = true;
    hist.undo.length = hist.redo.length = 0;
    marks = [];
    current = -1;
    // as in the textarea: a text set by the page shows its start, one typed or pasted shows the caret
    if (focus) {
      view.focus();
      view.dispatch({ effects: cm.EditorView.scrollIntoView(sel.main.head, { y: 'center' }) });
    }
  }

  function hide(value) {
    const focus = view.hasFocus;
    view.destroy();
    view = null;
    cache = { doc: null, text: '' };
    host.hidden = true;
    box.classList.remove('long');
    ta.hidden = false;
    native.value.set.call(ta, value);
    if (focus) proto.focus.call(ta);
  }

  /** Load the library if needed, then move a long text from the textarea into the editor. */
  function upgrade() {
    loadCm().then((lib) => {
      cm = lib;
      setMarks ||= cm.StateEffect.define();
      silent ||= cm.Annotation.define();
      undone ||= cm.Annotation.define();
      const v = native.value.get.call(ta);
      if (view || v.length < LONG_TEXT) return;
      const head = native.selectionEnd.get.call(ta);
      const anchor = native.selectionStart.get.call(ta);
      show(v, cm.EditorSelection.single(anchor, head), document.activeElement === ta);
      ta.dispatchEvent(new CustomEvent('zicha-long', { detail: true }));
    }, () => {
      /* offline before the first use: the textarea keeps the text, without highlights (the page says so) */
    });
  }

  Object.defineProperty(ta, 'value', {
    configurable: true,
    get: () => (view ? text() : native.value.get.call(ta)),
    set(v) {
      v = v == null ? '' : String(v).replace(/\r\n?/g, '\n');
      if (view && v.length >= LONG_TEXT / 2) {
        view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: v }, selection: { anchor: v.length }, annotations: silent.of(true) });
        hist.undo.length = hist.redo.length = 0;
        return;
      }
      if (view) hide(v);
      if (cm && v.length >= LONG_TEXT) {
        // straight into the editor: the textarea never lays the text out
        native.value.set.call(ta, '');
        show(v, cm.EditorSelection.single(v.length), false);
        queueMicrotask(() => ta.dispatchEvent(new CustomEvent('zicha-long', { detail: true })));
        return;
      }
      native.value.set.call(ta, v);
      if (v.length >= LONG_TEXT) upgrade();
    },
  });
  for (const which of ['selectionStart', 'selectionEnd']) {
    Object.defineProperty(ta, which, {
      configurable: true,
      get: () => (view ? view.state.selection.main[which === 'selectionStart' ? 'from' : 'to'] : native[which].get.call(ta)),
      set: (n) => (view ? ta.setSelectionRange(which === 'selectionStart' ? n : ta.selectionStart, which === 'selectionEnd' ? n : ta.selectionEnd) : native[which].set.call(ta, n)),
    });
  }
  ta.setSelectionRange = (a, b, dir) => {
    if (!view) return proto.setSelectionRange.call(ta, a, b, dir);
    const len = view.state.doc.length;
    const from = Math.max(0, Math.min(len, a));
    const to = Math.max(from, Math.min(len, b));
    view.dispatch({ selection: dir === 'backward' ? { anchor: to, head: from } : { anchor: from, head: to }, scrollIntoView: true });
  };
  ta.select = () => (view ? ta.setSelectionRange(0, view.state.doc.length) : proto.select.call(ta));
  ta.focus = (opts) => (view ? view.focus() : proto.focus.call(ta, opts));
  ta.addEventListener('input', () => {
    if (!view && native.value.get.call(ta).length >= LONG_TEXT) upgrade();
  });

  return {
    get active() {
      return !!view;
    },
    /** Replace UTF-16 range [from, to) by `text` as one undoable edit, as the browser's insertText would. */
    replace(from, to, text) {
      if (!view) return false;
      view.focus();
      view.dispatch({ changes: { from, to, insert: text }, selection: { anchor: from + text.length }, scrollIntoView: true, userEvent: 'input.replace' });
      hist.last = 0;
      return true;
    },
    history,
    /** The highlights: [{from, to, cls, index}] in UTF-16 units of the text as it is now. */
    highlight(list) {
      if (!view) return;
      marks = list;
      view.dispatch({ effects: setMarks.of(marks) });
    },
    /** Outline the marks of finding `index` and scroll them into view. */
    setCurrent(index) {
      if (!view) return;
      current = index;
      const m = marks.find((x) => x.index === index);
      view.dispatch({ effects: [setMarks.of(marks), ...(m ? [cm.EditorView.scrollIntoView(m.from, { y: 'center' })] : [])] });
    },
  };
}
