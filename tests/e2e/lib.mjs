// Shared helpers for the browser tests: TAP output, starting a suite (prerequisites, old failure screenshots),
// the static server, Debian's chromium via playwright-core, a page per scenario, opening the page and setting its
// text, downloads, the network recorder and its checks, and screenshots.

import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SHOTS = join(ROOT, 'build', 'screenshots');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const WEB_ROOT = process.env.ZICHA_WEB_ROOT ? resolve(process.env.ZICHA_WEB_ROOT) : join(ROOT, 'web');

// ------------------------------------------------------------------ TAP
export function tap() {
  let n = 0;
  let failed = 0;
  let skipped = 0;
  const out = (s) => process.stdout.write(s + '\n');
  return {
    ok(cond, name, diag) {
      n++;
      if (cond) out(`ok ${n} - ${name}`);
      else {
        failed++;
        out(`not ok ${n} - ${name}`);
        if (diag !== undefined) for (const l of String(diag).split('\n')) out(`#   ${l}`);
      }
      return cond;
    },
    skip(name, why) {
      n++;
      skipped++;
      out(`ok ${n} - ${name} # SKIP ${why}`);
    },
    diag(s) {
      for (const l of String(s).split('\n')) out(`# ${l}`);
    },
    end() {
      out(`1..${n}`);
      return failed;
    },
    get failed() {
      return failed;
    },
  };
}

// ------------------------------------------------------------------ prerequisites
/** Returns null when everything needed is there, or the reason to skip. */
export function missingPrerequisite() {
  if (!existsSync(join(ROOT, 'tools', 'serve.mjs'))) return 'tools/serve.mjs not there yet';
  if (!existsSync(join(WEB_ROOT, 'gen', 'zicha.wasm')) || !existsSync(join(WEB_ROOT, 'gen', 'zicha.mjs')))
    return 'web/gen/zicha.wasm not built (make wasm)';
  if (!existsSync(CHROMIUM)) return `${CHROMIUM} not installed`;
  if (!existsSync(join(ROOT, 'node_modules', 'playwright-core'))) return 'playwright-core not installed (npm ci)';
  return null;
}

/** The OCR assets (make paddle-assets) as a prerequisite for startSuite's `also`. */
export function paddleAssets() {
  const dir = join(WEB_ROOT, 'gen', 'paddle');
  const there = existsSync(dir) && readdirSync(dir).some((f) => f.includes('_rec_infer.'));
  return [there, 'web/gen/paddle not there (make paddle-assets)'];
}

/** Starts a suite: its TAP writer, once the failure screenshots of its last run (fail-<shots>-*.png) are gone.
 * When a prerequisite is missing (missingPrerequisite(), then each [there, reason] of `also`), the suite is one
 * skipped result and the process ends here. */
export function startSuite(name, { shots = name, also = [] } = {}) {
  const t = tap();
  const why = missingPrerequisite() || also.find(([there]) => !there)?.[1];
  if (why) {
    t.skip(`${name} e2e`, why);
    t.end();
    process.exit(0);
  }
  clearFailShots(shots);
  return t;
}

export async function startServer() {
  const mod = await import(pathToFileURL(join(ROOT, 'tools', 'serve.mjs')).href);
  return mod.startServer({ root: WEB_ROOT, port: 0 });
}

export async function launch() {
  const { chromium } = await import('playwright-core');
  // playwright's launch() runs the browser with a new, empty, temporary user-data-dir.
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-quic',
      '--no-first-run',
      '--disable-sync',
    ],
  });
}

// ------------------------------------------------------------------ a page per scenario
/** withPage(name, opts, fn) for a suite: a fresh browser context (1280 × 900, zh-CN, then `defaults`, then `opts`;
 * opts.setup(context) runs before anything loads) whose requests are recorded, and a page whose uncaught errors
 * (with `consoleErrors`, console errors too: CSP violations) are collected; then fn(page, { context, requests,
 * problems }). With `clean` (true or the result's wording) a result says no problem was collected. An exception
 * fails the scenario with its first line and leaves build/screenshots/fail-<shots>-<name>.png. */
