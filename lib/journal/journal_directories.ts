// Which directories `journalctl [--directory DIR] --vacuum-*` vacuums: the top directories and, below them,
// the machine-id directories journald writes into.

/** A directory journalctl vacuums. */
export interface JournalDirectory {
  directory: string;
  /** A top directory (the --directory itself, or /run/log/journal and /var/log/journal). */
  isRoot: boolean;
  /** Reached through a symlink (journalctl follows a symlinked machine-id directory). */
  viaSymlink?: boolean;
}

/** Options of {@linkcode listJournalDirectories}. */
export interface JournalDirectoriesOptions {
  /** The system journal's top directories (default /run/log/journal and /var/log/journal). */
  systemRoots?: string[];
  /** This machine's id, for the system journal (default: read from /etc/machine-id). */
  machineId?: string;
}

const ID128 = /^([0-9a-fA-F]{32}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$/;

/**
 * Lists the directories journalctl vacuums. With `directory` (journalctl --directory): that directory and its
 * subdirectories named like a 128-bit id (any id, as journalctl does); without it, the system journal roots and
 * their subdirectory named after this machine's id. Throws `Deno.errors.NotFound` for a missing `directory`.
 * Needs `--allow-read`.
 *
 * @example
 * ```ts
 * const dirs = await listJournalDirectories("/var/log/journal/remote");
 * ```
 */
export async function listJournalDirectories(
  directory?: string,
  options: JournalDirectoriesOptions = {},
): Promise<JournalDirectory[]> {
  const clean = (p: string) => p.length > 1 ? p.replace(/\/+$/, "") : p;
  if (directory !== undefined) {
    const root = clean(directory);
    const info = await Deno.stat(root);
    if (!info.isDirectory) throw new Deno.errors.NotADirectory(`Not a directory: ${root}`);
    return [{ directory: root, isRoot: true }, ...(await idSubdirectories(root))];
  }
  const roots = options.systemRoots ?? ["/run/log/journal", "/var/log/journal"];
  let machineId = options.machineId;
  if (machineId === undefined) {
    machineId = (await Deno.readTextFile("/etc/machine-id").catch(() => "")).trim();
  }
  const result: JournalDirectory[] = [];
  for (const root of roots.map(clean)) {
    try {
      if (!(await Deno.stat(root)).isDirectory) continue;
    } catch {
      continue;
    }
    result.push({ directory: root, isRoot: true });
    result.push(...(await idSubdirectories(root)).filter((d) => d.directory.endsWith(`/${machineId}`)));
  }
  return result;
}

async function idSubdirectories(root: string): Promise<JournalDirectory[]> {
  const result: JournalDirectory[] = [];
  for await (const entry of Deno.readDir(root)) {
    if (!ID128.test(entry.name) || !(entry.isDirectory || entry.isSymlink)) continue;
    const path = `${root === "/" ? "" : root}/${entry.name}`;
    try {
      if ((await Deno.stat(path)).isDirectory) {
        result.push({ directory: path, isRoot: false, ...(entry.isSymlink ? { viaSymlink: true } : {}) });
      }
    } catch {
      // a dangling link: journalctl cannot open it either
    }
  }
  return result;
}
