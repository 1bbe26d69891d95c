// Writing configuration files the way daemons need them: whole or not at all, and only when changed.

/** Options of {@linkcode writeFileAtomic}. */
export interface AtomicWriteOptions {
  /** File mode, e.g. 0o644 (default 0o644). */
  mode?: number;
}

/**
 * Writes `content` to `path` atomically (a temp file in the same directory, fsync, rename) unless the file
 * already holds exactly that content. Returns whether it wrote. Needs `--allow-read` and `--allow-write`.
 *
 * @example
 * ```ts
 * const changed = await writeFileAtomic("/etc/systemd/journald.conf.d/hostmend.conf", text);
 * ```
 */
export async function writeFileAtomic(
  path: string,
  content: string,
  options: AtomicWriteOptions = {},
): Promise<boolean> {
  const mode = options.mode ?? 0o644;
  try {
    const [current, info] = await Promise.all([Deno.readTextFile(path), Deno.stat(path)]);
    if (current === content && ((info.mode ?? 0) & 0o7777) === mode) return false;
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  const slash = path.lastIndexOf("/");
  const dir = slash > 0 ? path.slice(0, slash) : slash === 0 ? "/" : ".";
  const base = path.slice(slash + 1);
  // A dot-prefixed temp name: cron and journald ignore such files if they ever see one.
  const temp = `${dir}/.${base}.${Deno.pid}.${crypto.randomUUID().slice(0, 8)}.tmp`;
  try {
    const file = await Deno.open(temp, { write: true, createNew: true, mode });
    try {
      await file.write(new TextEncoder().encode(content));
      await file.sync();
    } finally {
      file.close();
    }
    await Deno.chmod(temp, mode);
    await Deno.rename(temp, path);
  } catch (error) {
    await Deno.remove(temp).catch(() => {});
    throw error;
  }
  return true;
}

/**
 * Reads a text file, or returns `undefined` when it does not exist. Needs `--allow-read`.
 *
 * @example
 * ```ts
 * const old = await readTextIfExists("/etc/cron.d/hostmend");
 * ```
 */
export async function readTextIfExists(path: string): Promise<string | undefined> {
  try {
    return await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
}
