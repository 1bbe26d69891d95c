// Where mute records live: one JSON file per account and region in hostmend's state directory.

import { writeFileAtomic } from "../host/atomic_write.ts";
import { acquireLock } from "../host/lock.ts";
import type { MuteRecord } from "./plan_mute.ts";

/** The state directory: `HOSTMEND_STATE_DIR`, else `/var/lib/hostmend`. */
export function stateDir(): string {
  return Deno.env.get("HOSTMEND_STATE_DIR") || "/var/lib/hostmend";
}

/**
 * The path of the mute record of `account` in `region`: `<state dir>/alarm-mutes-<account>-<region>.json`.
 *
 * @example
 * ```ts
 * muteRecordPath("123456789012", "eu-west-1"); // "/var/lib/hostmend/alarm-mutes-123456789012-eu-west-1.json"
 * ```
 */
export function muteRecordPath(account: string, region: string, dir = stateDir()): string {
  return `${dir}/alarm-mutes-${account}-${region}.json`;
}

/**
 * Reads the mute record of `account` in `region` (an empty one when there is none). Needs `--allow-read` and
 * `--allow-env`.
 *
 * @example
 * ```ts
 * const record = await readMuteRecord("123456789012", "eu-west-1");
 * ```
 */
export async function readMuteRecord(account: string, region: string, dir = stateDir()): Promise<MuteRecord> {
  const path = muteRecordPath(account, region, dir);
  try {
    const data = JSON.parse(await Deno.readTextFile(path)) as MuteRecord;
    if (data.version !== 1 || typeof data.alarms !== "object") throw new SyntaxError("not a version 1 mute record");
    return data;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return { version: 1, account, region, alarms: {} };
    if (error instanceof SyntaxError) throw new SyntaxError(`${path}: ${error.message}`);
    throw error;
  }
}

/**
 * Writes `record` atomically (creating the state directory), or removes the file when no alarm is recorded.
 * Needs `--allow-read`, `--allow-write` and `--allow-env`.
 *
 * @example
 * ```ts
 * await writeMuteRecord(plan.record);
 * ```
 */
export async function writeMuteRecord(record: MuteRecord, dir = stateDir()): Promise<string> {
  const path = muteRecordPath(record.account, record.region, dir);
  if (Object.keys(record.alarms).length === 0) {
    await Deno.remove(path).catch((e) => {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    });
    return path;
  }
  await Deno.mkdir(dir, { recursive: true, mode: 0o755 });
  await writeFileAtomic(path, JSON.stringify(record, null, 2) + "\n", { mode: 0o644 });
  return path;
}

/**
 * Runs `fn` holding the lock of the mute records (an advisory lock on `<state dir>/alarm-mutes.lock`, released by
 * the kernel even when a run is killed), so two mutes or unmutes never lose each other's changes; while another
 * holds it, throws `BusyError` (exit 75). Needs `--allow-read`, `--allow-write` and `--allow-env`.
 *
 * @example
 * ```ts
 * await withMuteLock(async () => { ... });
 * ```
 */
export async function withMuteLock<T>(fn: () => Promise<T>, dir = stateDir()): Promise<T> {
  await Deno.mkdir(dir, { recursive: true, mode: 0o755 });
  const lock = await acquireLock(`${dir}/alarm-mutes.lock`, "alarms mute or unmute");
  try {
    return await fn();
  } finally {
    await lock.release();
  }
}
