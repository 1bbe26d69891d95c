// The AWS edge: SDK clients built from the standard credential chain, region and endpoints as the SDK resolves
// them (so AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE> point the same CLI at any emulator).

import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { EC2Client } from "@aws-sdk/client-ec2";
import { STSClient } from "@aws-sdk/client-sts";
import { fromNodeProviderChain } from "@aws-sdk/credential-providers";
import { ActionError, UsageError } from "../cli/errors.ts";
import { partitionForRegion } from "./partition.ts";

/** The clients and facts every AWS task works with. */
export interface AwsContext {
  region: string;
  partition: string;
  /** The profile in use, and where it came from; undefined when none was named. */
  profile?: { name: string; from: "--profile" | "AWS_PROFILE" };
  credentials: ReturnType<typeof fromNodeProviderChain>;
  ec2: EC2Client;
  cloudwatch: CloudWatchClient;
  sts: STSClient;
}

/** Options of {@linkcode createAwsContext}. */
export interface AwsContextOptions {
  profile?: string;
  region?: string;
}

/**
 * SDK attempts per call (first try included): `HOSTMEND_AWS_MAX_ATTEMPTS`, default 10 — enough to ride out a
 * throttling storm with the SDK's standard backoff.
 */
function maxAttempts(): number {
  const n = Number(Deno.env.get("HOSTMEND_AWS_MAX_ATTEMPTS") || 10);
  return Number.isInteger(n) && n > 0 ? n : 10;
}

/**
 * Builds EC2, CloudWatch and STS clients. Credentials come from the SDK's standard chain
 * (`fromNodeProviderChain`: environment, `--profile`/`AWS_PROFILE` with SSO, assume-role and credential_process,
 * web identity, container and instance roles); the region from `--region`, else `AWS_REGION` or the profile.
 * Endpoints are left to the SDK, which honours `AWS_ENDPOINT_URL`, `AWS_ENDPOINT_URL_EC2`,
 * `AWS_ENDPOINT_URL_CLOUDWATCH`, `AWS_ENDPOINT_URL_STS` and `endpoint_url` in the profile.
 * Throws {@linkcode UsageError} when no region can be found. Needs `--allow-env`, `--allow-read` (~/.aws),
 * `--allow-net` and `--allow-sys` (the SDK reads the OS name for its user agent).
 *
 * @example
 * ```ts
 * const aws = await createAwsContext({ profile: values.profile, region: values.region });
 * ```
 */
export async function createAwsContext(options: AwsContextOptions = {}): Promise<AwsContext> {
  const envProfile = Deno.env.get("AWS_PROFILE");
  const profile = options.profile
    ? { name: options.profile, from: "--profile" as const }
    : envProfile
    ? { name: envProfile, from: "AWS_PROFILE" as const }
    : undefined;
  const credentials = fromNodeProviderChain(profile ? { profile: profile.name } : {});
  const common = {
    ...(options.region ? { region: options.region } : {}),
    ...(profile ? { profile: profile.name } : {}),
    credentials,
    maxAttempts: maxAttempts(),
    retryMode: "standard",
  };
  const sts = new STSClient(common);
  let region: string;
  try {
    region = await sts.config.region();
  } catch (error) {
    throw new UsageError("No AWS region: give --region, set AWS_REGION, or set region in the profile", {
      cause: error,
    });
  }
  if (!region) throw new UsageError("No AWS region: give --region, set AWS_REGION, or set region in the profile");
  let partition: string;
  try {
    partition = partitionForRegion(region);
  } catch (error) {
    throw new UsageError(`Invalid region: ${(error as Error).message}`, { cause: error });
  }
  const withRegion = { ...common, region };
  return {
    region,
    partition,
    ...(profile ? { profile } : {}),
    credentials,
    sts,
    ec2: new EC2Client(withRegion),
    cloudwatch: new CloudWatchClient(withRegion),
  };
}

/**
 * One line for an AWS SDK error: its code and message (`ValidationError: …`), for {@linkcode ActionError}s.
 *
 * @example
 * ```ts
 * throw new ActionError(`PutMetricAlarm ${name} failed: ${awsErrorText(error)}`);
 * ```
 */
export function awsErrorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const line = (error.message || "").split("\n")[0];
  return error.name && error.name !== "Error" ? `${error.name}: ${line}` : line ?? String(error);
}

/**
 * Turns a failure to resolve credentials or reach AWS into an {@linkcode ActionError} with the next step.
 *
 * @example
 * ```ts
 * try { await sts.send(cmd); } catch (e) { throw credentialsError(e); }
 * ```
 */
export function credentialsError(error: unknown): ActionError {
  const text = awsErrorText(error);
  if (/credential|Could not load|token|SSO/i.test(text)) {
    return new ActionError(
      `No usable AWS credentials (${text}): give --profile, set AWS_PROFILE, run aws sso login, or use an instance role`,
      { cause: error },
    );
  }
  return new ActionError(`Cannot reach AWS STS to check the account: ${text}`, { cause: error });
}

/**
 * Turns an error from an AWS call (an SDK service exception, a connection failure or timeout) into an
 * {@linkcode ActionError} (exit 2) with one line; other errors are returned as they are.
 *
 * @example
 * ```ts
 * try { await work(); } catch (error) { throw awsActionError(error); }
 * ```
 */
export function awsActionError(error: unknown): unknown {
  if (error instanceof ActionError || error instanceof UsageError || !(error instanceof Error)) return error;
  const service = "$metadata" in error || "$fault" in error;
  const network = /ECONNREFUSED|ECONNRESET|ENOTFOUND|ETIMEDOUT|TimeoutError|socket hang up|fetch failed/i
    .test(`${error.name} ${error.message} ${(error as { code?: string }).code ?? ""}`);
  if (!service && !network) return error;
  const hint = network
    ? "check the network, --region and AWS_ENDPOINT_URL"
    : "check the permissions of the identity printed above";
  return new ActionError(`AWS call failed: ${awsErrorText(error)}: ${hint}`, { cause: error });
}
