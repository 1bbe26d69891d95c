import assert from "node:assert/strict";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { CloudWatchClient, DescribeAlarmsCommand, PutMetricAlarmCommand } from "@aws-sdk/client-cloudwatch";
import { DescribeInstancesCommand, EC2Client } from "@aws-sdk/client-ec2";
import { startAwsFake } from "../support/aws_fake/mod.ts";
import { REPO_ROOT } from "../support/run_task.ts";
import { clientsFor, rejection, statusAlarm } from "./helpers.ts";

async function runFixture(env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--quiet",
      "--config",
      `${REPO_ROOT}/deno.json`,
      "-A",
      `${REPO_ROOT}/tests/aws_fake/fixtures/sdk_from_env.ts`,
    ],
    env: { NO_COLOR: "1", ...env },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const d = new TextDecoder();
  return { code: out.code, stdout: d.decode(out.stdout), stderr: d.decode(out.stderr) };
}

Deno.test("another process reaches the fake through fake.env(): AWS_ENDPOINT_URL, region and dummy keys", async () => {
  const fake = await startAwsFake({ rateLimits: false, accountId: "111122223333" });
  try {
    const id = fake.addInstance();
    const { cw } = clientsFor(fake);
    await cw.send(new PutMetricAlarmCommand(statusAlarm("a1", id, "StatusCheckFailed_Instance", [])));
    const env = fake.env();
    assert.equal(env.AWS_ENDPOINT_URL, fake.url);
    assert.match(fake.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const r = await runFixture(env);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), {
      account: "111122223333",
      arn: "arn:aws:iam::111122223333:user/hostmend-test",
      instances: [id],
      alarms: ["a1"],
    });
    assert.deepEqual(fake.calls.slice(1).map((c) => `${c.service}:${c.operation}`), [
      "sts:GetCallerIdentity",
      "ec2:DescribeInstances",
      "cloudwatch:DescribeAlarms",
    ]);
  } finally {
    await fake.close();
  }
});

Deno.test("the per-service endpoint variables take precedence over AWS_ENDPOINT_URL", async () => {
  const fake = await startAwsFake({ rateLimits: false });
  try {
    fake.addInstance();
    const env = { ...fake.env(), AWS_ENDPOINT_URL: "http://127.0.0.1:9" };
    const r = await runFixture(env);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).instances.length, 1);
  } finally {
    await fake.close();
  }
});

Deno.test("STS GetCallerIdentity answers per access key when identities are configured", async () => {
  const fake = await startAwsFake({
    rateLimits: false,
    accountId: "123456789012",
    identities: { AKIDPROD: { accountId: "999988887777", arn: "arn:aws:sts::999988887777:assumed-role/Admin/me" } },
  });
  try {
    const dev = await clientsFor(fake).sts.send(new GetCallerIdentityCommand({}));
    assert.equal(dev.Account, "123456789012");
    assert.equal(dev.Arn, "arn:aws:iam::123456789012:user/hostmend-test");
    const prod = await clientsFor(fake, { accessKeyId: "AKIDPROD" }).sts.send(new GetCallerIdentityCommand({}));
    assert.equal(prod.Account, "999988887777");
    assert.equal(prod.Arn, "arn:aws:sts::999988887777:assumed-role/Admin/me");
    assert.deepEqual(fake.writeCalls(), []);
  } finally {
    await fake.close();
  }
});

Deno.test("the standalone fake prints its URL and serves requests", async () => {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      `${REPO_ROOT}/tests/support/aws_fake/main.ts`,
      "--port",
      "0",
      "--instances",
      "2",
      "--account",
      "444455556666",
    ],
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  try {
    const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
    let text = "";
    while (!/export AWS_REGION=/.test(text)) {
      const { value, done } = await reader.read();
      if (done) break;
      text += value;
    }
    reader.releaseLock();
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(text)?.[1];
    assert.ok(url, text);
    assert.match(text, /export AWS_ENDPOINT_URL=http/);
    const { STSClient } = await import("@aws-sdk/client-sts");
    const sts = new STSClient({
      endpoint: url,
      region: "us-east-1",
      credentials: { accessKeyId: "x", secretAccessKey: "y" },
    });
    assert.equal((await sts.send(new GetCallerIdentityCommand({}))).Account, "444455556666");
  } finally {
    child.kill("SIGINT");
    await child.stdout.cancel().catch(() => {});
    await child.status;
  }
});

Deno.test("with known secrets the fake verifies SigV4: a wrong secret or an unknown key is refused as AWS does", async () => {
  const fake = await startAwsFake({
    rateLimits: false,
    identities: { AKIDGOOD: { accountId: "123456789012", secretAccessKey: "right-secret" } },
    rejectUnknownKeys: true,
  });
  try {
    fake.addInstance();
    const client = (accessKeyId: string, secretAccessKey: string) => {
      const config = { endpoint: fake.url, region: fake.region, credentials: { accessKeyId, secretAccessKey } };
      return { ec2: new EC2Client(config), cw: new CloudWatchClient(config), sts: new STSClient(config) };
    };
    const good = client("AKIDGOOD", "right-secret");
    assert.equal((await good.sts.send(new GetCallerIdentityCommand({}))).Account, "123456789012");
    assert.equal((await good.ec2.send(new DescribeInstancesCommand({}))).Reservations!.length, 1);
    await good.cw.send(new DescribeAlarmsCommand({}));

    const wrongSecret = client("AKIDGOOD", "wrong-secret");
    let e = await rejection(wrongSecret.sts.send(new GetCallerIdentityCommand({})));
    assert.equal(e.name, "SignatureDoesNotMatch");
    assert.equal(e.$metadata?.httpStatusCode, 403);
    e = await rejection(wrongSecret.cw.send(new DescribeAlarmsCommand({})));
    assert.equal(e.name, "SignatureDoesNotMatch");
    e = await rejection(wrongSecret.ec2.send(new DescribeInstancesCommand({})));
    assert.equal(e.name, "AuthFailure");
    assert.equal(e.message, "AWS was not able to validate the provided access credentials");

    const stranger = client("AKIDSTRANGER", "whatever");
    e = await rejection(stranger.sts.send(new GetCallerIdentityCommand({})));
    assert.equal(e.name, "InvalidClientTokenId");
    assert.equal(e.message, "The security token included in the request is invalid.");
    assert.deepEqual(
      fake.calls.map((c) => c.error ?? "ok"),
      ["ok", "ok", "ok", "SignatureDoesNotMatch", "SignatureDoesNotMatch", "AuthFailure", "InvalidClientTokenId"],
    );
  } finally {
    await fake.close();
  }
});
