// The CloudWatch operations the fake serves, on protocol-neutral input and output objects (PascalCase, as the API).

import { type AlarmInput, validateAlarm } from "./alarm_rules.ts";
import { AwsError, validationError } from "./errors.ts";
import { transitionAlarm } from "./evaluate_alarms.ts";
import type { AlarmState, FakeAlarm, FakeState } from "./state.ts";

/** A request's input: JSON values, or strings when it came in awsQuery form. */
export type CwInput = Record<string, unknown>;

/** CloudWatch operations that change state. */
export const CLOUDWATCH_WRITE_OPERATIONS: ReadonlySet<string> = new Set([
  "PutMetricAlarm",
  "DeleteAlarms",
  "DisableAlarmActions",
  "EnableAlarmActions",
  "SetAlarmState",
  "TagResource",
  "UntagResource",
]);

/** At most this many alarm names per call (DescribeAlarms, DeleteAlarms, Enable/DisableAlarmActions). */
export const MAX_NAMES_PER_CALL = 100;

type Handler = (state: FakeState, input: CwInput) => Record<string, unknown> | undefined;

/** The CloudWatch operations by name. */
export const CLOUDWATCH_OPERATIONS: Readonly<Record<string, Handler>> = {
  PutMetricAlarm: putMetricAlarm,
  DescribeAlarms: describeAlarms,
  DeleteAlarms: deleteAlarms,
  DisableAlarmActions: (s, i) => setActionsEnabled(s, i, false),
  EnableAlarmActions: (s, i) => setActionsEnabled(s, i, true),
  SetAlarmState: setAlarmState,
  DescribeAlarmHistory: describeAlarmHistory,
  ListTagsForResource: listTagsForResource,
  TagResource: tagResource,
  UntagResource: untagResource,
};

// ---- value readers (JSON or query strings) ----------------------------------------------------------------------

function str(v: unknown): string | undefined {
  return v === undefined || v === null ? undefined : String(v);
}

function num(v: unknown, member: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  const n = typeof v === "number" ? v : Number(v);
  if (!Number.isFinite(n)) throw new AwsError("InvalidParameterValue", `Invalid value for ${member}: ${v}`);
  return n;
}

function bool(v: unknown): boolean | undefined {
  if (v === undefined || v === null) return undefined;
  return v === true || v === "true";
}

function strList(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) return [String(v)];
  return v.filter((x) => x !== undefined && x !== null).map(String);
}

function dimensions(v: unknown): { Name: string; Value: string }[] {
  if (!Array.isArray(v)) return [];
  return v.filter(Boolean).map((d) => ({ Name: String(d.Name), Value: String(d.Value) }));
}

function tags(v: unknown): { Key: string; Value: string }[] {
  if (!Array.isArray(v)) return [];
  return v.filter(Boolean).map((t) => ({ Key: String(t.Key), Value: String(t.Value ?? "") }));
}

function names(input: CwInput, member = "alarmNames"): string[] {
  const list = strList(input.AlarmNames);
  if (list.length > MAX_NAMES_PER_CALL) {
    throw validationError(list, member, `Member must have length less than or equal to ${MAX_NAMES_PER_CALL}`);
  }
  return list;
}

function pageToken(token: string | undefined, op: string): number {
  if (token === undefined || token === "") return 0;
  try {
    const v = JSON.parse(atob(token));
    if (v.op === op && Number.isInteger(v.offset)) return v.offset;
  } catch {
    // fall through to the error
  }
  throw new AwsError("InvalidNextToken", "The service couldn't process the token");
}

function makeToken(op: string, offset: number): string {
  return btoa(JSON.stringify({ op, offset }));
}

// ---- operations -----------------------------------------------------------------------------------------------

