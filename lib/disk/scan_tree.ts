// scanTree(): a du-exact scan of a directory tree on all cores. The main thread hands out directories ("jobs") to
// Web Workers, which walk them with the FFI reader (or the portable one) and give back only bucket totals, their
// largest files and multiply-linked files; the main thread sums those into the size tree.

import { displayPath, utf8ToBinary } from "./binary_path.ts";
import { type DirReader, isFailure } from "./dir_reader.ts";
import { createFfiReader } from "./ffi_reader.ts";
import { HardLinkLedger } from "./hard_links.ts";
import { createNcduExporter } from "./ncdu_export.ts";
import { createPortableReader } from "./portable_reader.ts";
import { type JobResult, type ScanErrorSample, type WalkConfig, type WalkJob, walkJob } from "./scan_walk.ts";
import { bucketKey, type SizeReport, SizeTree } from "./size_tree.ts";
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
  /** Worker threads (default: the number of CPUs, at most 8); 0 scans on the calling thread. */
  workers?: number;
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
  workers: number;
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
  | { type: "init"; config: WalkConfig; shared: SharedArrayBuffer; scanner: "ffi" | "portable" }
  | { type: "job"; job: WalkJob };

type FromWorker =
  | { type: "ready" }
  | { type: "jobs"; jobs: WalkJob[] }
  | { type: "done"; result: JobResult }
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

  let workers = options.workers ?? Math.min(8, Math.max(1, navigator.hardwareConcurrency || 1));
  if (!rootStat.isDir) {
    workers = 0;
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
    if (options.exportTo !== undefined) workers = 0;
    if (workers === 0) {
      merge(scanHere(rootJob, config, reader, options.exportTo));
    } else {
      await scanWithWorkers(rootJob, config, scanner.kind, workers, merge, options);
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
    workers,
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

function scanWithWorkers(
  rootJob: WalkJob,
  config: WalkConfig,
  scanner: "ffi" | "portable",
  count: number,
  merge: (r: JobResult) => void,
  options: ScanOptions,
): Promise<void> {
  // [0]: idle workers waiting for a job (workers donate while it is > 0); [1]: entries listed so far.
  const shared = new SharedArrayBuffer(8);
  const state = new Int32Array(shared);
  const queue: WalkJob[] = [rootJob];
  const idle: Worker[] = [];
  const all: Worker[] = [];
  let busy = 0;
  return new Promise<void>((resolve, reject) => {
    let finished = false;
    const timer = options.onProgress ? setInterval(() => options.onProgress!(Atomics.load(state, 1)), 100) : undefined;
    const finish = (error?: unknown) => {
      if (finished) return;
      finished = true;
      if (timer !== undefined) clearInterval(timer);
      for (const w of all) w.terminate();
      options.signal?.removeEventListener("abort", onAbort);
      if (error === undefined) resolve();
      else reject(error);
    };
    const onAbort = () => finish(options.signal!.reason);
    options.signal?.addEventListener("abort", onAbort);
    const dispatch = () => {
      while (idle.length && queue.length) {
        const w = idle.pop()!;
        busy++;
        w.postMessage({ type: "job", job: queue.pop()! } satisfies ToWorker);
      }
      Atomics.store(state, 0, queue.length ? 0 : idle.length);
      if (busy === 0 && queue.length === 0 && idle.length === all.length) finish();
    };
    for (let i = 0; i < count; i++) {
      const w = new Worker(new URL("./scan_worker.ts", import.meta.url).href, { type: "module" });
      all.push(w);
      w.onmessage = (event: MessageEvent<FromWorker>) => {
        const m = event.data;
        if (m.type === "jobs") {
          queue.push(...m.jobs);
        } else if (m.type === "done") {
          busy--;
          merge(m.result);
          idle.push(w);
        } else if (m.type === "ready") {
          idle.push(w);
        } else {
          finish(new Error(`scan worker failed: ${m.message}`));
          return;
        }
        dispatch();
      };
      w.onerror = (event) => {
        event.preventDefault();
        finish(new Error(`scan worker failed: ${event.message}`));
      };
      w.postMessage({ type: "init", config, shared, scanner } satisfies ToWorker);
    }
  });
}

function mapPaths(node: SizeReport, abs: (rel: string) => string): SizeReport {
  return { ...node, path: abs(node.path), children: node.children.map((c) => mapPaths(c, abs)) };
}

export { bucketKey };
