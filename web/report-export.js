// The text check's report: JSON and Markdown downloads, copy, print. The Markdown is inert: every value from the
// text, the engine or a rule pack is escaped (mdText).

import { viewOf, verdictText, categorySource } from './text-panel.js';
import { $, T, state, prefs, notice, download, categoryName, SCOPE_MODE } from './ui.js';

/** What a report names besides the findings: when, which engine and rules, what was checked as what, and what
 * the merchant ignored. */
function reportMeta() {
  const view = viewOf(state.report, state.text);
  const pack = state.activePack;
  const m = state.meta || {};
  return {
    generated_at: new Date().toISOString(),
    engine: { name: 'zicha', version: m.version || '' },
    rules: { count: m.rules || 0, fingerprint: m.fingerprint || '', custom_pack: pack ? pack.name : null },
    scope: state.scope || prefs.scope,
    mode: state.report.mode || SCOPE_MODE[state.scope || prefs.scope],
    ignored: {
      rules: [...state.ignores.rules],
      occurrences: state.ignores.occurrences.map((o) => ({ rule_id: o.rule, match: o.match })),
      findings: view.ignored.map((i) => state.report.findings[i]),
    },
  };
}
function reportJSON() {
  const view = viewOf(state.report, state.text);
  const keep = new Set([...view.shown, ...view.page]);
  return JSON.stringify({ ...reportMeta(), text: state.text, ...state.report, findings: state.report.findings.filter((_, i) => keep.has(i)) }, null, 2) + '\n';
}
/** Text from the user or a rule pack, made inert for Markdown: & < > become entities (so no HTML tag, comment
 * or autolink can form), the characters of links, images, emphasis, code, strikethrough and tables are
 * backslash-escaped (so `[x](javascript:…)` stays words), and newlines become spaces (one table row, one quote
 * line). A viewer then shows exactly the words; the JSON export keeps them unchanged. */
export function mdText(s) {
  return String(s ?? '')
    .replace(/[\r\n]+/g, ' ')
    .replace(/[\\`*_{}[\]()!|~#]/g, '\\$&')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}
export function reportMarkdown(text, report, t = T()) {
  // every value that comes from the text, the engine or a rule pack goes through mdText; only the page's own
  // strings (title, labels, verdicts) are written as they are
  const esc = mdText;
  const view = viewOf(report, text);
  const meta = reportMeta();
  const M = t.reportMeta;
  const lines = [`# ${t.title}`, ''];
  lines.push(`- ${M.date}${t.colon}${new Date(meta.generated_at).toLocaleString('zh-CN', { hour12: false })}（${meta.generated_at}）`);
  lines.push(`- ${M.engine}${t.colon}zicha ${esc(meta.engine.version)}`);
  lines.push(`- ${M.rules}${t.colon}${meta.rules.count} · ${esc(meta.rules.fingerprint)}${meta.rules.custom_pack ? ` + ${esc(meta.rules.custom_pack)}` : ''}`);
  lines.push(`- ${M.scope}${t.colon}${t.scopeUsed(meta.scope, meta.mode)}（mode: ${esc(meta.mode)}）`);
  const ign = [...meta.ignored.rules.map((r) => `${esc(r)}（${t.ignoreRule}）`), ...meta.ignored.occurrences.map((o) => `“${esc(o.match)}” ${esc(o.rule_id)}（${t.ignoreHere}）`)];
  lines.push(`- ${M.ignored}${t.colon}${ign.length ? ign.join('；') : M.none}${view.ignored.length ? `，${t.ignoredNote(view.ignored.length)}` : ''}`);
  lines.push('', `> ${esc(text)}`, '', verdictText(report, view)[0], '');
  lines.push(t.categoryUsed(esc(categoryName(report.category)), categorySource(report)), '');
  const listed = [...view.shown, ...view.page].sort((a, b) => a - b).map((i) => report.findings[i]);
  if (listed.length) {
    lines.push(`| # | ${t.csvVerdict} | ${t.csvText} | ${t.findings} | ${t.basis} | ${t.suggestion} | rule |`);
    lines.push('|---|---|---|---|---|---|---|');
    listed.forEach((f, i) => {
      lines.push(
        `| ${i + 1} | ${esc(t.severity[f.severity] || f.severity)} | ${esc(f.match)} \\[${f.start}, ${f.end}) | ${esc(f.message)} | ${esc(f.basis)} | ${esc(f.suggestion || '')} | ${esc(f.rule_id)} |`,
      );
    });
  }
  return lines.join('\n') + '\n';
}
$('export-json').addEventListener('click', () => {
  if (state.report) download('zicha-report.json', 'application/json', reportJSON());
});
$('export-md').addEventListener('click', () => {
  if (state.report) download('zicha-report.md', 'text/markdown', reportMarkdown(state.text, state.report));
});
$('copy-md').addEventListener('click', async () => {
  if (!state.report) return;
  try {
    await navigator.clipboard.writeText(reportMarkdown(state.text, state.report));
    notice(T().copied);
  } catch (e) {
    notice(e.message);
  }
});
$('print').addEventListener('click', () => window.print());