function putMetricAlarm(state: FakeState, input: CwInput): undefined {
  const alarm: AlarmInput = {
    AlarmName: str(input.AlarmName),
    MetricName: str(input.MetricName),
    Namespace: str(input.Namespace),
    Statistic: str(input.Statistic),
    ExtendedStatistic: str(input.ExtendedStatistic),
    Period: num(input.Period, "Period"),
    EvaluationPeriods: num(input.EvaluationPeriods, "EvaluationPeriods"),
    DatapointsToAlarm: num(input.DatapointsToAlarm, "DatapointsToAlarm"),
    Threshold: num(input.Threshold, "Threshold"),
    ComparisonOperator: str(input.ComparisonOperator),
    TreatMissingData: str(input.TreatMissingData),
    Dimensions: dimensions(input.Dimensions),
    AlarmActions: strList(input.AlarmActions),
    OKActions: strList(input.OKActions),
    InsufficientDataActions: strList(input.InsufficientDataActions),
    Metrics: Array.isArray(input.Metrics) ? input.Metrics : undefined,
  };
  validateAlarm(alarm, state.region, state.partition);
  const name = alarm.AlarmName!;
  const existing = state.alarms.get(name);
  const now = new Date();
  const stored: FakeAlarm = {
    AlarmName: name,
    AlarmArn: `arn:${state.partition}:cloudwatch:${state.region}:${state.accountId}:alarm:${name}`,
    AlarmDescription: str(input.AlarmDescription),
    ActionsEnabled: bool(input.ActionsEnabled) ?? true,
    OKActions: alarm.OKActions,
    AlarmActions: alarm.AlarmActions,
    InsufficientDataActions: alarm.InsufficientDataActions,
    MetricName: alarm.MetricName,
    Namespace: alarm.Namespace,
    Statistic: alarm.Statistic,
    ExtendedStatistic: alarm.ExtendedStatistic,
    Dimensions: alarm.Dimensions,
    Period: alarm.Period,
    Unit: str(input.Unit),
    EvaluationPeriods: alarm.EvaluationPeriods!,
    DatapointsToAlarm: alarm.DatapointsToAlarm,
    Threshold: alarm.Threshold,
    ComparisonOperator: alarm.ComparisonOperator!,
    TreatMissingData: alarm.TreatMissingData,
    EvaluateLowSampleCountPercentile: str(input.EvaluateLowSampleCountPercentile),
    Metrics: alarm.Metrics,
    ThresholdMetricId: str(input.ThresholdMetricId),
    // PutMetricAlarm's Tags only apply when the alarm is created; updates keep the alarm's tags, as on AWS.
    Tags: existing ? existing.Tags : tags(input.Tags),
    // An update keeps the alarm's state and datapoints, as on AWS; a new alarm starts in INSUFFICIENT_DATA.
    StateValue: existing?.StateValue ?? "INSUFFICIENT_DATA",
    StateReason: existing?.StateReason ?? "Unchecked: Initial alarm creation",
    StateReasonData: existing?.StateReasonData,
    AlarmConfigurationUpdatedTimestamp: now,
    StateUpdatedTimestamp: existing?.StateUpdatedTimestamp ?? now,
    StateTransitionedTimestamp: existing?.StateTransitionedTimestamp ?? now,
    datapoints: existing?.datapoints ?? [],
  };
  state.alarms.set(name, stored);
  state.alarmHistory.push({
    AlarmName: name,
    AlarmType: "MetricAlarm",
    Timestamp: now,
    HistoryItemType: "ConfigurationUpdate",
    HistorySummary: existing ? `Alarm "${name}" updated` : `Alarm "${name}" created`,
    HistoryData: JSON.stringify({ type: existing ? "Update" : "Create" }),
  });
  return undefined;
}

/** The alarm as DescribeAlarms returns it (no internal fields; absent members left out). */
export function alarmOutput(a: FakeAlarm): Record<string, unknown> {
  const { datapoints: _datapoints, Tags: _tags, ...rest } = a;
  return Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
}

function describeAlarms(state: FakeState, input: CwInput): Record<string, unknown> {
  const wanted = names(input);
  const prefix = str(input.AlarmNamePrefix);
  if (wanted.length > 0 && prefix !== undefined) {
    throw new AwsError(
      "InvalidParameterCombination",
      "AlarmNamePrefix and AlarmNames cannot be specified together",
    );
  }
  const max = num(input.MaxRecords, "MaxRecords") ?? 50;
  if (max < 1) throw validationError(max, "maxRecords", "Member must have value greater than or equal to 1");
  if (max > 100) throw validationError(max, "maxRecords", "Member must have value less than or equal to 100");
  const stateValue = str(input.StateValue);
  if (stateValue !== undefined && !["OK", "ALARM", "INSUFFICIENT_DATA"].includes(stateValue)) {
    throw validationError(
      stateValue,
      "stateValue",
      "Member must satisfy enum value set: [INSUFFICIENT_DATA, ALARM, OK]",
    );
  }
  const actionPrefix = str(input.ActionPrefix);
  const types = strList(input.AlarmTypes);
  const metricWanted = types.length === 0 || types.includes("MetricAlarm");
  const list = metricWanted
    ? [...state.alarms.values()]
      .filter((a) => wanted.length === 0 || wanted.includes(a.AlarmName))
      .filter((a) => prefix === undefined || a.AlarmName.startsWith(prefix))
      .filter((a) => stateValue === undefined || a.StateValue === stateValue)
      .filter((a) =>
        actionPrefix === undefined ||
        [...a.AlarmActions, ...a.OKActions, ...a.InsufficientDataActions].some((x) => x.startsWith(actionPrefix))
      )
      .sort((a, b) => (a.AlarmName < b.AlarmName ? -1 : a.AlarmName > b.AlarmName ? 1 : 0))
    : [];
  const start = pageToken(str(input.NextToken), "DescribeAlarms");
  const page = list.slice(start, start + max);
  const out: Record<string, unknown> = { MetricAlarms: page.map(alarmOutput) };
  if (types.includes("CompositeAlarm")) out.CompositeAlarms = [];
  if (start + max < list.length) out.NextToken = makeToken("DescribeAlarms", start + max);
  return out;
}

