// ConvDims service worker (the build writes it to the site root as convdims-sw.js, with the
// line below filled in by site_glue/offline.py; its scope is the site root, so it works under
// a sub-path).
//
// Offline after the first visit, and never a mix of two deploys:
// - install: every file of this build is fetched, checked against the SHA-256 the build
//   recorded, and stored in one cache named by the build's hash. A file that does not match
//   (a newer deploy went live meanwhile) fails the install; the next visit installs the
//   newer worker instead.
// - fetch: a file of this build is answered from this build's cache only; anything else
//   goes to the network. So a page served by this worker only ever sees this build's files.
// - activate: caches of other builds are deleted (not the worker's convdims-snapshot). A new build waits until no page of the old
//   one is open (no skipWaiting), so an open page never switches version under its feet.
/* global CONVDIMS_BUILD */
const BUILD = CONVDIMS_BUILD; // {version: "<hash>", files: {"<path relative to the root>": "<sha256 hex>"}}
const CACHE = `convdims-${BUILD.version}`;
// The Python worker's own cache (the kept snapshot of the current build; the worker
// deletes older builds' entries itself): not a build cache, so activation leaves it.
const SNAPSHOT_CACHE = "convdims-snapshot";
const ROOT = new URL("./", self.location.href);

function keyOf(url) {
  // Pages are cached under their directory URL ("lessons/x/"), as they are linked.
  const u = new URL(url, ROOT);
  if (u.origin !== ROOT.origin || !u.pathname.startsWith(ROOT.pathname)) return null;
  let rel = decodeURIComponent(u.pathname.slice(ROOT.pathname.length));
  if (rel === "" || rel.endsWith("/")) rel += "index.html";
  return Object.prototype.hasOwnProperty.call(BUILD.files, rel) ? rel : null;
}

async function sha256(buf) {
  const d = await crypto.subtle.digest("SHA-256", buf);
  return Array.from(new Uint8Array(d), (b) => b.toString(16).padStart(2, "0")).join("");
}

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    const todo = Object.entries(BUILD.files);
    async function one([rel, hash]) {
      const url = new URL(rel.endsWith("index.html") ? rel.slice(0, -"index.html".length) : rel, ROOT);
      if (await cache.match(url.href)) return;
      const res = await fetch(url.href, { cache: "no-cache", credentials: "same-origin" });
      if (!res.ok) throw new Error(`${rel}: HTTP ${res.status}`);
      const body = await res.arrayBuffer();
      if ((await sha256(body)) !== hash) throw new Error(`${rel} is not this build's file`);
      const type = res.headers.get("Content-Type");
      await cache.put(url.href, new Response(body, { status: 200, headers: type ? { "Content-Type": type } : {} }));
    }
    const workers = Array.from({ length: 4 }, async () => { while (todo.length) await one(todo.shift()); });
    try { await Promise.all(workers); } catch (err) {
      await caches.delete(CACHE);
      throw err;
    }
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith("convdims-") && name !== CACHE && name !== SNAPSHOT_CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener("fetch", (event) => {
  const req = event.request;
  if (req.method !== "GET") return;
  const rel = keyOf(req.url);
  if (!rel) return;
  const url = new URL(rel.endsWith("index.html") ? rel.slice(0, -"index.html".length) : rel, ROOT).href;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    const hit = await cache.match(url);
    if (hit) return hit;
    return fetch(req);
  })());
});

self.addEventListener("message", (event) => {
  if (event.data === "convdims:version" && event.source) event.source.postMessage({ version: BUILD.version, cache: CACHE });
});
