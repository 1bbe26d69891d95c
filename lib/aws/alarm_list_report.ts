// What `alarms list` shows: each alarm's state, whether its actions are enabled (or muted by hostmend), its
// action and how long it stays muted.

import { formatTable } from "../cli/output.ts";
import { actionLabel } from "./alarm_report.ts";
import type { ExistingAlarm } from "./alarm_types.ts";
import type { MuteRecord } from "./plan_mute.ts";

/** One row of `alarms list`, as its --json fields. */
export interface AlarmListRow {
  name: string;
  state: string;
  actions_enabled: boolean;
  action: string;
  alarm_actions: string[];
  muted_until: string | null;
  muted_by_hostmend: boolean;
}

/**
 * The rows of `alarms list`: the alarms found, joined with the mute record. Pure.
 *
 * @example
 * ```ts
 * printJson({ identity, alarms: alarmListRows(found, record) });
 * ```
 */
export function alarmListRows(alarms: ExistingAlarm[], record: MuteRecord): AlarmListRow[] {
  return alarms.map((a) => ({
    name: a.name,
    state: a.stateValue,
    actions_enabled: a.actionsEnabled,
    action: actionLabel(a.alarmActions),
    alarm_actions: a.alarmActions,
    muted_until: record.alarms[a.name]?.until ?? null,
    muted_by_hostmend: Boolean(record.alarms[a.name]),
  }));
}

/**
 * The rows of `alarms list` as an aligned table, or `no alarms found`. Pure.
 *
 * @example
 * ```ts
 * console.log(formatAlarmList(alarmListRows(found, record)));
 * ```
 */
export function formatAlarmList(rows: AlarmListRow[]): string {
  if (!rows.length) return "no alarms found";
  return formatTable([
    ["ALARM", "STATE", "ACTIONS", "ACTION", "MUTED UNTIL"],
    ...rows.map((r) => [
      r.name,
      r.state,
      r.actions_enabled ? "enabled" : r.muted_by_hostmend ? "muted" : "disabled",
      r.action,
      r.muted_until ?? "",
    ]),
  ]);
}
