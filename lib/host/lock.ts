// A run lock so that cron and a person never run the same task at once: an advisory kernel lock (flock) on a
// file that also names the holder's pid. The kernel drops the lock when the holder exits or is killed, so a
// lock can never go stale, and no /proc look-up is needed (Deno allows /proc only with --allow-all).

import { BusyError } from "../cli/errors.ts";

/** A held lock; release it in `finally`: that removes the file (the kernel drops the lock anyway when the process ends). */
export interface Lock {
  path: string;
  release(): Promise<void>;
}

/**
 * Takes the lock at `path` for `task`, or throws {@linkcode BusyError} (exit 75) naming the holder's pid.
 * A file left by a run that died holds no lock and is simply taken. The same file locked by `flock(1)`
 * counts as held. Needs `--allow-read` and `--allow-write` for `path`.
 *
 * @example
 * ```ts
 * const lock = await acquireLock("/run/lock/hostmend-disk-clean.lock", "disk-clean");
 * try { ... } finally { await lock.release(); }
 * ```
 */
export async function acquireLock(path: string, task: string): Promise<Lock> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const file = await Deno.open(path, { read: true, write: true, create: true, mode: 0o644 });
    let locked = false;
    try {
      locked = await file.tryLock(true);
      if (!locked) {
        const holder = await readHolder(path);
        throw new BusyError(
          holder === undefined
            ? `another ${task} is running (it holds ${path}): wait for it, or find it with fuser ${path}`
            : `another ${task} is running (pid ${holder}): wait for it, or check it with ps -p ${holder}`,
        );
      }
      // The holder before us unlinks the file before unlocking it; if we locked that unlinked file, the path
      // now names another one (or none): start again on the current file.
      if (!(await sameFile(file, path))) {
        await file.unlock();
        file.close();
        continue;
      }
      await file.truncate(0);
      await file.write(new TextEncoder().encode(`${Deno.pid}\n`));
    } catch (error) {
      if (locked) await file.unlock().catch(() => {});
      file.close();
      throw error;
    }
    return {
      path,
      async release() {
        // Unlink while still holding the lock, so that nobody can lock this file after us and be fooled.
        await Deno.remove(path).catch(() => {});
        await file.unlock().catch(() => {});
        file.close();
      },
    };
  }
  throw new BusyError(`another ${task} keeps taking the lock ${path}: try again in a moment`);
}

async function sameFile(file: Deno.FsFile, path: string): Promise<boolean> {
  try {
    const [held, named] = await Promise.all([file.stat(), Deno.stat(path)]);
    return held.ino === named.ino && held.dev === named.dev;
  } catch {
    return false;
  }
}

async function readHolder(path: string): Promise<number | undefined> {
  try {
    const pid = Number((await Deno.readTextFile(path)).trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}
