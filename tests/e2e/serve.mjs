// A tiny static file server for the release site (node:http, no dependencies), used by the
// end-to-end suite and by `cargo xtask bench`. It listens on 127.0.0.1 only.
//
// Environment contract of the end-to-end suite (set by `cargo xtask ci`, which runs
// `node --test --test-concurrency=1 tests/e2e/*.test.mjs` after `cargo xtask dist`):
//
//   SDLAB_BASE_URL      URL of the served release site, always ending in "/". xtask serves
//                       dist/ under the sub-path /sdlab/ (http://127.0.0.1:PORT/sdlab/) so
//                       every test also checks that the site works away from "/", as when a
//                       user hosts it under /sdlab/. Build page URLs relative to it:
//                       new URL('#/nines', base), new URL('index.html', base).
//   SDLAB_DIST          absolute path of dist/ (Trunk's release output).
//   SDLAB_OFFLINE_FILE  absolute path of dist/sdlab-offline.html, the single-file page
//                       meant to be opened from file://.
//   SDLAB_ARTIFACTS     absolute path of tests/e2e/artifacts/ (screenshots, traces; ignored
//                       by git), created before the tests run.
//   SDLAB_CHROMIUM      the browser to launch with playwright-core: /usr/bin/chromium.
//
// Tests should call `site()` below: it uses SDLAB_BASE_URL when set and otherwise starts its
// own server on SDLAB_DIST (or ./dist), so a single test file also runs on its own:
//   node --test tests/e2e/routes.test.mjs   (after `cargo xtask dist`)
//
// CLI: node tests/e2e/serve.mjs [dir=dist] [port=8081] [--prefix /sdlab/]
// prints exactly one line, "listening <url>", once it accepts connections (port 0 picks a
// free port), then serves until killed.

import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.zip': 'application/zip',
};

/// Chromium flags for every launch in the suite (the same as webdriver.json's).
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-dev-shm-usage',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const CHROMIUM = process.env.SDLAB_CHROMIUM || '/usr/bin/chromium';

function normalisePrefix(prefix) {
  let p = prefix || '/';
  if (!p.startsWith('/')) p = `/${p}`;
  if (!p.endsWith('/')) p = `${p}/`;
  return p;
}

/**
 * Serves `dir` on 127.0.0.1. Resolves to { url, port, close() } once listening; `url` is the
 * site's base URL and ends in "/". Directories serve their index.html; anything outside the
 * prefix or missing is a 404 (the app routes with the URL hash, so it needs no fallback).
 */
export async function serve(dir, { port = 0, prefix = '/' } = {}) {
  const root = resolve(dir);
  const base = normalisePrefix(prefix);
  const server = createServer(async (req, res) => {
    const fail = (code, text) => {
      res.writeHead(code, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(text);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return fail(405, 'method not allowed');
    let path;
    try {
      path = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
    } catch {
      return fail(400, 'bad request');
    }
    if (`${path}/` === base) {
      res.writeHead(301, { location: base });
      return res.end();
    }
    if (!path.startsWith(base)) return fail(404, 'not found');
    let file = resolve(join(root, path.slice(base.length)));
    if (file !== root && !file.startsWith(root + sep)) return fail(403, 'forbidden');
    try {
      let info = await stat(file);
      if (info.isDirectory()) {
        file = join(file, 'index.html');
        info = await stat(file);
      }
      res.writeHead(200, {
        'content-type': MIME_TYPES[extname(file).toLowerCase()] || 'application/octet-stream',
        'content-length': info.size,
        'cache-control': 'no-store',
      });
      if (req.method === 'HEAD') return res.end();
      createReadStream(file).pipe(res);
    } catch {
      fail(404, 'not found');
    }
  });
  await new Promise((ok, err) => {
    server.once('error', err);
    server.listen(port, '127.0.0.1', ok);
  });
  const actual = server.address().port;
  return {
    url: `http://127.0.0.1:${actual}${base}`,
    port: actual,
    close: () =>
      new Promise((ok) => {
        server.closeAllConnections?.();
        server.close(() => ok());
      }),
  };
}

/**
 * The site under test: { url, close() }. Uses SDLAB_BASE_URL when set (the server belongs to
 * xtask and close() does nothing); otherwise serves SDLAB_DIST (or ./dist) under /sdlab/.
 */
export async function site() {
  if (process.env.SDLAB_BASE_URL) {
    const url = process.env.SDLAB_BASE_URL;
    return { url: url.endsWith('/') ? url : `${url}/`, close: async () => {} };
  }
  return serve(process.env.SDLAB_DIST || 'dist', { prefix: '/sdlab/' });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  let prefix = '/';
  const positional = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--prefix') prefix = args[++i];
    else positional.push(args[i]);
  }
  const [dir = 'dist', port = '8081'] = positional;
  const { url } = await serve(dir, { port: Number(port), prefix });
  console.log(`listening ${url}`);
}
