// Which install recipe fits a host, from its os-release: the supported distros, and a clear refusal for the rest.

import { ActionError } from "../cli/errors.ts";
import type { OsRelease } from "../host/os_release.ts";

/** The recipe families pkg-install knows. */
export type DistroFamily = "amzn2" | "amzn2023" | "rhel" | "rocky" | "almalinux" | "debian" | "ubuntu";

/** A supported distro, as pkg-install plans for it. */
export interface Distro {
  family: DistroFamily;
  /** os-release `ID`, e.g. `amzn`, `rocky`, `linuxmint`. */
  id: string;
  /** os-release `VERSION_ID`, e.g. `2`, `9.3`, `22.04` (may be empty on Debian testing). */
  versionId: string;
  /** The major version: 2, 2023, 8, 9, 12, 22… (0 when unknown). */
  major: number;
  /** os-release `PRETTY_NAME`. */
  name: string;
  /** The package manager the recipe uses. */
  packageManager: "yum" | "dnf" | "apt-get";
}

/** What pkg-install supports, for the refusal message and the README. */
export const SUPPORTED_DISTROS =
  "Amazon Linux 2 and 2023, RHEL, Rocky Linux and AlmaLinux 8 and 9, Debian 11 or later, Ubuntu 20.04 or later";

/**
 * Picks the recipe family for an os-release (pure). Uses `ID`, then `ID_LIKE` for Debian and Ubuntu derivatives.
 * Throws {@linkcode ActionError} (exit 2) for end-of-life or unknown systems, naming what is supported.
 *
 * @example
 * ```ts
 * detectDistro(parseOsRelease('ID="amzn"\nVERSION_ID="2"')).family; // "amzn2"
 * ```
 */
export function detectDistro(os: OsRelease): Distro {
  const major = Number.parseInt(os.versionId.split(".")[0] ?? "", 10) || 0;
  const base = { id: os.id, versionId: os.versionId, major, name: os.prettyName };
  const refuse = (why: string): never => {
    throw new ActionError(`${why}, so it is not supported: pkg-install supports ${SUPPORTED_DISTROS}`);
  };
  switch (os.id) {
    case "amzn":
      if (major === 2) return { ...base, family: "amzn2", packageManager: "yum" };
      if (major === 2023) return { ...base, family: "amzn2023", packageManager: "dnf" };
      if (major >= 2015 && major <= 2018) return refuse(`${os.prettyName} is end-of-life (since December 2023)`);
      return refuse(`${os.prettyName} (amzn ${os.versionId}) is not a known Amazon Linux`);
    case "rhel":
    case "rocky":
    case "almalinux":
      if (major === 8 || major === 9) return { ...base, family: os.id, packageManager: "dnf" };
      return refuse(`${os.prettyName} (${os.id} ${os.versionId}) has no recipe here`);
    case "centos":
      // CentOS Linux 7 ended in June 2024, 8 in December 2021; Stream has no recipe here.
      return refuse(
        os.fields.NAME?.includes("Stream") ? `${os.prettyName} has no recipe here` : `${os.prettyName} is end-of-life`,
      );
    case "debian":
      // Debian testing and sid have no VERSION_ID; they are newer than any release.
      if (major === 0 || major >= 11) return { ...base, family: "debian", packageManager: "apt-get" };
      return refuse(`${os.prettyName} is end-of-life`);
    case "ubuntu":
      if (major >= 20) return { ...base, family: "ubuntu", packageManager: "apt-get" };
      return refuse(`${os.prettyName} is end-of-life`);
  }
  // Derivatives that use apt the same way (Linux Mint, Pop!_OS, Raspberry Pi OS…).
  if (os.idLike.includes("ubuntu")) return { ...base, family: "ubuntu", packageManager: "apt-get" };
  if (os.idLike.includes("debian")) return { ...base, family: "debian", packageManager: "apt-get" };
  return refuse(`${os.prettyName} (ID ${os.id}${os.idLike.length ? `, like ${os.idLike.join(" ")}` : ""}) is unknown`);
}
