import assert from "node:assert/strict";
import { reportError } from "../../lib/cli/run_main.ts";
import { ActionError, BusyError, UsageError } from "../../lib/cli/errors.ts";

function captured(fn: () => number): { code: number; lines: string[] } {
  const lines: string[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => lines.push(args.join(" "));
  try {
    return { code: fn(), lines };
  } finally {
    console.error = original;
  }
}

Deno.test("reportError prints one line and returns the error's exit code", () => {
  assert.deepEqual(captured(() => reportError("disk-audit", new UsageError('Invalid --depth: "-1"'))), {
    code: 64,
    lines: ['disk-audit: Invalid --depth: "-1"'],
  });
  assert.deepEqual(captured(() => reportError("disk-clean", new BusyError("another disk-clean is running (pid 7)"))), {
    code: 75,
    lines: ["disk-clean: another disk-clean is running (pid 7)"],
  });
});

Deno.test("a message that starts with the task's name is not prefixed twice", () => {
  const r = captured(() => reportError("pkg-install", new ActionError("pkg-install needs root to install packages")));
  assert.deepEqual(r, { code: 2, lines: ["pkg-install needs root to install packages"] });
});

Deno.test("an unexpected error is exit 70 with one line, no stack", () => {
  const r = captured(() => reportError("alarms", new Error("boom\nat somewhere")));
  assert.equal(r.code, 70);
  assert.deepEqual(r.lines, ["alarms: internal error: boom (set HOSTMEND_DEBUG=1 for details, and report it)"]);
});
