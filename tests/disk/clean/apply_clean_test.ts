// applyClean executes exactly the plan: a planned file swapped for a symlink (or another file) in between is left
// alone, so a race cannot turn a cleanup into a deletion outside the target.

import assert from "node:assert/strict";
import { applyClean } from "../../../lib/disk/clean/apply_clean.ts";
import { fileTargetRule } from "../../../lib/disk/clean/file_targets.ts";
import { parseCleanConfig } from "../../../lib/disk/clean/clean_policy.ts";
import { planFileDeletions } from "../../../lib/disk/clean/plan_file_deletions.ts";
import type { CleanContext, CleanPlan } from "../../../lib/disk/clean/plan_types.ts";
import { parseOsRelease } from "../../../lib/host/os_release.ts";
import { runCommand, which } from "../../../lib/host/run_command.ts";
import { createJournalctl } from "../../../lib/journal/journalctl.ts";

Deno.test("a planned file replaced by a symlink or another file before apply is left alone", async () => {
  const root = await Deno.makeTempDir({ prefix: "hostmend-apply-" });
  try {
    await Deno.mkdir(`${root}/tmp`);
    await Deno.mkdir(`${root}/outside`);
    await Deno.writeTextFile(`${root}/outside/precious`, "keep me");
    for (const name of ["a", "b", "c"]) await Deno.writeTextFile(`${root}/tmp/${name}`, name);
    const policy = parseCleanConfig({ disk_clean: { tmp: { dirs: [`${root}/tmp`], older_than: "0s" } } });
    const { rule } = fileTargetRule("tmp", policy);
    const found = await planFileDeletions([`${root}/tmp`], rule, Date.now() + 1000, new Map());
    assert.deepEqual(found.actions.map((a) => a.path), ["a", "b", "c"].map((n) => `${root}/tmp/${n}`));
    const plan: CleanPlan = {
      targets: [{
        name: "tmp",
        title: "tmp",
        roots: [`${root}/tmp`],
        actions: found.actions,
        expectedBytes: 0,
        skipped: [],
        notes: [],
      }],
      expectedBytes: 0,
    };
    // Between plan and apply: a becomes a symlink out, b another file (ext4 and tmpfs often reuse b's inode).
    await Deno.remove(`${root}/tmp/a`);
    await Deno.symlink(`${root}/outside/precious`, `${root}/tmp/a`);
    await Deno.remove(`${root}/tmp/b`);
    await Deno.writeTextFile(`${root}/tmp/b`, "new b");
    const ctx: CleanContext = {
      nowMs: Date.now(),
      open: new Map(),
      journalctl: createJournalctl(),
      os: parseOsRelease(""),
      which,
      run: runCommand,
      kernelRelease: Deno.osRelease(),
    };
    const result = await applyClean(plan, ctx);
    const t = result.targets[0]!;
    assert.deepEqual(t.deleted, [`${root}/tmp/c`]);
    assert.deepEqual(t.leftAlone.map((l) => [l.path, l.reason]), [
      [`${root}/tmp/a`, "changed since planned"],
      [`${root}/tmp/b`, "changed since planned"],
    ]);
    assert.equal(await Deno.readTextFile(`${root}/outside/precious`), "keep me");
    assert.equal(await Deno.readTextFile(`${root}/tmp/b`), "new b");
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("an aborted signal stops before the next action", async () => {
  const root = await Deno.makeTempDir({ prefix: "hostmend-apply-" });
  try {
    await Deno.writeTextFile(`${root}/x`, "x");
    const info = await Deno.lstat(`${root}/x`);
    const plan: CleanPlan = {
      targets: [{
        name: "tmp",
        title: "tmp",
        roots: [root],
        actions: [{ type: "delete", path: `${root}/x`, bytes: 0, dev: info.dev, ino: info.ino ?? 0, ctimeUs: "0" }],
        expectedBytes: 0,
        skipped: [],
        notes: [],
      }],
      expectedBytes: 0,
    };
    const controller = new AbortController();
    controller.abort();
    const ctx = { open: new Map() } as unknown as CleanContext;
    const result = await applyClean(plan, ctx, controller.signal);
    assert.equal(result.interrupted, true);
    assert.equal(await Deno.readTextFile(`${root}/x`), "x");
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
