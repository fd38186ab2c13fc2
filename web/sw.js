// Service worker: precaches the page and the engine so that after the first visit the page works offline.
// Network first, cache when offline. A navigation is answered with ./ (index.html) whatever its query string:
// the share target passes the shared text as ?text=…, which therefore never reaches a server once the page is
// installed (the service worker fetches the page without its query).
// `make dist` may rename assets with content hashes: keep this list in step (relative to the SW's scope).
const VERSION = 'zicha-v1';
const PRECACHE = [
  './',
  './index.html',
  './style.css',
  './app.js',
  './i18n.js',
  './csv.js',
  './worker.js',
  './engine.js',
  './gen/zicha.mjs',
  './gen/zicha.wasm',
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

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
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
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('zicha-') && k !== VERSION).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

// Network first (so that a rebuilt page and engine are always used together when online), falling back to the
// cache when the network fails or takes longer than NETWORK_TIMEOUT_MS.
const NETWORK_TIMEOUT_MS = 4000;

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  const navigate = req.mode === 'navigate';
  // Never send a query string (possibly shared text) to the network from here.
  const key = navigate ? new URL('./', self.registration.scope).href : url.origin + url.pathname;
  event.respondWith(
    (async () => {
      const cache = await caches.open(VERSION);
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
