// journal-vacuum against the real journalctl: the dry-run prediction must be what journalctl then deletes.

import assert from "node:assert/strict";
import { runTask } from "../support/run_task.ts";
import { buildJournalFile, buildJournalTree } from "../support/journal_builder.ts";

interface VacuumJson {
  dry_run: boolean;
  delete: string[];
  planned: { path: string; bytes: number; reasons: string[] }[];
  kept: { path: string; kind: string }[];
  matches_plan: boolean | null;
  before_bytes: number;
  after_bytes: number;
  freed_bytes: number;
  persist: { path: string; content: string; changed: boolean; restarted: boolean } | null;
}

async function vacuum(args: string[], env?: Record<string, string>): Promise<VacuumJson> {
  const r = await runTask("journal-vacuum", [...args, "--json"], { env });
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}

async function exists(path: string): Promise<boolean> {
  return await Deno.lstat(path).then(() => true, () => false);
}

/** Dry run, then the real run on the same tree: the same files, in the same order, and nothing else. */
async function assertPredictionHolds(limitArgs: string[], check?: (dry: VacuumJson) => void): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "hostmend-jv-" });
  try {
    const tree = await buildJournalTree(dir);
    const dry = await vacuum(["--directory", dir, ...limitArgs, "--dry-run"]);
    assert.equal(dry.dry_run, true);
    assert.ok(dry.delete.length > 0, "the limits delete something");
    for (const path of tree.all) assert.ok(await exists(path), `dry run left ${path}`);
    check?.(dry);

    const real = await vacuum(["--directory", dir, ...limitArgs]);
    assert.equal(real.dry_run, false);
    assert.deepEqual(real.delete, dry.delete);
    assert.equal(real.matches_plan, true);
    for (const path of tree.all) {
      assert.equal(await exists(path), !dry.delete.includes(path), `${path} is deleted exactly when predicted`);
    }
    const predictedBytes = dry.planned.reduce((n, e) => n + e.bytes, 0);
    assert.equal(real.freed_bytes, predictedBytes);
    assert.equal(real.after_bytes, real.before_bytes - real.freed_bytes);
    // Active files are never deleted.
    assert.ok(await exists(`${dir}/system.journal`) && await exists(`${tree.subdir}/system.journal`));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("--size 10M on ~100 MB of real archived journals: dry run lists exactly what journalctl deletes", async () => {
  await assertPredictionHolds(["--size", "10M"]);
});

Deno.test("--size 60M keeps the newest archives, counting active files as this journalctl does", async () => {
  await assertPredictionHolds(["--size", "60M"], (dry) => {
    assert.ok(dry.kept.some((k) => k.kind === "archived"), "some archives are kept");
    assert.ok(dry.planned.some((e) => e.reasons.includes("empty")), "the empty archive always goes");
  });
});

Deno.test("--time 10days: by head time and file times, stopping at the first young file", async () => {
  await assertPredictionHolds(["--time", "10days"], (dry) => {
    assert.ok(dry.delete.some((p) => p.includes("c3c3c3c3")), "an archive aged by its mtime goes");
    assert.ok(dry.kept.some((k) => k.kind === "archived"));
  });
});

Deno.test("--files 6 counts active files and keeps the newest", async () => {
  await assertPredictionHolds(["--files", "6"], (dry) => {
    assert.ok(dry.kept.filter((k) => k.kind === "archived").length > 0);
  });
});

Deno.test("--time, --size and --files together", async () => {
  await assertPredictionHolds(["--time", "25days", "--size", "90M", "--files", "12"]);
});

Deno.test("without root the real run refuses before doing anything; the dry run works", async () => {
  const dir = await Deno.makeTempDir({ prefix: "hostmend-jv-" });
  try {
    const old = 1_600_000_000_000_000n;
    const path = await buildJournalFile(dir, {
      name: `system@${"a".repeat(32)}-0000000000000001-${old.toString(16).padStart(16, "0")}.journal`,
      entries: 10,
      startUsec: old,
    });
    const env = { HOSTMEND_ASSUME_UID: "1000" };
    const refused = await runTask("journal-vacuum", ["--directory", dir, "--time", "1day"], { env });
    assert.equal(refused.code, 2);
    assert.equal(
      refused.stderr.trim(),
      "journal-vacuum: journal-vacuum needs root to delete journal files: run it with sudo, or add --dry-run to see the plan",
    );
    assert.ok(await exists(path));
    const dry = await vacuum(["--directory", dir, "--time", "1day", "--dry-run"], env);
    assert.deepEqual(dry.delete, [path]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("usage errors: no limit, a bad size, a missing directory", async () => {
  const none = await runTask("journal-vacuum", ["--directory", "/tmp", "--dry-run"]);
  assert.equal(none.code, 64);
  assert.match(none.stderr, /give --time, --size or --files/);
  const bad = await runTask("journal-vacuum", ["--size", "10Q", "--dry-run"]);
  assert.equal(bad.code, 64);
  assert.match(bad.stderr, /^journal-vacuum: Invalid --size: Cannot parse size "10Q"/);
  const missing = await runTask("journal-vacuum", [
    "--directory",
    "/nonexistent/hostmend",
    "--size",
    "1M",
    "--dry-run",
  ]);
  assert.equal(missing.code, 64);
  assert.equal(missing.stderr.split("\n").filter(Boolean).length, 1);
});

Deno.test("--persist writes the journald drop-in once, atomically, and a second run changes nothing", async () => {
  const dir = await Deno.makeTempDir({ prefix: "hostmend-jv-" });
  try {
    const confDir = `${dir}/journald.conf.d`;
    const args = ["--directory", dir, "--size", "500M", "--time", "3days", "--persist", "--conf-dir", confDir];
    const dry = await vacuum([...args, "--dry-run"]);
    assert.equal(dry.persist?.changed, true);
    assert.equal(await exists(`${confDir}/hostmend.conf`), false);
    const first = await vacuum(args);
    assert.equal(first.persist?.changed, true);
    assert.equal(first.persist?.restarted, false);
    const text = await Deno.readTextFile(`${confDir}/hostmend.conf`);
    assert.equal(text, dry.persist?.content);
    assert.match(text, /^\[Journal\]\nSystemMaxUse=524288000\nMaxRetentionSec=259200000000us\n$/m);
    const second = await vacuum(args);
    assert.equal(second.persist?.changed, false);
    assert.deepEqual([...Deno.readDirSync(confDir)].map((e) => e.name), ["hostmend.conf"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
