import assert from "node:assert/strict";
import { formatHelp, optionValue, parseCount, parseTaskArgs, type TaskSpec } from "../../lib/cli/parse_task_args.ts";
import { UsageError } from "../../lib/cli/errors.ts";

const spec = {
  name: "demo",
  summary: "a demo task",
  usage: "[PATH]",
  options: {
    depth: { type: "string", short: "d", value: "N", default: "3", description: "levels to show" },
    exclude: { type: "string", multiple: true, value: "PATTERN", description: "skip matching paths" },
    "dry-run": { type: "boolean", description: "print the plan only" },
  },
  positionals: { max: 1, name: "PATH" },
} as const satisfies TaskSpec;

Deno.test("parseTaskArgs gives typed values with defaults and the common flags", () => {
  const { values, positionals } = parseTaskArgs(spec, ["--exclude", "a", "--exclude=b", "--json", "/var"]);
  assert.equal(values.depth, "3");
  assert.deepEqual(values.exclude, ["a", "b"]);
  assert.equal(values.json, true);
  assert.equal(values["dry-run"], undefined);
  assert.deepEqual(positionals, ["/var"]);
});

Deno.test("parseTaskArgs turns mistakes into one-line usage errors", () => {
  assert.throws(
    () => parseTaskArgs(spec, ["--bogus"]),
    new UsageError('Unknown option "--bogus": see deno task demo --help'),
  );
  assert.throws(() => parseTaskArgs(spec, ["--depth"]), /Option "--depth" needs a value/);
  assert.throws(() => parseTaskArgs(spec, ["a", "b"]), /Too many arguments at "b"/);
});

Deno.test("--help wins over everything else and the help names every option", () => {
  const { values } = parseTaskArgs(spec, ["--help", "--bogus-is-ignored-after-help"].slice(0, 1));
  assert.equal(values.help, true);
  const help = formatHelp(spec);
  for (const flag of ["-d, --depth N", "--exclude PATTERN", "--dry-run", "--json", "-h, --help"]) {
    assert.ok(help.includes(flag), `help mentions ${flag}`);
  }
  assert.match(help, /^demo: a demo task\n\nUsage: deno task demo \[options\] \[PATH\]/);
});

Deno.test("optionValue names the flag when a value is bad", () => {
  assert.throws(() => optionValue("--depth", "-1", (t) => parseCount(t)), {
    name: "UsageError",
    message: 'Invalid --depth: "-1" is not a whole number from 0',
  });
  assert.equal(optionValue("--depth", "2", (t) => parseCount(t)), 2);
});

Deno.test("a dashValue option takes the next word even when it starts with a dash", () => {
  const cron = {
    name: "cron",
    summary: "schedules",
    options: {
      args: { type: "string", value: "ARGS", dashValue: true, description: "arguments of the task" },
      other: { type: "string", description: "a plain option" },
    },
  } as const satisfies TaskSpec;
  assert.equal(parseTaskArgs(cron, ["--args", "--if-above 80%"]).values.args, "--if-above 80%");
  assert.equal(parseTaskArgs(cron, ["--args=--dry-run"]).values.args, "--dry-run");
  assert.throws(
    () => parseTaskArgs(cron, ["--other", "--x"]),
    new UsageError('Option "--other" got a value that starts with "-": write it as --other=VALUE, or see --help'),
  );
});

Deno.test("a negative number after a string option reaches the option's own check", () => {
  const { values } = parseTaskArgs(spec, ["--depth", "-1"]);
  assert.equal(values.depth, "-1");
  assert.throws(
    () => optionValue("--depth", values.depth!, (t) => parseCount(t)),
    /Invalid --depth: "-1" is not a whole/,
  );
  assert.throws(() => parseTaskArgs(spec, ["--dry-run", "-1"]), /Unknown option "-1"/);
});
