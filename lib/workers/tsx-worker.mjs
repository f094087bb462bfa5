// Worker bootstrap for development and tests: Node 20 does not apply `--import tsx` to worker threads'
// module loading, so register tsx's ESM loader here, then load the TypeScript entry the pool names.
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import(workerData.source);
