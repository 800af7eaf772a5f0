// The wasm side of `cargo xtask bench`: a worker that times samples of the model benchmarks
// compiled to wasm, on request, so the bench can alternate them with native samples.
//
// Usage: node xtask/wasm-bench/run.mjs <wasm-bindgen --target nodejs module>
// It first prints {"names": [...]}, the benchmarks the module holds. Then, for each line
// {"name": "nines_simulate", "runs": 40} read from stdin, it times one sample (`runs` runs of
// the benchmark, in one call into wasm) and prints one line
// {"wall_ms": 251.2, "cpu_ms": 250.9, "checksum": 123}. It exits when stdin closes.
//
// cpu_ms is this process's CPU time (process.cpuUsage: every thread, user + system), the same
// clock as the native side's CLOCK_PROCESS_CPUTIME_ID. JSON has no NaN: a failed checksum
// arrives as null.

import { performance } from 'node:perf_hooks';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';

const [modulePath] = process.argv.slice(2);
if (!modulePath) {
  console.error('usage: node run.mjs <module.js>');
  process.exit(2);
}
const imported = await import(pathToFileURL(resolve(modulePath)).href);
// wasm-bindgen's nodejs target is CommonJS: its exports arrive as the default export.
const wasm = typeof imported.bench_sample === 'function' ? imported : imported.default;

const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

console.log(JSON.stringify({ names: wasm.bench_names() }));
for await (const line of createInterface({ input: process.stdin })) {
  if (!line.trim()) continue;
  const { name, runs } = JSON.parse(line);
  const cpu0 = cpuMs();
  const wall0 = performance.now();
  const checksum = wasm.bench_sample(name, runs);
  const wall = performance.now() - wall0;
  const cpu = cpuMs() - cpu0;
  console.log(JSON.stringify({ wall_ms: wall, cpu_ms: cpu, checksum }));
}