function deleteAlarms(state: FakeState, input: CwInput): undefined {
  const list = names(input);
  const missing = list.filter((n) => !state.alarms.has(n));
  // AWS deletes nothing when any name is wrong.
  if (missing.length > 0) {
    throw new AwsError(
      "ResourceNotFound",
      `${missing.length} of the alarms do not exist: [${missing.join(", ")}]`,
      404,
    );
  }
  for (const n of list) state.alarms.delete(n);
  return undefined;
}

function setActionsEnabled(state: FakeState, input: CwInput, enabled: boolean): undefined {
  for (const n of names(input)) {
    const alarm = state.alarms.get(n);
    if (alarm) alarm.ActionsEnabled = enabled;
  }
  return undefined;
}

function setAlarmState(state: FakeState, input: CwInput): undefined {
  const name = str(input.AlarmName);
  if (!name) {
    throw new AwsError(
      "ValidationError",
      "1 validation error detected: Value null at 'alarmName' failed to satisfy constraint: Member must not be null",
    );
  }
  const to = str(input.StateValue);
  if (!to || !["OK", "ALARM", "INSUFFICIENT_DATA"].includes(to)) {
    throw validationError(
      to ?? "null",
      "stateValue",
      "Member must satisfy enum value set: [INSUFFICIENT_DATA, ALARM, OK]",
    );
  }
  const reason = str(input.StateReason);
  if (reason === undefined) {
    throw new AwsError(
      "ValidationError",
      "1 validation error detected: Value null at 'stateReason' failed to satisfy constraint: Member must not be null",
    );
  }
  const data = str(input.StateReasonData);
  if (data !== undefined) {
    try {
      JSON.parse(data);
    } catch {
      throw new AwsError("InvalidFormat", "StateReasonData must be valid JSON");
    }
  }
  const alarm = state.alarms.get(name);
  if (!alarm) throw new AwsError("ResourceNotFound", `Alarm ${name} not found`, 404);
  transitionAlarm(state, alarm, to as AlarmState, reason, data);
  return undefined;
}

function describeAlarmHistory(state: FakeState, input: CwInput): Record<string, unknown> {
  const name = str(input.AlarmName);
  const type = str(input.HistoryItemType);
  const max = num(input.MaxRecords, "MaxRecords") ?? 100;
  if (max < 1 || max > 100) {
    throw validationError(
      max,
      "maxRecords",
      max < 1
        ? "Member must have value greater than or equal to 1"
        : "Member must have value less than or equal to 100",
    );
  }
  let list = state.alarmHistory
    .filter((h) => name === undefined || h.AlarmName === name)
    .filter((h) => type === undefined || h.HistoryItemType === type);
  if (str(input.ScanBy) !== "TimestampAscending") list = [...list].reverse();
  const start = pageToken(str(input.NextToken), "DescribeAlarmHistory");
  const out: Record<string, unknown> = { AlarmHistoryItems: list.slice(start, start + max) };
  if (start + max < list.length) out.NextToken = makeToken("DescribeAlarmHistory", start + max);
  return out;
}

function alarmByArn(state: FakeState, input: CwInput): FakeAlarm {
  const arn = str(input.ResourceARN);
  if (!arn) {
    throw new AwsError(
      "ValidationError",
      "1 validation error detected: Value null at 'resourceARN' failed to satisfy constraint: Member must not be null",
    );
  }
  const alarm = [...state.alarms.values()].find((a) => a.AlarmArn === arn);
  if (!alarm) throw new AwsError("ResourceNotFoundException", `Resource ${arn} not found`, 404);
  return alarm;
}

function listTagsForResource(state: FakeState, input: CwInput): Record<string, unknown> {
  return { Tags: alarmByArn(state, input).Tags ?? [] };
}

function tagResource(state: FakeState, input: CwInput): Record<string, unknown> {
  const alarm = alarmByArn(state, input);
  const merged = new Map((alarm.Tags ?? []).map((t) => [t.Key, t.Value]));
  for (const t of tags(input.Tags)) merged.set(t.Key, t.Value);
  alarm.Tags = [...merged].map(([Key, Value]) => ({ Key, Value }));
  return {};
}

function untagResource(state: FakeState, input: CwInput): Record<string, unknown> {
  const alarm = alarmByArn(state, input);
  const drop = new Set(strList(input.TagKeys));
  alarm.Tags = (alarm.Tags ?? []).filter((t) => !drop.has(t.Key));
  return {};
}
