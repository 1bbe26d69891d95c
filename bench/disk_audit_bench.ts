// The disk-audit benchmark (`make bench`): generates the server-like trees, then compares hostmend with GNU du and
// gdu in one session — hyperfine for the table, plus our own alternating runs for the ratio — and measures peak
// memory at 300,000 and 1,000,000 entries and the start-up time. Results go to bench/out/ and stdout.

import { generateTree } from "./gen_tree.ts";

const REPO = new URL("../", import.meta.url).pathname.replace(/\/$/, "");
const OUT = `${REPO}/bench/out`;
const SIZES = (Deno.env.get("BENCH_SIZES") ?? "300000,1000000").split(",").map(Number);
const ROUNDS = Number(Deno.env.get("BENCH_ROUNDS") ?? "15");
const DENO = Deno.execPath();

const steps = [ensureTrees, checkExactness, compareSpeed, measureMemory, measureStartup];

interface Results {
  trees: Record<string, { entries: number; dirs: number; duBytes: number }>;
  speed: Record<string, unknown>;
  memory: Record<string, Record<string, number>>;
  startup: Record<string, number>;
}
const results: Results = { trees: {}, speed: {}, memory: {}, startup: {} };

for (const step of steps) {
  console.error(`== ${step.name}`);
  await step();
}
await Deno.writeTextFile(`${OUT}/results.json`, JSON.stringify(results, null, 2) + "\n");
console.log(JSON.stringify(results, null, 2));

function tree(size: number): string {
  return `${OUT}/tree-${size}`;
}

function hostmend(path: string, ...flags: string[]): string[] {
  return [DENO, "task", "--quiet", "--config", `${REPO}/deno.json`, "disk-audit", "--json", ...flags, path];
}

