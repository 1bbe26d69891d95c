// Real SDK clients pointed at a running fake, for the fake's own tests.

import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { EC2Client } from "@aws-sdk/client-ec2";
import { STSClient } from "@aws-sdk/client-sts";
import type { AwsFake } from "../support/aws_fake/mod.ts";

/** The three clients, configured for the fake with static dummy credentials. */
export function clientsFor(fake: AwsFake, options: { maxAttempts?: number; accessKeyId?: string } = {}) {
  const config = {
    endpoint: fake.url,
    region: fake.region,
    credentials: { accessKeyId: options.accessKeyId ?? "AKIDTEST", secretAccessKey: "secret" },
    ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
  };
  return { ec2: new EC2Client(config), cw: new CloudWatchClient(config), sts: new STSClient(config) };
}

/** Awaits a promise that must reject; returns the error. */
export async function rejection(
  p: Promise<unknown>,
): Promise<Error & { Code?: string; $metadata?: { httpStatusCode?: number; attempts?: number } }> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error("Expected the call to fail, it succeeded");
}

/** A PutMetricAlarm input for a status-check alarm on one instance. */
export function statusAlarm(
  name: string,
  instanceId: string,
  metric: "StatusCheckFailed_System" | "StatusCheckFailed_Instance" | "StatusCheckFailed",
  actions: string[],
) {
  return {
    AlarmName: name,
    MetricName: metric,
    Namespace: "AWS/EC2",
    Statistic: "Maximum" as const,
    Period: 60,
    EvaluationPeriods: 2,
    Threshold: 1,
    ComparisonOperator: "GreaterThanOrEqualToThreshold" as const,
    Dimensions: [{ Name: "InstanceId", Value: instanceId }],
    AlarmActions: actions,
  };
}
