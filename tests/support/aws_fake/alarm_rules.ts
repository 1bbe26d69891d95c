// AWS's PutMetricAlarm rules, with CloudWatch's error codes and wording.

import { AwsError, validationError } from "./errors.ts";

/** AWS's own words when a recover action is put on any other metric. */
export const RECOVER_METRIC_MESSAGE =
  "The EC2 'Recover' action can only be defined on the 'StatusCheckFailed_System' metric and 'AWS/EC2' namespace.";

/** At most this many actions per state (AlarmActions, OKActions, InsufficientDataActions). */
export const MAX_ACTIONS_PER_STATE = 5;

const COMPARISON_OPERATORS = [
  "GreaterThanOrEqualToThreshold",
  "GreaterThanThreshold",
  "LessThanThreshold",
  "LessThanOrEqualToThreshold",
  "LessThanLowerOrGreaterThanUpperThreshold",
  "LessThanLowerThreshold",
  "GreaterThanUpperThreshold",
];
const STATISTICS = ["SampleCount", "Average", "Sum", "Minimum", "Maximum"];
const TREAT_MISSING = ["breaching", "notBreaching", "ignore", "missing"];

/** CloudWatch's answer for a missing required member: `Value null at 'x' failed to satisfy constraint: Member must not be null`. */
function nullError(member: string): AwsError {
  return new AwsError(
    "ValidationError",
    `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`,
  );
}

/** The fields of a PutMetricAlarm request the rules look at, already normalised. */
export interface AlarmInput {
  AlarmName?: string;
  MetricName?: string;
  Namespace?: string;
  Statistic?: string;
  ExtendedStatistic?: string;
  Period?: number;
  EvaluationPeriods?: number;
  DatapointsToAlarm?: number;
  Threshold?: number;
  ComparisonOperator?: string;
  TreatMissingData?: string;
  Dimensions: { Name: string; Value: string }[];
  AlarmActions: string[];
  OKActions: string[];
  InsufficientDataActions: string[];
  Metrics?: unknown[];
}

interface ParsedArn {
  partition: string;
  service: string;
  region: string;
  ec2Action?: string;
}

const EC2_AUTOMATE = /^arn:([a-z-]+):automate:([a-z0-9-]+):ec2:(recover|reboot|stop|terminate)$/;
const EC2_SWF =
  /^arn:([a-z-]+):swf:([a-z0-9-]+):\d{12}:action\/actions\/AWS_EC2\.InstanceId\.(Stop|Terminate|Reboot|Recover)\/1\.0$/;
const SNS = /^arn:([a-z-]+):sns:([a-z0-9-]+):\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/;
const OTHER = /^arn:([a-z-]+):(autoscaling|lambda|ssm|ssm-incidents):([a-z0-9-]+):\d{12}:.+$/;

/** Parses an alarm action ARN, or throws CloudWatch's ValidationError for a malformed one. */
export function parseActionArn(arn: string): ParsedArn {
  let m = EC2_AUTOMATE.exec(arn);
  if (m) return { partition: m[1]!, service: "automate", region: m[2]!, ec2Action: m[3]! };
  m = EC2_SWF.exec(arn);
  if (m) return { partition: m[1]!, service: "swf", region: m[2]!, ec2Action: m[3]!.toLowerCase() };
  m = SNS.exec(arn);
  if (m) return { partition: m[1]!, service: "sns", region: m[2]! };
  m = OTHER.exec(arn);
  if (m) return { partition: m[1]!, service: m[2]!, region: m[3]! };
  throw new AwsError("ValidationError", `Invalid arn syntax: ${arn}`);
}

/**
 * Checks a PutMetricAlarm request against AWS's rules; throws the AwsError CloudWatch would answer with.
 *
 * @example
 * ```ts
 * validateAlarm(input, "us-east-1", "aws"); // throws ValidationError with RECOVER_METRIC_MESSAGE for a misplaced recover
 * ```
 */
