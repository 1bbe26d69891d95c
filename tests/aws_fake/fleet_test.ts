import assert from "node:assert/strict";
import { paginateDescribeAlarms, PutMetricAlarmCommand } from "@aws-sdk/client-cloudwatch";
import { paginateDescribeInstances, paginateDescribeInstanceStatus } from "@aws-sdk/client-ec2";
import { startAwsFake } from "../support/aws_fake/mod.ts";
import { clientsFor, statusAlarm } from "./helpers.ts";

Deno.test("a fleet of 2,000 instances: paged describes, 4,000 alarms, and every failure healed", async () => {
  const fake = await startAwsFake({ rateLimits: false });
  try {
    const ids = fake.addInstances(2000, { type: "m5.large", tags: { Role: "web" } });
    const { ec2, cw } = clientsFor(fake);
    const seen: string[] = [];
    for await (const page of paginateDescribeInstances({ client: ec2, pageSize: 1000 }, {})) {
      seen.push(...page.Reservations!.flatMap((r) => r.Instances!.map((i) => i.InstanceId!)));
    }
    assert.equal(new Set(seen).size, 2000);
    assert.equal(fake.calls.length, 2);

    let next = 0;
    const worker = async () => {
      while (next < ids.length) {
        const id = ids[next++]!;
        await cw.send(
          new PutMetricAlarmCommand(
            statusAlarm(`hm-${id}-system`, id, "StatusCheckFailed_System", ["arn:aws:automate:us-east-1:ec2:recover"]),
          ),
        );
        await cw.send(
          new PutMetricAlarmCommand(
            statusAlarm(`hm-${id}-instance`, id, "StatusCheckFailed_Instance", [
              "arn:aws:automate:us-east-1:ec2:reboot",
            ]),
          ),
        );
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    let alarms = 0;
    let pages = 0;
    for await (const page of paginateDescribeAlarms({ client: cw, pageSize: 100 }, { AlarmNamePrefix: "hm-" })) {
      alarms += page.MetricAlarms!.length;
      pages++;
    }
    assert.equal(alarms, 4000);
    assert.equal(pages, 40);

    ids.forEach((id, n) => n % 2 === 0 ? fake.failSystemCheck(id) : fake.failInstanceCheck(id));
    const result = fake.evaluateAlarms({ periods: 2 });
    assert.equal(result.actions.length, 2000);
    assert.ok(result.actions.every((a) => a.ok));
    let impaired = 0;
    for await (const page of paginateDescribeInstanceStatus({ client: ec2, pageSize: 1000 }, {})) {
      impaired += page.InstanceStatuses!.filter((s) =>
        s.SystemStatus?.Status !== "ok" || s.InstanceStatus?.Status !== "ok"
      ).length;
    }
    assert.equal(impaired, 0);
    assert.equal(fake.instance(ids[0]!).recoverCount, 1);
    assert.equal(fake.instance(ids[1]!).rebootCount, 1);
  } finally {
    await fake.close();
  }
});
