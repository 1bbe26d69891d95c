import assert from "node:assert/strict";
import { acquireLock } from "../../lib/host/lock.ts";

Deno.test("a held lock refuses a second taker with exit 75 and the holder's pid", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/t.lock`;
    // A live process other than us holds it.
    const sleeper = new Deno.Command("sleep", { args: ["30"] }).spawn();
    try {
      await Deno.writeTextFile(path, `${sleeper.pid}\n`);
      await assert.rejects(acquireLock(path, "disk-clean"), {
        name: "BusyError",
        message:
          `another disk-clean is running (pid ${sleeper.pid}): wait for it, or check it with ps -p ${sleeper.pid}`,
      });
    } finally {
      sleeper.kill();
      await sleeper.status;
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a stale lock left by a dead process is taken over, and release removes it", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/t.lock`;
    const gone = new Deno.Command("true").spawn();
    await gone.status;
    await Deno.writeTextFile(path, `${gone.pid}\n`);
    const lock = await acquireLock(path, "disk-clean");
    assert.equal((await Deno.readTextFile(path)).trim(), String(Deno.pid));
    await lock.release();
    await assert.rejects(Deno.stat(path), Deno.errors.NotFound);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
