// The alarm settings of `alarms ensure` from its option text: statistic, period, evaluation periods, threshold,
// comparison and metrics, each checked against what PutMetricAlarm accepts, and the --notify topics.

import { UsageError } from "../cli/errors.ts";
import { optionValue } from "../cli/parse_task_args.ts";
import { type AlarmSettings, DEFAULT_ALARM_SETTINGS } from "./plan_instance_alarms.ts";

/** The option text `alarms ensure` takes for its alarm settings (defaults already filled in by the spec). */
export interface AlarmSettingsText {
  statistic?: string;
  period?: string;
  "evaluation-periods"?: string;
  threshold?: string;
  comparison?: string;
  "system-metric"?: string;
  "instance-metric"?: string;
}

/**
 * Parses the alarm settings options; a bad value throws `UsageError` naming the flag (exit 64). Pure.
 *
 * @example
 * ```ts
 * parseAlarmSettings({ statistic: "Maximum", period: "60", "evaluation-periods": "2", threshold: "1",
 *   comparison: "GreaterThanOrEqualToThreshold" }).period; // 60
 * ```
 */
export function parseAlarmSettings(values: AlarmSettingsText): AlarmSettings {
  return {
    statistic: optionValue("--statistic", values.statistic!, parseStatistic),
    period: optionValue("--period", values.period!, parsePeriod),
    evaluationPeriods: optionValue("--evaluation-periods", values["evaluation-periods"]!, (t) => parseWhole(t, 1)),
    threshold: optionValue("--threshold", values.threshold!, parseNumber),
    comparisonOperator: optionValue("--comparison", values.comparison!, parseComparison),
    systemMetric: values["system-metric"] ?? DEFAULT_ALARM_SETTINGS.systemMetric,
    instanceMetric: values["instance-metric"] ?? DEFAULT_ALARM_SETTINGS.instanceMetric,
  };
}

/**
 * Checks that each --notify value is an SNS topic ARN; throws `UsageError` otherwise. Pure.
 *
 * @example
 * ```ts
 * checkNotifyArns(["arn:aws:sns:us-east-1:123456789012:ops"]);
 * ```
 */
export function checkNotifyArns(arns: string[]): string[] {
  for (const arn of arns) {
    if (!/^arn:[\w-]+:sns:[a-z0-9-]+:\d{12}:[\w-]+$/.test(arn)) {
      throw new UsageError(
        `Invalid --notify "${arn}": give an SNS topic ARN like arn:aws:sns:us-east-1:123456789012:ops`,
      );
    }
  }
  return arns;
}

/**
 * Checks that each --notify topic is in the alarms' own partition and region (CloudWatch refuses others);
 * throws `UsageError` otherwise. Pure.
 *
 * @example
 * ```ts
 * checkNotifyRegion(["arn:aws:sns:us-east-1:123456789012:ops"], "aws", "us-east-1");
 * ```
 */
export function checkNotifyRegion(arns: string[], partition: string, region: string): void {
  for (const arn of arns) {
    const [, arnPartition, , arnRegion] = arn.split(":");
    if (arnPartition !== partition || arnRegion !== region) {
      throw new UsageError(
        `Invalid --notify "${arn}": an alarm can only notify a topic of its own region, ${partition} ${region}`,
      );
    }
  }
}

const STATISTICS = ["SampleCount", "Average", "Sum", "Minimum", "Maximum"];
const COMPARISONS = [
  "GreaterThanOrEqualToThreshold",
  "GreaterThanThreshold",
  "LessThanThreshold",
  "LessThanOrEqualToThreshold",
];

/**
 * A CloudWatch statistic (SampleCount, Average, Sum, Minimum, Maximum); throws `RangeError` otherwise.
 *
 * @example
 * ```ts
 * parseStatistic("Maximum"); // "Maximum"
 * ```
 */
export function parseStatistic(t: string): string {
  if (!STATISTICS.includes(t)) throw new RangeError(`"${t}" is not one of ${STATISTICS.join(", ")}`);
  return t;
}

/**
 * A comparison operator of a threshold alarm; throws `RangeError` otherwise.
 *
 * @example
 * ```ts
 * parseComparison("GreaterThanThreshold"); // "GreaterThanThreshold"
 * ```
 */
export function parseComparison(t: string): string {
  if (!COMPARISONS.includes(t)) throw new RangeError(`"${t}" is not one of ${COMPARISONS.join(", ")}`);
  return t;
}

/**
 * A whole number from `min`; throws `RangeError` otherwise.
 *
 * @example
 * ```ts
 * parseWhole("2", 1); // 2
 * ```
 */
export function parseWhole(t: string, min: number): number {
  if (!/^\d+$/.test(t) || Number(t) < min) throw new RangeError(`"${t}" is not a whole number from ${min}`);
  return Number(t);
}

/**
 * An alarm period in seconds: 10, 30 or a multiple of 60; throws `RangeError` otherwise.
 *
 * @example
 * ```ts
 * parsePeriod("300"); // 300
 * ```
 */
export function parsePeriod(t: string): number {
  const n = parseWhole(t, 10);
  if (n !== 10 && n !== 30 && n % 60 !== 0) throw new RangeError(`"${t}" must be 10, 30 or a multiple of 60`);
  return n;
}

/**
 * A finite number; throws `RangeError` otherwise.
 *
 * @example
 * ```ts
 * parseNumber("0.5"); // 0.5
 * ```
 */
export function parseNumber(t: string): number {
  const n = Number(t);
  if (t.trim() === "" || !Number.isFinite(n)) throw new RangeError(`"${t}" is not a number`);
  return n;
}
