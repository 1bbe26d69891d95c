import assert from "node:assert/strict";
import { formatArgv, runCommand } from "../../lib/host/run_command.ts";

Deno.test("runCommand returns output, and a failure carries the code and stderr tail", async () => {
  const ok = await runCommand(["sh", "-c", "echo hi"]);
  assert.equal(ok.stdout, "hi\n");
  const failed = await runCommand(["sh", "-c", "echo nope >&2; exit 3"], { noThrow: true });
  assert.equal(failed.code, 3);
  await assert.rejects(runCommand(["sh", "-c", "echo 'disk full' >&2; exit 4"]), {
    name: "CommandError",
    message: "sh -c 'echo '\\''disk full'\\'' >&2; exit 4' failed with exit code 4: disk full",
  });
});

Deno.test("a missing program is exit 127, not a crash", async () => {
  const r = await runCommand(["hostmend-no-such-program"], { noThrow: true });
  assert.equal(r.code, 127);
});

Deno.test("formatArgv quotes only what needs quoting", () => {
  assert.equal(formatArgv(["journalctl", "--vacuum-size=100M"]), "journalctl --vacuum-size=100M");
  assert.equal(formatArgv(["echo", "a b"]), "echo 'a b'");
});
