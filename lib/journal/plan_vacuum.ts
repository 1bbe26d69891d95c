// The vacuum prediction: given the files of each journal directory, which ones journalctl --vacuum-* deletes.
// A faithful model of systemd's journal_directory_vacuum(), run per directory like journalctl does (pure).

import type { JournalFile } from "./scan_journal_directory.ts";

/** The limits of one vacuum; an absent or zero limit is not enforced (as in journalctl). */
export interface VacuumLimits {
  /** --vacuum-size, bytes. */
  maxUseBytes?: number;
  /** --vacuum-files. */
  maxFiles?: number;
  /** --vacuum-time, microseconds. */
  maxRetentionUsec?: number;
}

/** How the installed journalctl behaves where systemd versions differ (measured by `probeVacuumBehaviour`). */
export interface VacuumBehaviour {
  /** Active files count toward --vacuum-size (systemd 254+, and backports such as Debian 252.3x, RHEL 8). */
  countsActiveSize: boolean;
  /** The directory given with --directory is vacuumed itself, not only its machine-id subdirectories (244+). */
  vacuumsRootDirectory: boolean;
}

/** Why a file is deleted: it is empty, or it was next in age order while a limit was exceeded. */
export type VacuumReason = "empty" | "time" | "size" | "files";

/** One file of the plan. */
export interface VacuumEntry {
  path: string;
  kind: JournalFile["kind"];
  bytes: number;
  /** For deletions: the limits still exceeded when vacuum reached this file. */
  reasons?: VacuumReason[];
}

/** What a vacuum will do, per the model; the dry run prints it and the real run is checked against it. */
export interface VacuumPlan {
  directories: string[];
  /** In the order journalctl deletes them. */
  delete: VacuumEntry[];
  keep: VacuumEntry[];
  beforeBytes: number;
  freedBytes: number;
  afterBytes: number;
  /** False when some file times were read without microsecond precision. */
  exact: boolean;
}

/** One directory's scan, as journalctl would vacuum it. */
export interface DirectoryScan {
  directory: string;
  files: JournalFile[];
  /** The top directory of --directory (journalctl before 244 skips it). */
  isRoot: boolean;
}

/**
 * Predicts exactly which files `journalctl --vacuum-*` deletes. Per directory: empty archived files always go;
 * the other archived and dirty files are sorted oldest first (by seqnum within one seqnum id, else by time) and
 * deleted until every limit holds — active files are never deleted but count toward --vacuum-files (and
 * --vacuum-size when `countsActiveSize`).
 *
 * @example
 * ```ts
 * const plan = planVacuum(scans, { maxUseBytes: 10 * 2 ** 20 }, BigInt(Date.now()) * 1000n, behaviour);
 * console.log(plan.delete.map((e) => e.path));
 * ```
 */
export function planVacuum(
  scans: DirectoryScan[],
  limits: VacuumLimits,
  nowUsec: bigint,
  behaviour: VacuumBehaviour,
): VacuumPlan {
  const maxUse = limits.maxUseBytes ?? 0;
  const maxFiles = limits.maxFiles ?? 0;
  const maxRetention = BigInt(limits.maxRetentionUsec ?? 0);
  const enforced = maxUse > 0 || maxFiles > 0 || maxRetention > 0n;
  const retentionLimit = maxRetention > 0n ? (nowUsec > maxRetention ? nowUsec - maxRetention : 0n) : 0n;
  const plan: VacuumPlan = {
    directories: [],
    delete: [],
    keep: [],
    beforeBytes: 0,
    freedBytes: 0,
    afterBytes: 0,
    exact: true,
  };
  for (const scan of scans) {
    plan.directories.push(scan.directory);
    for (const f of scan.files) {
      plan.beforeBytes += f.usage;
      if (!f.exact) plan.exact = false;
    }
    const vacuumed = enforced && (!scan.isRoot || behaviour.vacuumsRootDirectory);
    if (!vacuumed) {
      plan.keep.push(...scan.files.map(entryOf));
      continue;
    }
    let nActive = 0;
    let sum = 0;
    const list: JournalFile[] = [];
    for (const f of scan.files) {
      if (f.kind === "active") {
        nActive++;
        if (behaviour.countsActiveSize) sum += f.usage;
        plan.keep.push(entryOf(f));
      } else if (f.unreadable) {
        plan.keep.push(entryOf(f));
      } else if (f.empty) {
        plan.delete.push({ ...entryOf(f), reasons: ["empty"] });
      } else {
        list.push(f);
        sum += f.usage;
      }
    }
    const sorted = glibcMergeSort(list, compareForVacuum);
    let i = 0;
    for (; i < sorted.length; i++) {
      const f = sorted[i]!;
      const left = nActive + sorted.length - i;
      const reasons: VacuumReason[] = [];
      if (maxRetention > 0n && f.realtime! < retentionLimit) reasons.push("time");
      if (maxUse > 0 && sum > maxUse) reasons.push("size");
      if (maxFiles > 0 && left > maxFiles) reasons.push("files");
      if (reasons.length === 0) break;
      plan.delete.push({ ...entryOf(f), reasons });
      sum = f.usage < sum ? sum - f.usage : 0;
    }
    plan.keep.push(...sorted.slice(i).map(entryOf));
  }
  plan.freedBytes = plan.delete.reduce((n, e) => n + e.bytes, 0);
  plan.afterBytes = plan.beforeBytes - plan.freedBytes;
  return plan;
}

function entryOf(f: JournalFile): VacuumEntry {
  return { path: f.path, kind: f.kind, bytes: f.usage };
}

/** systemd's vacuum_compare(): seqnum within one seqnum id, else head time, then seqnum id, then name. */
export function compareForVacuum(a: JournalFile, b: JournalFile): number {
  const haveA = a.seqnumId !== undefined;
  const haveB = b.seqnumId !== undefined;
  if (haveA && haveB && a.seqnumId === b.seqnumId) return cmp(a.seqnum!, b.seqnum!);
  const r = cmp(a.realtime!, b.realtime!);
  if (r !== 0) return r;
  if (haveA && haveB) return a.seqnumId! < b.seqnumId! ? -1 : a.seqnumId! > b.seqnumId! ? 1 : 0;
  return strcmp(a.name, b.name);
}

function cmp(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function strcmp(a: string, b: string): number {
  const x = new TextEncoder().encode(a);
  const y = new TextEncoder().encode(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}

/**
 * glibc's qsort() as journalctl gets it (a top-down merge sort, first half ⌊n/2⌋, ties to the left), so that
 * even a comparison that is not a total order (files of several seqnum ids) sorts exactly as journalctl sorts.
 */
export function glibcMergeSort<T>(items: T[], compare: (a: T, b: T) => number): T[] {
  if (items.length <= 1) return items.slice();
  const n1 = Math.floor(items.length / 2);
  const left = glibcMergeSort(items.slice(0, n1), compare);
  const right = glibcMergeSort(items.slice(n1), compare);
  const out: T[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length && j < right.length) {
    if (compare(left[i]!, right[j]!) <= 0) out.push(left[i++]!);
    else out.push(right[j++]!);
  }
  return out.concat(left.slice(i), right.slice(j));
}
