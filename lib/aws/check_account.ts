// Account safety: before anything is written, say which account, partition, region and profile this is, and
// refuse the wrong account when the caller said which one it expects.

import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { ActionError } from "../cli/errors.ts";
import { type AwsContext, credentialsError } from "./aws_context.ts";

/** Who the credentials belong to, and how they were found. */
export interface AwsIdentity {
  account: string;
  arn: string;
  partition: string;
  region: string;
  /** The named profile, or undefined when none was named. */
  profile?: string;
  profileFrom?: "--profile" | "AWS_PROFILE";
  /** Where the standard chain found the credentials, e.g. `environment variables`, `instance role (IMDS)`. */
  source: string;
}

const SOURCES: [RegExp, string][] = [
  [/SSO/, "SSO"],
  [/STS_WEB_ID/, "web identity token"],
  [/PROCESS/, "credential_process"],
  [/SOURCE_PROFILE|NAMED_PROVIDER/, "assumed role of the profile"],
  [/^CREDENTIALS_ENV_VARS$/, "environment variables (AWS_ACCESS_KEY_ID)"],
  [/CREDENTIALS_PROFILE$/, "shared credentials/config file"],
  [/IMDS/, "instance role (IMDS)"],
  [/HTTP|FULL_URI|RELATIVE_URI/, "container role"],
  [/LOGIN/, "aws login"],
];

function describeSource(source: Record<string, unknown> | undefined): string {
  const keys = Object.keys(source ?? {});
  for (const [pattern, label] of SOURCES) if (keys.some((k) => pattern.test(k))) return label;
  return keys.length ? keys.join(", ") : "the default credential chain";
}

/**
 * Calls STS GetCallerIdentity and returns the identity; with `expectAccount`, any other account throws
 * {@linkcode ActionError} (exit 2) before anything is written. Missing or expired credentials throw an
 * `ActionError` that says how to get some. Needs `--allow-net`, `--allow-env`, `--allow-read`.
 *
 * @example
 * ```ts
 * const identity = await checkAccount(aws, { expectAccount: "123456789012" });
 * console.error(formatIdentity(identity));
 * ```
 */
export async function checkAccount(aws: AwsContext, options: { expectAccount?: string } = {}): Promise<AwsIdentity> {
  let out;
  let source: string;
  try {
    const creds = await aws.credentials();
    source = describeSource((creds as { $source?: Record<string, unknown> }).$source);
    out = await aws.sts.send(new GetCallerIdentityCommand({}));
  } catch (error) {
    throw credentialsError(error);
  }
  const identity: AwsIdentity = {
    account: out.Account ?? "",
    arn: out.Arn ?? "",
    partition: aws.partition,
    region: aws.region,
    ...(aws.profile ? { profile: aws.profile.name, profileFrom: aws.profile.from } : {}),
    source,
  };
  if (options.expectAccount !== undefined && identity.account !== options.expectAccount) {
    throw new ActionError(
      `Refusing to work in AWS account ${identity.account} (${identity.arn}): --expect-account is ${options.expectAccount}; ` +
        `check --profile, AWS_PROFILE and the AWS_* variables`,
    );
  }
  return identity;
}

/**
 * The line a task prints before any write: account, ARN, partition, region, and profile — or, with no profile
 * named, that the default chain chose the identity (and from where).
 *
 * @example
 * ```ts
 * formatIdentity(identity);
 * // "AWS account 123456789012 (arn:aws:iam::123456789012:user/ops), partition aws, region us-east-1, profile prod (--profile)"
 * ```
 */
export function formatIdentity(identity: AwsIdentity): string {
  const head =
    `AWS account ${identity.account} (${identity.arn}), partition ${identity.partition}, region ${identity.region}`;
  if (identity.profile) return `${head}, profile ${identity.profile} (${identity.profileFrom}; ${identity.source})`;
  return `${head}, no profile named: using the identity the default credential chain found in ${identity.source}`;
}
