// The wasm side of `cargo xtask bench`: a worker that times samples of the model benchmarks
// compiled to wasm, on request, so the bench can alternate them with native samples.
//
// Usage: node xtask/wasm-bench/run.mjs <wasm-bindgen --target nodejs module>
// It first prints {"names": [...]}, the benchmarks the module holds. Then, for each line
// {"name": "nines_simulate", "runs": 40} read from stdin, it times one sample (`runs` runs of
// the benchmark, in one call into wasm) and prints one line
// {"wall_ms": 251.2, "cpu_ms": 250.9, "checksum": 123}. It exits when stdin closes.
//
// A line {"pool": "quorum_table_n5_pool", "workers": 2} instead runs that pool benchmark's
// shards on `workers` worker threads (each loads the module first, untimed, as the page's warm
// workers do), handing out shard indices in order as workers free up, and prints
// {"wall_ms": 812.3, "checksums": [...]}: the wall time and each shard's checksum in shard
// order, which must not depend on the number of workers.
//
// cpu_ms is this process's CPU time (process.cpuUsage: every thread, user + system), the same
// clock as the native side's CLOCK_PROCESS_CPUTIME_ID. JSON has no NaN: a failed checksum
// arrives as null.

import { performance } from 'node:perf_hooks';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

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

const shardCounts = new Map(
  wasm.pool_bench_list().split(',').filter(Boolean).map((entry) => {
    const [name, shards] = entry.split(':');
    return [name, Number(shards)];
  }),
);

async function pool(name, workers) {
  const shards = shardCounts.get(name);
  if (!shards) throw new Error(`no pool benchmark named ${name}`);
  const pool = Array.from({ length: workers }, () => new Worker(new URL('./pool-worker.mjs', import.meta.url), {
    workerData: { modulePath: resolve(modulePath) },
  }));
  await Promise.all(pool.map((w) => new Promise((ok) => w.once('message', ok))));
  const checksums = new Array(shards);
  let next = 0;
  const wall0 = performance.now();
  await Promise.all(pool.map((w) => new Promise((ok, fail) => {
    w.on('error', fail);
    const feed = () => {
      if (next >= shards) return ok();
      const index = next++;
      w.once('message', (sum) => { checksums[index] = sum; feed(); });
      w.postMessage({ name, index });
    };
    feed();
  })));
  const wall = performance.now() - wall0;
  await Promise.all(pool.map((w) => w.terminate()));
  return { wall_ms: wall, checksums };
}

console.log(JSON.stringify({ names: wasm.bench_names() }));
for await (const line of createInterface({ input: process.stdin })) {
  if (!line.trim()) continue;
  const request = JSON.parse(line);
  if (request.pool) {
    console.log(JSON.stringify(await pool(request.pool, request.workers)));
    continue;
  }
  const { name, runs } = request;
  const cpu0 = cpuMs();
  const wall0 = performance.now();
  const checksum = wasm.bench_sample(name, runs);
  const wall = performance.now() - wall0;
  const cpu = cpuMs() - cpu0;
  console.log(JSON.stringify({ wall_ms: wall, cpu_ms: cpu, checksum }));
}
