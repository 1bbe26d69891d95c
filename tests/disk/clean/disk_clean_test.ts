// disk-clean as a user runs it, on temp trees only: the dry run and the real run agree, the traps survive.

import assert from "node:assert/strict";
import { REPO_ROOT, runTask } from "../../support/run_task.ts";
import { buildCleanTree } from "../../support/clean_tree.ts";

interface CleanJson {
  dry_run: boolean;
  skipped_reason: string | null;
  targets: {
    name: string;
    unavailable: string | null;
    expected_bytes: number;
    actions: { type: string; path?: string; argv?: string[]; files?: string[]; bytes: number }[];
    skipped: { path: string; reason: string; pid?: number; command?: string }[];
    result: {
      freed_bytes: number;
      deleted: string[];
      commands: { argv: string[]; code: number; freed_bytes: number }[];
      failed: unknown[];
      matches_plan: boolean | null;
    } | null;
  }[];
  expected_bytes: number;
  freed_bytes: number;
  interrupted: boolean;
  open_deleted: { pid: number; command: string; path: string; advice: string }[];
}

async function clean(args: string[], env?: Record<string, string>): Promise<CleanJson> {
  const r = await runTask("disk-clean", [...args, "--json"], { env });
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}

async function listTree(root: string, rel = ""): Promise<string[]> {
  const out: string[] = [];
  for await (const e of Deno.readDir(`${root}${rel}`)) {
    const p = `${rel}/${e.name}`;
    out.push(`${root}${p}`);
    if (e.isDirectory) out.push(...await listTree(root, p));
  }
  return out.sort();
}

function plannedPaths(json: CleanJson): string[] {
  return json.targets.flatMap((t) =>
    t.actions.flatMap((a) => a.type === "delete" ? [a.path!] : a.type === "journal" ? a.files! : [])
  ).sort();
}

