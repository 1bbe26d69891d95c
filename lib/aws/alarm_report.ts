// What `alarms ensure` shows: the plan as an aligned table and as stable JSON fields, the result of applying it,
// and an alarm's actions in a word (recover, reboot, sns TOPIC).

import { formatTable } from "../cli/output.ts";
import type { AlarmPlan } from "./alarm_types.ts";
import type { ApplyResult } from "./ensure_alarms.ts";

/**
 * The plan of `alarms ensure` for people: a summary line, a table of changes, and the notes. Pure.
 *
 * @example
 * ```ts
 * console.log(formatAlarmPlan(plan, 3, true)); // "plan (dry run, nothing changed): 3 instance(s); …"
 * ```
 */
export function formatAlarmPlan(plan: AlarmPlan, instances: number, dryRun: boolean): string {
  const rows = [["CHANGE", "ALARM", "ACTIONS / DETAIL"]];
  for (const a of plan.create) rows.push(["create", a.name, actionLabel(a.alarmActions)]);
  for (const u of plan.update) rows.push(["update", u.alarm.name, u.changes.join("; ")]);
  for (const d of plan.delete) rows.push(["delete", d.name, d.reason]);
  const lines = [
    `${
      dryRun ? "plan (dry run, nothing changed)" : "plan"
    }: ${instances} instance(s); ${plan.create.length} to create, ` +
    `${plan.update.length} to update, ${plan.unchanged.length} unchanged, ${plan.delete.length} to delete`,
  ];
  if (rows.length > 1) lines.push(formatTable(rows));
  for (const n of plan.notes) lines.push(`note: ${n.instanceId}: ${n.note}`);
  return lines.join("\n");
}

/**
 * The plan of `alarms ensure` as the stable snake_case fields of its --json output. Pure.
 *
 * @example
 * ```ts
 * printJson({ plan: alarmPlanJson(plan) });
 * ```
 */
export function alarmPlanJson(plan: AlarmPlan) {
  return {
    create: plan.create.map((a) => ({
      name: a.name,
      instance_id: a.instanceId,
      check: a.check,
      action: a.action,
      metric: a.metricName,
      alarm_actions: a.alarmActions,
      ...(a.why ? { why: a.why } : {}),
    })),
    update: plan.update.map((u) => ({
      name: u.alarm.name,
      instance_id: u.alarm.instanceId,
      action: u.alarm.action,
      changes: u.changes,
    })),
    unchanged: plan.unchanged,
    delete: plan.delete.map((d) => ({ name: d.name, instance_id: d.instanceId, reason: d.reason })),
    notes: plan.notes.map((n) => ({ instance_id: n.instanceId, note: n.note })),
  };
}

/**
 * What applying the plan did, as the `result` field of --json. Pure.
 *
 * @example
 * ```ts
 * printJson({ result: alarmResultJson(result) });
 * ```
 */
export function alarmResultJson(result: ApplyResult) {
  return {
    created: result.created,
    updated: result.updated,
    deleted: result.deleted,
    failed: result.failed,
    write_calls: result.writeCalls,
  };
}

/**
 * What applying the plan did, for people: the counts, then one line per failed alarm. Pure.
 *
 * @example
 * ```ts
 * console.log(formatAlarmResult(result)); // "done: 2 created, 0 updated, 0 deleted, 0 failed (2 write calls)"
 * ```
 */
export function formatAlarmResult(result: ApplyResult): string {
  return [
    `done: ${result.created.length} created, ${result.updated.length} updated, ${result.deleted.length} deleted, ` +
    `${result.failed.length} failed (${result.writeCalls} write calls)`,
    ...result.failed.map((f) => `failed: ${f.name}: ${f.error}`),
  ].join("\n");
}

/**
 * An alarm's actions in a word each: `recover`, `reboot`, `sns TOPIC`, or the ARN itself. Pure.
 *
 * @example
 * ```ts
 * actionLabel(["arn:aws:automate:us-east-1:ec2:reboot"]); // "reboot"
 * ```
 */
export function actionLabel(actions: string[]): string {
  if (!actions.length) return "(no actions: state only)";
  return actions.map((a) =>
    /:automate:[^:]+:ec2:(\w+)$/.exec(a)?.[1] ?? (a.includes(":sns:") ? `sns ${a.split(":").pop()}` : a)
  )
    .join(", ");
}
