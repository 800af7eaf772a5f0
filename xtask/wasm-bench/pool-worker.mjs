// One worker of run.mjs's pool: loads the wasm bench module once, says "ready", then runs each
// shard it is sent ({name, index}) and posts back its checksum.

import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';

const imported = await import(pathToFileURL(workerData.modulePath).href);
const wasm = typeof imported.pool_bench_shard === 'function' ? imported : imported.default;
parentPort.on('message', ({ name, index }) => {
  parentPort.postMessage(wasm.pool_bench_shard(name, index));
});
parentPort.postMessage('ready');
