// Chorus service worker, served at /sw.js with scope "/".
//
// Compiled on its own at build time (see vite.config.ts), so it must not import
// anything. The build replaces the two placeholders below.
//
// - The app shell (index.html and the hashed files under /assets/) is precached,
//   so the editor opens with no network at all.
// - Page navigations go to the network first and fall back to the cached
//   index.html; main.ts then picks the screen from the address.
// - GET /api/session and GET /api/statements/{id} go to the network first and
//   fall back to their last good answer, so a statement page and its speaker view
//   (/statements/{id}/speak) can render offline with the last known title and
//   limits. No other API call is ever cached, and websockets never pass through here.

const PRECACHE = "__PRECACHE_MANIFEST__" as unknown as string[];
const VERSION = "__CACHE_VERSION__" as unknown as string;

const SHELL_CACHE = `chorus-shell-${VERSION}`;
const API_CACHE = "chorus-api-v1";
const SHELL_PREFIX = "chorus-shell-";

const worker = self as unknown as ServiceWorkerGlobalScope;

const CACHED_API = [/^\/api\/session$/, /^\/api\/statements\/\d+$/];

worker.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(SHELL_CACHE);
      // "reload" so a stale HTTP cache never ends up in the precache.
      await cache.addAll(
        PRECACHE.map((url) => new Request(url, { cache: "reload" })),
      );
      await worker.skipWaiting();
    })(),
  );
});

worker.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(
        names
          .filter(
            (name) => name.startsWith(SHELL_PREFIX) && name !== SHELL_CACHE,
          )
          .map((name) => caches.delete(name)),
      );
      await worker.clients.claim();
    })(),
  );
});

worker.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== worker.location.origin) return;

  if (request.method !== "GET") {
    // Signing out forgets every cached API answer (who was signed in, statement titles).
    if (request.method === "DELETE" && url.pathname === "/api/session") {
      event.waitUntil(caches.delete(API_CACHE));
    }
    return;
  }

  if (url.pathname.startsWith("/api/")) {
    if (CACHED_API.some((pattern) => pattern.test(url.pathname))) {
      event.respondWith(apiNetworkFirst(request));
    }
    return;
  }
  if (url.pathname.startsWith("/ws/") || url.pathname === "/sw.js") return;

  if (request.mode === "navigate") {
    event.respondWith(navigation(request));
    return;
  }
  if (url.pathname.startsWith("/assets/") || PRECACHE.includes(url.pathname)) {
    event.respondWith(cacheFirst(request));
  }
});

/** A proxy's answer while the Chorus server itself is down. */
function gatewayDown(response: Response): boolean {
  return (
    response.status === 502 ||
    response.status === 503 ||
    response.status === 504
  );
}

async function navigation(request: Request): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(request);
  } catch (error) {
    const shell = await caches.match("/index.html", { cacheName: SHELL_CACHE });
    if (shell) return shell;
    throw error;
  }
  if (gatewayDown(response)) {
    const shell = await caches.match("/index.html", { cacheName: SHELL_CACHE });
    if (shell) return shell;
  }
  return response;
}

async function cacheFirst(request: Request): Promise<Response> {
  const cache = await caches.open(SHELL_CACHE);
  const hit = await cache.match(request);
  if (hit) return hit;
  return fetch(request);
}

async function apiNetworkFirst(request: Request): Promise<Response> {
  const cache = await caches.open(API_CACHE);
  let response: Response;
  try {
    response = await fetch(request);
  } catch (error) {
    const hit = await cache.match(request);
    if (hit) return hit;
    throw error;
  }
  if (gatewayDown(response)) {
    const hit = await cache.match(request);
    return hit ?? response;
  }
  if (response.ok) {
    await cache.put(request, response.clone());
  } else if (response.status === 401) {
    // Signed out or session expired: forget every cached answer.
    await caches.delete(API_CACHE);
  } else if (response.status === 403 || response.status === 404) {
    // The server now says no: never show the old answer again.
    await cache.delete(request);
  }
  return response;
}
