import assert from "node:assert/strict";
import { ActionError } from "../../lib/cli/errors.ts";
import { awsActionError, awsErrorText } from "../../lib/aws/aws_context.ts";
import { formatIdentity } from "../../lib/aws/check_account.ts";
import { writeRateFromEnv } from "../../lib/aws/pacer.ts";

const base = {
  account: "123456789012",
  arn: "arn:aws:iam::123456789012:user/ops",
  partition: "aws",
  region: "eu-west-1",
};

Deno.test("the identity line names account, ARN, partition, region and the profile or the chain's choice", () => {
  assert.equal(
    formatIdentity({ ...base, profile: "prod", profileFrom: "--profile", source: "SSO" }),
    "AWS account 123456789012 (arn:aws:iam::123456789012:user/ops), partition aws, region eu-west-1, " +
      "profile prod (--profile; SSO)",
  );
  assert.equal(
    formatIdentity({ ...base, source: "instance role (IMDS)" }),
    "AWS account 123456789012 (arn:aws:iam::123456789012:user/ops), partition aws, region eu-west-1, " +
      "no profile named: using the identity the default credential chain found in instance role (IMDS)",
  );
});

Deno.test("AWS service and network errors become one-line ActionErrors; others pass through", () => {
  const service = Object.assign(new Error("User is not authorized to perform: cloudwatch:PutMetricAlarm"), {
    name: "AccessDenied",
    $metadata: { httpStatusCode: 403 },
  });
  const mapped = awsActionError(service);
  assert.ok(mapped instanceof ActionError);
  assert.equal(
    mapped.message,
    "AWS call failed: AccessDenied: User is not authorized to perform: cloudwatch:PutMetricAlarm: " +
      "check the permissions of the identity printed above",
  );
  const bug = new TypeError("x is undefined");
  assert.equal(awsActionError(bug), bug);
  assert.equal(awsErrorText(new Error("first\nsecond")), "first");
});

Deno.test("HOSTMEND_AWS_WRITE_RATE sets the write pace, 3 per second by default", () => {
  const saved = Deno.env.get("HOSTMEND_AWS_WRITE_RATE");
  try {
    Deno.env.delete("HOSTMEND_AWS_WRITE_RATE");
    assert.equal(writeRateFromEnv(), 3);
    Deno.env.set("HOSTMEND_AWS_WRITE_RATE", "250");
    assert.equal(writeRateFromEnv(), 250);
    Deno.env.set("HOSTMEND_AWS_WRITE_RATE", "fast");
    assert.throws(() => writeRateFromEnv(), { name: "RangeError", message: /not a positive number/ });
  } finally {
    if (saved === undefined) Deno.env.delete("HOSTMEND_AWS_WRITE_RATE");
    else Deno.env.set("HOSTMEND_AWS_WRITE_RATE", saved);
  }
});
