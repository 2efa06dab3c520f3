// The site's service worker, completed at build time by src/offline/integration.mjs. Cache-first for this
// origin: the shell is precached on install; anything else the site serves is cached the first time it is
// fetched (tfjs, its wasm, datasets: on the first Rerun). The cache name changes whenever any file of the build
// does, and an old cache is deleted on activation.
const CACHE = '__CACHE__';
const URLS = __URLS__;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(URLS)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((name) => name !== CACHE).map((name) => caches.delete(name))))
      .then(() => self.clients.claim()),
  );
});

// `ignoreVary`: the preview server answers module scripts and fonts with `Vary: Origin`, and those requests carry
// an Origin header that the precache's requests did not, so a plain match misses them offline.
const MATCH = { ignoreSearch: true, ignoreVary: true };

async function respond(request) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request, MATCH);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.status === 200 && response.type === 'basic' && !request.headers.has('range')) {
    const url = new URL(request.url);
    await cache.put(url.origin + url.pathname, response.clone());
  }
  return response;
}

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== location.origin) return;
  event.respondWith(respond(event.request));
});
