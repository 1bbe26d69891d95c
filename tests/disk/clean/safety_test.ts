// disk-clean's safety under real conditions: two concurrent runs, a stale lock, SIGTERM in the middle,
// a read-only and a full filesystem (tmpfs mounts in a private mount namespace made with unshare).

import assert from "node:assert/strict";
import { REPO_ROOT, runTask } from "../../support/run_task.ts";

const FILES = 30_000;

/** A policy with only the tmp target, aimed at `dir`, deleting every file there (age 0). */
async function tmpOnlyConfig(root: string, dir: string, lock = `${root}/disk-clean.lock`): Promise<string> {
  const path = `${root}/config.json`;
  await Deno.writeTextFile(
    path,
    JSON.stringify({ disk_clean: { path: root, lock, targets: ["tmp"], tmp: { dirs: [dir], older_than: "0s" } } }),
  );
  return path;
}

async function manyFiles(dir: string): Promise<string[]> {
  await Deno.mkdir(dir, { recursive: true });
  const paths: string[] = [];
  for (let i = 0; i < FILES; i++) {
    const p = `${dir}/f${String(i).padStart(6, "0")}`;
    Deno.writeFileSync(p, new Uint8Array(1));
    paths.push(p);
  }
  return paths;
}

async function waitFor(test: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 6000; i++) {
    if (await test()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`gave up waiting for ${what}`);
}

const exists = (p: string) => Deno.lstat(p).then(() => true, () => false);

