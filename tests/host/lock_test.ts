import assert from "node:assert/strict";
import { acquireLock } from "../../lib/host/lock.ts";

/** A real process that holds an flock on `path` (fd 9) and has written its pid there, as a running task would. */
async function holder(path: string): Promise<Deno.ChildProcess> {
  const child = new Deno.Command("sh", {
    args: ["-c", `exec 9>>"$0"; flock -n 9 || exit 1; echo $$ > "$0"; echo ready; exec sleep 30`, path],
    stdout: "piped",
  }).spawn();
  const reader = child.stdout.getReader();
  const { value } = await reader.read();
  assert.equal(new TextDecoder().decode(value).trim(), "ready");
  reader.releaseLock();
  return child;
}

Deno.test("a held lock refuses a second taker with exit 75 and the holder's pid", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/t.lock`;
    const child = await holder(path);
    try {
      await assert.rejects(acquireLock(path, "disk-clean"), {
        name: "BusyError",
        message: `another disk-clean is running (pid ${child.pid}): wait for it, or check it with ps -p ${child.pid}`,
      });
      assert.equal((await Deno.readTextFile(path)).trim(), String(child.pid), "the holder's file is left as it was");
    } finally {
      child.kill();
      await child.status;
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the lock of a killed run does not block: the kernel released it", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/t.lock`;
    const child = await holder(path);
    child.kill("SIGKILL");
    await child.status;
    const lock = await acquireLock(path, "disk-clean");
    assert.equal((await Deno.readTextFile(path)).trim(), String(Deno.pid));
    await lock.release();
    await assert.rejects(Deno.stat(path), Deno.errors.NotFound, "release removes the file");
    const again = await acquireLock(path, "disk-clean");
    await again.release();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("while we hold the lock, flock(1) on the same file cannot take it", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/t.lock`;
    const lock = await acquireLock(path, "disk-clean");
    try {
      const r = await new Deno.Command("flock", { args: ["-n", "-E", "75", path, "true"] }).output();
      assert.equal(r.code, 75);
    } finally {
      await lock.release();
    }
    const r = await new Deno.Command("flock", { args: ["-n", "-E", "75", path, "true"] }).output();
    assert.equal(r.code, 0, "released");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
