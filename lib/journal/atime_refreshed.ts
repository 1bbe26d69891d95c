// Whether journalctl's own reading refreshes a journal file's atime before its vacuum looks at it. journalctl
// opens (reads) every journal file before vacuuming; unless the filesystem is mounted noatime, that read sets
// the atime to now whenever the atime was older than mtime/ctime or a day (relatime) — exactly the cases where
// the atime could have been the oldest time. So the atime only ages a file on noatime mounts.

import { runCommand } from "../host/run_command.ts";

/**
 * True unless `directory` is on a filesystem mounted `noatime` (asks `findmnt -T`, util-linux; Deno grants
 * /proc/self/mountinfo only with --allow-all). When findmnt is missing, assumes the default (relatime): true.
 * Needs `--allow-run=findmnt`.
 *
 * @example
 * ```ts
 * if (!(await atimeRefreshed("/var/log/journal"))) console.log("noatime: atime ages journal files");
 * ```
 */
export async function atimeRefreshed(directory: string): Promise<boolean> {
  const r = await runCommand(["findmnt", "--noheadings", "--output", "OPTIONS", "--target", directory], {
    noThrow: true,
  });
  if (!r.success) return true;
  return !r.stdout.trim().split(",").includes("noatime");
}
