// Options that point the package manager somewhere else than the host's own root: an install root, a folder of
// .repo files, a release version. Operators use them to fill a chroot or image; tests to run real dnf safely.

import type { Distro } from "./detect_distro.ts";

/** Where and how the package tools act. All optional: by default they act on this host. */
export interface ManagerOptions {
  /** Install into this root instead of `/` (dnf/yum `--installroot`, rpm `--root`). */
  installroot?: string;
  /** Read .repo files from this folder instead of /etc/yum.repos.d (dnf/yum `--setopt=reposdir=`). */
  repoDir?: string;
  /** dnf/yum `--releasever`; defaults to the distro's when an install root is given (an empty root has none). */
  releasever?: string;
  /** `apt-get update` runs when the package lists are older than this many seconds (default one day). */
  listsMaxAgeSeconds?: number;
}

/**
 * The global options for yum/dnf (`pm`) and for rpm (`rpm`) that carry {@linkcode ManagerOptions} (pure).
 *
 * @example
 * ```ts
 * managerArgs(distro, { installroot: "/mnt/image" });
 * // { pm: ["--installroot=/mnt/image", "--releasever=9"], rpm: ["--root", "/mnt/image"] }
 * ```
 */
export function managerArgs(distro: Distro, options: ManagerOptions): { pm: string[]; rpm: string[] } {
  const pm: string[] = [];
  const rpm: string[] = [];
  if (options.installroot) {
    pm.push(`--installroot=${options.installroot}`);
    rpm.push("--root", options.installroot);
  }
  if (options.repoDir) pm.push(`--setopt=reposdir=${options.repoDir}`);
  const releasever = options.releasever ?? (options.installroot ? defaultReleasever(distro) : undefined);
  if (releasever) pm.push(`--releasever=${releasever}`);
  return { pm, rpm };
}

function defaultReleasever(distro: Distro): string {
  // EL repos use the major version ($releasever is "9" on 9.3); Amazon Linux uses VERSION_ID as it is.
  return distro.family === "amzn2" || distro.family === "amzn2023" ? distro.versionId : String(distro.major);
}
