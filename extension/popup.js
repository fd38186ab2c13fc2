// Toolbar popup: the consumer verdict for the tab the button was clicked on (its visible title and description,
// read once through activeTab), and the per-site switch for checking as you type.
// popup.html?tab=ID acts on that tab instead of the active one (tests open the popup as a tab).
import { CONSUMER, FAMILIES, STRINGS } from './i18n.js';
import { checklistFor, consumerRisk } from './workflow.js';
import { getSettings, sitePattern } from './settings.js';

const $ = (id) => document.getElementById(id);
const t = STRINGS.zh;

async function targetTab() {
  const id = Number(new URLSearchParams(location.search).get('tab'));
  if (id) return chrome.tabs.get(id);
  const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
  return tab;
}

/** Runs in the product page (self-contained): the visible title and description text, nothing else. */
function readProductPage() {
  const LIMIT = 100000;
  const visible = (el) => el && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const clean = (s) => (s || '').replace(/[ \t\u00a0]+/g, ' ').replace(/\n\s*\n+/g, '\n').trim();
  const h1 = [...document.querySelectorAll('h1')].find(visible);
  const title = clean((h1 && h1.innerText) || document.title);
  const sel = ['[itemprop=description]', '#description', '.description', '[id*=desc i]', '[class*=desc i]', '[id*=detail i]', '[class*=detail i]', 'main', 'article'];
  let parts = [];
  let source = '';
  for (const s of sel) {
    const els = [...document.querySelectorAll(s)].filter(visible).filter((el) => !el.closest('nav, footer, header'));
    // outermost matches only: a detail block and its children are one text
    const outer = els.filter((el) => !els.some((o) => o !== el && o.contains(el)));
    const texts = outer.map((el) => clean(el.innerText)).filter((x) => x && x !== title);
    if (texts.join('').length > 20) {
      parts = texts;
      source = s;
      break;
    }
  }
  if (!parts.length) {
    parts = [clean(document.body ? document.body.innerText : '')];
    source = 'body';
  }
  const text = [title, ...parts].filter(Boolean).join('\n').slice(0, LIMIT);
  return { title, text, source, url: location.href };
}

function renderConsumer(report) {
  const { level, reasons } = consumerRisk(report.findings);
  $('risk').className = 'risk ' + level;
  $('risk').dataset.level = level;
  $('risk-level').textContent = t.riskLevel[level] + '：';
  $('risk-text').textContent = level === 'high' ? t.consumerHigh : level === 'medium' ? t.consumerMedium : t.consumerLow;
  const ul = $('risk-list');
  ul.textContent = '';
  for (const r of reasons) {
    const li = document.createElement('li');
    li.dataset.family = r.family;
    const c = CONSUMER[r.family];
    li.append(Object.assign(document.createElement('strong'), { textContent: FAMILIES[r.family] ? FAMILIES[r.family][0] : r.family }), '：', c ? c[0] : r.message, ' ');
    li.append(Object.assign(document.createElement('span'), { className: 'meta', textContent: r.matches.join('、') }));
    ul.append(li);
  }
  const cl = $('checklist');
  cl.textContent = '';
  for (const item of checklistFor(report.category)) cl.append(Object.assign(document.createElement('li'), { textContent: item }));
  $('consumer').hidden = false;
  document.documentElement.dataset.verdict = level;
}

async function vet(tab) {
  const st = $('vet-status');
  try {
    const [{ result }] = await chrome.scripting.executeScript({ target: { tabId: tab.id }, func: readProductPage });
    if (!result || !result.text) {
      st.textContent = '这个页面上没有读到文字。';
      return;
    }
    const res = await chrome.runtime.sendMessage({ type: 'vet', text: result.text });
    if (res.error) throw new Error(res.error);
    st.textContent = result.title ? `商品：${result.title}` : '';
    $('vet-source').textContent = `来源：标题 + ${result.source}（${Array.from(result.text).length} 字）`;
    $('vet-text').textContent = result.text.slice(0, 3000);
    renderConsumer(res.report);
  } catch (e) {
    // chrome://, the Web Store and other browser pages cannot be read by any extension
    st.textContent = /Cannot access|cannot be scripted|chrome:\/\/|extensions gallery/i.test(e.message) ? '浏览器不允许读取这个页面。' : `无法读取此页面：${e.message}`;
    st.className = 'error';
  }
}

async function siteSwitch(tab) {
  const pattern = sitePattern(tab.url || '');
  const status = $('site-status');
  const button = $('site-toggle');
  if (!pattern) {
    status.textContent = '这个页面不是网站（http/https），不能启用。';
    return;
  }
  const host = new URL(tab.url).hostname;
  const refresh = async () => {
    const { sites } = await getSettings();
    const on = sites.includes(pattern) && (await chrome.permissions.contains({ origins: [pattern] }));
    status.textContent = on ? `已在 ${host} 启用：输入时自动检查。` : `未在 ${host} 启用。`;
    button.textContent = on ? `在 ${host} 停用` : `在 ${host} 启用边写边查`;
    button.className = on ? 'quiet' : '';
    button.dataset.on = on ? '1' : '';
    button.hidden = false;
    document.documentElement.dataset.site = on ? 'on' : 'off';
  };
  button.addEventListener('click', async () => {
    const { sites } = await getSettings();
    if (button.dataset.on) {
      await chrome.storage.local.set({ sites: sites.filter((s) => s !== pattern) });
      await chrome.runtime.sendMessage({ type: 'sites-changed' });
      await chrome.tabs.sendMessage(tab.id, { type: 'zicha-off' }).catch(() => {});
      await chrome.permissions.remove({ origins: [pattern] }).catch(() => {}); // required (test) hosts cannot be removed
    } else {
      // the permission prompt needs this click's user gesture: ask before anything else is awaited
      const granted = await chrome.permissions.request({ origins: [pattern] }).catch(() => false);
      if (!granted) {
        status.textContent = '没有获得此网站的权限，未启用。';
        return;
      }
      const next = await getSettings();
      await chrome.storage.local.set({ sites: [...new Set([...next.sites, pattern])] });
      await chrome.runtime.sendMessage({ type: 'sites-changed' });
      // the open tab gets the script now; later loads get it from the registration
      await chrome.scripting.executeScript({ target: { tabId: tab.id, allFrames: true }, files: ['content.js'] }).catch(() => {});
    }
    await refresh();
  });
  await refresh();
}

const tab = await targetTab();
if (tab) {
  siteSwitch(tab);
  vet(tab);
}
