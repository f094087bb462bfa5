// Worker bootstrap for development and tests: Node 20 does not apply `--import tsx` to worker
// threads, so register tsx's ESM loader here, then load the TypeScript worker.
import { register } from "tsx/esm/api";

register();
await import("./facts-worker.ts");
