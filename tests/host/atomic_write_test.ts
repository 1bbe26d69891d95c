import assert from "node:assert/strict";
import { writeFileAtomic } from "../../lib/host/atomic_write.ts";

Deno.test("writeFileAtomic writes once, then reports no change for the same content", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/hostmend.conf`;
    assert.equal(await writeFileAtomic(path, "[Journal]\nSystemMaxUse=500M\n"), true);
    assert.equal(await Deno.readTextFile(path), "[Journal]\nSystemMaxUse=500M\n");
    assert.equal((await Deno.stat(path)).mode! & 0o777, 0o644);
    const before = (await Deno.stat(path)).mtime;
    assert.equal(await writeFileAtomic(path, "[Journal]\nSystemMaxUse=500M\n"), false);
    assert.deepEqual((await Deno.stat(path)).mtime, before);
    assert.equal(await writeFileAtomic(path, "[Journal]\nSystemMaxUse=1G\n"), true);
    assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["hostmend.conf"], "no temp file left behind");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
