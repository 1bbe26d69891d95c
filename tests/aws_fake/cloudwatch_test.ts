import assert from "node:assert/strict";
import {
  DeleteAlarmsCommand,
  DescribeAlarmHistoryCommand,
  DescribeAlarmsCommand,
  DisableAlarmActionsCommand,
  EnableAlarmActionsCommand,
  ListTagsForResourceCommand,
  paginateDescribeAlarms,
  PutMetricAlarmCommand,
  SetAlarmStateCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from "@aws-sdk/client-cloudwatch";
import { RECOVER_METRIC_MESSAGE, startAwsFake } from "../support/aws_fake/mod.ts";
import { clientsFor, rejection, statusAlarm } from "./helpers.ts";

const RECOVER = "arn:aws:automate:us-east-1:ec2:recover";
const REBOOT = "arn:aws:automate:us-east-1:ec2:reboot";
const TOPIC = "arn:aws:sns:us-east-1:123456789012:ops";

Deno.test("the CloudWatch client speaks JSON 1.0 in query-compatible mode to the fake", async () => {
  const fake = await startAwsFake({ rateLimits: false });
  const seen: Record<string, string | null>[] = [];
  try {
    const i = fake.addInstance();
    const { cw } = clientsFor(fake);
    cw.middlewareStack.add((next) => (args) => {
      const h = (args.request as { headers: Record<string, string> }).headers;
      seen.push({
        target: h["x-amz-target"] ?? null,
        type: h["content-type"] ?? null,
        mode: h["x-amzn-query-mode"] ?? null,
      });
      return next(args);
    }, { step: "finalizeRequest" });
    await cw.send(new PutMetricAlarmCommand(statusAlarm("a", i, "StatusCheckFailed_System", [RECOVER])));
    assert.deepEqual(seen, [{
      target: "GraniteServiceVersion20100801.PutMetricAlarm",
      type: "application/x-amz-json-1.0",
      mode: "true",
    }]);
    assert.deepEqual(fake.calls.map((c) => [c.service, c.operation, c.write]), [[
      "cloudwatch",
      "PutMetricAlarm",
      true,
    ]]);
    assert.equal((fake.calls[0]!.params as { AlarmName: string }).AlarmName, "a");
  } finally {
    await fake.close();
  }
});

Deno.test("PutMetricAlarm creates and updates; DescribeAlarms returns the alarm as stored", async () => {
  const fake = await startAwsFake({ rateLimits: false });
  try {
    const i = fake.addInstance();
    const { cw } = clientsFor(fake);
    await cw.send(
      new PutMetricAlarmCommand({
        ...statusAlarm("sys", i, "StatusCheckFailed_System", [RECOVER, TOPIC]),
        AlarmDescription: "d",
      }),
    );
    const [alarm] = (await cw.send(new DescribeAlarmsCommand({ AlarmNames: ["sys"] }))).MetricAlarms!;
    assert.equal(alarm!.AlarmName, "sys");
    assert.equal(alarm!.AlarmArn, "arn:aws:cloudwatch:us-east-1:123456789012:alarm:sys");
    assert.equal(alarm!.StateValue, "INSUFFICIENT_DATA");
    assert.equal(alarm!.ActionsEnabled, true);
    assert.deepEqual(alarm!.AlarmActions, [RECOVER, TOPIC]);
    assert.deepEqual(alarm!.Dimensions, [{ Name: "InstanceId", Value: i }]);
    assert.equal(alarm!.Threshold, 1);
    assert.equal(alarm!.AlarmDescription, "d");
    assert.ok(alarm!.AlarmConfigurationUpdatedTimestamp instanceof Date);
    await cw.send(
      new PutMetricAlarmCommand({
        ...statusAlarm("sys", i, "StatusCheckFailed_System", [RECOVER]),
        EvaluationPeriods: 3,
      }),
    );
    assert.equal(fake.alarm("sys")!.EvaluationPeriods, 3);
    assert.deepEqual(fake.alarm("sys")!.AlarmActions, [RECOVER]);
    assert.equal(fake.alarms().length, 1);
  } finally {
    await fake.close();
  }
});

Deno.test("PutMetricAlarm refuses recover on any metric but StatusCheckFailed_System in AWS/EC2, in AWS's words", async () => {
  const fake = await startAwsFake({ rateLimits: false });
  try {
    const i = fake.addInstance();
    const { cw } = clientsFor(fake);
    for (const metric of ["StatusCheckFailed_Instance", "StatusCheckFailed"] as const) {
      const e = await rejection(cw.send(new PutMetricAlarmCommand(statusAlarm("x", i, metric, [RECOVER]))));
      assert.equal(e.name, "ValidationException");
      assert.equal(e.Code, "ValidationError");
      assert.equal(e.message, RECOVER_METRIC_MESSAGE);
      assert.equal(
        e.message,
        "The EC2 'Recover' action can only be defined on the 'StatusCheckFailed_System' metric and 'AWS/EC2' namespace.",
      );
      assert.equal(e.$metadata?.httpStatusCode, 400);
    }
    const otherNs = await rejection(
      cw.send(
        new PutMetricAlarmCommand({
          ...statusAlarm("x", i, "StatusCheckFailed_System", [RECOVER]),
          Namespace: "Custom/EC2",
        }),
      ),
    );
    assert.equal(otherNs.message, RECOVER_METRIC_MESSAGE);
    // reboot is fine on the instance check
    await cw.send(new PutMetricAlarmCommand(statusAlarm("ok", i, "StatusCheckFailed_Instance", [REBOOT])));
    assert.deepEqual(fake.alarms().map((a) => a.AlarmName), ["ok"]);
  } finally {
    await fake.close();
  }
});

Deno.test("PutMetricAlarm enforces at most 5 actions per state", async () => {
  const fake = await startAwsFake({ rateLimits: false });
  try {
    const i = fake.addInstance();
    const { cw } = clientsFor(fake);
    const six = Array.from({ length: 6 }, (_, n) => `arn:aws:sns:us-east-1:123456789012:t${n}`);
    for (const key of ["AlarmActions", "OKActions", "InsufficientDataActions"] as const) {
      const e = await rejection(
        cw.send(new PutMetricAlarmCommand({ ...statusAlarm("x", i, "StatusCheckFailed_Instance", []), [key]: six })),
      );
      assert.equal(e.name, "ValidationException");
      assert.equal(e.Code, "ValidationError");
      const member = key === "OKActions" ? "oKActions" : key[0]!.toLowerCase() + key.slice(1);
      assert.equal(
        e.message,
        `1 validation error detected: Value '[${
          six.join(", ")
        }]' at '${member}' failed to satisfy constraint: Member must have length less than or equal to 5`,
      );
    }
    await cw.send(
      new PutMetricAlarmCommand({ ...statusAlarm("five", i, "StatusCheckFailed_Instance", six.slice(0, 5)) }),
    );
    assert.equal(fake.alarm("five")!.AlarmActions.length, 5);
  } finally {
    await fake.close();
  }
});

Deno.test("PutMetricAlarm checks action ARNs: shape, partition, region, and EC2 actions only on an instance", async () => {
  const fake = await startAwsFake({ rateLimits: false });
  try {
    const i = fake.addInstance();
    const { cw } = clientsFor(fake);
    const put = (actions: string[], extra: Record<string, unknown> = {}) =>
      rejection(
        cw.send(new PutMetricAlarmCommand({ ...statusAlarm("x", i, "StatusCheckFailed_System", actions), ...extra })),
      );
    let e = await put(["arn:aws:automate:us-east-1:ec2:explode"]);
    assert.equal(e.Code, "ValidationError");
    assert.equal(e.message, "Invalid arn syntax: arn:aws:automate:us-east-1:ec2:explode");
    e = await put(["arn:aws-cn:automate:us-east-1:ec2:recover"]);
    assert.equal(e.message, "Invalid partition aws-cn specified. Only aws is supported.");
    e = await put(["arn:aws:automate:eu-west-1:ec2:recover"]);
    assert.equal(e.message, "Invalid region eu-west-1 specified. Only us-east-1 is supported.");
    e = await put([REBOOT], { Dimensions: [{ Name: "AutoScalingGroupName", Value: "g" }] });
    assert.equal(
      e.message,
      "Invalid use of EC2 action. An EC2 action can only be used if the alarm is monitoring an EC2 instance.",
    );
    e = await put(["arn:aws:sns:us-east-1:123456789012:ops"], { Statistic: "Median" });
    assert.equal(e.name, "ValidationException");
    assert.match(e.message, /at 'statistic' failed to satisfy constraint: Member must satisfy enum value set/);
    e = await put([], { Period: 45 });
    assert.equal(e.message, "Period must be 10, 20, 30 or a multiple of 60");
    e = await put([], { EvaluationPeriods: 0 });
    assert.match(e.message, /at 'evaluationPeriods' failed to satisfy constraint/);
    assert.equal(fake.alarms().length, 0);
  } finally {
    await fake.close();
  }
});

Deno.test("the region and partition of the automate ARN follow the fake's region (aws-us-gov, aws-cn)", async () => {
  for (const [region, partition] of [["us-gov-west-1", "aws-us-gov"], ["cn-north-1", "aws-cn"]] as const) {
    const fake = await startAwsFake({ rateLimits: false, region });
    try {
      const i = fake.addInstance();
      assert.equal(fake.partition, partition);
      const { cw } = clientsFor(fake);
      await cw.send(
        new PutMetricAlarmCommand(
          statusAlarm("s", i, "StatusCheckFailed_System", [`arn:${partition}:automate:${region}:ec2:recover`]),
        ),
      );
      const e = await rejection(
        cw.send(
          new PutMetricAlarmCommand(
            statusAlarm("t", i, "StatusCheckFailed_System", [`arn:aws:automate:${region}:ec2:recover`]),
          ),
        ),
      );
      assert.equal(e.message, `Invalid partition aws specified. Only ${partition} is supported.`);
    } finally {
      await fake.close();
    }
  }
});

Deno.test("DescribeAlarms: names (at most 100), prefix, state, MaxRecords 1..100 and NextToken paging", async () => {
  const fake = await startAwsFake({ rateLimits: false });
  try {
    const i = fake.addInstance();
    const { cw } = clientsFor(fake);
    for (let n = 0; n < 130; n++) {
      const name = `${n < 120 ? "hm" : "other"}-${String(n).padStart(3, "0")}`;
      await cw.send(new PutMetricAlarmCommand(statusAlarm(name, i, "StatusCheckFailed_Instance", [REBOOT])));
    }
    const byName = await cw.send(new DescribeAlarmsCommand({ AlarmNames: ["hm-005", "other-125", "missing"] }));
    assert.deepEqual(byName.MetricAlarms!.map((a) => a.AlarmName), ["hm-005", "other-125"]);

    const firstPage = await cw.send(new DescribeAlarmsCommand({ AlarmNamePrefix: "hm-" }));
    assert.equal(firstPage.MetricAlarms!.length, 50, "MaxRecords defaults to 50");
    assert.ok(firstPage.NextToken);

    const names: string[] = [];
    let pages = 0;
    for await (const page of paginateDescribeAlarms({ client: cw, pageSize: 100 }, { AlarmNamePrefix: "hm-" })) {
      pages++;
      names.push(...page.MetricAlarms!.map((a) => a.AlarmName!));
    }
    assert.equal(pages, 2);
    assert.equal(names.length, 120);
    assert.deepEqual(names, [...names].sort());

    const tooMany = Array.from({ length: 101 }, (_, n) => `hm-${String(n).padStart(3, "0")}`);
    let e = await rejection(cw.send(new DescribeAlarmsCommand({ AlarmNames: tooMany })));
    assert.equal(e.name, "ValidationException");
    assert.match(
      e.message,
      /at 'alarmNames' failed to satisfy constraint: Member must have length less than or equal to 100$/,
    );
    e = await rejection(cw.send(new DescribeAlarmsCommand({ MaxRecords: 101 })));
    assert.equal(
      e.message,
      "1 validation error detected: Value '101' at 'maxRecords' failed to satisfy constraint: Member must have value less than or equal to 100",
    );
    e = await rejection(cw.send(new DescribeAlarmsCommand({ MaxRecords: 0 })));
    assert.match(e.message, /greater than or equal to 1/);
    e = await rejection(cw.send(new DescribeAlarmsCommand({ NextToken: "garbage" })));
    assert.equal(e.name, "InvalidNextToken");

    await cw.send(new SetAlarmStateCommand({ AlarmName: "hm-001", StateValue: "OK", StateReason: "test" }));
    const ok = await cw.send(new DescribeAlarmsCommand({ StateValue: "OK" }));
    assert.deepEqual(ok.MetricAlarms!.map((a) => a.AlarmName), ["hm-001"]);
  } finally {
    await fake.close();
  }
});

Deno.test("DeleteAlarms deletes up to 100 names; an unknown name deletes nothing", async () => {
  const fake = await startAwsFake({ rateLimits: false });
  try {
    const i = fake.addInstance();
    const { cw } = clientsFor(fake);
    for (const n of ["a", "b", "c"]) {
      await cw.send(new PutMetricAlarmCommand(statusAlarm(n, i, "StatusCheckFailed_Instance", [REBOOT])));
    }
    const e = await rejection(cw.send(new DeleteAlarmsCommand({ AlarmNames: ["a", "nope"] })));
    assert.equal(e.name, "ResourceNotFound");
    assert.equal(fake.alarms().length, 3);
    const tooMany = await rejection(
      cw.send(new DeleteAlarmsCommand({ AlarmNames: Array.from({ length: 101 }, (_, n) => `x${n}`) })),
    );
    assert.equal(tooMany.Code, "ValidationError");
    assert.match(tooMany.message, /at 'alarmNames'.*less than or equal to 100/);
    await cw.send(new DeleteAlarmsCommand({ AlarmNames: ["a", "b"] }));
    assert.deepEqual(fake.alarms().map((a) => a.AlarmName), ["c"]);
    assert.deepEqual(fake.writeCalls().filter((c) => !c.error).map((c) => c.operation), [
      "PutMetricAlarm",
      "PutMetricAlarm",
      "PutMetricAlarm",
      "DeleteAlarms",
    ]);
  } finally {
    await fake.close();
  }
});

Deno.test("DisableAlarmActions / EnableAlarmActions flip ActionsEnabled (at most 100 names)", async () => {
  const fake = await startAwsFake({ rateLimits: false });
  try {
    const i = fake.addInstance();
    const { cw } = clientsFor(fake);
    for (const n of ["a", "b"]) {
      await cw.send(new PutMetricAlarmCommand(statusAlarm(n, i, "StatusCheckFailed_Instance", [REBOOT])));
    }
    await cw.send(new DisableAlarmActionsCommand({ AlarmNames: ["a", "b", "unknown-is-ignored"] }));
    assert.deepEqual(fake.alarms().map((a) => a.ActionsEnabled), [false, false]);
    await cw.send(new EnableAlarmActionsCommand({ AlarmNames: ["b"] }));
    assert.deepEqual(fake.alarms().map((a) => a.ActionsEnabled), [false, true]);
    const described = await cw.send(new DescribeAlarmsCommand({ AlarmNames: ["a"] }));
    assert.equal(described.MetricAlarms![0]!.ActionsEnabled, false);
    const names = Array.from({ length: 101 }, (_, n) => `x${n}`);
    for (
      const cmd of [
        new DisableAlarmActionsCommand({ AlarmNames: names }),
        new EnableAlarmActionsCommand({ AlarmNames: names }),
      ]
    ) {
      const e = await rejection(cw.send(cmd as DisableAlarmActionsCommand));
      assert.equal(e.Code, "ValidationError");
    }
  } finally {
    await fake.close();
  }
});

Deno.test("SetAlarmState fires the actions of the new state, as on AWS; unknown alarm is ResourceNotFound", async () => {
  const fake = await startAwsFake({ rateLimits: false });
  try {
    const i = fake.addInstance();
    const { cw } = clientsFor(fake);
    await cw.send(
      new PutMetricAlarmCommand(statusAlarm("reboot-me", i, "StatusCheckFailed_Instance", [REBOOT, TOPIC])),
    );
    await cw.send(new SetAlarmStateCommand({ AlarmName: "reboot-me", StateValue: "ALARM", StateReason: "drill" }));
    assert.equal(fake.alarm("reboot-me")!.StateValue, "ALARM");
    assert.equal(fake.instance(i).rebootCount, 1);
    assert.deepEqual(fake.notifications.map((n) => [n.topicArn, n.state]), [[TOPIC, "ALARM"]]);
    assert.deepEqual(fake.actions.map((a) => [a.kind, a.ok]), [["reboot", true], ["sns", true]]);
    const history = await cw.send(
      new DescribeAlarmHistoryCommand({ AlarmName: "reboot-me", HistoryItemType: "Action" }),
    );
    assert.equal(history.AlarmHistoryItems!.length, 2);
    const e = await rejection(
      cw.send(new SetAlarmStateCommand({ AlarmName: "nope", StateValue: "ALARM", StateReason: "x" })),
    );
    assert.equal(e.name, "ResourceNotFound");
    const bad = await rejection(
      cw.send(
        new SetAlarmStateCommand({
          AlarmName: "reboot-me",
          StateValue: "ALARM",
          StateReason: "x",
          StateReasonData: "{",
        }),
      ),
    );
    assert.equal(bad.name, "InvalidFormatFault");
  } finally {
    await fake.close();
  }
});

Deno.test("CloudWatch awsQuery (form/XML) requests work too, for older tools", async () => {
  const fake = await startAwsFake({ rateLimits: false });
  try {
    const i = fake.addInstance();
    const post = (params: Record<string, string>) =>
      fetch(fake.url, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ Version: "2010-08-01", ...params }),
      });
    const put = await post({
      Action: "PutMetricAlarm",
      AlarmName: "q",
      MetricName: "StatusCheckFailed_Instance",
      Namespace: "AWS/EC2",
      Statistic: "Maximum",
      Period: "60",
      EvaluationPeriods: "2",
      Threshold: "1",
      ComparisonOperator: "GreaterThanOrEqualToThreshold",
      "Dimensions.member.1.Name": "InstanceId",
      "Dimensions.member.1.Value": i,
      "AlarmActions.member.1": REBOOT,
    });
    assert.equal(put.status, 200, await put.clone().text());
    await put.body?.cancel();
    assert.deepEqual(fake.alarm("q")!.AlarmActions, [REBOOT]);
    const desc = await post({ Action: "DescribeAlarms", "AlarmNames.member.1": "q" });
    const xml = await desc.text();
    assert.match(xml, /<DescribeAlarmsResponse xmlns="http:\/\/monitoring\.amazonaws\.com\/doc\/2010-08-01\/">/);
    assert.match(xml, /<MetricAlarms><member><AlarmName>q<\/AlarmName>/);
    const bad = await post({ Action: "DeleteAlarms", "AlarmNames.member.1": "nope" });
    assert.equal(bad.status, 404);
    assert.match(await bad.text(), /<Error><Type>Sender<\/Type><Code>ResourceNotFound<\/Code>/);
  } finally {
    await fake.close();
  }
});

