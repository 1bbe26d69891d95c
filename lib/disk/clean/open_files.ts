// Which files processes hold open right now (not deleted ones: those are in lib/disk/open_deleted.ts), so that
// a cleanup never deletes a file a process is using — its space would not even be freed.

/** Identity of a file: "dev:ino". */
export type FileKey = string;

/**
 * The identity "dev:ino" of a file, as used by {@linkcode findOpenFiles}.
 *
 * @example
 * ```ts
 * fileKey(await Deno.lstat("/var/log/syslog"));
 * ```
 */
export function fileKey(info: { dev: number; ino: number | null }): FileKey {
  return `${info.dev}:${info.ino ?? 0}`;
}

/**
 * Reads /proc/<pid>/fd of every process (all of them as root) and returns the identities of the regular files
 * held open, mapped to one holder (pid and command). Needs `--allow-read=/proc`.
 *
 * @example
 * ```ts
 * const open = await findOpenFiles();
 * if (open.has(fileKey(await Deno.lstat(path)))) console.log("in use");
 * ```
 */
export async function findOpenFiles(procRoot = "/proc"): Promise<Map<FileKey, { pid: number; command: string }>> {
  const open = new Map<FileKey, { pid: number; command: string }>();
  for await (const entry of Deno.readDir(procRoot)) {
    if (!/^\d+$/.test(entry.name)) continue;
    const pid = Number(entry.name);
    let fds: Deno.DirEntry[];
    try {
      fds = await Array.fromAsync(Deno.readDir(`${procRoot}/${pid}/fd`));
    } catch {
      continue; // exited, or not ours to read
    }
    let command: string | undefined;
    for (const fd of fds) {
      try {
        const info = await Deno.stat(`${procRoot}/${pid}/fd/${fd.name}`);
        if (!info.isFile) continue;
        command ??= (await Deno.readTextFile(`${procRoot}/${pid}/comm`).catch(() => "?")).trim();
        open.set(fileKey(info), { pid, command });
      } catch {
        // closed meanwhile
      }
    }
  }
  return open;
}
