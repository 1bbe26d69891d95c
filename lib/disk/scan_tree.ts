// scanTree(): a du-exact scan of a directory tree on all cores. The main thread and Web Workers walk directories
// ("jobs") with the FFI reader (or the portable one), hand each other work through shared memory, and give back only
// bucket totals, their largest files and multiply-linked files; the main thread sums those into the size tree.

import { displayPath, utf8ToBinary } from "./binary_path.ts";
import { type DirReader, isFailure } from "./dir_reader.ts";
import { createFfiReader } from "./ffi_reader.ts";
import { HardLinkLedger } from "./hard_links.ts";
import { createNcduExporter } from "./ncdu_export.ts";
import { createPortableReader } from "./portable_reader.ts";
import {
  claimHungry,
  type JobResult,
  type ScanErrorSample,
  type WalkConfig,
  type WalkHooks,
  type WalkJob,
  walkJob,
  walkJobSteps,
} from "./scan_walk.ts";
import { type SizeReport, SizeTree } from "./size_tree.ts";
import { type TopFile, TopFiles } from "./top_files.ts";

/** Options of {@linkcode scanTree}. */
export interface ScanOptions {
  /** Directory levels below the root to report (default 3). */
  depth?: number;
  /** Largest children listed per directory (default 5). */
  top?: number;
  /** Largest files kept (default 10). */
  files?: number;
  /** Stay on the root's filesystem and skip mount points below it, bind mounts included. */
  oneFileSystem?: boolean;
  /** Absolute paths not to enter (the caller puts mount points and /proc, /sys … here). */
  skipPaths?: string[];
  /** --exclude patterns (see compileExcludes). */
  excludes?: string[];
  /** Which reader: "auto" (FFI when it loads, else portable), "ffi" or "portable". */
  scanner?: "auto" | "ffi" | "portable";
  /** Scanning threads: this one plus `threads - 1` Web Workers (default: the number of CPUs, at most 8). */
  threads?: number;
  /** Write the scan in ncdu's export format to this file (scans on one thread). */
  exportTo?: string;
  /** Called about every 100 ms with the number of entries listed so far. */
  onProgress?: (entries: number) => void;
  signal?: AbortSignal;
}

/** What a scan found. Paths are display strings (invalid UTF-8 bytes shown as \xNN), absolute. */
export interface ScanResult {
  path: string;
  scanner: "ffi" | "portable";
  threads: number;
  tree: SizeReport;
  files: TopFile[];
  entries: number;
  hardLinks: { files: number; links: number };
  /** On-disk bytes found on the scan root's device (compare with df's used bytes of that filesystem). */
  rootDeviceBytes: number;
  errors: { count: number; samples: ScanErrorSample[] };
  complete: boolean;
  elapsedMs: number;
}

/** Messages to a scan worker. */
export type ToWorker =
  | { type: "init"; config: WalkConfig; shared: SharedArrayBuffer; scanner: "ffi" | "portable"; index: number }
  | { type: "job"; jobs: WalkJob[] };

type FromWorker =
  | { type: "ready" }
  | { type: "jobs"; jobs: WalkJob[] }
  | { type: "done"; results: JobResult[] }
  | { type: "fatal"; message: string };

const ERROR_SAMPLES = 10;

/**
 * Scans `path` du-exactly: on-disk bytes are st_blocks × 512, symlinks are not followed, a multiply-linked file is
 * counted once (charged to its byte-wise smallest path). Unreadable directories are counted as errors and the scan
 * goes on (`complete: false`). Needs `--allow-read`, and `--allow-ffi` for the fast reader (`--allow-write` for
 * `exportTo`). Throws `Deno.errors.NotFound` when `path` does not exist.
 *
 * @example
 * ```ts
 * const r = await scanTree("/var", { depth: 2, top: 5 });
 * console.log(r.tree.bytes, r.tree.children.map((c) => c.path));
 * ```
 */
