import assert from "node:assert/strict";
import { checkInterfaceName } from "../../lib/drill/check_interface.ts";
import { formatRemovedFillFiles, removeFillFiles } from "../../lib/drill/remove_fill_files.ts";

Deno.test("interface names: real ones pass, loopback and odd text are refused", () => {
  checkInterfaceName("eth0");
  checkInterfaceName("ens5.100");
  assert.throws(() => checkInterfaceName("lo"), /Refusing --interface lo/);
  assert.throws(() => checkInterfaceName("eth0; reboot"), {
    message: 'Invalid --interface "eth0; reboot": not an interface name',
  });
  assert.throws(() => checkInterfaceName("a-name-longer-than-15"), /not an interface name/);
});

Deno.test("fill cleanup removes only hostmend-fill-*.bin files, a dry run none", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeFile(`${dir}/hostmend-fill-20261125T100000Z.bin`, new Uint8Array(2048));
    await Deno.writeTextFile(`${dir}/keep.bin`, "x");
    const planned = await removeFillFiles(`${dir}/`, true);
    assert.equal(planned.freed_bytes, 2048);
    assert.equal(formatRemovedFillFiles(dir, planned).split("\n")[1], "would free 2.0K");
    const done = await removeFillFiles(dir, false);
    assert.deepEqual(done.removed.map((r) => r.path), [`${dir}/hostmend-fill-20261125T100000Z.bin`]);
    assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["keep.bin"]);
    assert.equal(
      formatRemovedFillFiles(dir, await removeFillFiles(dir, false)),
      `No hostmend-fill-*.bin files in ${dir}: nothing to clean up`,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