export function validateAlarm(input: AlarmInput, region: string, partition: string): void {
  if (!input.AlarmName) throw nullError("alarmName");
  if (input.AlarmName.length > 255) {
    throw validationError(input.AlarmName, "alarmName", "Member must have length less than or equal to 255");
  }
  if (input.EvaluationPeriods === undefined) {
    throw nullError("evaluationPeriods");
  }
  if (input.EvaluationPeriods < 1) {
    throw validationError(
      input.EvaluationPeriods,
      "evaluationPeriods",
      "Member must have value greater than or equal to 1",
    );
  }
  if (input.ComparisonOperator === undefined) {
    throw nullError("comparisonOperator");
  }
  if (!COMPARISON_OPERATORS.includes(input.ComparisonOperator)) {
    throw validationError(
      input.ComparisonOperator,
      "comparisonOperator",
      `Member must satisfy enum value set: [${COMPARISON_OPERATORS.join(", ")}]`,
    );
  }
  if (input.Statistic !== undefined && !STATISTICS.includes(input.Statistic)) {
    throw validationError(
      input.Statistic,
      "statistic",
      `Member must satisfy enum value set: [${STATISTICS.join(", ")}]`,
    );
  }
  if (input.TreatMissingData !== undefined && !TREAT_MISSING.includes(input.TreatMissingData)) {
    throw new AwsError(
      "ValidationError",
      `Option ${input.TreatMissingData} is not supported. Supported options for parameter TreatMissingData are: ${
        TREAT_MISSING.join(", ")
      }.`,
    );
  }
  for (
    const [member, list] of [
      ["alarmActions", input.AlarmActions],
      ["oKActions", input.OKActions],
      ["insufficientDataActions", input.InsufficientDataActions],
    ] as const
  ) {
    if (list.length > MAX_ACTIONS_PER_STATE) {
      throw validationError(list, member, `Member must have length less than or equal to ${MAX_ACTIONS_PER_STATE}`);
    }
  }
  if (input.Dimensions.length > 30) {
    throw validationError(
      input.Dimensions.map((d) => d.Name),
      "dimensions",
      "Member must have length less than or equal to 30",
    );
  }
  if (input.Metrics !== undefined && input.MetricName !== undefined) {
    throw new AwsError(
      "InvalidParameterCombination",
      "Metrics list and MetricName/Namespace/Statistic/Period cannot be specified together",
    );
  }
  if (input.Metrics === undefined) {
    if (!input.MetricName || !input.Namespace) {
      throw new AwsError("ValidationError", "MetricName and Namespace must be specified");
    }
    if ((input.Statistic === undefined) === (input.ExtendedStatistic === undefined)) {
      throw new AwsError(
        "InvalidParameterCombination",
        "Exactly one element of the statistic and extendedStatistic parameters must be specified.",
      );
    }
    if (input.Period === undefined) throw nullError("period");
    if (!([10, 20, 30].includes(input.Period) || (input.Period >= 60 && input.Period % 60 === 0))) {
      throw new AwsError("ValidationError", "Period must be 10, 20, 30 or a multiple of 60");
    }
    if (input.Period * input.EvaluationPeriods > 7 * 86400) {
      throw new AwsError(
        "ValidationError",
        "The evaluation period of the alarm (Period * EvaluationPeriods) must not exceed 7 days",
      );
    }
    if (input.Threshold === undefined) {
      throw new AwsError("ValidationError", "Threshold must be specified when Metrics is not used");
    }
  }
  if (input.DatapointsToAlarm !== undefined && input.DatapointsToAlarm > input.EvaluationPeriods) {
    throw new AwsError(
      "ValidationError",
      "DatapointsToAlarm must be less than or equal to EvaluationPeriods",
    );
  }
  const all = [...input.AlarmActions, ...input.OKActions, ...input.InsufficientDataActions];
  for (const arn of all) {
    const parsed = parseActionArn(arn);
    if (parsed.partition !== partition) {
      throw new AwsError(
        "ValidationError",
        `Invalid partition ${parsed.partition} specified. Only ${partition} is supported.`,
      );
    }
    if (parsed.region !== region) {
      throw new AwsError("ValidationError", `Invalid region ${parsed.region} specified. Only ${region} is supported.`);
    }
    if (parsed.ec2Action === "recover") {
      if (input.MetricName !== "StatusCheckFailed_System" || input.Namespace !== "AWS/EC2") {
        throw new AwsError("ValidationError", RECOVER_METRIC_MESSAGE);
      }
    }
    if (parsed.ec2Action !== undefined) {
      const onInstance = input.Namespace === "AWS/EC2" && input.Dimensions.some((d) => d.Name === "InstanceId");
      if (!onInstance) {
        throw new AwsError(
          "ValidationError",
          "Invalid use of EC2 action. An EC2 action can only be used if the alarm is monitoring an EC2 instance.",
        );
      }
    }
  }
}
