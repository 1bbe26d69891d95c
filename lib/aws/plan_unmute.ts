// Unmuting: enable exactly the alarms a hostmend mute disabled, nothing else.

import type { AlarmSwitch, MuteRecord } from "./plan_mute.ts";

/** What {@linkcode planUnmute} decided. */
export interface UnmutePlan {
  /** Recorded and still disabled: enable them. */
  enable: string[];
  /** Recorded but enabled again already (by hand): just dropped from the record. */
  alreadyEnabled: string[];
  /** Disabled but not muted by hostmend: left disabled. */
  stayDisabled: string[];
  /** Recorded but gone from CloudWatch: dropped from the record. */
  gone: string[];
  record: MuteRecord;
}

/**
 * Plans an unmute of the alarms in scope (`alarms`, as found now) from `record`. `recordedInScope` lists
 * recorded names that belong to the scope: those not found in `alarms` are gone and dropped.
 * Pure: needs no permissions.
 *
 * @example
 * ```ts
 * const plan = planUnmute(alarms, record, Object.keys(record.alarms));
 * ```
 */
export function planUnmute(alarms: AlarmSwitch[], record: MuteRecord, recordedInScope: string[] = []): UnmutePlan {
  const next: MuteRecord = { ...record, alarms: { ...record.alarms } };
  const plan: UnmutePlan = { enable: [], alreadyEnabled: [], stayDisabled: [], gone: [], record: next };
  const found = new Set<string>();
  for (const alarm of [...alarms].sort((a, b) => a.name.localeCompare(b.name))) {
    found.add(alarm.name);
    if (!record.alarms[alarm.name]) {
      if (!alarm.actionsEnabled) plan.stayDisabled.push(alarm.name);
      continue;
    }
    if (alarm.actionsEnabled) plan.alreadyEnabled.push(alarm.name);
    else plan.enable.push(alarm.name);
    delete next.alarms[alarm.name];
  }
  for (const name of [...recordedInScope].sort()) {
    if (found.has(name) || !record.alarms[name]) continue;
    plan.gone.push(name);
    delete next.alarms[name];
  }
  return plan;
}
