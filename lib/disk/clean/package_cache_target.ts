// The package cache target: apt, dnf or yum, whichever this OS uses, cleaned by the package manager itself.

import type { OsRelease } from "../../host/os_release.ts";
import type { CleanPolicy } from "./clean_policy.ts";
import { directoryUsage } from "./directory_usage.ts";
import type { CleanContext, TargetPlan } from "./plan_types.ts";

/** A package manager whose cache disk-clean knows how to clean. */
export type PackageManager = "apt" | "dnf" | "yum";

/**
 * The package manager of an OS (pure): apt on Debian-likes; dnf on Fedora-likes that have it, else yum.
 *
 * @example
 * ```ts
 * detectPackageManager(parseOsRelease('ID="amzn"\nVERSION_ID="2"\nID_LIKE="centos rhel fedora"'), false); // "yum"
 * ```
 */
export function detectPackageManager(os: OsRelease, hasDnf: boolean): PackageManager | undefined {
  const ids = [os.id, ...os.idLike];
  if (ids.some((id) => id === "debian" || id === "ubuntu")) return "apt";
  if (ids.some((id) => ["fedora", "rhel", "centos", "amzn", "rocky", "almalinux", "ol"].includes(id))) {
    return hasDnf ? "dnf" : "yum";
  }
  return undefined;
}

/**
 * Plans cleaning the package cache: what the manager's clean removes, measured now. Needs `--allow-read`.
 *
 * @example
 * ```ts
 * const plan = await planPackageCacheTarget(policy, ctx);
 * ```
 */
export async function planPackageCacheTarget(policy: CleanPolicy, ctx: CleanContext): Promise<TargetPlan> {
  const configured = policy.packageCache.manager;
  const manager = configured === "auto" ? detectPackageManager(ctx.os, Boolean(await ctx.which("dnf"))) : configured;
  const base: TargetPlan = {
    name: "package-cache",
    title: "package cache",
    roots: [],
    actions: [],
    expectedBytes: 0,
    skipped: [],
    notes: [],
  };
  if (!manager) return { ...base, unavailable: `no known package manager for ${ctx.os.prettyName}` };
  const program = manager === "apt" ? "apt-get" : manager;
  if (!(await ctx.which(program))) return { ...base, unavailable: `${program} is not installed` };
  if (manager === "apt") {
    const cacheDir = policy.packageCache.cacheDir ?? "/var/cache/apt";
    const archives = `${cacheDir.replace(/\/+$/, "")}/archives`;
    // apt-get clean empties archives/ and archives/partial/ (all but the lock).
    const bytes = await directoryUsage(archives, { depth: 1, skip: (name) => name === "lock" });
    base.title = "apt package cache (apt-get clean)";
    base.roots = [archives];
    if (bytes > 0) {
      base.actions.push({
        type: "command",
        argv: ["apt-get", "clean", "-o", `Dir::Cache=${cacheDir}`],
        measure: [archives],
        expectedBytes: bytes,
      });
    }
    base.expectedBytes = bytes;
    return base;
  }
  const cacheDir = policy.packageCache.cacheDir ?? `/var/cache/${manager}`;
  const bytes = await directoryUsage(cacheDir, { depth: 8 });
  base.title = `${manager} package cache (${manager} clean all)`;
  base.roots = [cacheDir];
  const setopt = policy.packageCache.cacheDir
    ? [`--setopt=cachedir=${cacheDir}`, `--setopt=system_cachedir=${cacheDir}`]
    : [];
  if (bytes > 0) {
    base.actions.push({
      type: "command",
      argv: [manager, "clean", "all", ...setopt],
      measure: [cacheDir],
      expectedBytes: bytes,
    });
    base.notes.push(`${manager} clean all removes metadata and packages; the expected figure is the whole cache`);
  }
  base.expectedBytes = bytes;
  return base;
}
