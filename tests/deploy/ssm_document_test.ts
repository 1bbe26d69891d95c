import assert from "node:assert/strict";
import { REPO_ROOT } from "../support/run_task.ts";

interface SsmParameter {
  type: string;
  description: string;
  default?: string;
  allowedPattern?: string;
}

interface SsmDocument {
  schemaVersion: string;
  description: string;
  parameters: Record<string, SsmParameter>;
  mainSteps: {
    action: string;
    name: string;
    precondition?: { StringEquals: string[] };
    inputs: { runCommand: string[]; timeoutSeconds?: string };
  }[];
}

const doc: SsmDocument = JSON.parse(await Deno.readTextFile(`${REPO_ROOT}/deploy/ssm/hostmend-run-task.json`));

// The ```sh block after "The document's shell step" in the README's Fleets section.
async function readmeShellStep(): Promise<string[]> {
  const readme = await Deno.readTextFile(`${REPO_ROOT}/README.md`);
  const at = readme.indexOf("The document's shell step");
  assert.ok(at > 0, "README must document the SSM shell step");
  const m = /```sh\n([\s\S]*?)\n\s*```/.exec(readme.slice(at));
  assert.ok(m, "a ```sh block follows");
  return m[1]!.split("\n").map((l) => l.trim());
}

// SSM replaces {{ name }} (spaces optional) with the parameter's value.
function render(lines: string[], values: Record<string, string>): string {
  return lines.map((l) => l.replace(/\{\{\s*(\w+)\s*\}\}/g, (_m, name: string) => values[name] ?? "")).join("\n");
}

Deno.test("the SSM document is a 2.2 Command document with one aws:runShellScript step for Linux", () => {
  assert.equal(doc.schemaVersion, "2.2");
  assert.ok(doc.description.length > 20);
  assert.deepEqual(Object.keys(doc.parameters).sort(), ["args", "hostmendDir", "task"]);
  for (const [name, p] of Object.entries(doc.parameters)) {
    assert.equal(p.type, "String", name);
    assert.ok(p.description, name);
    assert.ok(p.allowedPattern, `${name} must have an allowedPattern: SSM pastes it into a shell script`);
  }
  assert.equal(doc.parameters.task!.default, undefined, "task is required");
  assert.equal(doc.parameters.args!.default, "");
  assert.equal(doc.mainSteps.length, 1);
  const step = doc.mainSteps[0]!;
  assert.equal(step.action, "aws:runShellScript");
  assert.match(step.name, /^[A-Za-z0-9_.-]+$/);
  assert.deepEqual(step.precondition, { StringEquals: ["platformType", "Linux"] });
  const used = new Set(step.inputs.runCommand.join("\n").match(/\{\{\s*\w+\s*\}\}/g)?.map((m) => m.replace(/\W/g, "")));
  assert.deepEqual([...used].sort(), ["args", "hostmendDir", "task"]);
});

Deno.test("the parameters' patterns let task arguments through and keep shell syntax out", () => {
  const ok = (name: string, value: string) => new RegExp(doc.parameters[name]!.allowedPattern!).test(value);
  assert.ok(ok("task", "disk-clean"));
  assert.ok(ok("args", "--if-above 80% --dry-run"));
  assert.ok(ok("args", "--time 3days --size 500M --directory /var/log/journal"));
  assert.ok(ok("args", ""));
  assert.ok(ok("hostmendDir", "/opt/hostmend"));
  for (const bad of ["; rm -rf /", "$(reboot)", "`id`", "a | sh", "x && y", "'q'", '"q"', "*", "a\nb", "> /etc/x"]) {
    assert.ok(!ok("args", bad), `args must refuse ${JSON.stringify(bad)}`);
  }
  assert.ok(!ok("task", "disk-clean; reboot"));
  assert.ok(!ok("hostmendDir", "/opt/x; reboot"));
});

Deno.test("the document's shell step is the one the README documents, and it runs a task", async () => {
  const step = doc.mainSteps[0]!.inputs.runCommand;
  assert.deepEqual(step, await readmeShellStep());
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/f`, "x".repeat(5000));
    // What an instance runs, with hostmend "installed" in this checkout and Deno from its usual place or PATH.
    const script = render(step, { hostmendDir: REPO_ROOT, task: "disk-audit", args: dir });
    const path = `${Deno.execPath().replace(/\/[^/]+$/, "")}:${Deno.env.get("PATH") ?? "/usr/bin:/bin"}`;
    const out = await new Deno.Command("sh", {
      args: ["-c", script],
      env: { PATH: path, NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    })
      .output();
    const stderr = new TextDecoder().decode(out.stderr);
    assert.equal(out.code, 0, stderr);
    assert.match(stderr, /hostmend disk-audit exited with [01]\b/);
    const json = JSON.parse(new TextDecoder().decode(out.stdout));
    assert.equal(typeof json, "object");
    const failing = render(step, { hostmendDir: REPO_ROOT, task: "disk-audit", args: "--no-such-flag" });
    const bad = await new Deno.Command("sh", {
      args: ["-c", failing],
      env: { PATH: path },
      stdout: "null",
      stderr: "piped",
    })
      .output();
    assert.equal(bad.code, 64, "a usage error fails the invocation with hostmend's exit code");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
