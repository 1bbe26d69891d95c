// The Web Worker that runs scan jobs (scan_tree.ts starts it). It inherits the task's permissions.

import { createFfiReader } from "./ffi_reader.ts";
import { createPortableReader } from "./portable_reader.ts";
import type { DirReader } from "./dir_reader.ts";
import { type WalkConfig, walkJob } from "./scan_walk.ts";
import type { ToWorker } from "./scan_tree.ts";

// In a worker, globalThis is the worker scope.
const scope = globalThis as unknown as {
  postMessage(message: unknown): void;
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
};

let config: WalkConfig | undefined;
let reader: DirReader | undefined;
let state: Int32Array | undefined;

scope.onmessage = (event) => {
  const message = event.data;
  try {
    if (message.type === "init") {
      config = message.config;
      state = new Int32Array(message.shared);
      reader = message.scanner === "ffi" ? createFfiReader() : createPortableReader();
      scope.postMessage({ type: "ready" });
      return;
    }
    const shared = state!;
    const result = walkJob(message.job, config!, reader!, {
      hungry: () => Atomics.load(shared, 0) > 0,
      donate: (jobs) => {
        Atomics.sub(shared, 0, 1);
        scope.postMessage({ type: "jobs", jobs });
      },
      progress: (n) => Atomics.add(shared, 1, n),
    });
    scope.postMessage({ type: "done", result });
  } catch (error) {
    scope.postMessage({ type: "fatal", message: error instanceof Error ? error.message : String(error) });
  }
};