Deno.test("alarm tags: set on creation, kept on update, changed with TagResource/UntagResource", async () => {
  const fake = await startAwsFake({ rateLimits: false });
  try {
    const i = fake.addInstance();
    const { cw } = clientsFor(fake);
    await cw.send(
      new PutMetricAlarmCommand({
        ...statusAlarm("t", i, "StatusCheckFailed_Instance", [REBOOT]),
        Tags: [{ Key: "managed-by", Value: "hostmend" }],
      }),
    );
    await cw.send(
      new PutMetricAlarmCommand({ ...statusAlarm("t", i, "StatusCheckFailed_Instance", [REBOOT]), Tags: [] }),
    );
    const arn = fake.alarm("t")!.AlarmArn;
    assert.deepEqual((await cw.send(new ListTagsForResourceCommand({ ResourceARN: arn }))).Tags, [
      { Key: "managed-by", Value: "hostmend" },
    ]);
    await cw.send(new TagResourceCommand({ ResourceARN: arn, Tags: [{ Key: "muted-until", Value: "x" }] }));
    await cw.send(new UntagResourceCommand({ ResourceARN: arn, TagKeys: ["managed-by"] }));
    assert.deepEqual(fake.alarmTags("t"), { "muted-until": "x" });
    const e = await rejection(
      cw.send(new ListTagsForResourceCommand({ ResourceARN: "arn:aws:cloudwatch:us-east-1:123456789012:alarm:nope" })),
    );
    assert.equal(e.name, "ResourceNotFoundException");
  } finally {
    await fake.close();
  }
});

