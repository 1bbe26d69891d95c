// The install recipes: for a distro and a list of packages, the steps to run, as plain data, each with why
// and whether it is already done. What the host looks like comes from a probe (see create_probe.ts).

import { UsageError } from "../cli/errors.ts";
import type { Distro } from "./detect_distro.ts";
import { managerArgs, type ManagerOptions } from "./manager_args.ts";

/** An answer about the host: yes, no, or unknown (the tool to ask is missing or failed), with its detail. */
export interface Check {
  state: "yes" | "no" | "unknown";
  /** A version for `installed`, an age for `listsFresh`, or why the answer is unknown. */
  detail: string;
}

/** Read-only questions about the host the plan is for. Built by `createProbe`; nothing here changes the host. */
export interface PackageProbe {
  /** Whether the package is installed (`rpm -q`, `dpkg-query -W`); detail is its version. */
  installed(name: string): Promise<Check>;
  /** Whether the package can be installed from the enabled repositories (`yum list available`, apt candidate). */
  available(name: string): Promise<Check>;
  /** Whether the repository with this id is enabled (`yum repolist enabled`, `dnf repolist --enabled`). */
  repoEnabled(id: string): Promise<Check>;
  /** Whether the apt package lists exist and are newer than the maximum age. */
  listsFresh(): Promise<Check>;
}

/** One step of a plan: a command, why it is there, and whether it is skipped because it is already done. */
export interface InstallStep {
  argv: string[];
  /** Extra environment for the command (e.g. `DEBIAN_FRONTEND=noninteractive`). */
  env?: Record<string, string>;
  why: string;
  skipped: boolean;
  /** When skipped: what shows it is already done. */
  skipReason?: string;
}

/** A package of the request and what the probe found. */
export interface PackageState {
  name: string;
  installed: boolean;
  /** The installed version, when installed. */
  version?: string;
  /** Why the state is a guess, when the probe could not tell (then it counts as not installed). */
  unknown?: string;
}

/** What pkg-install will do on a host: plain data, printed by --dry-run and executed as it is by a real run. */
export interface InstallPlan {
  distro: Distro;
  packages: PackageState[];
  enableEpel: boolean;
  steps: InstallStep[];
}

/** What was asked for. */
export interface InstallRequest {
  packages: string[];
  /** Enable EPEL even when every package is in the enabled repositories. */
  enableEpel: boolean;
}

const PACKAGE_NAME = /^[A-Za-z0-9_][A-Za-z0-9._+:~@-]*$/;

/**
 * Plans the install of `request` on `distro`, asking `probe` what is already there. Packages already installed
 * are reported and left out; steps already done are kept in the plan, marked skipped. Throws
 * {@linkcode UsageError} for a bad package name, for `--enable-epel` where EPEL does not exist (AL2023, Debian,
 * Ubuntu), and for `--installroot`/`--repo-dir` with apt. Runs only read-only commands through the probe.
 *
 * @example
 * ```ts
 * const plan = await planInstall({ packages: ["sshpass"], enableEpel: false }, distro, createProbe(distro, {}));
 * plan.steps.map((s) => s.argv.join(" ")); // ["amazon-linux-extras install epel -y", ...]
 * ```
 */
export async function planInstall(
  request: InstallRequest,
  distro: Distro,
  probe: PackageProbe,
  options: ManagerOptions = {},
): Promise<InstallPlan> {
  for (const name of request.packages) {
    if (!PACKAGE_NAME.test(name)) {
      throw new UsageError(`Invalid package name "${name}": use a name such as sshpass or python3-pip`);
    }
  }
  const names = [...new Set(request.packages)];
  const packages: PackageState[] = [];
  for (const name of names) {
    const check = await probe.installed(name);
    packages.push(
      check.state === "yes"
        ? { name, installed: true, version: check.detail }
        : check.state === "unknown"
        ? { name, installed: false, unknown: check.detail }
        : { name, installed: false },
    );
  }
  const missing = packages.filter((p) => !p.installed).map((p) => p.name);
  const plan: InstallPlan = { distro, packages, enableEpel: request.enableEpel, steps: [] };
  switch (distro.family) {
    case "debian":
    case "ubuntu":
      if (request.enableEpel) {
        throw new UsageError(`EPEL is for RHEL-family systems, not ${distro.name}: drop --enable-epel`);
      }
      if (options.installroot || options.repoDir || options.releasever) {
        throw new UsageError(
          `--installroot, --repo-dir and --releasever apply to dnf and yum, not to apt on ${distro.name}`,
        );
      }
      plan.steps = await planApt(missing, probe);
      break;
    case "amzn2023":
      if (request.enableEpel) {
        throw new UsageError(
          `EPEL is not supported on Amazon Linux 2023 (it has no EPEL): drop --enable-epel and install from its repositories`,
        );
      }
      if (missing.length) {
        plan.steps.push(installStep(distro, options, missing, "install from the enabled repositories"));
      }
      break;
    default:
      plan.steps = await planRpmWithEpel(distro, options, request.enableEpel, missing, probe);
  }
  return plan;
}

