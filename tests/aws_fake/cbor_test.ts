import assert from "node:assert/strict";
import {
  CloudWatchClient,
  DescribeAlarmsCommand,
  PutMetricAlarmCommand,
  SetAlarmStateCommand,
} from "@aws-sdk/client-cloudwatch";
// The SDK's own Smithy RPC v2 CBOR protocol (a dependency of the clients, pinned in deno.json to the version in
// deno.lock), to prove the fake serves it should a future CloudWatch client switch to it.
import { AwsSmithyRpcV2CborProtocol } from "@aws-sdk/core/protocols";
import { decodeCbor, encodeCbor } from "../support/aws_fake/cbor.ts";
import { RECOVER_METRIC_MESSAGE, startAwsFake } from "../support/aws_fake/mod.ts";
import { rejection, statusAlarm } from "./helpers.ts";

Deno.test("CBOR round-trips maps, lists, strings, integers, floats, booleans, null and timestamps", () => {
  const when = new Date("2026-11-25T10:00:00.500Z");
  const value = { a: [1, -2, 300, 70000, 5e9, 1.5, -0.25], s: "héllo", t: true, f: false, n: null, d: when };
  assert.deepEqual(decodeCbor(encodeCbor(value)), value);
  // half float, indefinite-length text and map as other encoders may write them
  assert.equal(decodeCbor(new Uint8Array([0xf9, 0x3e, 0x00])), 1.5);
  assert.equal(decodeCbor(new Uint8Array([0x7f, 0x61, 0x61, 0x61, 0x62, 0xff])), "ab");
  assert.deepEqual(decodeCbor(new Uint8Array([0xbf, 0x61, 0x6b, 0x01, 0xff])), { k: 1 });
});

Deno.test("a CloudWatch client on Smithy RPC v2 CBOR works against the fake, errors included", async () => {
  const fake = await startAwsFake({ rateLimits: false });
  try {
    const id = fake.addInstance();
    const cw = new CloudWatchClient({
      endpoint: fake.url,
      region: fake.region,
      credentials: { accessKeyId: "x", secretAccessKey: "y" },
      protocol: AwsSmithyRpcV2CborProtocol,
    });
    const seen: string[] = [];
    cw.middlewareStack.add((next) => (args) => {
      const r = args.request as { path: string; headers: Record<string, string> };
      seen.push(`${r.headers["smithy-protocol"]} ${r.path}`);
      return next(args);
    }, { step: "finalizeRequest" });
    await cw.send(
      new PutMetricAlarmCommand(
        statusAlarm("c1", id, "StatusCheckFailed_System", ["arn:aws:automate:us-east-1:ec2:recover"]),
      ),
    );
    assert.equal(seen[0], "rpc-v2-cbor /service/GraniteServiceVersion20100801/operation/PutMetricAlarm");
    await cw.send(new SetAlarmStateCommand({ AlarmName: "c1", StateValue: "OK", StateReason: "cbor" }));
    const out = await cw.send(new DescribeAlarmsCommand({ AlarmNames: ["c1"] }));
    const alarm = out.MetricAlarms![0]!;
    assert.equal(alarm.StateValue, "OK");
    assert.equal(alarm.Threshold, 1);
    assert.deepEqual(alarm.Dimensions, [{ Name: "InstanceId", Value: id }]);
    assert.ok(alarm.StateUpdatedTimestamp instanceof Date);
    const e = await rejection(
      cw.send(
        new PutMetricAlarmCommand(
          statusAlarm("c2", id, "StatusCheckFailed_Instance", ["arn:aws:automate:us-east-1:ec2:recover"]),
        ),
      ),
    );
    assert.equal(e.message, RECOVER_METRIC_MESSAGE);
    assert.equal(e.Code, "ValidationError");
  } finally {
    await fake.close();
  }
});
