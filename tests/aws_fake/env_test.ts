import assert from "node:assert/strict";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { PutMetricAlarmCommand } from "@aws-sdk/client-cloudwatch";
import { startAwsFake } from "../support/aws_fake/mod.ts";
import { REPO_ROOT } from "../support/run_task.ts";
import { clientsFor, statusAlarm } from "./helpers.ts";

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