async function planApt(missing: string[], probe: PackageProbe): Promise<InstallStep[]> {
  if (!missing.length) return [];
  const lists = await probe.listsFresh();
  const noCandidate: string[] = [];
  if (lists.state === "yes") {
    for (const name of missing) if ((await probe.available(name)).state !== "yes") noCandidate.push(name);
  }
  const update: InstallStep = lists.state !== "yes"
    ? { argv: ["apt-get", "update"], why: `the package lists are ${lists.detail}`, skipped: false }
    : noCandidate.length
    ? {
      argv: ["apt-get", "update"],
      why: `${noCandidate.join(", ")} ${noCandidate.length > 1 ? "have" : "has"} no candidate in the current lists`,
      skipped: false,
    }
    : { argv: ["apt-get", "update"], why: "refresh the package lists", skipped: true, skipReason: lists.detail };
  return [update, {
    argv: ["apt-get", "install", "-y", ...missing],
    env: { DEBIAN_FRONTEND: "noninteractive" },
    why: `install ${missing.join(", ")}`,
    skipped: false,
  }];
}

async function planRpmWithEpel(
  distro: Distro,
  options: ManagerOptions,
  enableEpel: boolean,
  missing: string[],
  probe: PackageProbe,
): Promise<InstallStep[]> {
  let needEpel = enableEpel ? "--enable-epel was given" : "";
  if (!needEpel && missing.length) {
    const epel = await probe.repoEnabled("epel");
    if (epel.state !== "yes") {
      const absent: string[] = [];
      for (const name of missing) if ((await probe.available(name)).state !== "yes") absent.push(name);
      if (absent.length) {
        needEpel = `${absent.join(", ")} ${absent.length > 1 ? "are" : "is"} not in the enabled repositories`;
      }
    }
  }
  const steps = needEpel ? await epelSteps(distro, options, needEpel, probe) : [];
  if (missing.length) {
    steps.push(
      installStep(distro, options, missing, needEpel ? "install, with EPEL" : "install from the enabled repositories"),
    );
  }
  return steps;
}

async function epelSteps(
  distro: Distro,
  options: ManagerOptions,
  reason: string,
  probe: PackageProbe,
): Promise<InstallStep[]> {
  const { pm } = managerArgs(distro, options);
  const hostOnly = (tool: string) => {
    if (options.installroot || options.repoDir) {
      throw new UsageError(
        `Enabling EPEL on ${distro.name} runs ${tool}, which acts on this host only: drop --installroot/--repo-dir, or install packages already in the repositories`,
      );
    }
  };
  const release = await probe.installed("epel-release");
  const releaseSkip = release.state === "yes" ? `epel-release ${release.detail} is installed` : undefined;
  const repoStep = async (id: string, argv: string[], why: string): Promise<InstallStep> => {
    const enabled = await probe.repoEnabled(id);
    return enabled.state === "yes"
      ? { argv, why, skipped: true, skipReason: `repository ${id} is enabled` }
      : { argv, why, skipped: false };
  };
  const step = (argv: string[], why: string, skip?: string): InstallStep =>
    skip ? { argv, why, skipped: true, skipReason: skip } : { argv, why, skipped: false };
  switch (distro.family) {
    case "amzn2": {
      hostOnly("amazon-linux-extras");
      const enable = await repoStep("epel", ["yum-config-manager", "--enable", "epel"], "enable the EPEL repository");
      // An enabled epel repository means the extras topic is in place too.
      const extrasSkip = releaseSkip ?? (enable.skipped ? enable.skipReason : undefined);
      return [step(["amazon-linux-extras", "install", "epel", "-y"], `EPEL is needed: ${reason}`, extrasSkip), enable];
    }
    case "rhel": {
      hostOnly("subscription-manager");
      const crb = `codeready-builder-for-rhel-${distro.major}-${rpmArch()}-rpms`;
      return [
        await repoStep(
          crb,
          ["subscription-manager", "repos", "--enable", crb],
          "EPEL packages need CodeReady Builder on RHEL",
        ),
        step(
          [
            "dnf",
            ...pm,
            "install",
            "-y",
            `https://dl.fedoraproject.org/pub/epel/epel-release-latest-${distro.major}.noarch.rpm`,
          ],
          `EPEL is needed: ${reason}`,
          releaseSkip,
        ),
      ];
    }
    default: {
      // Rocky Linux and AlmaLinux ship epel-release in their own repositories; EPEL needs CRB (9) or PowerTools (8).
      const crb = distro.major >= 9 ? "crb" : "powertools";
      return [
        await repoStep(
          crb,
          ["dnf", ...pm, "config-manager", "--set-enabled", crb],
          `EPEL packages need the ${crb} repository`,
        ),
        step(["dnf", ...pm, "install", "-y", "epel-release"], `EPEL is needed: ${reason}`, releaseSkip),
      ];
    }
  }
}

function installStep(distro: Distro, options: ManagerOptions, names: string[], why: string): InstallStep {
  const { pm } = managerArgs(distro, options);
  return { argv: [distro.packageManager, ...pm, "install", "-y", ...names], why, skipped: false };
}

/** The rpm architecture of this machine, as in `$(arch)`: x86_64 or aarch64. */
function rpmArch(): string {
  return Deno.build.arch;
}