async function run(argv: string[]): Promise<{ code: number; stdout: string; ms: number; cpuMs: number }> {
  // /usr/bin/time adds the CPU time (user + system) to the wall time, a figure the other users of a shared
  // machine disturb less.
  const start = performance.now();
  const out = await new Deno.Command("/usr/bin/time", {
    args: ["-f", "%U %S", ...argv],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const ms = performance.now() - start;
  const last = new TextDecoder().decode(out.stderr).trim().split("\n").pop() ?? "";
  const [user, sys] = last.split(" ").map(Number);
  return { code: out.code, stdout: new TextDecoder().decode(out.stdout), ms, cpuMs: ((user ?? 0) + (sys ?? 0)) * 1000 };
}

async function loadAverage(): Promise<string> {
  return (await Deno.readTextFile("/proc/loadavg")).split(" ").slice(0, 3).join(" ");
}

async function ensureTrees() {
  await Deno.mkdir(OUT, { recursive: true });
  for (const size of SIZES) {
    const done = `${tree(size)}.done`;
    if (!(await exists(done))) {
      console.error(`generating ${tree(size)} (once; kept in bench/out/)`);
      await Deno.remove(tree(size), { recursive: true }).catch(() => {});
      await generateTree(tree(size), { entries: size });
      await Deno.writeTextFile(done, new Date().toISOString());
    }
    const entries = Number((await run(["bash", "-c", `find '${tree(size)}' | wc -l`])).stdout.trim());
    const dirs = Number((await run(["bash", "-c", `find '${tree(size)}' -type d | wc -l`])).stdout.trim());
    const duBytes = Number((await run(["du", "-s", "-B1", tree(size)])).stdout.split("\t")[0]);
    results.trees[size] = { entries, dirs, duBytes };
  }
}

async function checkExactness() {
  for (const size of SIZES) {
    const out = JSON.parse((await run(hostmend(tree(size), "--warn", "100", "--crit", "100"))).stdout);
    if (out.root.bytes !== results.trees[size]!.duBytes) {
      throw new Error(`hostmend ${out.root.bytes} != du ${results.trees[size]!.duBytes} on ${tree(size)}`);
    }
  }
}

async function compareSpeed() {
  const path = tree(SIZES[0]!);
  const commands: Record<string, string[]> = {
    du: ["du", "-sk", path],
    hostmend: hostmend(path),
    "hostmend-portable": hostmend(path, "--scanner", "portable"),
    gdu: ["gdu", "-n", "-p", path],
  };
  for (const argv of Object.values(commands)) await run(argv); // warm the cache
  // hyperfine, for its table (each command's runs in a row).
  const hf = `${OUT}/hyperfine-${SIZES[0]}.json`;
  const quote = (argv: string[]) => argv.map((a) => `'${a}'`).join(" ");
  const hyper = await new Deno.Command("hyperfine", {
    args: ["-N", "-i", "--warmup", "2", "--runs", "7", "--export-json", hf, ...Object.values(commands).map(quote)],
    stdout: "inherit",
    stderr: "inherit",
  }).output();
  if (!hyper.success) throw new Error("hyperfine failed");
  const hfMedians = Object.fromEntries(
    (JSON.parse(await Deno.readTextFile(hf)).results as { median: number }[]).map((
      r,
      i,
    ) => [Object.keys(commands)[i]!, r.median]),
  );
  // Alternating runs: the machine is shared, so each round runs every command once, in a rotating order, and
  // the ratio is taken within the round.
  const names = Object.keys(commands);
  const times: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  const cpu: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  const loadBefore = await loadAverage();
  for (let round = 0; round < ROUNDS; round++) {
    const order = [...names.slice(round % names.length), ...names.slice(0, round % names.length)];
    for (const name of order) {
      const r = await run(commands[name]!);
      times[name]!.push(r.ms);
      cpu[name]!.push(r.cpuMs);
    }
  }
  const ratios = (name: string) => times[name]!.map((t, i) => t / times.du![i]!);
  const cpuRatios = (name: string) => cpu[name]!.map((t, i) => t / cpu.du![i]!);
  results.speed = {
    tree: path,
    rounds: ROUNDS,
    load_average_before_after: [loadBefore, await loadAverage()],
    median_ms: Object.fromEntries(names.map((n) => [n, Math.round(median(times[n]!))])),
    median_ratio_vs_du: Object.fromEntries(names.map((n) => [n, round2(median(ratios(n)))])),
    min_ms: Object.fromEntries(names.map((n) => [n, Math.round(Math.min(...times[n]!))])),
    median_cpu_ms: Object.fromEntries(names.map((n) => [n, Math.round(median(cpu[n]!))])),
    median_cpu_ratio_vs_du: Object.fromEntries(names.map((n) => [n, round2(median(cpuRatios(n)))])),
    hyperfine_median_s: hfMedians,
    times_ms: Object.fromEntries(names.map((n) => [n, times[n]!.map(Math.round)])),
  };
}

async function measureMemory() {
  for (const size of SIZES) {
    const peak = async (argv: string[]) => {
      const out = await new Deno.Command("/usr/bin/time", {
        args: ["-f", "%M", ...argv],
        stdout: "null",
        stderr: "piped",
      })
        .output();
      const lines = new TextDecoder().decode(out.stderr).trim().split("\n");
      return Math.round(Number(lines[lines.length - 1]) / 1024); // KiB → MiB
    };
    results.memory[size] = {
      hostmend_mib: await peak(hostmend(tree(size))),
      hostmend_portable_mib: await peak(hostmend(tree(size), "--scanner", "portable")),
      du_mib: await peak(["du", "-sk", tree(size)]),
      gdu_mib: await peak(["gdu", "-n", "-p", tree(size)]),
    };
  }
}

async function measureStartup() {
  const file = `${OUT}/startup.json`;
  const out = await new Deno.Command("hyperfine", {
    args: [
      "-N",
      "--warmup",
      "3",
      "--runs",
      "20",
      "--export-json",
      file,
      `${DENO} task --quiet --config ${REPO}/deno.json disk-audit --help`,
      `${DENO} run ${REPO}/bench/empty.ts`,
    ],
    stdout: "inherit",
    stderr: "inherit",
  }).output();
  if (!out.success) throw new Error("hyperfine failed");
  const [help, empty] = JSON.parse(await Deno.readTextFile(file)).results as { median: number }[];
  results.startup = {
    disk_audit_help_ms: Math.round(help!.median * 1000),
    deno_run_empty_ms: Math.round(empty!.median * 1000),
  };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}
