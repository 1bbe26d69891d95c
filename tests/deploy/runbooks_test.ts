import assert from "node:assert/strict";
import { REPO_ROOT, runTask } from "../support/run_task.ts";

const SUBCOMMANDS: Record<string, string[]> = {
  alarms: ["ensure", "list", "mute", "unmute", "drill"],
  cron: ["install", "list", "remove"],
};

Deno.test("every hostmend command in the runbooks uses a real task and real options", async () => {
  const helps = new Map<string, string>();
  const problems: string[] = [];
  let commands = 0;
  for await (const entry of Deno.readDir(`${REPO_ROOT}/docs/runbooks`)) {
    if (!entry.name.endsWith(".md")) continue;
    const text = await Deno.readTextFile(`${REPO_ROOT}/docs/runbooks/${entry.name}`);
    for (const m of text.matchAll(/deno task ([a-z-]+)([^\n`]*)/g)) {
      const task = m[1]!;
      // Quoted values belong to the option before them (--args "--if-above 80%" are another task's options).
      const rest = m[2]!.replace(/"[^"]*"|'[^']*'/g, "").split(/\s(?:#|\||&&|;)/)[0]!;
      const words = rest.trim().split(/\s+/).filter(Boolean);
      const sub = SUBCOMMANDS[task]?.includes(words[0] ?? "") ? words[0] : undefined;
      const key = sub ? `${task} ${sub}` : task;
      if (!helps.has(key)) {
        const r = await runTask(task, [...(sub ? [sub] : []), "--help"]);
        helps.set(key, r.code === 0 ? r.stdout : "");
      }
      const help = helps.get(key)!;
      commands++;
      if (!help) {
        problems.push(`${entry.name}: no task "${key}"`);
        continue;
      }
      for (const flag of rest.match(/(?<=^|\s)--[a-z][a-z-]*/g) ?? []) {
        if (!new RegExp(`${flag}\\b`).test(help)) problems.push(`${entry.name}: deno task ${key} has no ${flag}`);
      }
    }
  }
  assert.ok(commands >= 20, `expected the runbooks to hold commands, found ${commands}`);
  assert.deepEqual(problems, []);
});

Deno.test("the runbooks index lists every runbook, and the README links the index", async () => {
  const index = await Deno.readTextFile(`${REPO_ROOT}/docs/runbooks/README.md`);
  const readme = await Deno.readTextFile(`${REPO_ROOT}/README.md`);
  for await (const entry of Deno.readDir(`${REPO_ROOT}/docs/runbooks`)) {
    if (!entry.name.endsWith(".md") || entry.name === "README.md") continue;
    assert.match(index, new RegExp(`\\(${entry.name}\\)`), entry.name);
    assert.match(readme, new RegExp(`\\(docs/runbooks/${entry.name}\\)`), entry.name);
  }
});
