// Two network namespaces the test creates, joined by a veth pair made inside them (never in the machine's own
// namespace), with TEST-NET-1 addresses (192.0.2.0/24) that exist only there. Removed by `remove()`.

/** A pair of namespaces: `a` holds interface `ifA` (192.0.2.1), `b` holds `ifB` (192.0.2.2). */
export interface NetnsPair {
  a: string;
  b: string;
  ifA: string;
  ifB: string;
  addrA: string;
  addrB: string;
  /** Runs argv inside namespace `ns` and collects the result. */
  exec(ns: string, argv: string[]): Promise<{ code: number; stdout: string; stderr: string }>;
  /** Whether one ping from a to b is answered within a second. */
  pingAB(): Promise<boolean>;
  remove(): Promise<void>;
}

async function ip(args: string[]): Promise<void> {
  const o = await new Deno.Command("ip", { args, stdout: "piped", stderr: "piped" }).output();
  if (!o.success) throw new Error(`ip ${args.join(" ")}: ${new TextDecoder().decode(o.stderr).trim()}`);
}

/**
 * Creates the pair. Needs root and iproute2.
 *
 * @example
 * ```ts
 * const net = await createNetnsPair();
 * try { assert.ok(await net.pingAB()); } finally { await net.remove(); }
 * ```
 */
export async function createNetnsPair(): Promise<NetnsPair> {
  const id = crypto.randomUUID().slice(0, 6);
  const a = `hm-test-${id}-a`;
  const b = `hm-test-${id}-b`;
  const ifA = `hmva${id}`;
  const ifB = `hmvb${id}`;
  const pair: NetnsPair = {
    a,
    b,
    ifA,
    ifB,
    addrA: "192.0.2.1",
    addrB: "192.0.2.2",
    async exec(ns, argv) {
      const o = await new Deno.Command("ip", { args: ["netns", "exec", ns, ...argv], stdout: "piped", stderr: "piped" })
        .output();
      const d = new TextDecoder();
      return { code: o.code, stdout: d.decode(o.stdout), stderr: d.decode(o.stderr) };
    },
    async pingAB() {
      return (await pair.exec(a, ["ping", "-c", "1", "-W", "1", "-n", "-q", "192.0.2.2"])).code === 0;
    },
    async remove() {
      for (const ns of [a, b]) await ip(["netns", "delete", ns]).catch(() => {});
    },
  };
  try {
    await ip(["netns", "add", a]);
    await ip(["netns", "add", b]);
    await ip(["-n", a, "link", "add", ifA, "type", "veth", "peer", "name", ifB, "netns", b]);
    await ip(["-n", a, "addr", "add", "192.0.2.1/24", "dev", ifA]);
    await ip(["-n", b, "addr", "add", "192.0.2.2/24", "dev", ifB]);
    for (const [ns, dev] of [[a, ifA], [b, ifB], [a, "lo"], [b, "lo"]]) {
      await ip(["-n", ns!, "link", "set", dev!, "up"]);
    }
  } catch (error) {
    await pair.remove();
    throw error;
  }
  return pair;
}
