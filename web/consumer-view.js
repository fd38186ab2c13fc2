// The consumer view (消费者查验): a buyer's risk summary of the checked text and what to check before paying.

import { CONSUMER } from './i18n.js';
import { checklistFor, consumerRisk } from './workflow.js';
import { $, T, state, prefs, familyName } from './ui.js';

export function renderConsumer() {
  const t = T();
  const box = $('consumer');
  const findings = [...state.view.shown, ...state.view.page].map((i) => state.report.findings[i]);
  const { level, reasons } = consumerRisk(findings);
  $('risk').className = 'risk ' + level;
  $('risk-level').textContent = t.riskLevel[level] + t.colon;
  $('risk-text').textContent = level === 'high' ? t.consumerHigh : level === 'medium' ? t.consumerMedium : t.consumerLow;
  const ul = $('risk-list');
  ul.textContent = '';
  for (const r of reasons) {
    const li = document.createElement('li');
    const c = CONSUMER[r.family];
    const text = c ? c[prefs.lang === 'en' ? 1 : 0] : r.message;
    li.append(Object.assign(document.createElement('strong'), { textContent: familyName(r.family) }), t.colon, text, ' ');
    li.append(Object.assign(document.createElement('span'), { className: 'meta', textContent: r.matches.join('、') }));
    ul.append(li);
  }
  const cl = $('checklist');
  cl.textContent = '';
  const items = prefs.lang === 'en' ? t.checklist : checklistFor(state.report.category);
  for (const item of items) cl.append(Object.assign(document.createElement('li'), { textContent: item }));
  box.hidden = prefs.mode !== 'consumer';
}

