// The old-kernels target: keep the running kernel and the newest others up to `keep`, remove the rest with the
// package manager.

import type { CleanPolicy } from "./clean_policy.ts";
import { detectPackageManager } from "./package_cache_target.ts";
import type { CleanContext, TargetPlan } from "./plan_types.ts";

/** An installed kernel package. */
export interface InstalledKernel {
  /** Package to remove, e.g. `linux-image-6.1.0-17-amd64` or `kernel-5.10.205-195.807.amzn2.x86_64`. */
  package: string;
  /** `uname -r` form, e.g. `6.1.0-17-amd64`. */
  release: string;
  bytes: number;
}

/**
 * The kernels to remove (pure): all but the running one and the newest others, `keep` in all.
 *
 * @example
 * ```ts
 * chooseOldKernels(kernels, "6.1.0-18-amd64", 2).map((k) => k.package);
 * ```
 */
export function chooseOldKernels(kernels: InstalledKernel[], running: string, keep: number): InstalledKernel[] {
  const newestFirst = [...kernels].sort((a, b) => compareVersions(b.release, a.release));
  const kept = new Set<string>();
  if (kernels.some((k) => k.release === running)) kept.add(running);
  for (const k of newestFirst) {
    if (kept.size >= Math.max(keep, 1)) break;
    kept.add(k.release);
  }
  return newestFirst.filter((k) => !kept.has(k.release)).reverse();
}

/** Compares version strings piece by piece, numbers as numbers ("6.1.0-10" > "6.1.0-9"). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/(\d+)/).filter(Boolean);
  const pb = b.split(/(\d+)/).filter(Boolean);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const nx = /^\d+$/.test(x);
    const ny = /^\d+$/.test(y);
    const c = nx && ny ? Number(x) - Number(y) : x < y ? -1 : x > y ? 1 : 0;
    if (c !== 0) return c;
  }
  return 0;
}

/**
 * Parses `dpkg-query -W -f '${Package}\t${Installed-Size}\t${db:Status-Abbrev}\n' 'linux-image-[0-9]*'` (pure).
 *
 * @example
 * ```ts
 * parseDpkgKernels("linux-image-6.1.0-17-amd64\t400000\tii \n");
 * ```
 */
export function parseDpkgKernels(text: string): InstalledKernel[] {
  return text.split("\n").map((l) => l.split("\t")).filter((f) => f.length >= 3 && f[2]!.startsWith("ii")).map((
    f,
  ) => ({ package: f[0]!, release: f[0]!.replace(/^linux-image-/, ""), bytes: Number(f[1]) * 1024 || 0 }));
}

/**
 * Parses `rpm -q kernel --qf '%{NAME}-%{VERSION}-%{RELEASE}.%{ARCH}\t%{VERSION}-%{RELEASE}.%{ARCH}\t%{SIZE}\n'`.
 *
 * @example
 * ```ts
 * parseRpmKernels("kernel-5.10.1-1.amzn2.x86_64\t5.10.1-1.amzn2.x86_64\t1000\n");
 * ```
 */
export function parseRpmKernels(text: string): InstalledKernel[] {
  return text.split("\n").map((l) => l.split("\t")).filter((f) => f.length >= 3 && f[0]!.startsWith("kernel-")).map((
    f,
  ) => ({ package: f[0]!, release: f[1]!, bytes: Number(f[2]) || 0 }));
}

/**
 * Plans the removal of old kernels. Needs `--allow-run` for dpkg-query or rpm.
 *
 * @example
 * ```ts
 * const plan = await planOldKernelsTarget(policy, ctx);
 * ```
 */
export async function planOldKernelsTarget(policy: CleanPolicy, ctx: CleanContext): Promise<TargetPlan> {
  const base: TargetPlan = {
    name: "old-kernels",
    title: `old kernels (keep ${policy.oldKernels.keep}: running ${ctx.kernelRelease} and the newest)`,
    roots: ["/boot", "/lib/modules"],
    actions: [],
    expectedBytes: 0,
    skipped: [],
    notes: [],
  };
  const manager = detectPackageManager(ctx.os, Boolean(await ctx.which("dnf")));
  let kernels: InstalledKernel[];
  let remove: string[];
  if (manager === "apt") {
    const r = await ctx.run(
      ["dpkg-query", "-W", "-f", "${Package}\t${Installed-Size}\t${db:Status-Abbrev}\n", "linux-image-[0-9]*"],
      { noThrow: true },
    );
    kernels = parseDpkgKernels(r.stdout);
    remove = ["apt-get", "purge", "-y"];
  } else if (manager === "dnf" || manager === "yum") {
    const r = await ctx.run(
      [
        "rpm",
        "-q",
        "kernel",
        "--qf",
        "%{NAME}-%{VERSION}-%{RELEASE}.%{ARCH}\t%{VERSION}-%{RELEASE}.%{ARCH}\t%{SIZE}\n",
      ],
      { noThrow: true },
    );
    kernels = parseRpmKernels(r.stdout);
    remove = [manager, "remove", "-y"];
  } else {
    return { ...base, unavailable: `no known package manager for ${ctx.os.prettyName}` };
  }
  if (kernels.length === 0) return { ...base, unavailable: "no kernel packages are installed (a container?)" };
  if (!kernels.some((k) => k.release === ctx.kernelRelease)) {
    base.notes.push(`the running kernel ${ctx.kernelRelease} is not one of the installed packages`);
  }
  const old = chooseOldKernels(kernels, ctx.kernelRelease, policy.oldKernels.keep);
  if (old.length > 0) {
    const bytes = old.reduce((n, k) => n + k.bytes, 0);
    base.actions.push({
      type: "command",
      argv: [...remove, ...old.map((k) => k.package)],
      measure: [],
      expectedBytes: bytes,
    });
    base.expectedBytes = bytes;
  }
  return base;
}
