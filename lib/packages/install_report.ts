// What pkg-install prints: the plan (dry run) or what was done, for people, and the same as stable JSON fields.

import { formatArgv } from "../host/run_command.ts";
import type { StepOutcome } from "./apply_install_plan.ts";
import type { InstallPlan, InstallStep } from "./plan_install.ts";

/**
 * A step's command as one would type it, environment first (pure).
 *
 * @example
 * ```ts
 * formatStep({ argv: ["apt-get", "install", "-y", "sl"], env: { DEBIAN_FRONTEND: "noninteractive" }, why: "", skipped: false });
 * // "DEBIAN_FRONTEND=noninteractive apt-get install -y sl"
 * ```
 */
export function formatStep(step: InstallStep): string {
  const env = Object.entries(step.env ?? {}).map(([k, v]) => `${k}=${formatArgv([v])}`);
  return [...env, formatArgv(step.argv)].join(" ");
}

/**
 * Whether the plan has anything to run (a step not skipped); false means "nothing to do" (pure).
 *
 * @example
 * ```ts
 * if (!hasWork(plan)) console.log("Nothing to do");
 * ```
 */
export function hasWork(plan: InstallPlan): boolean {
  return plan.steps.some((s) => !s.skipped);
}

/**
 * The human report: the distro, each package's state, then the plan (with `outcomes` undefined, a dry run) or
 * what each step did (pure).
 *
 * @example
 * ```ts
 * console.log(formatInstallReport(plan, undefined));
 * ```
 */
export function formatInstallReport(plan: InstallPlan, outcomes: StepOutcome[] | undefined): string {
  const d = plan.distro;
  const lines = [`${d.name} (${d.family}, ${d.packageManager})`];
  for (const p of plan.packages) {
    const state = p.installed
      ? `already installed (${p.version}), skipped`
      : p.unknown
      ? `to install (could not check: ${p.unknown})`
      : "to install";
    lines.push(`  ${p.name}: ${state}`);
  }
  if (!hasWork(plan)) {
    lines.push("Nothing to do: everything asked for is already in place");
    for (const s of plan.steps) lines.push(`  -  ${formatStep(s)}  (skipped: ${s.skipReason})`);
    return lines.join("\n");
  }
  lines.push(outcomes ? "Steps:" : "Plan (dry run, nothing was changed):");
  let n = 0;
  plan.steps.forEach((step, i) => {
    const outcome = outcomes?.[i];
    if (step.skipped) {
      lines.push(`  -  ${formatStep(step)}`, `       skipped: ${step.skipReason}`);
      return;
    }
    n++;
    const status = outcome ? `[${outcome.status.replace("_", " ")}] ` : "";
    lines.push(`  ${n}. ${status}${formatStep(step)}`, `       ${step.why}`);
  });
  if (outcomes && !outcomes.some((o) => o.status === "failed")) {
    const installed = plan.packages.filter((p) => !p.installed).map((p) => p.name);
    lines.push(installed.length ? `Installed: ${installed.join(", ")}` : "Done");
  }
  return lines.join("\n");
}

/**
 * The `--json` object (pure). Fields: `distro` {id, version_id, family, name, package_manager}, `dry_run`,
 * `nothing_to_do`, `packages` [{name, installed, version, unknown}], `steps` [{command, argv, env, why, skipped,
 * skip_reason, status, exit_code, stderr_tail}], `ok`.
 *
 * @example
 * ```ts
 * printJson(installReport(plan, outcomes, false));
 * ```
 */
export function installReport(plan: InstallPlan, outcomes: StepOutcome[] | undefined, dryRun: boolean) {
  const d = plan.distro;
  return {
    distro: { id: d.id, version_id: d.versionId, family: d.family, name: d.name, package_manager: d.packageManager },
    dry_run: dryRun,
    nothing_to_do: !hasWork(plan),
    packages: plan.packages.map((p) => ({
      name: p.name,
      installed: p.installed,
      version: p.version ?? null,
      unknown: p.unknown ?? null,
    })),
    steps: plan.steps.map((step, i) => {
      const o = outcomes?.[i];
      return {
        command: formatStep(step),
        argv: step.argv,
        env: step.env ?? {},
        why: step.why,
        skipped: step.skipped,
        skip_reason: step.skipReason ?? null,
        status: o?.status ?? (step.skipped ? "skipped" : "planned"),
        exit_code: o?.exitCode ?? null,
        stderr_tail: o?.stderrTail ?? null,
      };
    }),
    ok: !outcomes?.some((o) => o.status === "failed"),
  };
}