export async function scanTree(path: string, options: ScanOptions = {}): Promise<ScanResult> {
  const started = performance.now();
  const rootText = Deno.realPathSync(path);
  const rootPath = utf8ToBinary(rootText);
  const scanner = chooseScanner(options.scanner ?? "auto");
  const reader = scanner.reader;
  const rootStat = reader.statPath(rootPath);
  if (isFailure(rootStat)) throw new Error(`Cannot stat ${rootText}: ${rootStat.message}`);
  const depth = options.depth ?? 3;
  const config: WalkConfig = {
    rootPath,
    depth,
    topFiles: options.files ?? 10,
    oneFileSystem: options.oneFileSystem ?? false,
    rootDev: rootStat.dev,
    skipPaths: (options.skipPaths ?? []).map(utf8ToBinary).filter((p) => p !== rootPath),
    excludes: options.excludes ?? [],
    errorSamples: ERROR_SAMPLES,
  };
  const tree = new SizeTree();
  const ledger = new HardLinkLedger();
  const top = new TopFiles(config.topFiles);
  const errors = { count: 0, samples: [] as ScanErrorSample[] };
  let entries = 0;
  let rootDeviceBytes = 0;
  const merge = (r: JobResult) => {
    for (const [key, bytes, apparentBytes, files, dirs] of r.buckets) {
      tree.add(key, { bytes, apparentBytes, files, dirs });
    }
    for (const f of r.files) top.offer(f.path, f.bytes, f.apparentBytes);
    for (const l of r.links) ledger.add(l);
    for (const [dev, bytes] of r.devBytes) if (dev === rootStat.dev) rootDeviceBytes += bytes;
    entries += r.entries;
    errors.count += r.errors;
    for (const s of r.errorSamples) if (errors.samples.length < ERROR_SAMPLES) errors.samples.push(s);
  };

  let threads = Math.max(1, options.threads ?? Math.min(8, navigator.hardwareConcurrency || 1));
  if (!rootStat.isDir) {
    threads = 1;
    tree.add("", { bytes: rootStat.bytes, apparentBytes: rootStat.apparentBytes, files: 1, dirs: 0 });
    top.offer("", rootStat.bytes, rootStat.apparentBytes);
    entries = 1;
    rootDeviceBytes = rootStat.bytes;
  } else {
    const rootJob: WalkJob = {
      rel: "",
      depth: 0,
      bytes: rootStat.bytes,
      apparentBytes: rootStat.apparentBytes,
      dev: rootStat.dev,
    };
    if (options.exportTo !== undefined) {
      threads = 1;
      merge(scanHere(rootJob, config, reader, options.exportTo));
    } else {
      await scanInParallel(rootJob, config, reader, threads, merge, options);
    }
  }

  // Multiply-linked files, each charged once, to its smallest path.
  for (const link of ledger.charged()) {
    tree.add(link.bucket, { bytes: link.bytes, apparentBytes: link.apparentBytes, files: 1, dirs: 0 });
    top.offer(link.path, link.bytes, link.apparentBytes);
    if (link.key.startsWith(`${rootStat.dev}:`)) rootDeviceBytes += link.bytes;
  }
  const abs = (rel: string) => displayPath(rel === "" ? rootPath : rootPath === "/" ? `/${rel}` : `${rootPath}/${rel}`);
  const report = mapPaths(tree.report(depth, options.top ?? 5), abs);
  return {
    path: rootText,
    scanner: scanner.kind,
    threads,
    tree: report,
    files: top.sorted().map((f) => ({ ...f, path: abs(f.path) })),
    entries,
    hardLinks: { files: ledger.size, links: ledger.links },
    rootDeviceBytes,
    errors: { count: errors.count, samples: errors.samples.map((s) => ({ ...s, path: abs(s.path) })) },
    complete: errors.count === 0,
    elapsedMs: Math.round(performance.now() - started),
  };
}

function chooseScanner(wanted: "auto" | "ffi" | "portable"): { kind: "ffi" | "portable"; reader: DirReader } {
  if (wanted === "portable") return { kind: "portable", reader: createPortableReader() };
  try {
    return { kind: "ffi", reader: createFfiReader() };
  } catch (error) {
    if (wanted === "ffi") throw error;
    return { kind: "portable", reader: createPortableReader() };
  }
}

function scanHere(job: WalkJob, config: WalkConfig, reader: DirReader, exportTo?: string): JobResult {
  if (exportTo === undefined) return walkJob(job, config, reader);
  const file = Deno.openSync(exportTo, { write: true, create: true, truncate: true });
  try {
    const exporter = createNcduExporter((bytes) => {
      let done = 0;
      while (done < bytes.length) done += file.writeSync(bytes.subarray(done));
    });
    const result = walkJob(job, config, reader, { exporter });
    exporter.finish();
    return result;
  } finally {
    file.close();
  }
}

