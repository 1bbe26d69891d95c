// Runs an install plan exactly as planned: the steps not skipped, in order, stopping at the first failure.

import { type CommandResult, runCommand, tail } from "../host/run_command.ts";
import type { InstallPlan, InstallStep } from "./plan_install.ts";

/** What happened to one step. `not_run` follows a failed step. */
export interface StepOutcome {
  step: InstallStep;
  status: "skipped" | "done" | "failed" | "not_run";
  exitCode?: number;
  /** The last lines of the command's stderr when it failed. */
  stderrTail?: string;
}

/** Runs one step's command and returns its result, never throwing for a non-zero exit. */
export type StepRunner = (step: InstallStep) => Promise<CommandResult>;

/**
 * Runs the steps of `plan` that are not skipped, in order. The first failing step is reported with its exit code
 * and the tail of its stderr, and the steps after it are not run. Needs `--allow-run` for the commands.
 *
 * @example
 * ```ts
 * const outcomes = await applyInstallPlan(plan);
 * const failed = outcomes.find((o) => o.status === "failed");
 * ```
 */
export async function applyInstallPlan(
  plan: InstallPlan,
  run: StepRunner = (step) => runCommand(step.argv, { noThrow: true, env: step.env }),
): Promise<StepOutcome[]> {
  const outcomes: StepOutcome[] = [];
  let failed = false;
  for (const step of plan.steps) {
    if (step.skipped) {
      outcomes.push({ step, status: "skipped" });
    } else if (failed) {
      outcomes.push({ step, status: "not_run" });
    } else {
      const r = await run(step);
      if (r.success) {
        outcomes.push({ step, status: "done", exitCode: r.code });
      } else {
        failed = true;
        outcomes.push({ step, status: "failed", exitCode: r.code, stderrTail: tail(r.stderr || r.stdout, 5) });
      }
    }
  }
  return outcomes;
}
