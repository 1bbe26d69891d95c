// Reads one journal directory the way journalctl's vacuum does: in readdir order, regular files only,
// classified by name, sized by allocated blocks, aged by the oldest of name and file times, and checked
// for "empty" (no entries in the header), which vacuum always deletes.

import fs from "node:fs";
import { type FileTimes, readFileTimes } from "./file_times.ts";
import { type JournalNameKind, parseJournalName } from "./journal_name.ts";

/** One journal file as vacuum sees it. */
export interface JournalFile {
  path: string;
  name: string;
  directory: string;
  kind: Exclude<JournalNameKind, "other">;
  /** Bytes allocated (st_blocks × 512). */
  usage: number;
  /** Archived/dirty with no entries (or shorter than a header): any vacuum deletes it. */
  empty: boolean;
  /** Archived/dirty whose header vacuum could not read: it skips the file entirely. */
  unreadable: boolean;
  seqnumId?: string;
  seqnum?: bigint;
  /** Head realtime from the name, lowered to the oldest file time (µs), as vacuum ages it. */
  realtime?: bigint;
  /** Whether the times were read to the microsecond (statx and the crtime attribute). */
  exact: boolean;
}

/** Options of {@linkcode scanJournalDirectory}. */
export interface ScanOptions {
  /** sizeof(Header) of the installed systemd: a shorter archived file counts as empty (default 264, systemd 252). */
  headerSize?: number;
  /**
   * The atime ages a file only on noatime mounts: journalctl reads each file before vacuuming, which refreshes
   * it otherwise (see `atimeRefreshed`). Default false.
   */
  atimeCounts?: boolean;
  /** Reads a file's times; defaults to {@linkcode readFileTimes}. */
  readTimes?: (path: string) => FileTimes;
}

const N_ENTRIES_OFFSET = 152;
const O_NOATIME = 0o1000000;

/**
 * Lists the journal files of `directory` (not its subdirectories) in readdir order, the order journalctl
 * meets them. Needs `--allow-read` (and `--allow-ffi` for exact times, see {@linkcode readFileTimes}).
 *
 * @example
 * ```ts
 * const files = await scanJournalDirectory("/var/log/journal/0123456789abcdef0123456789abcdef");
 * ```
 */
export async function scanJournalDirectory(directory: string, options: ScanOptions = {}): Promise<JournalFile[]> {
  const readTimes = options.readTimes ?? readFileTimes;
  const headerSize = options.headerSize ?? 264;
  const files: JournalFile[] = [];
  for await (const entry of Deno.readDir(directory)) {
    const parsed = parseJournalName(entry.name);
    if (parsed.kind === "other") continue;
    const path = `${directory.replace(/\/+$/, "") || "/"}/${entry.name}`.replace(/^\/\//, "/");
    let times: FileTimes;
    try {
      times = readTimes(path);
    } catch {
      continue; // vacuum ignores what it cannot stat
    }
    if (!times.isFile) continue;
    const file: JournalFile = {
      path,
      name: entry.name,
      directory,
      kind: parsed.kind,
      usage: times.usage,
      empty: false,
      unreadable: false,
      exact: times.exact,
    };
    if (parsed.kind !== "active") {
      const entries = readEntryCount(path, times.size, headerSize);
      if (entries === undefined) file.unreadable = true;
      else file.empty = entries === 0n;
      file.seqnumId = parsed.seqnumId;
      file.seqnum = parsed.seqnum;
      file.realtime = oldest(parsed.realtime!, times, options.atimeCounts ?? false);
    }
    files.push(file);
  }
  return files;
}

/** The header's n_entries, read without touching atime (vacuum ages files by atime too). */
function readEntryCount(path: string, size: number, headerSize: number): bigint | undefined {
  let fd: number;
  try {
    fd = fs.openSync(path, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | O_NOATIME);
  } catch {
    try {
      fd = fs.openSync(path, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    } catch {
      return undefined;
    }
  }
  try {
    if (size < headerSize) return 0n;
    const buf = Buffer.alloc(8);
    const n = fs.readSync(fd, buf, 0, 8, N_ENTRIES_OFFSET);
    return n === 8 ? buf.readBigUInt64LE(0) : undefined;
  } catch {
    return undefined;
  } finally {
    fs.closeSync(fd);
  }
}

/** systemd's patch_realtime(): the name's head time, or an older ctime, atime, mtime or creation time. */
function oldest(realtime: bigint, times: FileTimes, atimeCounts: boolean): bigint {
  let result = realtime;
  for (const t of atimeCounts ? [times.ctimeUs, times.atimeUs, times.mtimeUs] : [times.ctimeUs, times.mtimeUs]) {
    if (t > 0n && t !== 0xffffffffffffffffn && t < result) result = t;
  }
  if (times.crtimeUs !== undefined && times.crtimeUs < result) result = times.crtimeUs;
  return result;
}
