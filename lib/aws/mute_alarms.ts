// `alarms mute` as a story: find the alarms of the scope, plan against the record, record, then disable.

import { ActionError } from "../cli/errors.ts";
import { type AlarmScope, findScopedAlarms } from "./alarm_scope.ts";
import { awsErrorText } from "./aws_context.ts";
import type { AlarmApi } from "./cloudwatch_alarms.ts";
import type { InstanceApi } from "./ec2_instances.ts";
import { muteRecordPath, readMuteRecord, withMuteLock, writeMuteRecord } from "./mute_store.ts";
import { type MutePlan, planMute } from "./plan_mute.ts";

/** What {@linkcode muteAlarms} found, decided and did. */
export interface MuteRun {
  plan: MutePlan;
  /** Alarms found in the scope. */
  found: number;
  /** The mute record's path. */
  record: string;
}

/**
 * Mutes the alarms of `scope`: the enabled ones are written to the mute record first (so an interrupted run
 * can still be undone), then disabled with DisableAlarmActions (100 names per call). With `dryRun` nothing is
 * written. Needs `--allow-net`, `--allow-env`, `--allow-read`, `--allow-write` (the state directory).
 *
 * @example
 * ```ts
 * const run = await muteAlarms(alarmApi, instanceApi, { scope, account, region, now: new Date(), dryRun: false });
 * ```
 */
export async function muteAlarms(
  alarmApi: AlarmApi,
  instanceApi: InstanceApi,
  options: { scope: AlarmScope; account: string; region: string; now: Date; until?: Date; dryRun: boolean },
): Promise<MuteRun> {
  const run = async (): Promise<MuteRun> => {
    const found = await findScopedAlarms(options.scope, alarmApi, instanceApi);
    const record = await readMuteRecord(options.account, options.region);
    const until = options.until ? { until: options.until } : {};
    const plan = planMute(found.alarms, record, { now: options.now, ...until });
    const result = { plan, found: found.alarms.length, record: muteRecordPath(options.account, options.region) };
    if (options.dryRun) return result;
    if (plan.disable.length || (plan.alreadyMuted.length && options.until)) await writeMuteRecord(plan.record);
    if (plan.disable.length) {
      try {
        await alarmApi.setActionsEnabled(plan.disable, false);
      } catch (error) {
        throw new ActionError(`DisableAlarmActions failed: ${awsErrorText(error)}; run mute again`, { cause: error });
      }
    }
    return result;
  };
  return options.dryRun ? await run() : await withMuteLock(run);
}
