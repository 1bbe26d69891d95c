// pkg-install: install packages with the right recipe for this distro (EPEL where needed), once.

import {
  ActionError,
  type MainContext,
  optionValue,
  parseDuration,
  parseTaskArgs,
  printHelp,
  printJson,
  runMain,
  type TaskSpec,
  UsageError,
} from "../lib/cli/mod.ts";
import { readOsRelease } from "../lib/host/os_release.ts";
import { requireRoot } from "../lib/host/privileges.ts";
import { applyInstallPlan } from "../lib/packages/apply_install_plan.ts";
import { createProbe } from "../lib/packages/create_probe.ts";
import { detectDistro, SUPPORTED_DISTROS } from "../lib/packages/detect_distro.ts";
import { formatInstallReport, formatStep, hasWork, installReport } from "../lib/packages/install_report.ts";
import type { ManagerOptions } from "../lib/packages/manager_args.ts";
import { planInstall } from "../lib/packages/plan_install.ts";

export const spec = {
  name: "pkg-install",
  summary: "install packages with the right recipe for this distro (EPEL where needed), idempotently",
  usage: "NAME...",
  description: `Supports ${SUPPORTED_DISTROS}.
Packages already installed are skipped; on Amazon Linux 2, RHEL, Rocky and Alma, EPEL is enabled when a package
is not in the enabled repositories (or with --enable-epel). Needs root unless --dry-run. --installroot, --repo-dir
and --releasever point dnf/yum and rpm at another root. Unsupported or end-of-life systems exit 2.`,
  options: {
    "enable-epel": { type: "boolean", description: "enable EPEL even if the packages are in the enabled repositories" },
    "dry-run": { type: "boolean", description: "print the exact commands, change nothing" },
    "os-release": {
      type: "string",
      value: "PATH",
      default: "/etc/os-release",
      description: "use this os-release's recipe (packages and repos are still read from this host)",
    },
    installroot: {
      type: "string",
      value: "DIR",
      description: "dnf/yum --installroot and rpm --root: install into DIR",
    },
    "repo-dir": { type: "string", value: "DIR", description: "read .repo files from DIR (dnf/yum reposdir)" },
    releasever: {
      type: "string",
      value: "VER",
      description: "dnf/yum --releasever (default with --installroot: the os-release version)",
    },
    "lists-max-age": {
      type: "string",
      value: "DURATION",
      default: "1day",
      description: "apt: run apt-get update when the package lists are older than this",
    },
  },
  positionals: { min: 0, max: 1000, name: "package name" },
  examples: [
    "deno task pkg-install sshpass --dry-run",
    "deno task pkg-install sshpass",
    "deno task pkg-install --enable-epel htop --os-release ./amzn2-os-release --dry-run",
    "deno task pkg-install mytool --installroot /mnt/image --repo-dir /mnt/repos --releasever 9",
  ],
} as const satisfies TaskSpec;

export async function main(args: string[], _ctx: MainContext): Promise<number> {
  const { values, positionals } = parseTaskArgs(spec, args);
  if (values.help) return printHelp(spec);
  const enableEpel = Boolean(values["enable-epel"]);
  if (!positionals.length && !enableEpel) {
    throw new UsageError("Missing package name: usage is deno task pkg-install [options] NAME...");
  }
  const options: ManagerOptions = {
    installroot: absolute(values.installroot),
    repoDir: absolute(values["repo-dir"]),
    releasever: values.releasever,
    listsMaxAgeSeconds: optionValue("--lists-max-age", values["lists-max-age"] ?? "1day", parseDuration),
  };
  const osPath = values["os-release"] ?? "/etc/os-release";
  const os = await readOsRelease(osPath).catch((error) => {
    if (error instanceof Deno.errors.NotFound) {
      throw new UsageError(`Cannot read --os-release ${osPath}: no such file`);
    }
    throw error;
  });
  const distro = detectDistro(os);
  const plan = await planInstall({ packages: positionals, enableEpel }, distro, createProbe(distro, options), options);
  const dryRun = Boolean(values["dry-run"]);
  if (dryRun || !hasWork(plan)) {
    if (values.json) printJson(installReport(plan, undefined, dryRun));
    else console.log(formatInstallReport(plan, undefined));
    return 0;
  }
  const names = plan.packages.filter((p) => !p.installed).map((p) => p.name);
  requireRoot("pkg-install", names.length ? `install ${names.join(", ")}` : "enable EPEL");
  const outcomes = await applyInstallPlan(plan);
  if (values.json) printJson(installReport(plan, outcomes, false));
  else console.log(formatInstallReport(plan, outcomes));
  const failedAt = outcomes.findIndex((o) => o.status === "failed");
  if (failedAt >= 0) {
    const o = outcomes[failedAt]!;
    const run = plan.steps.filter((s) => !s.skipped);
    const n = run.indexOf(o.step) + 1;
    throw new ActionError(
      `step ${n} of ${run.length} failed: ${formatStep(o.step)} exited with code ${o.exitCode}${
        o.stderrTail ? `: ${o.stderrTail.split("\n").join(" | ")}` : ""
      }; the steps after it were not run`,
    );
  }
  return 0;
}

function absolute(path: string | undefined): string | undefined {
  if (path === undefined) return undefined;
  return path.startsWith("/") ? path : `${Deno.cwd()}/${path}`;
}

if (import.meta.main) runMain(spec.name, (ctx) => main(Deno.args, ctx));
