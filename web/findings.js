// The one renderer of a finding (the text check's list and page requirements, the licence check): an <li> with
// the severity badge, the matched words and the family, then the message, the basis and the suggestion. The
// panels add their own actions and details to it.

/** One finding per phrase: the bases of the findings of the same family or family group folded into it (report field `also`)
 * are listed after its own, once each. */
export function allBases(f) {
  const seen = new Set([f.basis]);
  for (const a of f.also || []) seen.add(a.basis);
  return [...seen].filter(Boolean).join('；');
}

const el = (tag, props) => Object.assign(document.createElement(tag), props);

/**
 * @param {object} f       a finding of a report
 * @param {object} t       the page's strings (i18n.js STRINGS[lang])
 * @param {object} o
 * @param {(family: string) => string} o.familyName
 * @param {'first'|'last'|null} [o.match]  where the quoted match goes: before the family, after it, or nowhere
 */
export function findingItem(f, t, { familyName, match = 'first' }) {
  const li = el('li', { className: 'finding sev-' + f.severity });
  li.dataset.family = f.family;
  li.dataset.rule = f.rule_id || '';
  const head = el('div', { className: 'fhead' });
  const quote = f.match ? [' ', el('q', { className: 'match', textContent: f.match })] : [];
  head.append(el('span', { className: 'badge sev-' + f.severity, textContent: t.severity[f.severity] || f.severity }));
  if (match === 'first') head.append(...quote);
  head.append(' ', el('span', { className: 'family', textContent: familyName(f.family) }));
  if (match === 'last') head.append(...quote);
  li.append(head, el('p', { className: 'message', lang: 'zh-CN', textContent: f.message || '' }));
  const bases = allBases(f);
  for (const [cls, label, text] of [['basis', t.basis, bases], ['suggestion', t.suggestion, f.suggestion]]) {
    if (!text) continue;
    const p = el('p', { className: cls });
    p.append(el('strong', { textContent: label + t.colon }), text);
    li.append(p);
  }
  return li;
}
