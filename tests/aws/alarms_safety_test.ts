// Account safety and bad input: the wrong account is refused before any write, the identity is always said,
// endpoints and profiles come from the SDK's standard sources, and a user's mistake is one line with exit 64.

import assert from "node:assert/strict";
import { startAwsFake } from "../support/aws_fake/mod.ts";
import { runTask } from "../support/run_task.ts";

const FAST = { HOSTMEND_AWS_WRITE_RATE: "1000" };

Deno.test("--expect-account refuses another account with exit 2 before any write; the right one goes ahead", async () => {
  const fake = await startAwsFake({ rateLimits: false });
  try {
    fake.addInstance({ type: "m5.large" });
    const env = fake.env(FAST);
    const wrong = await runTask("alarms", ["ensure", "--all", "--expect-account", "111111111111"], { env });
    assert.equal(wrong.code, 2);
    assert.match(
      wrong.stderr,
      /^alarms: Refusing to work in AWS account 123456789012 \(arn:aws:[^)]*\): --expect-account is 111111111111/m,
    );
    assert.deepEqual(fake.writeCalls(), []);
    assert.deepEqual(fake.calls.map((c) => c.operation), ["GetCallerIdentity"], "nothing but the identity was asked");

    const routes = await runTask("route-failover", [
      "--vpc",
      "vpc-0a1b2c3d",
      "--from",
      "eni-0aaaaaaa",
      "--to",
      "eni-0bbbbbbb",
      "--expect-account",
      "111111111111",
    ], { env });
    assert.equal(routes.code, 2);
    assert.match(routes.stderr, /Refusing to work in AWS account 123456789012/);

    const right = await runTask("alarms", ["ensure", "--all", "--expect-account", "123456789012"], { env });
    assert.equal(right.code, 0, right.stderr);
    assert.equal(fake.alarms().length, 2);
  } finally {
    await fake.close();
  }
});

