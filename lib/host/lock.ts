// A run lock so that cron and a person never run the same task at once. A pid file taken with
// O_EXCL; a lock whose pid is gone (a killed run) is stale and taken over.

import { BusyError } from "../cli/errors.ts";

/** A held lock; release it in `finally`. */
export interface Lock {
  path: string;
  release(): Promise<void>;
}

/**
 * Takes the lock at `path` for `task`, or throws {@linkcode BusyError} (exit 75) naming the holder's pid.
 * A lock left by a process that no longer exists is removed and taken. Needs `--allow-read` and `--allow-write`
 * for the lock's directory.
 *
 * @example
 * ```ts
 * const lock = await acquireLock("/run/lock/hostmend-disk-clean.lock", "disk-clean");
 * try { ... } finally { await lock.release(); }
 * ```
 */
export async function acquireLock(path: string, task: string): Promise<Lock> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const file = await Deno.open(path, { write: true, createNew: true, mode: 0o644 });
      await file.write(new TextEncoder().encode(`${Deno.pid}\n`));
      file.close();
      return {
        path,
        async release() {
          const holder = await readHolder(path);
          if (holder === Deno.pid) await Deno.remove(path).catch(() => {});
        },
      };
    } catch (error) {
      if (!(error instanceof Deno.errors.AlreadyExists)) throw error;
    }
    const holder = await readHolder(path);
    if (holder !== undefined && holder !== Deno.pid && processAlive(holder)) {
      throw new BusyError(`another ${task} is running (pid ${holder}): wait for it, or check it with ps -p ${holder}`);
    }
    // Stale: the holder died without releasing. Remove and try again.
    await Deno.remove(path).catch(() => {});
  }
  throw new BusyError(`another ${task} keeps taking the lock ${path}: try again in a moment`);
}

async function readHolder(path: string): Promise<number | undefined> {
  try {
    const pid = Number((await Deno.readTextFile(path)).trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether a process with this pid exists (reads /proc). Needs `--allow-read=/proc`.
 *
 * @example
 * ```ts
 * processAlive(1); // true
 * ```
 */
export function processAlive(pid: number): boolean {
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    // A zombie has exited; it holds nothing.
    return !/^\d+ \(.*\) Z /s.test(stat);
  } catch {
    return false;
  }
}
