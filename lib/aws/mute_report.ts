// What `alarms mute` and `alarms unmute` tell people: what was (or would be) switched, what was left alone, and
// the exact command that undoes a mute.

import type { MutePlan } from "./plan_mute.ts";
import type { UnmutePlan } from "./plan_unmute.ts";

/**
 * The report of `alarms mute`: counts, the muted names, the record, and when and how to unmute. Pure.
 *
 * @example
 * ```ts
 * console.log(formatMuteReport({ plan, found, record, dryRun: false, unmuteCommand, expiredCommand }));
 * ```
 */
export function formatMuteReport(run: {
  plan: MutePlan;
  found: number;
  record: string;
  dryRun: boolean;
  until?: Date;
  unmuteCommand: string;
  expiredCommand: string;
}): string {
  const { plan, until } = run;
  const lines = [
    `${run.dryRun ? "would mute" : "muted"} ${plan.disable.length} alarm(s); ${plan.alreadyMuted.length} already ` +
    `muted by hostmend; ${plan.leftAlone.length} disabled by someone else left alone (unmute will not enable them)`,
    ...plan.disable.map((name) => `  ${name}`),
  ];
  if (!run.found) lines.push("no alarms found in that scope");
  lines.push(`record: ${run.record}`);
  if (until) {
    lines.push(
      `muted until ${until.toISOString()}: nothing unmutes them by itself. At that time run:\n  ${run.unmuteCommand}\n` +
        `or have cron run \`${run.expiredCommand}\` every few minutes`,
    );
  } else {
    lines.push(`restore with:\n  ${run.unmuteCommand}`);
  }
  return lines.join("\n");
}

/**
 * The report of `alarms unmute`: counts, the unmuted names, and what stays muted. Pure.
 *
 * @example
 * ```ts
 * console.log(formatUnmuteReport(plan, record, false));
 * ```
 */
export function formatUnmuteReport(plan: UnmutePlan, record: string, dryRun: boolean): string {
  const left = Object.keys(plan.record.alarms).length;
  const lines = [
    `${dryRun ? "would unmute" : "unmuted"} ${plan.enable.length} alarm(s); ${plan.alreadyEnabled.length} already ` +
    `enabled; ${plan.stayDisabled.length} left disabled (not muted by hostmend); ${plan.gone.length} gone`,
    ...plan.enable.map((name) => `  ${name}`),
  ];
  if (left) lines.push(`${left} alarm(s) still muted, recorded in ${record}`);
  return lines.join("\n");
}
