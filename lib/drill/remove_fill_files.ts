// `simulate-failure --fill-disk DIR --cleanup`: remove the fill files a disk drill left in DIR, and say so.

import { formatSize } from "../cli/parse_size.ts";
import { FILL_FILE } from "./plan_fill_disk.ts";

/** What {@linkcode removeFillFiles} removed (or would remove), as its --json fields. */
export interface RemovedFillFiles {
  removed: { path: string; bytes: number }[];
  freed_bytes: number;
  dry_run: boolean;
}

/**
 * Removes the `hostmend-fill-*.bin` regular files directly in `dir` (with `dryRun`, only lists them). Needs
 * `--allow-read` and `--allow-write` of `dir`.
 *
 * @example
 * ```ts
 * const { freed_bytes } = await removeFillFiles("/var/tmp", false);
 * ```
 */
export async function removeFillFiles(dir: string, dryRun: boolean): Promise<RemovedFillFiles> {
  const removed: { path: string; bytes: number }[] = [];
  for await (const e of Deno.readDir(dir)) {
    if (!e.isFile || !FILL_FILE.test(e.name)) continue;
    const path = `${dir.replace(/\/+$/, "")}/${e.name}`;
    const bytes = (await Deno.lstat(path)).size;
    if (!dryRun) await Deno.remove(path);
    removed.push({ path, bytes });
  }
  return { removed, freed_bytes: removed.reduce((s, r) => s + r.bytes, 0), dry_run: dryRun };
}

/**
 * The cleanup for people: each file and the total, or that there was none. Pure.
 *
 * @example
 * ```ts
 * console.log(formatRemovedFillFiles("/var/tmp", await removeFillFiles("/var/tmp", true)));
 * ```
 */
export function formatRemovedFillFiles(dir: string, result: RemovedFillFiles): string {
  if (!result.removed.length) return `No hostmend-fill-*.bin files in ${dir}: nothing to clean up`;
  const dryRun = result.dry_run;
  return [
    ...result.removed.map((r) => `${dryRun ? "would remove" : "removed"} ${r.path} (${formatSize(r.bytes)})`),
    `${dryRun ? "would free" : "freed"} ${formatSize(result.freed_bytes)}`,
  ].join("\n");
}
