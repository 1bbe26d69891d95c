// One thread's share of a scan: a depth-first walk of one directory (a "job"), with every directory's own contents
// summed into its bucket (see size_tree.ts), the largest files kept in a bounded heap, and multiply-linked files
// left to the main thread (see hard_links.ts). When another thread is idle it hands it unvisited directories.

import { compileExcludes } from "./exclude.ts";
import { type DirHandle, type DirReader, type EntryStat, isFailure, type ReadFailure } from "./dir_reader.ts";
import type { LinkSighting } from "./hard_links.ts";
import { bucketKey, type Totals } from "./size_tree.ts";
import { type TopFile, TopFiles } from "./top_files.ts";

/** What every job of one scan shares. Paths are binary strings. */
export interface WalkConfig {
  /** Absolute path of the scan root. */
  rootPath: string;
  /** Directories deeper than this are summed into their ancestor at this depth. */
  depth: number;
  /** How many of the largest files to keep. */
  topFiles: number;
  /** Stay on the root's device (-x). */
  oneFileSystem: boolean;
  rootDev: number;
  /** Absolute paths not to enter (mount points for -x, /proc … when scanning /). */
  skipPaths: string[];
  /** --exclude patterns. */
  excludes: string[];
  /** How many error samples to keep. */
  errorSamples: number;
}

/** A directory to walk, with the lstat its parent listing gave (its own size is charged when it is walked). */
export interface WalkJob {
  /** Path relative to the scan root ("" for the root). */
  rel: string;
  depth: number;
  bytes: number;
  apparentBytes: number;
  /** Device of the directory (its contents but sub-directories are on it). */
  dev: number;
}

/** One error of a scan: a directory that could not be read or an entry that could not be statted. */
export interface ScanErrorSample {
  /** Binary path relative to the scan root. */
  path: string;
  code: string;
  message: string;
}

/** What a job found. Buckets are `[key, bytes, apparentBytes, files, dirs]`. */
export interface JobResult {
  buckets: [string, number, number, number, number][];
  files: TopFile[];
  links: LinkSighting[];
  /** On-disk bytes per device, `[dev, bytes]`, multiply-linked files excepted (for the df-vs-scanned gap). */
  devBytes: [number, number][];
  entries: number;
  errors: number;
  errorSamples: ScanErrorSample[];
}

/** How a walk talks to the rest of the scan. */
export interface WalkHooks {
  /** True when another scanner waits for work (a cheap check, made after each directory). */
  hungry?: () => boolean;
  /** Claims the waiting scanner; when it returns true the walk hands over work with `donate`. */
  claim?: () => boolean;
  donate?: (jobs: WalkJob[]) => void;
  /** Asked every 64 directories by {@linkcode walkJobSteps}: true to pause the walk. */
  shouldPause?: () => boolean;
  /** Entries listed since the last call. */
  progress?: (entries: number) => void;
  /** Receives the walk in ncdu's export format, when exporting. */
  exporter?: WalkExporter;
}

/** Receives the walk in order, for `--export` (only used without donation, so the order is a tree order). */
export interface WalkExporter {
  /** A directory is entered (`failure` when it cannot be read); its entries and sub-directories follow. */
  enterDir(
    name: string,
    stat: { bytes: number; apparentBytes: number; dev: number; ino: number },
    failure?: ReadFailure,
  ): void;
  file(name: string, stat: EntryStat): void;
  leaveDir(): void;
}

interface Pending {
  name: string;
  bytes: number;
  apparentBytes: number;
  dev: number;
  ino: number;
}

interface Frame {
  handle: DirHandle;
  rel: string;
  depth: number;
  subdirs: Pending[];
  next: number;
}

/**
 * Walks the directory of `job` and everything below it (minus donated directories). Pure but for `reader`.
 *
 * @example
 * ```ts
 * const result = walkJob({ rel: "", depth: 0, bytes: 4096, apparentBytes: 4096 }, config, createPortableReader(), {});
 * ```
 */
