// What the page's panels share: element lookup, storage, preferences, the page state, the status line and
// notice, downloads, test knobs, the names of families and categories in the page's language, and the one drop
// handler for files dropped (or pasted) on the page.

import { CATEGORIES, FAMILIES, STRINGS } from './i18n.js';
import { loadIgnores } from './workflow.js';

export const $ = (id) => document.getElementById(id);
export const KEY_DRAFT = 'zicha.draft';
export const KEY_PREFS = 'zicha.prefs';
export const KEY_PACK = 'zicha.pack';
export const KEY_IGNORE = 'zicha.ignore';
export const KEY_CLEARED = 'zicha.cleared'; // the text of the last 清空, so that clearing never loses a draft for good
// what the page says it checks → the engine's mode (标题 and 商品详情 are both one listing)
export const SCOPE_MODE = { auto: 'auto', title: 'listing', detail: 'listing', shop: 'shop' };

export const store = {
  get(key) {
    try {
      const v = localStorage.getItem(key);
      return v == null ? null : JSON.parse(v);
    } catch {
      return null;
    }
  },
  set(key, value) {
    try {
      localStorage.setItem(key, JSON.stringify(value));
      return true;
    } catch {
      /* storage full or disabled: the page still works */
      return false;
    }
  },
  remove(key) {
    try {
      localStorage.removeItem(key);
    } catch {
      /* ignore */
    }
  },
};

// A long draft and a custom rule pack too big for localStorage go to IndexedDB, whose write happens off the main
// thread (localStorage.setItem of a megabyte blocks it for tens of milliseconds); keys 'draft' and 'pack'.
export function bigStore(mode, fn) {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('zicha', 1);
    open.onupgradeneeded = () => open.result.createObjectStore('drafts');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction('drafts', mode);
      const req = fn(tx.objectStore('drafts'));
      tx.oncomplete = () => {
        db.close();
        resolve(req.result);
      };
      tx.onerror = tx.onabort = () => {
        db.close();
        reject(tx.error);
      };
    };
  });
}

export const prefs = Object.assign({ lang: 'zh', mode: 'merchant', scope: 'auto' }, store.get(KEY_PREFS) || {});
if (!(prefs.scope in SCOPE_MODE)) prefs.scope = 'auto';

/** The page's state, shared by its panels. */
export const state = {
  report: null, // last rendered report
  text: '', // text of the last rendered report
  filter: '',
  current: -1, // index into report.findings of the focused finding
  seq: 0, // id of the latest check request
  ready: false,
  firstResult: false,
  restarts: 0, // worker restarts after a crash or hang
  failure: null, // {kind, detail} of the last crash/hang until a check succeeds again
  ignores: loadIgnores(store.get(KEY_IGNORE)),
  activePack: null, // the custom rule pack in use (the settings panel)
};
export const T = () => STRINGS[prefs.lang] || STRINGS.zh;

// Test-only knobs, honoured on localhost only: ?zc-test=crash|trap|hang[-once] and ?zc-test-timeout=MS.
const LOCAL = ['localhost', '127.0.0.1', '[::1]'].includes(location.hostname);
export const TEST = (() => {
  const q = new URLSearchParams(location.search);
  if (!LOCAL || !q.has('zc-test')) return null;
  const mode = q.get('zc-test') || '';
  return {
    mode: mode.replace(/-once$/, '') || null,
    once: /-once$/.test(mode),
    timeout: Number(q.get('zc-test-timeout')) || 0,
  };
})();

export function setStatus(text, isError = false) {
  const s = $('status');
  s.textContent = text;
  s.classList.toggle('error', isError);
}

/** A notice, optionally with one action button ({label, run}). */
export function notice(text, isError = false, action = null) {
  const n = $('notice');
  $('notice-text').textContent = text;
  const b = $('notice-action');
  b.hidden = !action;
  b.textContent = action ? action.label : '';
  b.onclick = action ? () => action.run() : null;
  n.hidden = !text;
  n.classList.toggle('error', !!(text && isError));
  state.errorNotice = !!(text && isError);
}

export function download(name, mime, content) {
  const url = URL.createObjectURL(new Blob([content], { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function categoryName(value) {
  const c = CATEGORIES.find((x) => x[0] === value);
  return c ? (prefs.lang === 'en' ? c[2] : c[1]) : value;
}
export function familyName(f) {
  const n = FAMILIES[f];
  return n ? (prefs.lang === 'en' ? n[1] : n[0]) : f;
}

export function button(cls, text, title, run) {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = cls;
  b.textContent = text;
  if (title) b.title = title;
  b.addEventListener('click', run);
  return b;
}

/** A collapsed 技术信息 block with one line of detail. */
export function techInfo(t, text) {
  const d = document.createElement('details');
  d.className = 'tech';
  d.append(Object.assign(document.createElement('summary'), { textContent: t.tech }));
  const p = document.createElement('p');
  p.className = 'rule-id';
  p.textContent = text;
  d.append(p);
  return d;
}

/** Files dropped on `el` go to onFiles([File]); while files are dragged over it, it has the class 'dragging'. */
export function dropTarget(el, onFiles) {
  const carriesFiles = (e) => e.dataTransfer && [...e.dataTransfer.types].includes('Files');
  el.addEventListener('dragover', (e) => {
    if (!carriesFiles(e)) return;
    e.preventDefault();
    el.classList.add('dragging');
  });
  el.addEventListener('dragleave', () => el.classList.remove('dragging'));
  el.addEventListener('drop', (e) => {
    el.classList.remove('dragging');
    const files = [...((e.dataTransfer && e.dataTransfer.files) || [])];
    if (!files.length) return;
    e.preventDefault();
    onFiles(files);
  });
}

/** The files a paste event carries (none: []). */
export function pastedFiles(e) {
  return [...((e.clipboardData && e.clipboardData.items) || [])]
    .filter((it) => it.kind === 'file')
    .map((it) => it.getAsFile())
    .filter(Boolean);
}
