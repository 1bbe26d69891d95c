// Where ssh-run's password comes from: a file, the SSHPASS variable, or a prompt on the terminal without echo.
// Never from the command line, where `ps` and shell history would show it.

import { ActionError, UsageError } from "../cli/errors.ts";

/** Where the password was found. */
export type PasswordSource = "file" | "env" | "prompt";

/**
 * Reads the password: the first line of `passwordFile` when given, else `SSHPASS`, else a prompt on the
 * terminal (only when stdin is one; nothing is echoed). Throws {@linkcode UsageError} when there is none.
 * Needs `--allow-read` for the file and `--allow-env=SSHPASS`.
 *
 * @example
 * ```ts
 * const { password, source } = await resolvePassword({ passwordFile: "/root/.pw", prompt: "Password for h: " });
 * ```
 */
export async function resolvePassword(
  options: { passwordFile?: string; prompt: string },
): Promise<{ password: string; source: PasswordSource }> {
  if (options.passwordFile !== undefined) {
    let text: string;
    try {
      text = await Deno.readTextFile(options.passwordFile);
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) {
        throw new UsageError(`Cannot read --password-file ${options.passwordFile}: no such file`);
      }
      throw error;
    }
    // As sshpass -f does: the first line is the password.
    const password = text.split(/\r?\n/)[0] ?? "";
    if (!password) {
      throw new UsageError(`The --password-file ${options.passwordFile} is empty: put the password on its first line`);
    }
    return { password, source: "file" };
  }
  const env = Deno.env.get("SSHPASS");
  if (env) return { password: env, source: "env" };
  if (!Deno.stdin.isTerminal()) {
    throw new UsageError(
      "No password: set SSHPASS, or use --password-file FILE, or run in a terminal to be asked (never on the command line)",
    );
  }
  return { password: await promptHidden(options.prompt), source: "prompt" };
}

/**
 * Asks on stderr and reads one line from the terminal in raw mode, so nothing typed is echoed. Ctrl-C stops
 * with exit 130. Needs stdin to be a terminal.
 *
 * @example
 * ```ts
 * const password = await promptHidden("Password for root@10.0.0.5: ");
 * ```
 */
export async function promptHidden(prompt: string): Promise<string> {
  const encoder = new TextEncoder();
  const bytes: number[] = [];
  const buf = new Uint8Array(1);
  // Raw mode first: what is typed as soon as the prompt shows must not be echoed.
  Deno.stdin.setRaw(true);
  try {
    await Deno.stderr.write(encoder.encode(prompt));
    for (;;) {
      const n = await Deno.stdin.read(buf);
      if (n === null) break;
      const c = buf[0]!;
      if (c === 13 || c === 10) break;
      if (c === 3) throw new ActionError("interrupted at the password prompt", { exitCode: 130 });
      if (c === 4 && bytes.length === 0) break;
      if (c === 127 || c === 8) bytes.pop();
      else bytes.push(c);
    }
  } finally {
    Deno.stdin.setRaw(false);
    await Deno.stderr.write(encoder.encode("\n"));
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}
