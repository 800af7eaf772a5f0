// Times the model benchmarks compiled to wasm, for `cargo xtask bench`, with the same scheme
// as the native side: one warm-up run, then the best of `runs` timed runs.
//
// Usage: node xtask/wasm-bench/run.mjs <wasm-bindgen --target nodejs module> '<spec JSON>'
// spec: {"runs": 5, "benches": [{"name": "nines_budget", "iterations": 200000}, ...]}
// Prints one JSON line: {"<name>": {"best_ms": 12.3, "checksum": 456.7}, ...}.

import { performance } from 'node:perf_hooks';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [modulePath, specJson] = process.argv.slice(2);
if (!modulePath || !specJson) {
  console.error('usage: node run.mjs <module.js> <spec JSON>');
  process.exit(2);
}
const spec = JSON.parse(specJson);
const imported = await import(pathToFileURL(resolve(modulePath)).href);
// wasm-bindgen's nodejs target is CommonJS: its exports arrive as the default export.
const wasm = typeof imported.bench_run === 'function' ? imported : imported.default;

const known = new Set(wasm.bench_names());
const results = {};
for (const { name, iterations } of spec.benches) {
  if (!known.has(name)) throw new Error(`the wasm module has no benchmark ${name}`);
  let checksum = wasm.bench_run(name, iterations);
  let best = Infinity;
  for (let i = 0; i < spec.runs; i++) {
    const start = performance.now();
    checksum = wasm.bench_run(name, iterations);
    best = Math.min(best, performance.now() - start);
  }
  results[name] = { best_ms: best, checksum };
}
console.log(JSON.stringify(results));
