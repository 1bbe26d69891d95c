// `alarms unmute` as a story: which recorded alarms are in scope, enable exactly those, then update the record.

import { ActionError } from "../cli/errors.ts";
import { type AlarmScope, findScopedAlarms } from "./alarm_scope.ts";
import { awsErrorText } from "./aws_context.ts";
import type { AlarmApi } from "./cloudwatch_alarms.ts";
import type { InstanceApi } from "./ec2_instances.ts";
import { muteRecordPath, readMuteRecord, withMuteLock, writeMuteRecord } from "./mute_store.ts";
import { planUnmute, type UnmutePlan } from "./plan_unmute.ts";

/** What {@linkcode unmuteAlarms} decided and did. */
export interface UnmuteRun {
  plan: UnmutePlan;
  record: string;
}

/**
 * Unmutes the alarms of `scope` — a scope, `"recorded"` (everything the record holds) or `"expired"` (recorded
 * alarms whose --for time has passed at `now`) — enabling exactly those the mute record holds
 * (EnableAlarmActions, 100 names per call), then removing them from the record. With `dryRun` nothing is written.
 * Needs `--allow-net`, `--allow-env`, `--allow-read`, `--allow-write` (the state directory).
 *
 * @example
 * ```ts
 * const run = await unmuteAlarms(alarmApi, instanceApi, { scope: "expired", account, region, now: new Date(), dryRun: false });
 * ```
 */
export async function unmuteAlarms(
  alarmApi: AlarmApi,
  instanceApi: InstanceApi,
  options: { scope: AlarmScope | "recorded" | "expired"; account: string; region: string; now: Date; dryRun: boolean },
): Promise<UnmuteRun> {
  const run = async (): Promise<UnmuteRun> => {
    const record = await readMuteRecord(options.account, options.region);
    const recorded = Object.keys(record.alarms);
    const scope: AlarmScope = options.scope === "recorded"
      ? { kind: "names", names: recorded }
      : options.scope === "expired"
      ? {
        kind: "names",
        names: recorded.filter((n) => Date.parse(record.alarms[n]?.until ?? "") <= options.now.getTime()),
      }
      : options.scope;
    const found = await findScopedAlarms(scope, alarmApi, instanceApi);
    const plan = planUnmute(found.alarms, record, recorded.filter((n) => found.includes(n)));
    const result = { plan, record: muteRecordPath(options.account, options.region) };
    if (options.dryRun) return result;
    if (plan.enable.length) {
      try {
        await alarmApi.setActionsEnabled(plan.enable, true);
      } catch (error) {
        // The record still holds them, so running unmute again finishes the job.
        throw new ActionError(`EnableAlarmActions failed: ${awsErrorText(error)}; run unmute again`, { cause: error });
      }
    }
    if (plan.enable.length || plan.alreadyEnabled.length || plan.gone.length) await writeMuteRecord(plan.record);
    return result;
  };
  return options.dryRun ? await run() : await withMuteLock(run);
}
