// The account options every `alarms` subcommand shares (--profile, --region, --expect-account): checked, turned
// into an AWS context and a verified identity, and the paced alarm and instance APIs on top of it.

import { UsageError } from "../cli/errors.ts";
import { type AwsContext, createAwsContext } from "./aws_context.ts";
import { type AwsIdentity, checkAccount, formatIdentity } from "./check_account.ts";
import { type AlarmApi, cloudWatchAlarms } from "./cloudwatch_alarms.ts";
import { ec2Instances, type InstanceApi } from "./ec2_instances.ts";
import { createPacer, writeRateFromEnv } from "./pacer.ts";

/** The account options as parsed. */
export interface AccountValues {
  profile?: string;
  region?: string;
  "expect-account"?: string;
}

/**
 * Checks the account options, then creates the AWS context (no call is made yet). A malformed
 * --expect-account or --region throws `UsageError`. Needs `--allow-env` and `--allow-read` (the profile files).
 *
 * @example
 * ```ts
 * const aws = await connectAws({ region: "eu-west-1" });
 * ```
 */
export async function connectAws(values: AccountValues): Promise<AwsContext> {
  checkAccountOptions(values);
  return await createAwsContext({
    ...(values.profile ? { profile: values.profile } : {}),
    ...(values.region ? { region: values.region } : {}),
  });
}

/**
 * Checks the --expect-account and --region text; throws `UsageError` when malformed. Pure.
 *
 * @example
 * ```ts
 * checkAccountOptions({ "expect-account": "123456789012", region: "us-east-1" });
 * ```
 */
export function checkAccountOptions(values: AccountValues): void {
  const id = values["expect-account"];
  if (id !== undefined && !/^\d{12}$/.test(id)) {
    throw new UsageError(`Invalid --expect-account "${id}": give the 12-digit account id`);
  }
  if (values.region !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(values.region)) {
    throw new UsageError(`Invalid --region "${values.region}": use a region name like us-east-1`);
  }
}

/**
 * Asks STS who the credentials are, refuses another account than --expect-account, and prints the identity
 * on stderr. Needs `--allow-net`.
 *
 * @example
 * ```ts
 * const identity = await identifyAccount(aws, { "expect-account": "123456789012" });
 * ```
 */
export async function identifyAccount(aws: AwsContext, values: AccountValues): Promise<AwsIdentity> {
  const identity = await checkAccount(aws, values["expect-account"] ? { expectAccount: values["expect-account"] } : {});
  console.error(formatIdentity(identity));
  return identity;
}

/**
 * The CloudWatch alarm API, its writes paced at HOSTMEND_AWS_WRITE_RATE (a bad value is a `UsageError`), and
 * the EC2 instance API. Needs `--allow-env`.
 *
 * @example
 * ```ts
 * const { alarms, instances } = alarmApis(aws);
 * ```
 */
export function alarmApis(aws: AwsContext): { alarms: AlarmApi; instances: InstanceApi } {
  let rate: number;
  try {
    rate = writeRateFromEnv();
  } catch (error) {
    throw new UsageError(`Invalid ${(error as Error).message}: unset it for AWS's 3 per second`, { cause: error });
  }
  const pacer = createPacer(rate);
  return { alarms: cloudWatchAlarms(aws.cloudwatch, pacer), instances: ec2Instances(aws.ec2) };
}

/**
 * The account options as command-line arguments again (for printed follow-up commands). Pure.
 *
 * @example
 * ```ts
 * accountArgs({ region: "eu-west-1" }); // ["--region", "eu-west-1"]
 * ```
 */
export function accountArgs(values: AccountValues): string[] {
  return [
    ...(values.profile ? ["--profile", values.profile] : []),
    ...(values.region ? ["--region", values.region] : []),
    ...(values["expect-account"] ? ["--expect-account", values["expect-account"]] : []),
  ];
}
