import assert from "node:assert/strict";
import { compileExcludes } from "../../lib/disk/exclude.ts";

Deno.test("exclude patterns match names, absolute paths and trailing paths", () => {
  const excluded = compileExcludes(["*.log", "/var/cache/*", "lib/docker", "node_modules"])!;
  assert.equal(excluded("syslog.log", "/var/log/syslog.log"), true);
  assert.equal(excluded("apt", "/var/cache/apt"), true);
  assert.equal(excluded("cache", "/var/cache"), false);
  assert.equal(excluded("docker", "/var/lib/docker"), true);
  assert.equal(excluded("docker", "/var/xlib/docker"), false);
  assert.equal(excluded("node_modules", "/srv/app/node_modules"), true);
  assert.equal(excluded("syslog", "/var/log/syslog"), false);
  assert.equal(compileExcludes([]), undefined);
});

Deno.test("exclude patterns support ? and [...] and bytes that are not UTF-8", () => {
  const excluded = compileExcludes(["core.[0-9]?", "[!a]*.tmp"])!;
  assert.equal(excluded("core.12", "/core.12"), true);
  assert.equal(excluded("core.x1", "/core.x1"), false);
  assert.equal(excluded("b.tmp", "/b.tmp"), true);
  assert.equal(excluded("a.tmp", "/a.tmp"), false);
  assert.equal(excluded("\xff.tmp", "/\xff.tmp"), true);
  assert.throws(() => compileExcludes([""]), RangeError);
});
