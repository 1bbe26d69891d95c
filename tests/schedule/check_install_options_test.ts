import assert from "node:assert/strict";
import { checkEntryName, checkMailto, checkTask } from "../../lib/schedule/check_install_options.ts";
import { scheduleTarget } from "../../lib/schedule/schedule_target.ts";

const WHERE = {
  "cron-dir": "/etc/cron.d/",
  "unit-dir": "/etc/systemd/system//",
  daemon: "auto",
  "system-tz": undefined,
};

Deno.test("entry names and MAILTO are safe to write into a cron file", () => {
  assert.equal(checkEntryName("disk-clean"), "disk-clean");
  assert.throws(() => checkEntryName("Disk clean"), {
    message: 'Invalid --name "Disk clean": use lower-case letters, digits and -',
  });
  assert.equal(checkMailto("ops@example.com,root"), "ops@example.com,root");
  assert.equal(checkMailto(""), "");
  assert.throws(() => checkMailto("a b"), /Invalid --mailto "a b"/);
  assert.throws(() => checkMailto("$(reboot)"), /Invalid --mailto/);
});

Deno.test("the target is the cron file or the unit directory, without trailing slashes", () => {
  assert.deepEqual(scheduleTarget({ ...WHERE, systemd: undefined }), { kind: "cron", path: "/etc/cron.d/hostmend" });
  assert.deepEqual(scheduleTarget({ ...WHERE, systemd: true }), { kind: "systemd", dir: "/etc/systemd/system" });
  assert.deepEqual(scheduleTarget({ ...WHERE, "unit-dir": "/", systemd: true }), { kind: "systemd", dir: "/" });
});

Deno.test("only a task of deno.json, and not cron, test or lint, can be scheduled", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(
      `${dir}/deno.json`,
      JSON.stringify({ tasks: { "disk-clean": "x", cron: "y", test: "z" } }),
    );
    await checkTask("disk-clean", dir);
    await assert.rejects(() => checkTask("cron", dir), { message: 'Unknown --task "cron": use one of disk-clean' });
    await assert.rejects(() => checkTask("nope", dir), /Unknown --task "nope"/);
    await assert.rejects(() => checkTask("disk-clean", `${dir}/missing`), /No hostmend deno.json in/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