function spawnTask(args: string[]) {
  return new Deno.Command(Deno.execPath(), {
    args: ["task", "--quiet", "--config", `${REPO_ROOT}/deno.json`, "disk-clean", ...args],
    cwd: REPO_ROOT,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
}

Deno.test("a second concurrent run exits 75 naming the first one's pid; the first completes", async () => {
  const root = await Deno.makeTempDir({ prefix: "hostmend-clean-" });
  try {
    await manyFiles(`${root}/tmp`);
    const config = await tmpOnlyConfig(root, `${root}/tmp`);
    const first = spawnTask(["--config", config, "--json"]);
    const lockPid = () => Deno.readTextFile(`${root}/disk-clean.lock`).then((t) => /^\d+\n$/.test(t), () => false);
    await waitFor(lockPid, "the first run's lock, with its pid");
    const holder = (await Deno.readTextFile(`${root}/disk-clean.lock`)).trim();
    const second = await runTask("disk-clean", ["--config", config]);
    const firstOut = await first.output();
    assert.equal(second.code, 75);
    assert.equal(
      second.stderr.trim(),
      `disk-clean: another disk-clean is running (pid ${holder}): wait for it, or check it with ps -p ${holder}`,
    );
    assert.equal(firstOut.code, 0, new TextDecoder().decode(firstOut.stderr));
    assert.equal(JSON.parse(new TextDecoder().decode(firstOut.stdout)).targets[0].result.deleted.length, FILES);
    assert.equal(await exists(`${root}/disk-clean.lock`), false, "the lock is released");
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("a stale lock left by a killed run does not block", async () => {
  const root = await Deno.makeTempDir({ prefix: "hostmend-clean-" });
  try {
    await Deno.mkdir(`${root}/tmp`);
    await Deno.writeTextFile(`${root}/tmp/old`, "x");
    const config = await tmpOnlyConfig(root, `${root}/tmp`);
    const dead = new Deno.Command("true").spawn();
    await dead.status;
    await Deno.writeTextFile(`${root}/disk-clean.lock`, `${dead.pid}\n`);
    const r = await runTask("disk-clean", ["--config", config, "--json"]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout).targets[0].result.deleted, [`${root}/tmp/old`]);
    assert.equal(await exists(`${root}/disk-clean.lock`), false);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("SIGTERM in the middle stops at a safe point and reports exactly what was done", async () => {
  const root = await Deno.makeTempDir({ prefix: "hostmend-clean-" });
  try {
    const paths = await manyFiles(`${root}/tmp`);
    const config = await tmpOnlyConfig(root, `${root}/tmp`);
    const run = spawnTask(["--config", config, "--json"]);
    // Files go in path order: once the first is gone, the run is deleting.
    await waitFor(async () => !(await exists(paths[0]!)), "the first deletion");
    const pid = Number((await Deno.readTextFile(`${root}/disk-clean.lock`)).trim());
    Deno.kill(pid, "SIGTERM");
    const out = await run.output();
    assert.equal(out.code, 130, new TextDecoder().decode(out.stderr));
    const json = JSON.parse(new TextDecoder().decode(out.stdout));
    assert.equal(json.interrupted, true);
    const deleted: string[] = json.targets[0].result.deleted;
    assert.ok(deleted.length > 0 && deleted.length < FILES, `stopped part way (${deleted.length} of ${FILES})`);
    const gone = [];
    for (const p of paths) if (!(await exists(p))) gone.push(p);
    assert.deepEqual(gone, deleted, "the report lists exactly the files that are gone");
    assert.equal(await exists(`${root}/disk-clean.lock`), false, "the lock is released");
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

/** Runs disk-clean in a private mount namespace after `setup` (a shell script with $1 = the mount dir). */
async function inMountNamespace(mnt: string, setup: string, args: string[]) {
  const script = `set -e\n${setup}\nshift\nexec "$@"`;
  const out = await new Deno.Command("unshare", {
    args: [
      "-m",
      "--propagation",
      "private",
      "sh",
      "-c",
      script,
      "sh",
      mnt,
      Deno.execPath(),
      "task",
      "--quiet",
      "--config",
      `${REPO_ROOT}/deno.json`,
      "disk-clean",
      ...args,
    ],
    cwd: REPO_ROOT,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const d = new TextDecoder();
  return { code: out.code, stdout: d.decode(out.stdout), stderr: d.decode(out.stderr) };
}

Deno.test("a read-only filesystem gives a one-line error, not a stack trace", async () => {
  const root = await Deno.makeTempDir({ prefix: "hostmend-clean-" });
  try {
    const mnt = `${root}/ro`;
    await Deno.mkdir(mnt);
    const config = await tmpOnlyConfig(root, mnt);
    const r = await inMountNamespace(
      mnt,
      `mount -t tmpfs -o size=1m hostmend-test "$1"\nhead -c 5000 /dev/zero > "$1/old.bin"\nmount -o remount,ro "$1"`,
      ["--config", config],
    );
    assert.equal(r.code, 2);
    assert.equal(
      r.stderr.trim(),
      `disk-clean: cannot delete ${mnt}/old.bin: the filesystem is read-only: remount it read-write, or check dmesg for disk errors`,
    );
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("on a full filesystem the clean still frees space, and a lock that cannot be written is one line", async () => {
  const root = await Deno.makeTempDir({ prefix: "hostmend-clean-" });
  try {
    const mnt = `${root}/full`;
    await Deno.mkdir(mnt);
    const fill = `mount -t tmpfs -o size=256k hostmend-test "$1"\nhead -c 100000 /dev/zero > "$1/old.bin"\n` +
      `cat /dev/zero > "$1/fill" 2>/dev/null || true`;
    const config = await tmpOnlyConfig(root, `${mnt}/none`, `${mnt}/disk-clean.lock`);
    const locked = await inMountNamespace(mnt, fill, ["--config", config]);
    assert.equal(locked.code, 2);
    assert.equal(
      locked.stderr.trim(),
      `disk-clean: cannot write ${mnt}/disk-clean.lock: no space left on device: free space by hand, or point "lock" elsewhere`,
    );
    const config2 = await tmpOnlyConfig(root, mnt);
    const freed = await inMountNamespace(mnt, fill, ["--config", config2, "--json"]);
    assert.equal(freed.code, 0, freed.stderr);
    const json = JSON.parse(freed.stdout);
    assert.deepEqual(json.targets[0].result.deleted.sort(), [`${mnt}/fill`, `${mnt}/old.bin`]);
    assert.ok(json.freed_bytes >= 256 * 1024 - 4096);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
