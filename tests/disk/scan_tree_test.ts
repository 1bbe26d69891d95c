// scanTree against real GNU du on the hard tree, on both readers, with one thread and with workers.
import assert from "node:assert/strict";
import { scanTree } from "../../lib/disk/scan_tree.ts";
import type { SizeReport } from "../../lib/disk/size_tree.ts";
import { BAD_NAME_DIR, buildHardTree, duBytes, HARD_TREE_DIRS } from "./hard_tree.ts";

async function assertMatchesDu(dir: string, tree: SizeReport, expectedDirs: string[]) {
  const total = await duBytes(dir);
  assert.equal(tree.bytes, total.sizes.get(dir), "root bytes = du -s -B1");
  const apparent = await duBytes(dir, { apparent: true });
  assert.equal(tree.apparentBytes, apparent.sizes.get(dir), "root apparent bytes = du -s -B1 --apparent-size");
  // du -s dir/* in byte order charges a hard link shared by two children to the first: the same rule as ours.
  const children = await duBytes(dir, { children: true });
  const got = new Map(tree.children.map((c) => [c.path, c.bytes]));
  assert.deepEqual([...got.keys()].sort(), expectedDirs.map((d) => `${dir}/${d}`).sort());
  for (const [path, bytes] of got) assert.equal(bytes, children.sizes.get(path), `bytes of ${JSON.stringify(path)}`);
  const childrenApparent = await duBytes(dir, { children: true, apparent: true });
  for (const c of tree.children) assert.equal(c.apparentBytes, childrenApparent.sizes.get(c.path), c.path);
}

// The trees take seconds to build on a busy disk: each is built once and scanned many ways (scans are read-only).
Deno.test("scanTree on the hard tree", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "hostmend-scan-" });
  const utf8 = await Deno.makeTempDir({ prefix: "hostmend-scan-utf8-" });
  try {
    await buildHardTree(dir);
    await buildHardTree(utf8, { utf8Only: true });

    for (const threads of [1, 2]) {
      await t.step(`FFI scanner (${threads} threads) equals du to the byte, non-UTF-8 names included`, async () => {
        const r = await scanTree(dir, { depth: 2, top: 100, files: 5, scanner: "ffi", threads });
        assert.equal(r.scanner, "ffi");
        assert.equal(r.complete, true, JSON.stringify(r.errors));
        await assertMatchesDu(dir, r.tree, [...HARD_TREE_DIRS, BAD_NAME_DIR]);
        // The subtree below the non-UTF-8 name is there, down to its own non-UTF-8 child.
        const bad = r.tree.children.find((c) => c.path === `${dir}/${BAD_NAME_DIR}`)!;
        assert.deepEqual(bad.children.map((c) => c.path), [`${dir}/${BAD_NAME_DIR}/sub\\xfe`]);
        // Hard links: three links to one 100,000-byte file count once; one file is shared by two children.
        assert.equal(r.hardLinks.files, 2);
        assert.equal(r.hardLinks.links, 5);
        assert.equal(r.files[0]!.path, `${dir}/hard/one`);
        assert.ok(r.entries > 20_000);
      });
    }

    await t.step("portable scanner equals du to the byte on the tree without non-UTF-8 names", async () => {
      const r = await scanTree(utf8, { depth: 1, top: 100, scanner: "portable", threads: 2 });
      assert.equal(r.scanner, "portable");
      assert.equal(r.complete, true, JSON.stringify(r.errors));
      await assertMatchesDu(utf8, r.tree, HARD_TREE_DIRS);
    });

    await t.step("FFI scanner equals du on the tree without non-UTF-8 names too", async () => {
      const r = await scanTree(utf8, { depth: 1, top: 100, scanner: "ffi" });
      await assertMatchesDu(utf8, r.tree, HARD_TREE_DIRS);
    });

    await t.step("portable scanner reports names that are not UTF-8 as errors and the scan as incomplete", async () => {
      const r = await scanTree(dir, { depth: 1, top: 100, scanner: "portable", threads: 1 });
      assert.equal(r.complete, false);
      assert.equal(r.errors.count, 2); // the directory and the top-level file
      assert.ok(r.errors.samples.every((s) => s.code === "EILSEQ"), JSON.stringify(r.errors.samples));
    });

    await t.step("one thread and several give the same result", async () => {
      const results = [];
      for (const threads of [1, 2, 3, 5]) {
        const r = await scanTree(dir, { depth: 3, top: 3, files: 7, scanner: "ffi", threads });
        results.push(JSON.stringify({ tree: r.tree, files: r.files, entries: r.entries, links: r.hardLinks }));
      }
      for (const r of results.slice(1)) assert.equal(r, results[0]);
    });

    await t.step("excluded names and skipped paths are not counted, like du --exclude", async () => {
      const r = await scanTree(utf8, { depth: 1, excludes: ["big", "*.txt"], skipPaths: [`${utf8}/deep`] });
      const out = await new Deno.Command("du", {
        args: ["-s", "-B1", "--exclude=big", "--exclude=*.txt", `--exclude=${utf8}/deep`, utf8],
      }).output();
      assert.equal(r.tree.bytes, Number(new TextDecoder().decode(out.stdout).split("\t")[0]));
      assert.ok(!r.tree.children.some((c) => c.path.endsWith("/big") || c.path.endsWith("/deep")));
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
    await Deno.remove(utf8, { recursive: true });
  }
});

Deno.test("a file as the scan root is its own size", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeFile(`${dir}/f`, new Uint8Array(10_000));
    const r = await scanTree(`${dir}/f`, {});
    assert.equal(r.tree.bytes, (await duBytes(`${dir}/f`)).sizes.get(`${dir}/f`));
    assert.equal(r.tree.apparentBytes, 10_000);
    assert.deepEqual(r.files.map((f) => f.path), [`${dir}/f`]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("without --allow-ffi the automatic choice falls back to the portable scanner and says so", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.mkdir(`${dir}/a/b`, { recursive: true });
    await Deno.writeFile(`${dir}/a/b/f`, new Uint8Array(30_000));
    const code = `
      import { scanTree } from ${JSON.stringify(new URL("../../lib/disk/scan_tree.ts", import.meta.url).href)};
      const r = await scanTree(${JSON.stringify(dir)}, {});
      console.log(JSON.stringify({ scanner: r.scanner, bytes: r.tree.bytes }));`;
    await Deno.writeTextFile(`${dir}.probe.ts`, code);
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--quiet", "--no-prompt", "--allow-read", `${dir}.probe.ts`],
      stderr: "piped",
    }).output();
    assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
    const result = JSON.parse(new TextDecoder().decode(out.stdout));
    assert.equal(result.scanner, "portable");
    assert.equal(result.bytes, (await duBytes(dir)).sizes.get(dir));
  } finally {
    await Deno.remove(`${dir}.probe.ts`).catch(() => {});
    await Deno.remove(dir, { recursive: true });
  }
});
