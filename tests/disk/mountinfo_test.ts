import assert from "node:assert/strict";
import { devToMajorMinor, mountFor, parseMountInfo, readMounts, realFilesystems } from "../../lib/disk/mountinfo.ts";

const SAMPLE = `22 1 259:1 / / rw,noatime shared:1 - xfs /dev/nvme0n1p1 rw,attr2,inode64
23 22 0:21 / /proc rw,nosuid,nodev,noexec,relatime shared:5 - proc proc rw
24 22 0:22 / /sys rw,nosuid,nodev,noexec,relatime shared:6 - sysfs sysfs rw
25 22 0:5 / /dev rw,nosuid shared:2 - devtmpfs devtmpfs rw,size=4012k,nr_inodes=1003028,mode=755
26 22 0:23 / /run rw,nosuid,nodev shared:11 - tmpfs tmpfs rw,mode=755
40 22 259:3 / /var rw,relatime shared:30 - ext4 /dev/nvme1n1 rw
41 22 259:3 /lib/docker /srv/docker rw,relatime shared:30 - ext4 /dev/nvme1n1 rw
42 22 7:0 / /snap/core/1 ro,nodev,relatime shared:31 - squashfs /dev/loop0 ro
43 22 259:4 / /mnt/my\\040disk rw,relatime shared:32 master:1 - ext4 /dev/nvme2n1 rw
`;

Deno.test("parseMountInfo reads every field, optional fields and octal escapes included", () => {
  const mounts = parseMountInfo(SAMPLE);
  assert.equal(mounts.length, 9);
  assert.deepEqual(mounts[0], {
    id: 22,
    parentId: 1,
    majorMinor: "259:1",
    root: "/",
    mountPoint: "/",
    options: ["rw", "noatime"],
    fsType: "xfs",
    source: "/dev/nvme0n1p1",
    superOptions: ["rw", "attr2", "inode64"],
  });
  assert.equal(mounts[6]!.root, "/lib/docker");
  assert.equal(mounts[8]!.mountPoint, "/mnt/my disk");
  assert.equal(mounts[8]!.fsType, "ext4");
});

Deno.test("realFilesystems drops pseudo filesystems and bind mounts, keeps tmpfs", () => {
  const real = realFilesystems(parseMountInfo(SAMPLE)).map((m) => m.mountPoint);
  assert.deepEqual(real, ["/", "/run", "/var", "/mnt/my disk"]);
});

Deno.test("mountFor picks the deepest mount that holds a path", () => {
  const mounts = parseMountInfo(SAMPLE);
  assert.equal(mountFor(mounts, "/var/log/journal")?.mountPoint, "/var");
  assert.equal(mountFor(mounts, "/variable")?.mountPoint, "/");
  assert.equal(mountFor(mounts, "/srv/docker/x")?.root, "/lib/docker");
  assert.equal(mountFor(mounts, "/")?.mountPoint, "/");
});

Deno.test("devToMajorMinor agrees with the mount table for the real root filesystem", async () => {
  const mounts = await readMounts();
  const root = mountFor(mounts, "/")!;
  assert.equal(devToMajorMinor((await Deno.stat("/")).dev), root.majorMinor);
  assert.equal(devToMajorMinor(2049), "8:1");
});
