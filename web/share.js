// Text arriving from outside: the share sheet (POST ./share, kept by the service worker, then ./?shared=1) or a
// link with #text= (also title= and url=; the older ?text=). It is offered, never applied by itself.

import { editRange, restoreCleared } from './editing.js';
import { $, T, store, notice, KEY_CLEARED } from './ui.js';

// Text can arrive from outside: the share sheet (POST ./share, kept by the service worker, then ./?shared=1), or
// a link with #text= (also title= and url=; the older ?text= is still read). Anyone can make such a link or post
// such a form, so arriving text never replaces the draft: it is offered, and taking it keeps the old draft (in
// the same place as 清空 keeps it, one click back). It is removed from the address bar at once.
const SHARE_KEYS = ['title', 'text', 'url'];

/** Text shared through the share target: the service worker kept it (POST ./share → ./?shared=1). */
async function takeSharedText() {
  try {
    const cache = await caches.open('zicha-share');
    const key = new URL('./__shared__', location.href).href;
    const res = await cache.match(key);
    if (!res) return '';
    await cache.delete(key);
    return await res.text();
  } catch {
    return '';
  }
}

/** The text a link or a share brought, and the address bar without it. */
export async function arrivingText() {
  const query = new URLSearchParams(location.search);
  const frag = new URLSearchParams(location.hash.replace(/^#/, ''));
  const parts = [];
  for (const k of SHARE_KEYS) for (const src of [frag, query]) if (src.get(k)) parts.push(src.get(k));
  const fromShare = query.get('shared') === '1';
  const inFrag = SHARE_KEYS.some((k) => frag.has(k));
  if (fromShare || inFrag || SHARE_KEYS.some((k) => query.has(k))) {
    for (const k of [...SHARE_KEYS, 'shared']) query.delete(k);
    const q = query.toString();
    history.replaceState(null, '', location.pathname + (q ? '?' + q : '') + (inFrag ? '' : location.hash));
  }
  if (fromShare && typeof caches !== 'undefined') {
    const posted = await takeSharedText();
    if (posted) parts.push(posted);
  }
  return parts.join('\n');
}

export function offerText(text) {
  const t = T();
  const chars = Array.from(text);
  const head = chars.slice(0, 40).join('').replace(/\s+/g, ' ') + (chars.length > 40 ? '…' : '');
  notice(t.sharedOffer(chars.length, head), false, { label: t.sharedOpen, run: () => openOffered(text) });
  document.documentElement.dataset.offered = String(chars.length);
}
function openOffered(text) {
  const ta = $('text');
  const before = ta.value;
  delete document.documentElement.dataset.offered;
  if (before === text) return notice('');
  // kept where 清空 keeps a draft: it survives a reload, and 恢复原来的草稿 brings it back
  if (before) store.set(KEY_CLEARED, { text: before, category: $('category').value, at: Date.now() });
  editRange(0, before.length, text);
  notice(T().sharedOpened, false, before ? { label: T().restorePrevious, run: restoreCleared } : null);
}

