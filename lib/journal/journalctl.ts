// The journalctl adapter: its version (what it supports), a real vacuum, and its own disk-usage figure.

import { UsageError } from "../cli/errors.ts";
import { runCommand } from "../host/run_command.ts";
import type { VacuumLimits } from "./plan_vacuum.ts";

/** What the installed journalctl is and can do. */
export interface JournalctlInfo {
  /** systemd version number, e.g. 252. */
  version: number;
  /** Full first line of `journalctl --version`, e.g. "systemd 252 (252.39-1~deb12u2)". */
  versionText: string;
  /** --vacuum-size and --vacuum-time (systemd 218+). */
  vacuumSizeTime: boolean;
  /** --vacuum-files (systemd 227+). */
  vacuumFiles: boolean;
  /** --rotate (systemd 227+). */
  rotate: boolean;
  /** sizeof(Header) of this systemd: a shorter archived file counts as empty. */
  headerSize: number;
}

/** The journalctl operations hostmend uses; `createJournalctl()` is the real one. */
export interface Journalctl {
  info(): Promise<JournalctlInfo>;
  /** Runs the real vacuum; returns journalctl's messages (stderr). */
  vacuum(directory: string | undefined, limits: VacuumLimits, signal?: AbortSignal): Promise<string>;
  /** journalctl's own `--disk-usage` line, e.g. "Archived and active journals take up 8.0M in the file system.". */
  diskUsage(directory: string | undefined): Promise<string>;
}

/**
 * Parses `journalctl --version` output (pure).
 *
 * @example
 * ```ts
 * parseJournalctlVersion("systemd 219\n+PAM ...").vacuumFiles; // false
 * ```
 */
export function parseJournalctlVersion(text: string): JournalctlInfo {
  const line = text.split("\n")[0]?.trim() ?? "";
  const m = /^systemd\s+(\d+)/.exec(line);
  if (!m) throw new RangeError(`Cannot read the systemd version from journalctl --version: "${line}"`);
  const version = Number(m[1]);
  return {
    version,
    versionText: line,
    vacuumSizeTime: version >= 218,
    vacuumFiles: version >= 227,
    rotate: version >= 227,
    headerSize: version >= 254 ? 272 : version >= 252 ? 264 : version >= 246 ? 256 : 240,
  };
}

/**
 * The argv of a vacuum: exact bytes and microseconds, so journalctl and the prediction read the same numbers.
 *
 * @example
 * ```ts
 * vacuumArgv("/tmp/j", { maxUseBytes: 10485760 }); // ["journalctl", "--directory", "/tmp/j", "--vacuum-size=10485760"]
 * ```
 */
export function vacuumArgv(directory: string | undefined, limits: VacuumLimits, program = "journalctl"): string[] {
  const argv = [program, ...(directory ? ["--directory", directory] : [])];
  if (limits.maxUseBytes) argv.push(`--vacuum-size=${limits.maxUseBytes}`);
  if (limits.maxRetentionUsec) argv.push(`--vacuum-time=${limits.maxRetentionUsec}us`);
  if (limits.maxFiles) argv.push(`--vacuum-files=${limits.maxFiles}`);
  return argv;
}

/**
 * The real journalctl. Needs `--allow-run=journalctl`.
 *
 * @example
 * ```ts
 * const info = await createJournalctl().info();
 * ```
 */
export function createJournalctl(program = "journalctl"): Journalctl {
  let cached: JournalctlInfo | undefined;
  return {
    async info() {
      if (cached) return cached;
      const r = await runCommand([program, "--version"], { noThrow: true });
      if (r.code === 127) {
        throw new UsageError("journalctl was not found: this host has no systemd journal to vacuum");
      }
      cached = parseJournalctlVersion(r.stdout);
      return cached;
    },
    async vacuum(directory, limits, signal) {
      const r = await runCommand(vacuumArgv(directory, limits, program), { signal });
      return r.stderr + r.stdout;
    },
    async diskUsage(directory) {
      const r = await runCommand([program, ...(directory ? ["--directory", directory] : []), "--disk-usage"], {
        noThrow: true,
      });
      return (r.stdout.trim() || r.stderr.trim()).split("\n").pop() ?? "";
    },
  };
}
