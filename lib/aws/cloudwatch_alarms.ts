// The CloudWatch adapter: alarms read page by page, written at a steady pace, at most 100 names per call.

import {
  type CloudWatchClient,
  DeleteAlarmsCommand,
  DescribeAlarmsCommand,
  DisableAlarmActionsCommand,
  EnableAlarmActionsCommand,
  type MetricAlarm,
  PutMetricAlarmCommand,
  SetAlarmStateCommand,
} from "@aws-sdk/client-cloudwatch";
import type { AlarmDefinition, ExistingAlarm } from "./alarm_types.ts";
import type { Pacer } from "./pacer.ts";

/** AWS's limit of alarm names per DescribeAlarms, DeleteAlarms, Enable/DisableAlarmActions call. */
export const NAMES_PER_CALL = 100;

/** What the alarm tasks need from CloudWatch. */
export interface AlarmApi {
  /** Every metric alarm whose name starts with `prefix` (every page). */
  listByPrefix(prefix: string): Promise<ExistingAlarm[]>;
  /** The metric alarms among `names` that exist (100 names per call). */
  listByNames(names: string[]): Promise<ExistingAlarm[]>;
  put(alarm: AlarmDefinition, actionsEnabled: boolean): Promise<void>;
  delete(names: string[]): Promise<void>;
  setActionsEnabled(names: string[], enabled: boolean): Promise<void>;
  setState(name: string, state: "ALARM" | "OK", reason: string): Promise<void>;
  /** Write calls made so far. */
  readonly writes: number;
}

/**
 * Wraps `client` as an {@linkcode AlarmApi}. Every attempt of a write call (retries included) waits for `pacer`;
 * the SDK's retry strategy retries throttled calls with backoff. Needs `--allow-net` (and what the client's
 * credentials need).
 *
 * @example
 * ```ts
 * const api = cloudWatchAlarms(aws.cloudwatch, createPacer(3));
 * const existing = await api.listByPrefix("hostmend-");
 * ```
 */
export function cloudWatchAlarms(client: CloudWatchClient, pacer: Pacer): AlarmApi {
  let writes = 0;
  pacePerAttempt(client, pacer);
  const write = async <T>(call: () => Promise<T>): Promise<T> => {
    writes += 1;
    return await call();
  };
  const describe = async (input: { AlarmNamePrefix?: string; AlarmNames?: string[] }) => {
    const out: ExistingAlarm[] = [];
    let NextToken: string | undefined;
    do {
      const page = await client.send(
        new DescribeAlarmsCommand({ ...input, AlarmTypes: ["MetricAlarm"], MaxRecords: 100, NextToken }),
      );
      for (const a of page.MetricAlarms ?? []) out.push(toExisting(a));
      NextToken = page.NextToken;
    } while (NextToken);
    return out;
  };
  return {
    get writes() {
      return writes;
    },
    listByPrefix: (prefix) => describe({ AlarmNamePrefix: prefix }),
    async listByNames(names) {
      const out: ExistingAlarm[] = [];
      for (const chunk of chunks([...new Set(names)], NAMES_PER_CALL)) {
        out.push(...await describe({ AlarmNames: chunk }));
      }
      return out;
    },
    async put(alarm, actionsEnabled) {
      await write(() =>
        client.send(
          new PutMetricAlarmCommand({
            AlarmName: alarm.name,
            AlarmDescription: alarm.description,
            ActionsEnabled: actionsEnabled,
            AlarmActions: alarm.alarmActions,
            Namespace: alarm.namespace,
            MetricName: alarm.metricName,
            Statistic: alarm.statistic as MetricAlarm["Statistic"],
            Dimensions: alarm.dimensions.map((d) => ({ Name: d.name, Value: d.value })),
            Period: alarm.period,
            EvaluationPeriods: alarm.evaluationPeriods,
            Threshold: alarm.threshold,
            ComparisonOperator: alarm.comparisonOperator as MetricAlarm["ComparisonOperator"],
          }),
        )
      );
    },
    async delete(names) {
      for (const chunk of chunks(names, NAMES_PER_CALL)) {
        await write(() => client.send(new DeleteAlarmsCommand({ AlarmNames: chunk })));
      }
    },
    async setActionsEnabled(names, enabled) {
      for (const chunk of chunks(names, NAMES_PER_CALL)) {
        await write(() =>
          client.send(
            enabled
              ? new EnableAlarmActionsCommand({ AlarmNames: chunk })
              : new DisableAlarmActionsCommand({ AlarmNames: chunk }),
          )
        );
      }
    },
    async setState(name, state, reason) {
      await write(() =>
        client.send(new SetAlarmStateCommand({ AlarmName: name, StateValue: state, StateReason: reason }))
      );
    },
  };
}

const WRITE_COMMANDS = new Set([
  "PutMetricAlarmCommand",
  "DeleteAlarmsCommand",
  "DisableAlarmActionsCommand",
  "EnableAlarmActionsCommand",
  "SetAlarmStateCommand",
]);

// A middleware after the SDK's retry middleware runs once per attempt: retries are paced too, so backing off
// never bursts above the limit.
function pacePerAttempt(client: CloudWatchClient, pacer: Pacer): void {
  const name = "hostmendWritePacer";
  client.middlewareStack.remove(name);
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (WRITE_COMMANDS.has(context.commandName ?? "")) await pacer.wait();
      return await next(args);
    },
    { step: "finalizeRequest", priority: "low", name },
  );
}

function toExisting(a: MetricAlarm): ExistingAlarm {
  return {
    name: a.AlarmName ?? "",
    namespace: a.Namespace ?? "",
    metricName: a.MetricName ?? "",
    statistic: a.Statistic ?? "",
    period: a.Period ?? 0,
    evaluationPeriods: a.EvaluationPeriods ?? 0,
    threshold: a.Threshold ?? 0,
    comparisonOperator: a.ComparisonOperator ?? "",
    dimensions: (a.Dimensions ?? []).map((d) => ({ name: d.Name ?? "", value: d.Value ?? "" })),
    alarmActions: a.AlarmActions ?? [],
    actionsEnabled: a.ActionsEnabled ?? true,
    stateValue: a.StateValue ?? "",
    description: a.AlarmDescription ?? "",
  };
}

/**
 * Splits `items` into arrays of at most `size`.
 *
 * @example
 * ```ts
 * chunks([1, 2, 3], 2); // [[1, 2], [3]]
 * ```
 */
export function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
