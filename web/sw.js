// Service worker: precaches the page and the engine so that after the first visit the page works offline.
// Network first, cache when offline; content-hashed files (name.0123abcd.ext, from `make dist`) cache first,
// since their content never changes. Everything fetched successfully is cached, so the OCR assets (gen/paddle/:
// onnxruntime-web and the PP-OCRv4 models, with ocr-paddle.js and onnx-pack.js; loaded only when a licence image
// is checked) work offline after their first use.
// A navigation is answered with ./ (index.html) whatever its query string, so a query never reaches a server.
// Share target (manifest.webmanifest): the phone's share sheet POSTs title/text/url to ./share; this worker
// answers it itself: it keeps the text in the 'zicha-share' cache and redirects to ./?shared=1, where the page
// takes it out and offers it (it never replaces the draft by itself). The shared text never reaches the network.
// Any web page can post a form to ./share too: a POST that names another site as its referrer is dropped here
// (the share sheet sends none); one without a referrer can't be told apart, which is why the page only offers.
// `make dist` may rename assets with content hashes: keep this list in step (relative to the SW's scope).
const VERSION = 'zicha-v1';
const SHARE_CACHE = 'zicha-share';
const SHARE_KEY = './__shared__';
const PRECACHE = [
  './',
  './index.html',
  './style.css',
  './app.js',
  './ui.js',
  './supervisor.js',
  './engine-client.js',
  './files.js',
  './findings.js',
  './text-panel.js',
  './consumer-view.js',
  './report-export.js',
  './editing.js',
  './editor.js',
  './draft.js',
  './share.js',
  './settings-file.js',
  './settings-panel.js',
  './licence-panel.js',
  './i18n.js',
  './csv.js',
  './sheet.js',
  './sheet-core.js',
  './sheet-worker.js',
  './sheet-check.js',
  './workflow.js',
  './worker.js',
  './boot.js',
  './engine.js',
  './licence.js',
  './ocr-worker.js',
  './image-panel.js',
  './image-check.js',
  './gen/zicha.mjs',
  './gen/zicha.wasm',
  './gen/registry.js',
  './manifest.webmanifest',
  './icon.svg',
];

// The list may be replaced by `make dist` with content-hashed names: write precache.json (a JSON array of
// URLs relative to the scope) next to sw.js and it is used instead of the list above.
async function precacheList() {
  try {
    const res = await fetch('./precache.json', { cache: 'no-store' });
    if (res.ok) {
      const list = await res.json();
      if (Array.isArray(list) && list.length) return ['./', ...list];
    }
  } catch {
    /* no list: use the built-in one */
  }
  return PRECACHE;
}

// The first visit registers this worker while the page is still starting its engine: precaching right away
// would download and store the whole core (the wasm again, among others) at the same moment, on the same CPU,
// and delay the page's first result. The page itself needs nothing from this cache on that visit, so
// the precache waits until the page is usually done; the worker installs (and later visits use it) after that.
const PRECACHE_DELAY_MS = 3000;

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      await new Promise((resolve) => setTimeout(resolve, PRECACHE_DELAY_MS));
      const cache = await caches.open(VERSION);
      const list = await precacheList();
      // One by one: a missing optional file must not stop the others from being cached.
      await Promise.all(
        list.map((u) =>
          fetch(u, { cache: 'no-store' })
            .then((res) => (res.ok ? cache.put(new URL(u, self.registration.scope).href, res) : null))
            .catch(() => null),
        ),
      );
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('zicha-') && k !== VERSION && k !== SHARE_CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

// Network first (so that a rebuilt page and engine are always used together when online), falling back to the
// cache when the network fails or takes longer than NETWORK_TIMEOUT_MS.
const NETWORK_TIMEOUT_MS = 4000;

const HASHED = /\.[0-9a-f]{8}(\.[a-z0-9]+|\/)/;

async function acceptShare(req) {
  const home = new URL('./', self.registration.scope).href;
  let foreign = false;
  try {
    foreign = !!req.referrer && req.referrer !== 'about:client' && new URL(req.referrer).origin !== self.location.origin;
  } catch {
    foreign = true;
  }
  if (foreign) return Response.redirect(home, 303);
  let parts = [];
  try {
    const form = await req.formData();
    parts = ['title', 'text', 'url'].map((k) => form.get(k)).filter((v) => typeof v === 'string' && v);
  } catch {
    /* not a form: nothing shared */
  }
  const cache = await caches.open(SHARE_CACHE);
  await cache.put(new URL(SHARE_KEY, self.registration.scope).href,
    new Response(parts.join('\n'), { headers: { 'Content-Type': 'text/plain; charset=utf-8' } }));
  return Response.redirect(new URL('./?shared=1', self.registration.scope).href, 303);
}

self.addEventListener('fetch', (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  if (req.method === 'POST' && url.href.split('?')[0] === new URL('./share', self.registration.scope).href) {
    event.respondWith(acceptShare(req));
    return;
  }
  if (req.method !== 'GET') return;
  const navigate = req.mode === 'navigate';
  // Never send a query string (possibly shared text) to the network from here.
  const key = navigate ? new URL('./', self.registration.scope).href : url.origin + url.pathname;
  event.respondWith(
    (async () => {
      const cache = await caches.open(VERSION);
      if (!navigate && HASHED.test(url.pathname)) {
        const hit = await cache.match(key);
        if (hit) return hit;
      }
      const network = fetch(key, { credentials: 'same-origin', cache: 'no-store' }).then((res) => {
        if (res.ok) event.waitUntil(cache.put(key, res.clone()));
        return res;
      });
      let timer;
      const timeout = new Promise((resolve) => {
        timer = setTimeout(resolve, NETWORK_TIMEOUT_MS, null);
      });
      try {
        const res = await Promise.race([network, timeout]);
        if (res) return res;
      } catch {
        /* offline or server gone: use the cache */
      } finally {
        clearTimeout(timer);
      }
      const cached = await cache.match(key, { ignoreSearch: true });
      if (cached) return cached;
      return network;
    })(),
  );
});
