import assert from "node:assert/strict";
import { filesystemOf, parseDfOutput, readFilesystems } from "../../lib/disk/filesystems.ts";

Deno.test("parseDfOutput reads bytes and inodes, mount points with spaces, and no-inode filesystems", () => {
  const text = `Filesystem     Type 1B-blocks      Used     Avail Inodes IUsed IFree Mounted on
/dev/nvme0n1p1 xfs  8577331200 8150000000 427331200 4193216 120000 4073216 /
/dev/sdb       btrfs 1000000 500000 250000 0 0 0 /mnt/my disk
`;
  const [root, btrfs] = parseDfOutput(text);
  assert.equal(root!.mountPoint, "/");
  assert.equal(root!.sizeBytes, 8577331200);
  assert.equal(root!.usePercent, 96); // ceil(8150000000 / (8150000000 + 427331200) * 100)
  assert.equal(root!.inodeUsePercent, 3);
  assert.equal(btrfs!.mountPoint, "/mnt/my disk");
  assert.equal(btrfs!.usePercent, 67);
  assert.equal(btrfs!.inodeUsePercent, null);
});

Deno.test("readFilesystems and filesystemOf agree with the real df on this machine", async () => {
  const all = await readFilesystems();
  const root = all.find((f) => f.mountPoint === "/");
  assert.ok(root, "the root filesystem is listed");
  assert.ok(!all.some((f) => ["proc", "sysfs", "cgroup2"].includes(f.fsType)), "no pseudo filesystems");
  const out = new TextDecoder().decode(
    (await new Deno.Command("df", { args: ["-B1", "--output=size,itotal", "/"] }).output()).stdout,
  );
  const [size, itotal] = out.split("\n")[1]!.trim().split(/\s+/).map(Number);
  assert.equal(root.sizeBytes, size);
  assert.equal(root.inodesTotal, itotal);
  const of = await filesystemOf("/etc");
  assert.equal(of.mountPoint, (await filesystemOf("/etc/..")).mountPoint);
  assert.ok(of.sizeBytes > 0);
});