// Scanner 0 is this thread, scanners 1… are Web Workers. Shared memory: [0] idle scanners not yet promised work
// (a busy scanner that sees it > 0 claims one and hands over half of its unvisited directories), [1] entries
// listed, [2 + i] 1 while scanner i is idle. This thread walks the root itself from the start, so no time is
// lost while the workers load, and it keeps handing out work from inside its walk.
function scanInParallel(
  rootJob: WalkJob,
  config: WalkConfig,
  reader: DirReader,
  threads: number,
  merge: (r: JobResult) => void,
  options: ScanOptions,
): Promise<void> {
  const HUNGRY = 0;
  const ENTRIES = 1;
  const FLAG = 2;
  const shared = new SharedArrayBuffer(4 * (FLAG + threads));
  const state = new Int32Array(shared);
  const queue: WalkJob[][] = [];
  const workers: Worker[] = [];
  let busy = 0; // batches handed to workers and not reported done
  let walking = false;
  let lastProgress = 0;
  return new Promise<void>((resolve, reject) => {
    let finished = false;
    const onAbort = () => finish(options.signal!.reason);
    const finish = (error?: unknown) => {
      if (finished) return;
      finished = true;
      options.signal?.removeEventListener("abort", onAbort);
      for (const w of workers) w.terminate();
      if (error === undefined) resolve();
      else reject(error);
    };
    const claim = (i: number) => Atomics.compareExchange(state, FLAG + i, 1, 0) === 1;
    const deliver = (batch: WalkJob[]): boolean => {
      for (let i = 1; i < threads; i++) {
        if (!claim(i)) continue;
        busy++;
        workers[i - 1]!.postMessage({ type: "job", jobs: batch } satisfies ToWorker);
        return true;
      }
      return false;
    };
    const hooks: WalkHooks = {
      hungry: () => Atomics.load(state, HUNGRY) > 0,
      claim: () => claimHungry(state),
      donate: (jobs) => {
        if (!deliver(jobs)) {
          queue.push(jobs); // the idle scanner is this thread's own event loop: see schedule()
          Atomics.add(state, HUNGRY, 1);
        }
      },
      progress: (n) => {
        const total = Atomics.add(state, ENTRIES, n) + n;
        const now = performance.now();
        if (options.onProgress && now - lastProgress > 100) {
          lastProgress = now;
          options.onProgress(total);
        }
      },
    };
    // This thread walks in slices of about 50 ms and returns to its event loop in between: signals, worker
    // messages and progress are handled while it scans.
    let sliceEnd = 0;
    hooks.shouldPause = () => performance.now() > sliceEnd;
    const walkHere = async (batch: WalkJob[]) => {
      walking = true;
      try {
        for (const job of batch) {
          const steps = walkJobSteps(job, config, reader, hooks);
          for (;;) {
            sliceEnd = performance.now() + 50;
            const step = steps.next();
            if (step.done) {
              merge(step.value);
              break;
            }
            await new Promise((resolve) => setTimeout(resolve, 0));
            if (finished) return;
            if (options.signal?.aborted) throw options.signal.reason;
          }
        }
      } finally {
        walking = false;
      }
      Atomics.store(state, FLAG, 1);
      Atomics.add(state, HUNGRY, 1);
      schedule();
    };
    const schedule = () => {
      if (finished) return;
      while (queue.length) {
        const batch = queue[queue.length - 1]!;
        if (deliver(batch)) queue.pop();
        else if (!walking && claim(0)) {
          queue.pop();
          walkHere(batch).catch(finish);
          return;
        } else break;
      }
      if (options.signal?.aborted) finish(options.signal.reason);
      else if (!queue.length && busy === 0 && !walking) finish();
    };

    for (let i = 1; i < threads; i++) {
      const w = new Worker(new URL("./scan_worker.ts", import.meta.url).href, { type: "module" });
      workers.push(w);
      w.onmessage = (event: MessageEvent<FromWorker>) => {
        const m = event.data;
        if (m.type === "jobs") queue.push(m.jobs);
        else if (m.type === "done") {
          busy--;
          for (const r of m.results) merge(r);
        } else if (m.type === "fatal") return finish(new Error(`scan worker failed: ${m.message}`));
        schedule();
      };
      w.onerror = (event) => {
        event.preventDefault();
        finish(new Error(`scan worker failed: ${event.message}`));
      };
      w.postMessage({ type: "init", config, shared, scanner: reader.kind, index: i } satisfies ToWorker);
    }
    options.signal?.addEventListener("abort", onAbort, { once: true });
    // This thread takes the root; workers join as they come up.
    walkHere([rootJob]).catch(finish);
  });
}

function mapPaths(node: SizeReport, abs: (rel: string) => string): SizeReport {
  return { ...node, path: abs(node.path), children: node.children.map((c) => mapPaths(c, abs)) };
}