Deno.test("a named profile is used and said; per-service endpoint variables win over AWS_ENDPOINT_URL", async () => {
  const fake = await startAwsFake({
    rateLimits: false,
    identities: { AKIDOPSPROFILE: { accountId: "210987654321", arn: "arn:aws:iam::210987654321:user/ops" } },
  });
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(
      `${dir}/credentials`,
      "[ops]\naws_access_key_id = AKIDOPSPROFILE\naws_secret_access_key = s\n",
    );
    await Deno.writeTextFile(`${dir}/config`, "[profile ops]\nregion = us-east-1\n");
    const env: Record<string, string> = fake.env({
      ...FAST,
      AWS_SHARED_CREDENTIALS_FILE: `${dir}/credentials`,
      AWS_CONFIG_FILE: `${dir}/config`,
      // Nothing listens on port 9: only the per-service variables lead to the fake.
      AWS_ENDPOINT_URL: "http://127.0.0.1:9",
    });
    // The profile alone gives credentials and region.
    for (const name of ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION"]) delete env[name];
    const flag = await runTask("alarms", ["list", "--profile", "ops", "--json"], { env });
    assert.equal(flag.code, 0, flag.stderr);
    assert.equal(JSON.parse(flag.stdout).identity.account, "210987654321");
    assert.match(
      flag.stderr,
      /AWS account 210987654321 \(arn:aws:iam::210987654321:user\/ops\), partition aws, region us-east-1, profile ops \(--profile; shared credentials\/config file\)/,
    );
    const viaEnv = await runTask("alarms", ["list"], { env: { ...env, AWS_PROFILE: "ops" } });
    assert.equal(viaEnv.code, 0, viaEnv.stderr);
    assert.match(viaEnv.stderr, /profile ops \(AWS_PROFILE; /);
    assert.match(viaEnv.stdout, /no alarms found/);
  } finally {
    await fake.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("AWS_ENDPOINT_URL alone points every client at the emulator", async () => {
  const fake = await startAwsFake({ rateLimits: false });
  try {
    fake.addInstance({ type: "m5.large" });
    const env = fake.env({
      ...FAST,
      AWS_ENDPOINT_URL_EC2: "",
      AWS_ENDPOINT_URL_CLOUDWATCH: "",
      AWS_ENDPOINT_URL_STS: "",
    });
    const r = await runTask("alarms", ["ensure", "--all"], { env });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(fake.alarms().length, 2);
    assert.deepEqual([...new Set(fake.calls.map((c) => c.service))].sort(), ["cloudwatch", "ec2", "sts"]);
  } finally {
    await fake.close();
  }
});

Deno.test("an unreachable endpoint is one line and exit 2, not a stack trace", async () => {
  const fake = await startAwsFake({ rateLimits: false });
  try {
    const down = "http://127.0.0.1:9";
    const env = fake.env({
      AWS_ENDPOINT_URL: down,
      AWS_ENDPOINT_URL_EC2: down,
      AWS_ENDPOINT_URL_CLOUDWATCH: down,
      AWS_ENDPOINT_URL_STS: down,
      HOSTMEND_AWS_MAX_ATTEMPTS: "1",
    });
    const r = await runTask("alarms", ["list"], { env });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^alarms: Cannot reach AWS STS to check the account: .*ECONNREFUSED/);
    assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
    // STS reachable, EC2 not: the failing call is reported the same way.
    const ec2Down = await runTask("route-failover", [
      "--vpc",
      "vpc-0a1b2c3d",
      "--from",
      "eni-0aaaaaaa",
      "--to",
      "eni-0bbbbbbb",
    ], {
      env: fake.env({ AWS_ENDPOINT_URL_EC2: down, HOSTMEND_AWS_MAX_ATTEMPTS: "1" }),
    });
    assert.equal(ec2Down.code, 2);
    assert.match(
      ec2Down.stderr,
      /route-failover: AWS call failed: .*ECONNREFUSED.*: check the network, --region and AWS_ENDPOINT_URL$/m,
    );
    assert.equal(ec2Down.stderr.trim().split("\n").length, 2, "the identity line, then the error");
  } finally {
    await fake.close();
  }
});

Deno.test("bad input: exit 64, one line on stderr, and not a single AWS call", async () => {
  const fake = await startAwsFake({ rateLimits: false });
  try {
    const env = fake.env(FAST);
    const cases: [string, string[], RegExp][] = [
      ["alarms", [], /Missing subcommand: use deno task alarms <ensure\|list\|mute\|unmute\|drill>/],
      ["alarms", ["frob"], /Unknown subcommand "frob"/],
      ["alarms", ["ensure"], /Missing scope: give one of --instance, --tag, --all/],
      ["alarms", ["ensure", "--all", "--tag", "Role=web"], /Give only one of/],
      ["alarms", ["ensure", "--instance", "web1"], /Invalid --instance "web1"/],
      ["alarms", ["ensure", "--tag", "Role"], /Invalid --tag: "Role" is not KEY=VALUE/],
      ["alarms", ["ensure", "--all", "--period", "45"], /Invalid --period: "45" must be 10, 30 or a multiple of 60/],
      ["alarms", ["ensure", "--all", "--notify", "ops"], /Invalid --notify "ops"/],
      ["alarms", ["ensure", "--all", "--bogus"], /Unknown option "--bogus"/],
      [
        "alarms",
        ["ensure", "--all", "--notify", "arn:aws:sns:eu-west-1:123456789012:ops"],
        /can only notify a topic of its own region, aws us-east-1/,
      ],
      [
        "alarms",
        ["ensure", "--all", "--system-metric", "StatusCheckFailed"],
        /The EC2 'Recover' action can only be defined on the 'StatusCheckFailed_System' metric and 'AWS\/EC2' namespace\./,
      ],
      ["alarms", ["ensure", "--all", "--expect-account", "12"], /Invalid --expect-account "12"/],
      ["alarms", ["mute", "--all", "--for", "soon"], /Invalid --for: Cannot parse duration "soon"/],
      ["alarms", ["unmute", "--expired", "--all"], /Give either --expired or a scope/],
      ["alarms", ["drill"], /Missing --alarm/],
      ["route-failover", [], /Missing --vpc/],
      [
        "route-failover",
        ["--vpc", "vpc-0a1b2c3d", "--from", "eni-0aaaaaaa", "--to", "eni-0aaaaaaa"],
        /both eni-0aaaaaaa/,
      ],
      [
        "route-failover",
        ["--vpc", "default", "--from", "eni-0aaaaaaa", "--to", "eni-0bbbbbbb"],
        /Invalid --vpc "default"/,
      ],
    ];
    for (const [task, args, message] of cases) {
      const r = await runTask(task, args, { env });
      assert.equal(r.code, 64, `${task} ${args.join(" ")}: ${r.stderr}`);
      assert.match(r.stderr, message);
      assert.equal(r.stderr.trim().split("\n").length, 1, `one line: ${r.stderr}`);
    }
    assert.deepEqual(fake.calls, []);
    const noRegion = await runTask("alarms", ["list"], { env: { ...env, AWS_REGION: "" } });
    assert.equal(noRegion.code, 64);
    assert.match(noRegion.stderr, /No AWS region: give --region, set AWS_REGION/);
  } finally {
    await fake.close();
  }
});

Deno.test("alarms --help lists the subcommands; each subcommand has its own help", async () => {
  const top = await runTask("alarms", ["--help"]);
  assert.equal(top.code, 0);
  for (const sub of ["ensure", "list", "mute", "unmute", "drill"]) {
    assert.match(top.stdout, new RegExp(`^  ${sub} `, "m"));
  }
  const ensure = await runTask("alarms", ["ensure", "--help"]);
  assert.equal(ensure.code, 0);
  assert.match(ensure.stdout, /^alarms ensure: /);
  assert.match(ensure.stdout, /--expect-account ID/);
  const drill = await runTask("alarms", ["drill", "-h"]);
  assert.match(drill.stdout, /--yes/);
});
