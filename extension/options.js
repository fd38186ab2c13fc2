// Options page: category, switched-on sites, ignore list, custom rule pack, and the exchange with the page's JSON.
import { CATEGORIES, FAMILIES } from './i18n.js';
import { loadEngine } from './engine.js';
import { explainPackError, parseWordList, wordListPack } from './workflow.js';
import { getSettings, saveIgnores, exportJSON, importJSON } from './settings.js';

const $ = (id) => document.getElementById(id);

for (const [value, zh] of CATEGORIES) $('category').append(new Option(zh, value));
$('category').addEventListener('change', () => chrome.storage.local.set({ category: $('category').value }));

function item(label, action, fn) {
  const li = document.createElement('li');
  const b = Object.assign(document.createElement('button'), { type: 'button', className: 'quiet', textContent: action });
  b.addEventListener('click', fn);
  li.append(label, ' ', b);
  return li;
}

async function render() {
  const s = await getSettings();
  $('category').value = s.category || '';
  const sites = $('sites');
  sites.textContent = '';
  if (!s.sites.length) sites.append(Object.assign(document.createElement('li'), { className: 'meta', textContent: '还没有。在卖家后台页面点工具栏按钮启用。' }));
  for (const p of s.sites) {
    sites.append(item(p, '停用', async () => {
      await chrome.storage.local.set({ sites: s.sites.filter((x) => x !== p) });
      await chrome.permissions.remove({ origins: [p] }).catch(() => {});
      await chrome.runtime.sendMessage({ type: 'sites-changed' });
    }));
  }
  const ul = $('ignored');
  ul.textContent = '';
  const fam = (f) => (FAMILIES[f] ? FAMILIES[f][0] : f || '');
  for (const r of s.ignore.rules) ul.append(item(`规则 ${r}（不再提示）`, '恢复', () => saveIgnores({ ...s.ignore, rules: s.ignore.rules.filter((x) => x !== r) })));
  for (const o of s.ignore.occurrences) {
    ul.append(item(`“${o.match}”（${fam(o.family)}，仅此处）`, '恢复', () => saveIgnores({ ...s.ignore, occurrences: s.ignore.occurrences.filter((x) => x.key !== o.key) })));
  }
  if (!ul.children.length) ul.append(Object.assign(document.createElement('li'), { className: 'meta', textContent: '没有忽略的提示。' }));
  $('ignore-reset').hidden = !s.ignore.rules.length && !s.ignore.occurrences.length;
  $('pack-status').textContent = s.pack ? `已加载：${s.pack.name}` : '未加载。';
  $('pack-remove').hidden = !s.pack;
}
chrome.storage.onChanged.addListener(render);
render();

$('ignore-reset').addEventListener('click', () => saveIgnores({ rules: [], occurrences: [] }));
$('pack-remove').addEventListener('click', () => chrome.storage.local.set({ pack: null }));

/** A pack is tried on the engine here first, so that a refused one is explained instead of silently unused. */
async function usePack(name, json) {
  try {
    await loadEngine({ extraPack: json });
  } catch (e) {
    $('pack-status').textContent = e.kind === 'pack' ? explainPackError(e.message, name) : e.message;
    $('pack-status').className = 'error';
    return false;
  }
  $('pack-status').className = 'meta';
  await chrome.storage.local.set({ pack: { name, json } });
  return true;
}
$('packfile').addEventListener('change', async (e) => {
  const file = e.target.files[0];
  if (!file) return;
  let text;
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    text = new TextDecoder().decode(await new Response(stream).arrayBuffer());
  } else text = new TextDecoder().decode(bytes);
  const words = parseWordList(text, file.name);
  await usePack(file.name, words ? JSON.stringify(wordListPack(words, { name: file.name }).pack) : text);
  e.target.value = '';
});

function say(msg, ok) {
  $('io-status').textContent = msg;
  $('io-status').className = ok ? 'ok' : 'error';
}
async function doImport(text) {
  try {
    const next = await importJSON(text);
    if (next.pack && !(await usePack(next.pack.name || 'custom-rules.json', next.pack.json))) return say('规则包未导入（见上方说明），其他设置也未改动。', false);
    await chrome.storage.local.set(next);
    say(`已导入：${Object.keys(next).map((k) => ({ ignore: '忽略列表', pack: '规则包', category: '类目' })[k]).join('、')}。`, true);
  } catch (e) {
    say(e.message, false);
  }
}
$('import').addEventListener('click', () => doImport($('json').value));
$('importfile').addEventListener('change', async (e) => {
  const file = e.target.files[0];
  if (file) await doImport(await file.text());
  e.target.value = '';
});
$('export').addEventListener('click', async () => {
  const json = exportJSON(await getSettings());
  $('json').value = json;
  const a = Object.assign(document.createElement('a'), { href: URL.createObjectURL(new Blob([json], { type: 'application/json' })), download: 'zicha-settings.json' });
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  say('已导出（也显示在上面的文本框中）。', true);
});
