// Desired alarms against the ones that exist: the create/update/unchanged/delete plan of `alarms ensure`.

import { parseAlarmName } from "./alarm_names.ts";
import type { AlarmDefinition, AlarmPlan, ExistingAlarm } from "./alarm_types.ts";

/** Options of {@linkcode diffAlarms}. */
export interface DiffOptions {
  /** Delete hostmend's alarms whose instance no longer exists. */
  prune?: boolean;
  /** Instances that exist (any state but terminated); only needed with `prune`. */
  existingInstanceIds?: Set<string>;
}

/**
 * Compares `desired` with `existing` alarms. An alarm is unchanged when every field hostmend sets is equal
 * (actions compared as sets); actions-enabled is not compared, so a muted alarm stays muted. With `prune`,
 * alarms named by hostmend (and only those) whose instance is not in `existingInstanceIds` are deleted.
 * Pure: needs no permissions.
 *
 * @example
 * ```ts
 * const plan = diffAlarms(desired, existing, { prune: true, existingInstanceIds: new Set(["i-0abc"]) });
 * ```
 */
export function diffAlarms(
  desired: AlarmDefinition[],
  existing: ExistingAlarm[],
  options: DiffOptions = {},
): AlarmPlan {
  const byName = new Map(existing.map((a) => [a.name, a]));
  const plan: AlarmPlan = { create: [], update: [], unchanged: [], delete: [], notes: [] };
  const wanted = new Set<string>();
  for (const alarm of desired) {
    wanted.add(alarm.name);
    if (alarm.why) plan.notes.push({ instanceId: alarm.instanceId, note: `system alarm only notifies: ${alarm.why}` });
    const current = byName.get(alarm.name);
    if (!current) {
      plan.create.push(alarm);
      continue;
    }
    const changes = alarmChanges(alarm, current);
    if (changes.length) plan.update.push({ alarm, changes, actionsEnabled: current.actionsEnabled });
    else plan.unchanged.push(alarm.name);
  }
  if (options.prune) {
    const alive = options.existingInstanceIds ?? new Set<string>();
    for (const alarm of existing) {
      const parsed = parseAlarmName(alarm.name);
      if (!parsed || wanted.has(alarm.name) || alive.has(parsed.instanceId)) continue;
      plan.delete.push({
        name: alarm.name,
        instanceId: parsed.instanceId,
        reason: `instance ${parsed.instanceId} no longer exists`,
      });
    }
    plan.delete.sort((a, b) => a.name.localeCompare(b.name));
  }
  return plan;
}

/**
 * The fields of `current` that differ from `alarm`, as `field: old → new` lines (empty when equal).
 *
 * @example
 * ```ts
 * alarmChanges(desired, existing); // ["period: 300 → 60"]
 * ```
 */
export function alarmChanges(alarm: AlarmDefinition, current: ExistingAlarm): string[] {
  const changes: string[] = [];
  const same = (field: string, a: unknown, b: unknown) => {
    if (a !== b) changes.push(`${field}: ${b} → ${a}`);
  };
  same("namespace", alarm.namespace, current.namespace);
  same("metric", alarm.metricName, current.metricName);
  same("statistic", alarm.statistic, current.statistic);
  same("period", alarm.period, current.period);
  same("evaluation periods", alarm.evaluationPeriods, current.evaluationPeriods);
  same("threshold", alarm.threshold, current.threshold);
  same("comparison", alarm.comparisonOperator, current.comparisonOperator);
  same("description", alarm.description, current.description);
  const dims = (d: { name: string; value: string }[]) => d.map((x) => `${x.name}=${x.value}`).sort().join(",");
  same("dimensions", dims(alarm.dimensions), dims(current.dimensions));
  const actions = (a: string[]) => [...new Set(a)].sort().join(",") || "(none)";
  same("actions", actions(alarm.alarmActions), actions(current.alarmActions));
  return changes;
}
