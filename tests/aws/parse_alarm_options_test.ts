import assert from "node:assert/strict";
import { UsageError } from "../../lib/cli/errors.ts";
import {
  checkNotifyArns,
  checkNotifyRegion,
  parseAlarmSettings,
  parsePeriod,
} from "../../lib/aws/parse_alarm_options.ts";
import { exactlyOne, parseAlarmScope, parseInstanceSelector, scopeArgs } from "../../lib/aws/parse_alarm_scope.ts";

const DEFAULTS = {
  statistic: "Maximum",
  period: "60",
  "evaluation-periods": "2",
  threshold: "1",
  comparison: "GreaterThanOrEqualToThreshold",
};

Deno.test("alarm settings: the defaults parse; a bad value names its flag", () => {
  assert.deepEqual(parseAlarmSettings(DEFAULTS), {
    statistic: "Maximum",
    period: 60,
    evaluationPeriods: 2,
    threshold: 1,
    comparisonOperator: "GreaterThanOrEqualToThreshold",
    systemMetric: "StatusCheckFailed_System",
    instanceMetric: "StatusCheckFailed_Instance",
  });
  assert.throws(() => parseAlarmSettings({ ...DEFAULTS, period: "45" }), {
    name: UsageError.name,
    message: 'Invalid --period: "45" must be 10, 30 or a multiple of 60',
  });
  assert.throws(() => parseAlarmSettings({ ...DEFAULTS, statistic: "p99" }), /Invalid --statistic: "p99" is not one/);
  assert.throws(() => parseAlarmSettings({ ...DEFAULTS, threshold: " " }), /Invalid --threshold/);
  assert.equal(parsePeriod("10"), 10);
  assert.equal(parsePeriod("300"), 300);
});

Deno.test("--notify: only SNS topic ARNs of the alarms' own partition and region", () => {
  const arn = "arn:aws:sns:us-east-1:123456789012:ops";
  assert.deepEqual(checkNotifyArns([arn]), [arn]);
  assert.throws(() => checkNotifyArns(["ops"]), /Invalid --notify "ops": give an SNS topic ARN/);
  checkNotifyRegion([arn], "aws", "us-east-1");
  assert.throws(() => checkNotifyRegion([arn], "aws", "eu-west-1"), /its own region, aws eu-west-1$/);
});

Deno.test("scope: exactly one of the options; written back as the same arguments", () => {
  assert.deepEqual(parseAlarmScope("alarms mute", { tag: "Role=web" }), { kind: "tag", key: "Role", value: "web" });
  assert.deepEqual(parseAlarmScope("alarms mute", { all: true }), { kind: "prefix", prefix: "hostmend-" });
  assert.deepEqual(parseInstanceSelector("alarms ensure", { instance: ["i-0abc1234"] }), {
    kind: "ids",
    ids: ["i-0abc1234"],
  });
  assert.throws(() => exactlyOne("alarms mute", { tag: "a=b", all: true }), {
    message: "Give only one of --tag, --all: alarms mute got --tag and --all",
  });
  assert.throws(() => exactlyOne("alarms mute", { instance: [], all: false }), {
    message: "Missing scope: give one of --instance, --all",
  });
  assert.throws(() => parseAlarmScope("alarms mute", { tag: "=web" }), /Invalid --tag: "=web" is not KEY=VALUE/);
  assert.throws(() => parseAlarmScope("alarms mute", { instance: ["web1"] }), /Invalid --instance "web1"/);
  assert.deepEqual(scopeArgs({ instance: ["i-0abc1234", "i-0def5678"] }), [
    "--instance",
    "i-0abc1234",
    "--instance",
    "i-0def5678",
  ]);
  assert.deepEqual(scopeArgs({}), ["--all"]);
});
