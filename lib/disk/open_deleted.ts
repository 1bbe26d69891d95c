// Files deleted but still held open: the space df counts and du cannot see, found through /proc/*/fd.

import { devToMajorMinor, type Mount, mountFor } from "./mountinfo.ts";

/** One open descriptor of a deleted file. */
export interface OpenDeletedFile {
  pid: number;
  command: string;
  fd: number;
  /** The path the file had before it was deleted. */
  path: string;
  /** Apparent size (st_size). */
  sizeBytes: number;
  /** Space it holds on disk (st_blocks × 512). */
  diskBytes: number;
  /** "major:minor:inode": the same file held by several descriptors has one id. */
  fileId: string;
  mountPoint?: string;
}

/**
 * Finds regular files that were deleted while a process still holds them open. As root it sees every process;
 * otherwise only the user's own. Needs `--allow-read=/proc`.
 *
 * @example
 * ```ts
 * for (const f of await findOpenDeleted()) console.log(f.pid, f.command, f.path, f.diskBytes);
 * ```
 */
export async function findOpenDeleted(
  options: { procRoot?: string; mounts?: Mount[] } = {},
): Promise<OpenDeletedFile[]> {
  const proc = options.procRoot ?? "/proc";
  const found: OpenDeletedFile[] = [];
  for await (const entry of Deno.readDir(proc)) {
    if (!/^\d+$/.test(entry.name)) continue;
    const pid = Number(entry.name);
    let fds: Deno.DirEntry[];
    try {
      fds = await Array.fromAsync(Deno.readDir(`${proc}/${pid}/fd`));
    } catch {
      continue; // gone, or not ours to read
    }
    let command: string | undefined;
    for (const fdEntry of fds) {
      const fdPath = `${proc}/${pid}/fd/${fdEntry.name}`;
      let target: string;
      try {
        target = await Deno.readLink(fdPath);
      } catch {
        continue;
      }
      if (!target.endsWith(" (deleted)") || !target.startsWith("/") || target.startsWith("/memfd:")) continue;
      let info: Deno.FileInfo;
      try {
        info = await Deno.stat(fdPath); // follows the descriptor to the open (deleted) file
      } catch {
        continue;
      }
      // nlink 0: really unlinked (a file replaced by rename keeps its name on another link).
      if (!info.isFile || (info.nlink ?? 0) !== 0) continue;
      command ??= await readComm(proc, pid);
      const majorMinor = devToMajorMinor(info.dev);
      const path = target.slice(0, -" (deleted)".length);
      const mount = options.mounts
        ? options.mounts.find((m) => m.majorMinor === majorMinor) ?? mountFor(options.mounts, path)
        : undefined;
      found.push({
        pid,
        command,
        fd: Number(fdEntry.name),
        path,
        sizeBytes: info.size,
        diskBytes: (info.blocks ?? 0) * 512,
        fileId: `${majorMinor}:${info.ino}`,
        ...(mount ? { mountPoint: mount.mountPoint } : {}),
      });
    }
  }
  return found.sort((a, b) => b.diskBytes - a.diskBytes || a.pid - b.pid || a.fd - b.fd);
}

async function readComm(proc: string, pid: number): Promise<string> {
  try {
    return (await Deno.readTextFile(`${proc}/${pid}/comm`)).trim();
  } catch {
    return "?";
  }
}

/**
 * Disk bytes held by deleted-but-open files, each file counted once however many descriptors hold it.
 *
 * @example
 * ```ts
 * heldBytes(await findOpenDeleted());
 * ```
 */
export function heldBytes(files: OpenDeletedFile[]): number {
  const seen = new Map<string, number>();
  for (const f of files) seen.set(f.fileId, f.diskBytes);
  let total = 0;
  for (const bytes of seen.values()) total += bytes;
  return total;
}
