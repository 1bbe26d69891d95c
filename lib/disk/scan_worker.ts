// The Web Worker that runs scan jobs (scan_tree.ts starts it). It inherits the task's permissions.

import { createFfiReader } from "./ffi_reader.ts";
import { createPortableReader } from "./portable_reader.ts";
import type { DirReader } from "./dir_reader.ts";
import { claimHungry, type JobResult, type WalkConfig, walkJob } from "./scan_walk.ts";
import type { ToWorker } from "./scan_tree.ts";

// In a worker, globalThis is the worker scope.
const scope = globalThis as unknown as {
  postMessage(message: unknown): void;
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
};

let config: WalkConfig | undefined;
let reader: DirReader | undefined;
let state: Int32Array | undefined;
let index = 0;

// Idle: set this scanner's flag, then count it as waiting for work (see scanInParallel).
function idle(shared: Int32Array) {
  Atomics.store(shared, 2 + index, 1);
  Atomics.add(shared, 0, 1);
}

scope.onmessage = (event) => {
  const message = event.data;
  try {
    if (message.type === "init") {
      config = message.config;
      state = new Int32Array(message.shared);
      index = message.index;
      reader = message.scanner === "ffi" ? createFfiReader() : createPortableReader();
      idle(state);
      scope.postMessage({ type: "ready" });
      return;
    }
    const shared = state!;
    const results: JobResult[] = [];
    for (const job of message.jobs) {
      results.push(walkJob(job, config!, reader!, {
        hungry: () => Atomics.load(shared, 0) > 0,
        claim: () => claimHungry(shared),
        donate: (jobs) => scope.postMessage({ type: "jobs", jobs }),
        progress: (n) => Atomics.add(shared, 1, n),
      }));
    }
    idle(shared);
    scope.postMessage({ type: "done", results });
  } catch (error) {
    scope.postMessage({ type: "fatal", message: error instanceof Error ? error.message : String(error) });
  }
};
