// journal-vacuum against the real journalctl: the dry-run prediction must be what journalctl then deletes.

import assert from "node:assert/strict";
import { REPO_ROOT, runTask } from "../support/run_task.ts";
import { archivedName, buildJournalFile, buildJournalTree, setJournalCrtime } from "../support/journal_builder.ts";

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
      "journal-vacuum needs root to delete journal files: run it with sudo, or add --dry-run to see the plan",
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
    assert.match(text, /^\[Journal\]\nSystemMaxUse=500M\nMaxRetentionSec=259200s\n$/m);
    const second = await vacuum(args);
    assert.equal(second.persist?.changed, false);
    assert.deepEqual([...Deno.readDirSync(confDir)].map((e) => e.name), ["hostmend.conf"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("--time ages a file by its creation attribute; the atime only on noatime mounts", async () => {
  const dir = await Deno.makeTempDir({ prefix: "hostmend-jv-" });
  try {
    const day = 86_400_000_000n;
    const now = BigInt(Date.now()) * 1000n;
    const s = "1".repeat(32);
    const s1 = await buildJournalFile(dir, {
      name: archivedName("system", s, 1n, now - 2n * day),
      entries: 20,
      startUsec: now - 2n * day,
    });
    const s2 = await buildJournalFile(dir, {
      name: archivedName("system", s, 2n, now - day),
      entries: 20,
      startUsec: now - day,
    });
    const t1 = await buildJournalFile(dir, {
      name: archivedName("user-1000", "2".repeat(32), 1n, now - day),
      entries: 20,
      startUsec: now - day,
    });
    await buildJournalFile(dir, { name: "system.journal", entries: 20, startUsec: now - day });
    setJournalCrtime(s1, now - 40n * day);
    await Deno.utime(t1, new Date(Number((now - 30n * day) / 1000n)), new Date());
    // journalctl reads every file before vacuuming, which refreshes an old atime unless the mount is noatime.
    const options = await new Deno.Command("findmnt", { args: ["-no", "OPTIONS", "-T", dir], stdout: "piped" })
      .output();
    const noatime = new TextDecoder().decode(options.stdout).trim().split(",").includes("noatime");
    const expected = noatime ? [s1, t1] : [s1];
    const dry = await vacuum(["--directory", dir, "--time", "10days", "--dry-run"]);
    assert.deepEqual(dry.delete, expected);
    const real = await vacuum(["--directory", dir, "--time", "10days"]);
    assert.deepEqual(real.delete, expected);
    assert.equal(real.matches_plan, true);
    assert.ok(await exists(s2));
    assert.equal(await exists(t1), !noatime);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("on a noatime mount an old atime ages a file, in the prediction and in journalctl", async () => {
  const dir = await Deno.makeTempDir({ prefix: "hostmend-jv-" });
  try {
    const now = BigInt(Date.now()) * 1000n;
    const day = 86_400_000_000n;
    const name = archivedName("user-1000", "3".repeat(32), 1n, now - day);
    await Deno.mkdir(`${dir}/src`);
    await Deno.mkdir(`${dir}/mnt`);
    await buildJournalFile(`${dir}/src`, { name, entries: 20, startUsec: now - day });
    await buildJournalFile(`${dir}/src`, { name: "user-1000.journal", entries: 20, startUsec: now - day });
    // A private mount namespace: a noatime tmpfs that only these commands see.
    const task = [Deno.execPath(), "task", "--quiet", "--config", `${REPO_ROOT}/deno.json`, "journal-vacuum"];
    const script = [
      'mount -t tmpfs -o noatime,size=64m hostmend-test "$1/mnt"',
      'cp -a "$1/src/." "$1/mnt/"',
      `touch -a -d "30 days ago" "$1/mnt/${name}"`,
      "shift",
      '"$@" --directory "$DIR/mnt" --time 10days --dry-run --json > "$DIR/dry.json"',
      '"$@" --directory "$DIR/mnt" --time 10days --json > "$DIR/real.json"',
    ].join(" && ");
    const out = await new Deno.Command("unshare", {
      args: ["-m", "--propagation", "private", "sh", "-c", script, "sh", dir, ...task],
      env: { DIR: dir, NO_COLOR: "1" },
      cwd: REPO_ROOT,
      stderr: "piped",
    }).output();
    assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
    const dry: VacuumJson = JSON.parse(await Deno.readTextFile(`${dir}/dry.json`));
    const real: VacuumJson = JSON.parse(await Deno.readTextFile(`${dir}/real.json`));
    assert.deepEqual(dry.delete, [`${dir}/mnt/${name}`]);
    assert.deepEqual(real.delete, dry.delete);
    assert.equal(real.matches_plan, true);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a symlinked machine-id directory is vacuumed through the link, as journalctl does", async () => {
  const dir = await Deno.makeTempDir({ prefix: "hostmend-jv-" });
  try {
    const now = BigInt(Date.now()) * 1000n;
    const day = 86_400_000_000n;
    await Deno.mkdir(`${dir}/elsewhere`);
    await Deno.mkdir(`${dir}/top`);
    for (const i of [1n, 2n]) {
      const start = now - (20n - i) * day;
      await buildJournalFile(`${dir}/elsewhere`, {
        name: archivedName("system", "4".repeat(32), i, start),
        entries: 20,
        startUsec: start,
      });
    }
    const link = `${dir}/top/0123456789abcdef0123456789abcdef`;
    await Deno.symlink(`${dir}/elsewhere`, link);
    const dry = await vacuum(["--directory", `${dir}/top`, "--files", "1", "--dry-run"]);
    assert.equal(dry.delete.length, 1);
    assert.ok(dry.delete[0]!.startsWith(`${link}/`));
    const real = await vacuum(["--directory", `${dir}/top`, "--files", "1"]);
    assert.deepEqual(real.delete, dry.delete);
    assert.equal(real.matches_plan, true);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