export function walkJob(job: WalkJob, config: WalkConfig, reader: DirReader, hooks: WalkHooks = {}): JobResult {
  const steps = walkJobSteps(job, config, reader, hooks);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * {@linkcode walkJob} in slices: it pauses (yields) whenever `hooks.shouldPause()` says so, checked every 64
 * directories, so a thread that also runs an event loop (signals, messages, progress) can walk too.
 *
 * @example
 * ```ts
 * const steps = walkJobSteps(job, config, reader, { shouldPause: () => performance.now() > deadline });
 * let step = steps.next();
 * while (!step.done) { await new Promise((r) => setTimeout(r, 0)); step = steps.next(); }
 * ```
 */
export function* walkJobSteps(
  job: WalkJob,
  config: WalkConfig,
  reader: DirReader,
  hooks: WalkHooks = {},
): Generator<void, JobResult> {
  const buckets = new Map<string, Totals>();
  const devBytes = new Map<number, number>();
  const top = new TopFiles(config.topFiles);
  const links: LinkSighting[] = [];
  const samples: ScanErrorSample[] = [];
  let errors = 0;
  let entries = 0;
  const excluded = compileExcludes(config.excludes);
  const skip = new Set(config.skipPaths);
  const root = config.rootPath;
  const absOf = (rel: string) => rel === "" ? root : root === "/" ? `/${rel}` : `${root}/${rel}`;
  const join = (rel: string, name: string) => rel === "" ? name : `${rel}/${name}`;
  const exporter = hooks.exporter;

  const error = (path: string, failure: ReadFailure) => {
    errors++;
    if (samples.length < config.errorSamples) samples.push({ path, code: failure.code, message: failure.message });
  };
  const bucketOf = (key: string): Totals => {
    let b = buckets.get(key);
    if (!b) buckets.set(key, b = { bytes: 0, apparentBytes: 0, files: 0, dirs: 0 });
    return b;
  };

  // Lists an opened directory into a new frame.
  const list = (handle: DirHandle, rel: string, depth: number, key: string, bucket: Totals, dev: number): Frame => {
    const frame: Frame = { handle, rel, depth, subdirs: [], next: 0 };
    let listed = 0;
    let onDev = 0;
    const failure = reader.list(handle, (st, nameOf) => {
      listed++;
      let name: string | undefined;
      if (excluded) {
        name = nameOf();
        if (excluded(name, absOf(join(rel, name)))) return;
      }
      if (st.isDir) {
        if (config.oneFileSystem && st.dev !== config.rootDev) return;
        name ??= nameOf();
        if (skip.size && skip.has(absOf(join(rel, name)))) return;
        frame.subdirs.push({ name, bytes: st.bytes, apparentBytes: st.apparentBytes, dev: st.dev, ino: st.ino });
        return;
      }
      if (st.nlink > 1) {
        name ??= nameOf();
        links.push({
          key: `${st.dev}:${st.ino}`,
          bytes: st.bytes,
          apparentBytes: st.apparentBytes,
          path: join(rel, name),
          bucket: key,
        });
      } else {
        onDev += st.bytes;
        bucket.bytes += st.bytes;
        bucket.apparentBytes += st.apparentBytes;
        bucket.files++;
        if (top.wants(st.bytes)) {
          name ??= nameOf();
          top.offer(join(rel, name), st.bytes, st.apparentBytes);
        }
      }
      if (exporter) exporter.file(name ?? nameOf(), st);
    }, (name, failure) => {
      listed++;
      error(join(rel, name), failure);
    });
    if (failure) error(rel, failure);
    devBytes.set(dev, (devBytes.get(dev) ?? 0) + onDev);
    entries += listed;
    hooks.progress?.(listed);
    return frame;
  };

  // Charges a directory's own size, opens and lists it; undefined when it cannot be opened.
  const enter = (parent: Frame | undefined, pending: Pending, rel: string, depth: number): Frame | undefined => {
    const key = depth <= config.depth ? rel : bucketKey(rel, config.depth);
    const bucket = bucketOf(key);
    bucket.bytes += pending.bytes;
    bucket.apparentBytes += pending.apparentBytes;
    bucket.dirs++;
    devBytes.set(pending.dev, (devBytes.get(pending.dev) ?? 0) + pending.bytes);
    const handle = parent ? reader.openAt(parent.handle, absOf(parent.rel), pending.name) : reader.openPath(absOf(rel));
    if (isFailure(handle)) {
      error(rel, handle);
      exporter?.enterDir(parent ? pending.name : root, pending, handle);
      exporter?.leaveDir();
      return undefined;
    }
    exporter?.enterDir(parent ? pending.name : root, pending);
    return list(handle, rel, depth, key, bucket, pending.dev);
  };

  const stack: Frame[] = [];
  const first = enter(
    undefined,
    { name: "", bytes: job.bytes, apparentBytes: job.apparentBytes, dev: job.dev, ino: 0 },
    job.rel,
    job.depth,
  );
  if (first) stack.push(first);
  let sinceCheck = 0;
  while (stack.length) {
    if (hooks.shouldPause && ++sinceCheck >= 64) {
      sinceCheck = 0;
      if (hooks.shouldPause()) yield;
    }
    const frame = stack[stack.length - 1]!;
    if (frame.next >= frame.subdirs.length) {
      reader.close(frame.handle);
      exporter?.leaveDir();
      stack.pop();
      continue;
    }
    if (hooks.hungry?.() && canDonate(stack) && hooks.claim?.()) donate(stack, hooks, join);
    if (frame.next >= frame.subdirs.length) continue;
    const pending = frame.subdirs[frame.next++]!;
    const child = enter(frame, pending, join(frame.rel, pending.name), frame.depth + 1);
    if (child) stack.push(child);
  }

  return {
    buckets: [...buckets].map(([k, t]) => [k, t.bytes, t.apparentBytes, t.files, t.dirs]),
    files: top.sorted(),
    links,
    devBytes: [...devBytes],
    entries,
    errors,
    errorSamples: samples,
  };
}

function canDonate(stack: Frame[]): boolean {
  return stack.some((frame, i) => frame.subdirs.length - frame.next >= (i === stack.length - 1 ? 2 : 1));
}

// Hands half of the unvisited sub-directories of the shallowest frame that has some to an idle scanner.
function donate(stack: Frame[], hooks: WalkHooks, join: (rel: string, name: string) => string): void {
  for (const frame of stack) {
    const left = frame.subdirs.length - frame.next;
    if (left < 1 || (left < 2 && frame === stack[stack.length - 1])) continue;
    const count = Math.ceil(left / 2);
    const given = frame.subdirs.splice(frame.subdirs.length - count, count);
    hooks.donate?.(given.map((p) => ({
      rel: join(frame.rel, p.name),
      depth: frame.depth + 1,
      bytes: p.bytes,
      apparentBytes: p.apparentBytes,
      dev: p.dev,
    })));
    return;
  }
}

/**
 * Claims one idle scanner from the shared counter (for a scan worker that is about to hand over work).
 *
 * @example
 * ```ts
 * if (claimHungry(state)) postMessage({ type: "jobs", jobs });
 * ```
 */
export function claimHungry(state: Int32Array): boolean {
  for (;;) {
    const h = Atomics.load(state, 0);
    if (h <= 0) return false;
    if (Atomics.compareExchange(state, 0, h, h - 1) === h) return true;
  }
}
