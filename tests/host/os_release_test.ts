import assert from "node:assert/strict";
import { parseOsRelease } from "../../lib/host/os_release.ts";

Deno.test("parseOsRelease reads quoted and unquoted fields", () => {
  const os = parseOsRelease(`NAME="Amazon Linux"
VERSION="2"
ID="amzn"
ID_LIKE="centos rhel fedora"
VERSION_ID="2"
PRETTY_NAME="Amazon Linux 2"
# a comment
HOME_URL='https://amazonlinux.com/'
`);
  assert.equal(os.id, "amzn");
  assert.equal(os.versionId, "2");
  assert.deepEqual(os.idLike, ["centos", "rhel", "fedora"]);
  assert.equal(os.prettyName, "Amazon Linux 2");
  assert.equal(os.fields.HOME_URL, "https://amazonlinux.com/");
});

Deno.test("parseOsRelease tolerates an empty file", () => {
  const os = parseOsRelease("");
  assert.equal(os.id, "linux");
  assert.deepEqual(os.idLike, []);
});