export function pageRunner(browser, t, shots, { defaults = {}, consoleErrors = false, clean = false } = {}) {
  return async function withPage(name, opts, fn) {
    const { setup, ...options } = opts || {};
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', ...defaults, ...options });
    if (setup) await setup(context);
    const requests = recordRequests(context);
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    if (consoleErrors) page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
    try {
      await fn(page, { context, requests, problems });
      if (clean) t.ok(problems.length === 0, `${name}: ${clean === true ? 'no uncaught page error' : clean}`, problems.join('\n'));
    } catch (e) {
      t.ok(false, `${name}: ${e.message.split('\n')[0]}`, e.stack);
      await shot(page, `fail-${shots}-${name}`).catch(() => {});
    } finally {
      await context.close();
    }
  };
}

/** Load the page at `url` and wait for the check of its (empty or restored) text. */
export async function open(page, url) {
  await page.goto(url, { waitUntil: 'load' });
  await waitForResult(page);
}

/** Replace the text in the box and wait for its result. */
export async function setText(page, text) {
  await page.fill('#text', text);
  await waitForResult(page);
}

/** Click `selector` and return the file it downloads: { name, bytes, text (UTF-8) }. */
export async function download(page, selector) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  const bytes = readFileSync(await dl.path());
  return { name: dl.suggestedFilename(), bytes, text: bytes.toString('utf8') };
}

// ------------------------------------------------------------------ network
/** Records every request of a context (including workers and service workers). */
export function recordRequests(context) {
  const requests = [];
  context.on('request', (r) => requests.push({ url: r.url(), method: r.method(), post: r.postData() || '' }));
  return requests;
}

/** Requests to any origin other than `origins` (one or a list; data:, blob: and chrome-extension: URLs are local). */
export function foreignRequests(requests, origins) {
  const local = new Set([origins].flat());
  return requests.filter((r) => {
    if (/^(data|blob|chrome-extension):/.test(r.url)) return false;
    try {
      return !local.has(new URL(r.url).origin);
    } catch {
      return true;
    }
  });
}

/** Requests whose URL or body carries `text` (raw or URL-encoded). */
export function requestsCarrying(requests, text) {
  const forms = [text, encodeURIComponent(text), encodeURIComponent(text).replace(/%20/g, '+')];
  return requests.filter((r) => forms.some((f) => r.url.includes(f) || r.post.includes(f)));
}

/** The network checks every suite makes: a result that no request went to another origin than `origin`, and,
 * when `carrying` lists texts, one that no request carried any of them (named `what`). */
export function okStaysLocal(t, label, requests, origin, { carrying = [], what = 'the input text' } = {}) {
  const foreign = foreignRequests(requests, origin);
  t.ok(foreign.length === 0, `${label}: no request to another origin`, foreign.map((r) => r.url).join('\n'));
  if (!carrying.length) return;
  const leaks = carrying.flatMap((x) => requestsCarrying(requests, x));
  t.ok(leaks.length === 0, `${label}: no request carries ${what}`, leaks.map((r) => r.url).join('\n'));
}

/** A result that nothing was sent: only GETs without a body (and none matching `also`, e.g. the image's name). */
export function okNothingSent(t, name, requests, also = null) {
  const sent = requests.filter((r) => r.method !== 'GET' || r.post.length > 0 || (also && also.test(r.url)));
  t.ok(sent.length === 0, name, sent.map((r) => `${r.method} ${r.url}`).join('\n'));
}

// ------------------------------------------------------------------ screenshots
/** Remove the failure screenshots a previous run of this suite left (fail-<suite>-*.png). */
export function clearFailShots(suite) {
  if (!existsSync(SHOTS)) return;
  for (const f of readdirSync(SHOTS)) if (f.startsWith(`fail-${suite}-`)) rmSync(join(SHOTS, f), { force: true });
}

