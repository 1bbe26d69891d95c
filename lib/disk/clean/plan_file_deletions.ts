// The safe core of every file-deleting target: walk the target directories without following symlinks or
// leaving their filesystem, and plan to delete only old regular files that no other name and no process shares.

import { readFileTimes } from "../../journal/file_times.ts";
import { type FileKey, fileKey } from "./open_files.ts";
import type { DeleteFileAction, SkippedFile } from "./plan_types.ts";

/** Which files of the target directories a target deletes. */
export interface FileRule {
  /** Whether `name` (at `rel`, relative to its root) is a candidate. */
  match(name: string, rel: string): boolean;
  /** Only files older than this many milliseconds. */
  olderThanMs: number;
  /** "mtime": by modification time; "used": neither read nor modified lately (newest of atime and mtime; tmp files). */
  age: "mtime" | "used";
  /** Descend into subdirectories (on the same filesystem). */
  recursive: boolean;
}

/** What the walk found. */
export interface FileDeletions {
  actions: DeleteFileAction[];
  skipped: SkippedFile[];
  notes: string[];
}

/**
 * Plans the deletion of the files under `roots` that `rule` selects. Never follows a symlink (a symlinked root
 * or entry is skipped), never crosses into another filesystem, skips files with other hard links (the other
 * name may be outside the target) and files a process holds open (`open`). Needs `--allow-read`.
 *
 * @example
 * ```ts
 * const plan = await planFileDeletions(["/var/crash"], { match: () => true, olderThanMs: 3 * 86400e3,
 *   age: "mtime", recursive: true }, Date.now(), await findOpenFiles());
 * ```
 */
export async function planFileDeletions(
  roots: string[],
  rule: FileRule,
  nowMs: number,
  open: Map<FileKey, { pid: number; command: string }>,
): Promise<FileDeletions> {
  const result: FileDeletions = { actions: [], skipped: [], notes: [] };
  for (const root of roots) {
    let info: Deno.FileInfo;
    try {
      info = await Deno.lstat(root);
    } catch {
      result.notes.push(`${root} does not exist`);
      continue;
    }
    if (info.isSymlink) {
      result.skipped.push({ path: root, reason: "symlink" });
      continue;
    }
    if (!info.isDirectory) {
      result.skipped.push({ path: root, reason: "not-a-regular-file" });
      continue;
    }
    await walk(root, "", info.dev, rule, nowMs, open, result);
  }
  result.actions.sort((a, b) => a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  return result;
}

async function walk(
  dir: string,
  rel: string,
  dev: number,
  rule: FileRule,
  nowMs: number,
  open: Map<FileKey, { pid: number; command: string }>,
  result: FileDeletions,
): Promise<void> {
  let entries: Deno.DirEntry[];
  try {
    entries = await Array.fromAsync(Deno.readDir(dir));
  } catch (error) {
    result.notes.push(`cannot read ${dir}: ${error instanceof Error ? error.message.split("\n")[0] : error}`);
    return;
  }
  for (const entry of entries) {
    const path = `${dir === "/" ? "" : dir}/${entry.name}`;
    const relPath = rel ? `${rel}/${entry.name}` : entry.name;
    let info: Deno.FileInfo;
    try {
      info = await Deno.lstat(path);
    } catch {
      continue; // gone meanwhile
    }
    if (info.isSymlink) {
      if (rule.match(entry.name, relPath)) result.skipped.push({ path, reason: "symlink" });
      continue;
    }
    if (info.isDirectory) {
      if (!rule.recursive) continue;
      if (info.dev !== dev) {
        result.skipped.push({ path, reason: "other-filesystem" });
        continue;
      }
      await walk(path, relPath, dev, rule, nowMs, open, result);
      continue;
    }
    if (!info.isFile || !rule.match(entry.name, relPath)) continue;
    const times = rule.age === "mtime" ? [info.mtime] : [info.mtime, info.atime];
    const newest = Math.max(...times.map((t) => t?.getTime() ?? nowMs));
    if (nowMs - newest < rule.olderThanMs) continue;
    if ((info.nlink ?? 1) > 1) {
      result.skipped.push({ path, reason: "hard-linked" });
      continue;
    }
    const holder = open.get(fileKey(info));
    if (holder) {
      result.skipped.push({ path, reason: "open", holder });
      continue;
    }
    let ctimeUs: string;
    try {
      ctimeUs = readFileTimes(path).ctimeUs.toString();
    } catch {
      continue; // gone meanwhile
    }
    result.actions.push({
      type: "delete",
      path,
      bytes: (info.blocks ?? 0) * 512,
      dev: info.dev,
      ino: info.ino ?? 0,
      ctimeUs,
    });
  }
}
