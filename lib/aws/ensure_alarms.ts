// `alarms ensure` as a story: find the instances, plan their alarms, read what exists, diff; then apply.

import { ALARM_PREFIX, parseAlarmName } from "./alarm_names.ts";
import type { AlarmPlan, InstanceFacts } from "./alarm_types.ts";
import type { AlarmApi } from "./cloudwatch_alarms.ts";
import { diffAlarms } from "./diff_alarms.ts";
import type { InstanceApi, InstanceSelector } from "./ec2_instances.ts";
import { checkAlarmOptions, type PlanAlarmsOptions, planInstanceAlarms } from "./plan_instance_alarms.ts";

/** Options of {@linkcode planEnsureAlarms}. */
export interface EnsureOptions extends PlanAlarmsOptions {
  selector: InstanceSelector;
  prune?: boolean;
}

/** What {@linkcode planEnsureAlarms} found and decided. */
export interface EnsurePlan {
  instances: InstanceFacts[];
  plan: AlarmPlan;
}

/**
 * Builds the plan of `alarms ensure`: the instances of the selector, their desired alarms (AWS's rules checked
 * before any call), the existing alarms (by name, 100 per call; with `prune` every `hostmend-` alarm), and the
 * diff. Makes read calls only. Needs `--allow-net`.
 *
 * @example
 * ```ts
 * const { plan } = await planEnsureAlarms(ec2Instances(aws.ec2), cloudWatchAlarms(aws.cloudwatch, pacer), options);
 * ```
 */
export async function planEnsureAlarms(
  instancesApi: InstanceApi,
  alarmApi: AlarmApi,
  options: EnsureOptions,
): Promise<EnsurePlan> {
  checkAlarmOptions(options);
  const instances = await instancesApi.find(options.selector);
  const desired = planInstanceAlarms(instances, options);
  let existing;
  let alive: Set<string> | undefined;
  if (options.prune) {
    existing = await alarmApi.listByPrefix(ALARM_PREFIX);
    const ids = existing.map((a) => parseAlarmName(a.name)?.instanceId).filter((id): id is string => Boolean(id));
    const inScope = new Set(instances.map((i) => i.id));
    alive = new Set([...inScope, ...await instancesApi.existing(ids.filter((id) => !inScope.has(id)))]);
  } else {
    existing = await alarmApi.listByNames(desired.map((a) => a.name));
  }
  const plan = diffAlarms(desired, existing, { prune: options.prune ?? false, existingInstanceIds: alive });
  return { instances, plan };
}

/** PutMetricAlarm calls in flight at once. */
const WRITE_CONCURRENCY = 4;

/** What {@linkcode applyAlarmPlan} did. */
export interface ApplyResult {
  created: string[];
  updated: string[];
  deleted: string[];
  failed: { name: string; error: string }[];
  writeCalls: number;
}

/**
 * Executes exactly `plan`: PutMetricAlarm for each create and update (an update keeps the alarm's
 * actions-enabled, so a muted alarm stays muted), DeleteAlarms 100 names per call. A failing alarm is recorded
 * and the others still go ahead. Needs `--allow-net`.
 *
 * @example
 * ```ts
 * const result = await applyAlarmPlan(plan, api, (done, total) => progress.update(`${done}/${total}`));
 * ```
 */
export async function applyAlarmPlan(
  plan: AlarmPlan,
  api: AlarmApi,
  onProgress: (done: number, total: number) => void = () => {},
): Promise<ApplyResult> {
  const before = api.writes;
  const result: ApplyResult = { created: [], updated: [], deleted: [], failed: [], writeCalls: 0 };
  const total = plan.create.length + plan.update.length + plan.delete.length;
  let done = 0;
  const attempt = async (names: string[], into: string[], call: () => Promise<void>) => {
    try {
      await call();
      into.push(...names);
    } catch (error) {
      const text = error instanceof Error ? `${error.name}: ${error.message.split("\n")[0]}` : String(error);
      for (const name of names) result.failed.push({ name, error: text });
    }
    done += names.length;
    onProgress(done, total);
  };
  const puts = [
    ...plan.create.map((alarm) => () => attempt([alarm.name], result.created, () => api.put(alarm, true))),
    ...plan.update.map((u) => () => attempt([u.alarm.name], result.updated, () => api.put(u.alarm, u.actionsEnabled))),
  ];
  // A few calls in flight: one call backing off after throttling does not hold up the others (the pacer still
  // spaces every attempt).
  let next = 0;
  const worker = async () => {
    while (next < puts.length) await puts[next++]!();
  };
  await Promise.all(Array.from({ length: Math.min(WRITE_CONCURRENCY, puts.length) }, worker));
  if (plan.delete.length) {
    await attempt(plan.delete.map((d) => d.name), result.deleted, () => api.delete(plan.delete.map((d) => d.name)));
  }
  result.writeCalls = api.writes - before;
  for (const list of [result.created, result.updated, result.deleted]) list.sort();
  result.failed.sort((a, b) => a.name.localeCompare(b.name));
  return result;
}
