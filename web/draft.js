// The draft: saved as it is typed (localStorage, or IndexedDB when long) and restored on the next visit.

import { $, T, state, store, notice, bigStore, KEY_DRAFT } from './ui.js';

// ---------------------------------------------------------------- draft autosave
// Saving is debounced longer for long texts: serialising megabytes into localStorage takes tens of
// milliseconds, which must not happen on every keystroke.
// A long draft goes to IndexedDB instead, whose write happens off the main thread (localStorage.setItem of a
// megabyte blocks it for tens of milliseconds); localStorage then only notes that the draft is there.
const BIG_DRAFT = 200000;
let saveTimer = 0;
let pendingSave = null;
export function saveDraft() {
  clearTimeout(saveTimer);
  const len = $('text').value.length;
  pendingSave = () => {
    pendingSave = null;
    const text = $('text').value;
    if (text.length > BIG_DRAFT && typeof indexedDB !== 'undefined') {
      const draft = { text, category: $('category').value, saved: Date.now() };
      bigStore('readwrite', (os) => os.put(draft, 'draft')).then(
        () => store.set(KEY_DRAFT, { big: true, category: draft.category, saved: draft.saved }),
        () => {
          store.remove(KEY_DRAFT);
          if (!state.draftWarned) notice(T().draftTooBig);
          state.draftWarned = true;
        },
      );
      return;
    }
    if (!text) store.remove(KEY_DRAFT);
    else if (!store.set(KEY_DRAFT, { text, category: $('category').value, saved: Date.now() })) {
      // Too big for local storage: drop the older draft rather than restore something stale later.
      store.remove(KEY_DRAFT);
      if (!state.draftWarned) notice(T().draftTooBig);
      state.draftWarned = true;
    } else state.draftWarned = false;
  };
  saveTimer = setTimeout(pendingSave, len > 100000 ? 2000 : 250);
}
// an edit made just before the page is left or reloaded is saved now, not lost with the debounce timer (else
// the next visit would restore the text as it was before that edit)
window.addEventListener('pagehide', () => {
  clearTimeout(saveTimer);
  if (pendingSave) pendingSave();
});
/** 清空 drops the draft: nothing pending may save it again. */
export function dropPendingDraft() {
  clearTimeout(saveTimer);
  pendingSave = null;
  store.remove(KEY_DRAFT);
}

/** The saved draft ({text, category}) or null. */
export async function savedDraft() {
  const draft = store.get(KEY_DRAFT);
  if (draft && draft.big) return bigStore('readonly', (os) => os.get('draft')).catch(() => null);
  return draft;
}