Deno.test("more PutMetricAlarm and DescribeAlarms rules: M of N, missing-data option, metric forms, name and prefix", async () => {
  const fake = await startAwsFake({ rateLimits: false });
  try {
    const i = fake.addInstance();
    const { cw } = clientsFor(fake);
    const base = statusAlarm("x", i, "StatusCheckFailed_Instance", [REBOOT]);
    let e = await rejection(cw.send(new PutMetricAlarmCommand({ ...base, DatapointsToAlarm: 3 })));
    assert.equal(e.message, "DatapointsToAlarm must be less than or equal to EvaluationPeriods");
    e = await rejection(cw.send(new PutMetricAlarmCommand({ ...base, TreatMissingData: "sometimes" })));
    assert.match(e.message, /^Option sometimes is not supported/);
    e = await rejection(cw.send(new PutMetricAlarmCommand({ ...base, ExtendedStatistic: "p99" })));
    assert.equal(e.name, "InvalidParameterCombinationException");
    assert.equal(e.Code, "InvalidParameterCombination");
    e = await rejection(
      cw.send(
        new PutMetricAlarmCommand({
          ...base,
          Metrics: [{
            Id: "m1",
            MetricStat: { Metric: { MetricName: "CPUUtilization", Namespace: "AWS/EC2" }, Period: 60, Stat: "Average" },
          }],
        }),
      ),
    );
    assert.equal(e.name, "InvalidParameterCombinationException");
    e = await rejection(cw.send(new DescribeAlarmsCommand({ AlarmNames: ["x"], AlarmNamePrefix: "x" })));
    assert.equal(e.name, "InvalidParameterCombinationException");
    assert.equal(fake.alarms().length, 0);
    assert.deepEqual(
      fake.writeCalls().map((c) => c.error),
      ["ValidationError", "ValidationError", "InvalidParameterCombination", "InvalidParameterCombination"],
    );
  } finally {
    await fake.close();
  }
});
