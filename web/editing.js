// Editing the text box: every edit the page makes (a fix, 清空, taking shared text) is undoable, with the
// 撤销 / 重做 buttons and Ctrl+Z / Ctrl+Y; 清空 keeps the text for 恢复.

import { dropPendingDraft } from './draft.js';
import { attachLongText } from './editor.js';
import { $, T, state, store, notice, KEY_CLEARED } from './ui.js';

// Every edit the page makes goes through the browser's own editing command on the focused textarea
// (execCommand 'insertText' / 'delete' with the range selected), so it lands on the same native undo stack as
// typing: Ctrl+Z / Ctrl+Y and the 撤销 / 重做 buttons undo and redo typing and page edits alike. Where the
// browser refuses the command, the edit is made directly and kept on the page's own stack (`own`).
const own = { undo: [], redo: [] };

function nativeEdit(ta, from, to, text) {
  const longText = attachLongText(ta);
  if (longText.active) return longText.replace(from, to, text);
  ta.focus();
  ta.setSelectionRange(from, to);
  try {
    return document.execCommand(text ? 'insertText' : 'delete', false, text) && true;
  } catch {
    return false;
  }
}

/** Replace UTF-16 range [from, to) of the text box by `text`, undoably. */
export function editRange(from, to, text) {
  const ta = $('text');
  const before = ta.value;
  const expected = before.slice(0, from) + text + before.slice(to);
  if (from === to && !text) return;
  if (!nativeEdit(ta, from, to, text) || ta.value !== expected) {
    ta.value = expected;
    ta.setSelectionRange(from + text.length, from + text.length);
    own.undo.push({ before, after: expected });
    own.redo.length = 0;
    ta.dispatchEvent(new Event('input'));
  }
}


function undoRedo(which) {
  const ta = $('text');
  const mine = own[which];
  if (mine.length && mine[mine.length - 1][which === 'undo' ? 'after' : 'before'] === ta.value) {
    const e = mine.pop();
    ta.value = which === 'undo' ? e.before : e.after;
    own[which === 'undo' ? 'redo' : 'undo'].push(e);
    ta.dispatchEvent(new Event('input'));
    return;
  }
  if (attachLongText(ta).active) return void attachLongText(ta).history(which);
  ta.focus();
  document.execCommand(which);
}
for (const which of ['undo', 'redo']) {
  const b = $(which);
  // keep the focus (and with it the native undo stack's target) in the text box
  b.addEventListener('mousedown', (e) => e.preventDefault());
  b.addEventListener('click', () => undoRedo(which));
}

$('clear').addEventListener('click', () => {
  const ta = $('text');
  const text = ta.value;
  if (!text) return;
  // kept until the next clear: even after a reload the cleared text can come back
  store.set(KEY_CLEARED, { text, category: $('category').value, at: Date.now() });
  editRange(0, text.length, '');
  dropPendingDraft();
  state.current = -1;
  notice(T().cleared, false, { label: T().restoreCleared, run: restoreCleared });
});
export function restoreCleared() {
  const ta = $('text');
  const saved = store.get(KEY_CLEARED);
  if (!saved || typeof saved.text !== 'string') return;
  editRange(0, ta.value.length, saved.text);
  notice('');
}

