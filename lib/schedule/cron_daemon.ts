// Which cron daemon a host runs decides whether CRON_TZ works: cronie (RHEL, Amazon Linux) yes, Debian's cron no.

import type { OsRelease } from "../host/os_release.ts";

/** The cron daemon family and how we know. */
export interface CronDaemon {
  kind: "cronie" | "debian";
  /** Whether entries may carry their own `CRON_TZ=`. */
  cronTz: boolean;
  reason: string;
}

/**
 * Detects the cron daemon from os-release, then from the installed binaries (`has` answers whether a program is on
 * PATH). An unknown system is treated as Debian-like: no CRON_TZ, so schedules are converted, which is always safe.
 * Pure; `has` decides what it reads.
 *
 * @example
 * ```ts
 * const d = await detectCronDaemon(await readOsRelease(), async (p) => (await which(p)) !== undefined);
 * ```
 */
export async function detectCronDaemon(os: OsRelease, has: (program: string) => Promise<boolean>): Promise<CronDaemon> {
  const ids = [os.id, ...os.idLike];
  const cronie = { kind: "cronie", cronTz: true } as const;
  const debian = { kind: "debian", cronTz: false } as const;
  if (ids.some((i) => ["debian", "ubuntu"].includes(i))) {
    return { ...debian, reason: `${os.prettyName} runs Debian's cron, which has no CRON_TZ` };
  }
  if (ids.some((i) => ["rhel", "fedora", "centos", "amzn", "rocky", "almalinux", "suse"].includes(i))) {
    return { ...cronie, reason: `${os.prettyName} runs cronie, which honours CRON_TZ` };
  }
  if (await has("crond")) return { ...cronie, reason: "crond (cronie) is installed, which honours CRON_TZ" };
  return { ...debian, reason: `${os.prettyName}: cron daemon unknown, so schedules are converted (no CRON_TZ)` };
}
