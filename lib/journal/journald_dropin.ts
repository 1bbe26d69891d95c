// Keeping the journal bounded for good: a journald.conf drop-in with the same limits as a vacuum, written
// atomically and only when it changes, then journald restarted so that it reads it.

import { readTextIfExists, writeFileAtomic } from "../host/atomic_write.ts";
import { runCommand } from "../host/run_command.ts";
import type { VacuumLimits } from "./plan_vacuum.ts";

/** journald's drop-in directory; the file hostmend owns in it is `hostmend.conf`. */
export const JOURNALD_CONF_DIR = "/etc/systemd/journald.conf.d";

/**
 * The drop-in for `limits` (pure): SystemMaxUse= for --size, MaxRetentionSec= for --time, SystemMaxFiles= for
 * --files (systemd 226+; older journald does not know it, so it is left out there).
 *
 * @example
 * ```ts
 * renderJournaldDropIn({ maxUseBytes: 104857600 }, 252);
 * // "# Written by hostmend journal-vacuum --persist ...\n[Journal]\nSystemMaxUse=100M\n"
 * ```
 */
export function renderJournaldDropIn(limits: VacuumLimits, systemdVersion: number): string {
  const lines = [
    "# Written by hostmend journal-vacuum --persist; run it again to change these limits.",
    "[Journal]",
  ];
  if (limits.maxUseBytes) lines.push(`SystemMaxUse=${sizeText(limits.maxUseBytes)}`);
  if (limits.maxRetentionUsec) {
    const usec = limits.maxRetentionUsec;
    lines.push(`MaxRetentionSec=${usec % 1_000_000 === 0 ? `${usec / 1_000_000}s` : `${usec}us`}`);
  }
  if (limits.maxFiles && systemdVersion >= 226) lines.push(`SystemMaxFiles=${limits.maxFiles}`);
  return lines.join("\n") + "\n";
}

/** What {@linkcode persistJournaldDropIn} did, or would do. */
export interface PersistResult {
  path: string;
  content: string;
  /** The file's content differs (dry run) or was written (real run). */
  changed: boolean;
  /** journald was restarted to read it. */
  restarted: boolean;
  /** Why journald was not restarted, when it was not. */
  note?: string;
}

/**
 * Writes `content` to `<confDir>/hostmend.conf` atomically when it differs, and restarts systemd-journald when
 * the file changed, `confDir` is journald's own and systemd is running. With `dryRun` it only compares.
 * Needs `--allow-read`, `--allow-write` for `confDir` and `--allow-run=systemctl`.
 *
 * @example
 * ```ts
 * await persistJournaldDropIn(renderJournaldDropIn({ maxUseBytes: 524288000 }, 252), { dryRun: true });
 * ```
 */
export async function persistJournaldDropIn(
  content: string,
  options: { confDir?: string; dryRun?: boolean; systemdRunning?: boolean } = {},
): Promise<PersistResult> {
  const confDir = options.confDir ?? JOURNALD_CONF_DIR;
  const path = `${confDir}/hostmend.conf`;
  if (options.dryRun) {
    return { path, content, changed: (await readTextIfExists(path)) !== content, restarted: false };
  }
  await Deno.mkdir(confDir, { recursive: true });
  const changed = await writeFileAtomic(path, content, { mode: 0o644 });
  if (!changed) return { path, content, changed, restarted: false, note: "unchanged" };
  if (confDir !== JOURNALD_CONF_DIR) {
    return { path, content, changed, restarted: false, note: "not journald's directory" };
  }
  const running = options.systemdRunning ?? await isSystemdRunning();
  if (!running) return { path, content, changed, restarted: false, note: "systemd is not running" };
  await runCommand(["systemctl", "restart", "systemd-journald"]);
  return { path, content, changed, restarted: true };
}

async function isSystemdRunning(): Promise<boolean> {
  try {
    return (await Deno.stat("/run/systemd/system")).isDirectory;
  } catch {
    return false;
  }
}

/** Exact bytes in journald's units (powers of 1024), e.g. 500M; a size that is not a whole unit stays in bytes. */
function sizeText(bytes: number): string {
  for (const [unit, factor] of [["G", 1024 ** 3], ["M", 1024 ** 2], ["K", 1024]] as const) {
    if (bytes % factor === 0) return `${bytes / factor}${unit}`;
  }
  return String(bytes);
}