Deno.test("dry run and real run agree on what they touch; nothing outside the targets is touched", async () => {
  const root = await Deno.makeTempDir({ prefix: "hostmend-clean-" });
  const tree = await buildCleanTree(root);
  try {
    const before = await listTree(root);
    const dry = await clean(["--config", tree.configPath, "--dry-run"]);
    assert.deepEqual(await listTree(root), before, "the dry run changes nothing");
    const planned = plannedPaths(dry);
    const apt = dry.targets.find((t) => t.name === "package-cache")!;
    assert.deepEqual(apt.actions.map((a) => a.argv), [["apt-get", "clean", "-o", `Dir::Cache=${root}/apt`]]);
    // The traps are reported, never planned.
    const tmp = dry.targets.find((t) => t.name === "tmp")!;
    assert.deepEqual(tmp.skipped.find((s) => s.path === tree.heldPath), {
      path: tree.heldPath,
      reason: "open",
      pid: Deno.pid,
      command: "deno",
    });
    const logs = dry.targets.find((t) => t.name === "rotated-logs")!;
    assert.deepEqual(logs.skipped.map((s) => s.reason).sort(), ["hard-linked", "symlink"]);

    const real = await clean(["--config", tree.configPath]);
    assert.equal(real.interrupted, false);
    const deletedByTargets = real.targets.flatMap((t) => t.name === "package-cache" ? [] : t.result!.deleted).sort();
    assert.deepEqual(deletedByTargets, planned, "the real run deletes exactly the planned files");
    const aptResult = real.targets.find((t) => t.name === "package-cache")!.result!;
    assert.deepEqual(aptResult.commands.map((c) => c.code), [0]);
    assert.equal(aptResult.freed_bytes, apt.expected_bytes, "apt-get clean freed what the plan expected");
    assert.equal(real.targets.find((t) => t.name === "journal")!.result!.matches_plan, true);

    const after = new Set(await listTree(root));
    const removed = before.filter((p) => !after.has(p)).sort();
    assert.deepEqual(removed, [...tree.expectedDeleted].sort(), "removed = the planned files and apt's cache");
    for (const p of tree.mustSurvive) assert.ok(after.has(p), `${p} survives`);
    assert.equal(real.freed_bytes, real.targets.reduce((n, t) => n + t.result!.freed_bytes, 0));
    assert.ok(real.freed_bytes >= dry.expected_bytes - 65536, "freed about what was expected");

    // A second run finds nothing to do.
    const again = await clean(["--config", tree.configPath]);
    assert.equal(again.expected_bytes, 0);
    assert.deepEqual(again.targets.flatMap((t) => t.result!.deleted), []);
  } finally {
    tree.held.close();
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("--if-above acts only above the threshold", async () => {
  const root = await Deno.makeTempDir({ prefix: "hostmend-clean-" });
  const tree = await buildCleanTree(root);
  try {
    const before = await listTree(root);
    const skipped = await clean(["--config", tree.configPath, "--if-above", "100%"]);
    assert.match(skipped.skipped_reason ?? "", /is at \d+%, not above 100%: nothing to do/);
    assert.deepEqual(await listTree(root), before);
    const acted = await clean(["--config", tree.configPath, "--if-above", "0%", "--only", "core-dumps"]);
    assert.equal(acted.skipped_reason, null);
    assert.equal(acted.targets[0]!.result!.deleted.length, 2);
  } finally {
    tree.held.close();
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("deleted files still held open are reported with pid, command and advice, and nothing is killed", async () => {
  const root = await Deno.makeTempDir({ prefix: "hostmend-clean-" });
  const tree = await buildCleanTree(root);
  const ghostPath = `${root}/tmp/ghost.log`;
  await Deno.writeFile(ghostPath, new Uint8Array(70_000).fill(1));
  const ghost = await Deno.open(ghostPath);
  await Deno.remove(ghostPath);
  try {
    const dry = await clean(["--config", tree.configPath, "--dry-run", "--only", "tmp"]);
    const found = dry.open_deleted.find((f) => f.path === ghostPath);
    assert.ok(found, "the deleted-but-open file is reported");
    assert.equal(found.pid, Deno.pid);
    assert.match(found.advice, new RegExp(`^restart deno \\(pid ${Deno.pid}\\) to release it, or truncate it`));
  } finally {
    ghost.close();
    tree.held.close();
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("without root the real run refuses and names what needs root; the dry run works", async () => {
  const root = await Deno.makeTempDir({ prefix: "hostmend-clean-" });
  const tree = await buildCleanTree(root);
  try {
    const before = await listTree(root);
    const env = { HOSTMEND_ASSUME_UID: "1000" };
    const refused = await runTask("disk-clean", ["--config", tree.configPath], { env });
    assert.equal(refused.code, 2);
    assert.equal(
      refused.stderr.trim(),
      "disk-clean needs root to clean journal, package-cache, core-dumps, rotated-logs, tmp: " +
        "run it with sudo, or add --dry-run to see the plan",
    );
    assert.deepEqual(await listTree(root), before);
    const dry = await clean(["--config", tree.configPath, "--dry-run"], env);
    assert.ok(dry.expected_bytes > 0);
  } finally {
    tree.held.close();
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("bad config and flags are one-line usage errors", async () => {
  const root = await Deno.makeTempDir({ prefix: "hostmend-clean-" });
  try {
    await Deno.writeTextFile(`${root}/bad.json`, JSON.stringify({ disk_clean: { tmp: { older: "3days" } } }));
    const bad = await runTask("disk-clean", ["--config", `${root}/bad.json`, "--dry-run"]);
    assert.equal(bad.code, 64);
    assert.equal(
      bad.stderr.trim(),
      `disk-clean: Config ${root}/bad.json: disk_clean.tmp.older: unknown key, use one of dirs, older_than`,
    );
    const target = await runTask("disk-clean", ["--with", "everything", "--dry-run"]);
    assert.equal(target.code, 64);
    assert.match(target.stderr, /^disk-clean: --with: unknown target "everything", use one of journal, /);
    const missing = await runTask("disk-clean", ["--config", `${root}/none.json`, "--dry-run"]);
    assert.equal(missing.code, 64);
    assert.equal(missing.stderr.trim().split("\n").length, 1);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("package-cache with dnf: dnf clean all on a temp cache, freed bytes measured", async () => {
  const root = await Deno.makeTempDir({ prefix: "hostmend-clean-" });
  try {
    const repo = `${root}/dnf/fedora-0123456789abcdef`;
    await Deno.mkdir(`${repo}/packages`, { recursive: true });
    await Deno.mkdir(`${repo}/repodata`);
    await Deno.writeFile(`${repo}/packages/tool-1.0-1.x86_64.rpm`, new Uint8Array(120_000).fill(3));
    await Deno.writeFile(`${repo}/repodata/repomd.xml`, new Uint8Array(5000).fill(4));
    await Deno.writeFile(`${root}/dnf/fedora.solv`, new Uint8Array(3000).fill(5));
    await Deno.writeTextFile(
      `${root}/config.json`,
      JSON.stringify({
        disk_clean: {
          path: root,
          lock: `${root}/lock`,
          targets: ["package-cache"],
          package_cache: { manager: "dnf", cache_dir: `${root}/dnf` },
        },
      }),
    );
    const dry = await clean(["--config", `${root}/config.json`, "--dry-run"]);
    const target = dry.targets[0]!;
    assert.deepEqual(target.actions.map((a) => a.argv), [[
      "dnf",
      "clean",
      "all",
      `--setopt=cachedir=${root}/dnf`,
      `--setopt=system_cachedir=${root}/dnf`,
    ]]);
    assert.ok(target.expected_bytes >= 128_000);
    const real = await clean(["--config", `${root}/config.json`]);
    const result = real.targets[0]!.result!;
    assert.deepEqual(result.commands.map((c) => c.code), [0]);
    assert.ok(result.freed_bytes >= 120_000, `freed ${result.freed_bytes}`);
    assert.equal(await Deno.lstat(`${repo}/packages/tool-1.0-1.x86_64.rpm`).then(() => true, () => false), false);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("the journal target refuses a symlinked machine-id directory, which journalctl would follow", async () => {
  const root = await Deno.makeTempDir({ prefix: "hostmend-clean-" });
  const tree = await buildCleanTree(root);
  try {
    await Deno.mkdir(`${root}/outside/journal`);
    await Deno.symlink(`${root}/outside/journal`, `${root}/journal/0123456789abcdef0123456789abcdef`);
    const before = await listTree(root);
    const real = await clean(["--config", tree.configPath, "--only", "journal"]);
    const journal = real.targets[0]!;
    assert.match(journal.unavailable ?? "", /is a symlink that journalctl would follow: use journal-vacuum for it$/);
    assert.deepEqual(journal.skipped, [{
      path: `${root}/journal/0123456789abcdef0123456789abcdef`,
      reason: "symlink",
    }]);
    assert.deepEqual(await listTree(root), before);
  } finally {
    tree.held.close();
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("as a real unprivileged user (setpriv): the real run refuses, the dry run plans", async () => {
  const root = await Deno.makeTempDir({ prefix: "hostmend-clean-" });
  const tree = await buildCleanTree(root);
  try {
    await Deno.chmod(root, 0o755);
    const denoDir = `${root}/deno-dir`;
    await Deno.mkdir(denoDir, { mode: 0o777 });
    await Deno.chmod(denoDir, 0o777);
    const asNobody = (extra: string[]) =>
      new Deno.Command("setpriv", {
        args: [
          "--reuid=65534",
          "--regid=65534",
          "--clear-groups",
          "--",
          Deno.execPath(),
          "task",
          "--quiet",
          "--config",
          `${REPO_ROOT}/deno.json`,
          "disk-clean",
          "--config",
          tree.configPath,
          "--only",
          "core-dumps",
          ...extra,
        ],
        env: { DENO_DIR: denoDir, HOME: denoDir, NO_COLOR: "1" },
        cwd: REPO_ROOT,
        stdout: "piped",
        stderr: "piped",
      }).output();
    const before = await listTree(`${root}/coredump`);
    const refused = await asNobody([]);
    assert.equal(refused.code, 2);
    assert.equal(
      new TextDecoder().decode(refused.stderr).trim(),
      "disk-clean needs root to clean core-dumps: run it with sudo, or add --dry-run to see the plan",
    );
    assert.deepEqual(await listTree(`${root}/coredump`), before);
    const dry = await asNobody(["--dry-run", "--json"]);
    assert.equal(dry.code, 0, new TextDecoder().decode(dry.stderr));
    const json: CleanJson = JSON.parse(new TextDecoder().decode(dry.stdout));
    assert.deepEqual(json.targets[0]!.actions.map((a) => a.path), [
      `${root}/coredump/core.app.1000.old.zst`,
      `${root}/crash/_usr_bin_app.0.crash`,
    ]);
  } finally {
    tree.held.close();
    await Deno.remove(root, { recursive: true });
  }
});
