// Plans every target of the policy, in the policy's order: the one plan both --dry-run and the real run use.

import type { CleanPolicy } from "./clean_policy.ts";
import { planDockerTarget } from "./docker_target.ts";
import { planFileTarget } from "./file_targets.ts";
import { planJournalTarget } from "./journal_target.ts";
import { planOldKernelsTarget } from "./old_kernels_target.ts";
import { planPackageCacheTarget } from "./package_cache_target.ts";
import type { CleanContext, CleanPlan, TargetName, TargetPlan } from "./plan_types.ts";

/**
 * Plans the policy's targets: what each deletes or runs, where, and the bytes it expects to free. Changes nothing.
 *
 * @example
 * ```ts
 * const plan = await planClean(policy, ctx);
 * console.log(plan.expectedBytes);
 * ```
 */
export async function planClean(policy: CleanPolicy, ctx: CleanContext): Promise<CleanPlan> {
  const targets: TargetPlan[] = [];
  for (const name of unique(policy.targets)) targets.push(await planTarget(name, policy, ctx));
  return { targets, expectedBytes: targets.reduce((n, t) => n + t.expectedBytes, 0) };
}

function planTarget(name: TargetName, policy: CleanPolicy, ctx: CleanContext): Promise<TargetPlan> {
  switch (name) {
    case "journal":
      return planJournalTarget(policy, ctx);
    case "package-cache":
      return planPackageCacheTarget(policy, ctx);
    case "core-dumps":
    case "rotated-logs":
    case "tmp":
      return planFileTarget(name, policy, ctx);
    case "old-kernels":
      return planOldKernelsTarget(policy, ctx);
    case "docker":
      return planDockerTarget(policy, ctx);
  }
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}