export async function shot(page, name) {
  mkdirSync(SHOTS, { recursive: true });
  const path = join(SHOTS, name + '.png');
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Wait until the page has rendered a report for exactly the text in the textarea. */
export async function waitForResult(page, timeout = 15000) {
  await page.waitForFunction(
    () => {
      const ta = document.getElementById('text');
      const pre = document.getElementById('preview');
      return (
        document.documentElement.dataset.engine === 'ready' &&
        !document.documentElement.dataset.checking &&
        pre.dataset.checked &&
        document.getElementById('findings').dataset.complete !== '0' && // cards are built in slices
        pre.textContent === ta.value
      );
    },
    null,
    { timeout },
  );
}

/** The findings and, for each, the highlighted text and code-point range as rendered in the preview. */
export async function renderedFindings(page) {
  return page.evaluate(() => {
    const items = [...document.querySelectorAll('#findings li.finding')];
    const marks = [...document.querySelectorAll('#preview mark')];
    return items.map((li) => {
      const i = li.dataset.index;
      const own = marks.filter((m) => m.dataset.findings.split(' ').includes(i));
      return {
        rule: li.dataset.rule,
        family: li.dataset.family,
        text: own.map((m) => m.textContent).join(''),
        start: own.length ? Math.min(...own.map((m) => Number(m.dataset.start))) : -1,
        end: own.length ? Math.max(...own.map((m) => Number(m.dataset.end))) : -1,
      };
    });
  });
}

/** Wait until a service worker controls the page; true when one does. */
export async function waitForServiceWorker(page) {
  return page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
    }
    return !!navigator.serviceWorker.controller;
  });
}

/** Traces the renderer main thread of `page` until `stop()`, which returns the tasks over `min` ms of wall time as
 * [{wall, cpu, ext}] (ms): `cpu` is the task's own thread time (category 'toplevel': what the page costs, whatever
 * else a loaded machine runs, which stretches wall time), `ext` the thread time of the extension scripts
 * (chrome-extension:// URLs: event handlers, timers, animation frames) that the task ran (with `scripts`, which
 * adds the heavier 'devtools.timeline' category). */
export async function traceMainThread(page, { min = 50, scripts = false } = {}) {
  const cdp = await page.context().newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', (d) => events.push(...d.value));
  const categories = `toplevel,__metadata${scripts ? ',devtools.timeline' : ''}`;
  await cdp.send('Tracing.start', { categories, transferMode: 'ReportEvents' });
  return {
    async stop() {
      const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
      await cdp.send('Tracing.end');
      await done;
      await cdp.detach().catch(() => {});
      const main = new Set(events.filter((e) => e.name === 'thread_name' && e.args.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
      const on = events.filter((e) => e.ph === 'X' && main.has(`${e.pid}:${e.tid}`));
      const ms = (us) => Math.round((us || 0) / 100) / 10;
      const ext = on.filter((e) => /^(FunctionCall|EvaluateScript)$/.test(e.name) && /^chrome-extension:/.test(e.args?.data?.url || ''));
      return on
        .filter((e) => e.name === 'ThreadControllerImpl::RunTask' && e.dur > min * 1000)
        .map((t) => {
          // outermost extension calls inside the task (a nested one is part of its caller's time)
          const inside = ext.filter((e) => e.ts >= t.ts && e.ts + e.dur <= t.ts + t.dur);
          const outer = inside.filter((e) => !inside.some((o) => o !== e && o.ts <= e.ts && o.ts + o.dur >= e.ts + e.dur));
          return { wall: ms(t.dur), cpu: ms(t.tdur ?? t.dur), ext: ms(outer.reduce((n, e) => n + (e.tdur ?? e.dur), 0)) };
        });
    },
  };
}
