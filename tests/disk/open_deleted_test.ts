import assert from "node:assert/strict";
import { findOpenDeleted, heldBytes } from "../../lib/disk/open_deleted.ts";
import { readMounts } from "../../lib/disk/mountinfo.ts";

Deno.test("findOpenDeleted finds a deleted file a real process still holds, with pid, command and size", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/app.log`;
  await Deno.writeFile(path, new Uint8Array(3 * 1024 * 1024).fill(7));
  // The shell opens the file on fd 7, deletes it, and keeps it open while it sleeps.
  const child = new Deno.Command("sh", {
    args: ["-c", `exec 7<"$1"; rm "$1"; echo ready; exec sleep 30`, "sh", path],
    stdout: "piped",
  }).spawn();
  try {
    const reader = child.stdout.getReader();
    const { value } = await reader.read();
    assert.equal(new TextDecoder().decode(value).trim(), "ready");
    reader.releaseLock();
    const found = (await findOpenDeleted({ mounts: await readMounts() })).filter((f) => f.pid === child.pid);
    assert.equal(found.length, 1, "one descriptor of one deleted file");
    const [f] = found;
    assert.equal(f!.command, "sleep");
    assert.equal(f!.fd, 7);
    assert.equal(f!.path, path);
    assert.equal(f!.sizeBytes, 3 * 1024 * 1024);
    assert.ok(f!.diskBytes >= 3 * 1024 * 1024);
    assert.ok(f!.mountPoint, "the filesystem is named");
    assert.equal(heldBytes([f!, { ...f!, fd: 8 }]), f!.diskBytes, "the same file held twice counts once");
  } finally {
    child.kill();
    await child.status;
    await Deno.remove(dir, { recursive: true });
  }
});
