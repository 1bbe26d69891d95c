// The command-line overrides of a disk-clean policy: --only, --with, --if-above and --path.

import { optionValue } from "../../cli/parse_task_args.ts";
import { parsePercent } from "../../cli/parse_duration.ts";
import { type CleanPolicy, targetName } from "./clean_policy.ts";

/**
 * Changes `policy` in place by the flags: --only replaces the targets, --with adds to them, --if-above and
 * --path replace the policy's. An unknown target or bad percentage throws `UsageError`. Pure.
 *
 * @example
 * ```ts
 * const policy = await loadCleanPolicy(values.config);
 * applyCleanFlags(policy, { with: ["tmp"], "if-above": "80%" });
 * ```
 */
export function applyCleanFlags(
  policy: CleanPolicy,
  values: { with?: string[]; only?: string[]; "if-above"?: string; path?: string },
): void {
  if (values.only?.length) policy.targets = values.only.map((t) => targetName(t, "--only"));
  for (const t of values.with ?? []) {
    const name = targetName(t, "--with");
    if (!policy.targets.includes(name)) policy.targets.push(name);
  }
  if (values["if-above"] !== undefined) {
    policy.ifAbovePercent = optionValue("--if-above", values["if-above"], parsePercent);
  }
  if (values.path !== undefined) policy.path = values.path;
}
