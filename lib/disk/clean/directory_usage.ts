// Allocated bytes of a directory's regular files, without following symlinks or leaving the filesystem: what a
// command-based cleanup (apt-get clean, dnf clean) is measured by before and after.

/**
 * Sums st_blocks × 512 of the regular files under `dir` down to `depth` levels (0: only its own files); a missing
 * directory is 0. Needs `--allow-read`.
 *
 * @example
 * ```ts
 * await directoryUsage("/var/cache/apt/archives", { depth: 1 });
 * ```
 */
export async function directoryUsage(
  dir: string,
  options: { depth?: number; skip?: (name: string) => boolean } = {},
): Promise<number> {
  let root: Deno.FileInfo;
  try {
    root = await Deno.lstat(dir);
  } catch {
    return 0;
  }
  if (!root.isDirectory) return 0;
  return await sum(dir, options.depth ?? 64, root.dev, options.skip);
}

async function sum(dir: string, depth: number, dev: number, skip?: (name: string) => boolean): Promise<number> {
  let total = 0;
  let entries: Deno.DirEntry[];
  try {
    entries = await Array.fromAsync(Deno.readDir(dir));
  } catch {
    return 0;
  }
  for (const entry of entries) {
    if (skip?.(entry.name)) continue;
    const path = `${dir}/${entry.name}`;
    const info = await Deno.lstat(path).catch(() => undefined);
    if (!info || info.dev !== dev) continue;
    if (info.isFile) total += (info.blocks ?? 0) * 512;
    else if (info.isDirectory && depth > 0) total += await sum(path, depth - 1, dev, skip);
  }
  return total;
}
