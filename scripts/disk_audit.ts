// deno task disk-audit [PATH]: what fills a disk, in one read-only command. Filesystems first (df + inodes, marked
// at --warn/--crit), then a du-exact drill-down of the biggest directories, the largest files, deleted-but-open
// files and the df-vs-scanned gap. The exit code follows the worst filesystem, so it can serve as a check.

import {
  createProgress,
  type MainContext,
  optionValue,
  parseCount,
  parsePercent,
  parseTaskArgs,
  printHelp,
  printJson,
  runMain,
  type TaskSpec,
  type TaskValues,
  UsageError,
} from "../lib/cli/mod.ts";
import { auditToJson, type DiskAudit, formatAuditReport } from "../lib/disk/audit_report.ts";
import { dfGap } from "../lib/disk/df_gap.ts";
import { type FilesystemUsage, readFilesystems } from "../lib/disk/filesystems.ts";
import { type Mount, mountFor, readMounts } from "../lib/disk/mountinfo.ts";
import { findOpenDeleted, heldBytes, type OpenDeletedFile } from "../lib/disk/open_deleted.ts";
import { type ScanResult, scanTree } from "../lib/disk/scan_tree.ts";
import { auditExitCode, markFilesystems } from "../lib/disk/usage_status.ts";
import { compileExcludes } from "../lib/disk/exclude.ts";

export const spec = {
  name: "disk-audit",
  summary: "what fills a disk: filesystems, biggest directories, largest files, deleted-but-open files",
  usage: "[PATH]",
  description: `
Scans PATH (default /) like du: sizes are on-disk bytes (st_blocks × 512), hard links count once (charged to
their byte-wise smallest path), symlinks are not followed; /proc, /sys, /dev and /run are skipped when PATH is /.
Read-only. Unreadable directories are listed, the scan goes on, and the result is marked incomplete (exit 1).`,
  positionals: { max: 1, name: "PATH" },
  options: {
    depth: { type: "string", value: "N", default: "3", description: "directory levels to drill down" },
    top: { type: "string", value: "N", default: "5", description: "largest children shown per directory" },
    files: { type: "string", value: "N", default: "10", description: "largest files listed" },
    "one-file-system": {
      type: "boolean",
      short: "x",
      description: "stay on PATH's filesystem; also skips bind mounts and every mount point below PATH",
    },
    exclude: {
      type: "string",
      multiple: true,
      value: "PATTERN",
      description: "skip names (*.log) or paths (/var/cache/*)",
    },
    apparent: { type: "boolean", description: "show apparent sizes next to on-disk sizes" },
    warn: {
      type: "string",
      value: "PERCENT",
      default: "80%",
      description: "mark a filesystem (and exit 1) from this use",
    },
    crit: {
      type: "string",
      value: "PERCENT",
      default: "90%",
      description: "mark a filesystem (and exit 2) from this use",
    },
    export: { type: "string", value: "FILE", description: "also write the scan in ncdu's format (ncdu -f FILE)" },
    scanner: { type: "string", value: "KIND", default: "auto", description: "auto, ffi (libc, fast) or portable" },
    threads: { type: "string", value: "N", description: "scan threads (default: the number of CPUs, at most 8)" },
  },
  examples: [
    "deno task disk-audit                 # the whole machine, from /",
    "deno task disk-audit -x /var --depth 2",
    "deno task disk-audit --json /var/log | jq .root.children",
    "deno task disk-audit --export /tmp/scan.json / && ncdu -f /tmp/scan.json",
  ],
} as const satisfies TaskSpec;

/** Runs disk-audit with `args`; returns the exit code. */
export async function main(args: string[], ctx: MainContext): Promise<number> {
  const { values, positionals } = parseTaskArgs(spec, args);
  if (values.help) return printHelp(spec);
  const options = readOptions(values, positionals);
  const mounts = await readMounts();
  // df and the /proc walk start first: the scan keeps this thread busy for most of its share of the tree.
  const filesystemsRead = readFilesystems({ mounts });
  const openDeletedRead = findOpenDeleted({ mounts });
  filesystemsRead.catch(() => {}); // awaited below; until then a failure is not an unhandled rejection
  openDeletedRead.catch(() => {});
  const scan = await scanWithProgress(options, skipPathsFor(options.root, mounts, options.oneFileSystem), ctx);
  const audit = assembleAudit(options, scan, await filesystemsRead, await openDeletedRead, mounts);
  if (values.json) printJson(auditToJson(audit));
  else console.log(formatAuditReport(audit, { apparent: options.apparent }));
  return audit.exitCode;
}

type AuditOptions = ReturnType<typeof readOptions>;

function readOptions(values: TaskValues<typeof spec>, positionals: string[]) {
  const warn = optionValue("--warn", values.warn ?? "80%", parsePercent);
  const crit = optionValue("--crit", values.crit ?? "90%", parsePercent);
  if (warn > crit) throw new UsageError(`Invalid --warn ${warn}%: it must not be above --crit ${crit}%`);
  const excludes = values.exclude ?? [];
  optionValue("--exclude", "", () => compileExcludes(excludes));
  return {
    depth: optionValue("--depth", values.depth ?? "3", (t) => parseCount(t)),
    top: optionValue("--top", values.top ?? "5", (t) => parseCount(t, 1)),
    files: optionValue("--files", values.files ?? "10", (t) => parseCount(t)),
    warn,
    crit,
    excludes,
    scanner: optionValue("--scanner", values.scanner ?? "auto", parseScanner),
    threads: values.threads === undefined
      ? undefined
      : optionValue("--threads", values.threads, (t) => parseCount(t, 1)),
    oneFileSystem: values["one-file-system"] ?? false,
    apparent: values.apparent ?? false,
    exportTo: values.export,
    root: resolveRoot(positionals[0] ?? "/"),
  };
}

// Kernel filesystems are skipped when scanning /; with -x every mount point below the root, bind mounts included.
function skipPathsFor(root: string, mounts: Mount[], oneFileSystem: boolean): string[] {
  const skip = root === "/" ? ["/proc", "/sys", "/dev", "/run"] : [];
  if (oneFileSystem) {
    const inside = root === "/" ? "/" : `${root}/`;
    for (const m of mounts) if (m.mountPoint.startsWith(inside)) skip.push(m.mountPoint);
  }
  return skip;
}

async function scanWithProgress(options: AuditOptions, skipPaths: string[], ctx: MainContext): Promise<ScanResult> {
  const progress = createProgress();
  try {
    return await scanTree(options.root, {
      ...options,
      skipPaths,
      onProgress: (n) => progress.update(`disk-audit: scanning ${options.root}: ${n.toLocaleString("en-US")} entries`),
      signal: ctx.signal,
    });
  } finally {
    progress.done();
  }
}

function assembleAudit(
  options: AuditOptions,
  scan: ScanResult,
  filesystems: FilesystemUsage[],
  openDeleted: OpenDeletedFile[],
  mounts: Mount[],
): DiskAudit {
  const marked = markFilesystems(filesystems, options);
  const mountPoint = mountFor(mounts, options.root)?.mountPoint;
  return {
    scan,
    filesystems: marked,
    openDeleted,
    openDeletedBytes: heldBytes(openDeleted),
    gap: dfGap({
      scanRoot: options.root,
      mountPoint,
      dfUsedBytes: filesystems.find((f) => f.mountPoint === mountPoint)?.usedBytes,
      scannedBytes: scan.rootDeviceBytes,
      openDeletedBytes: heldBytes(openDeleted.filter((f) => f.mountPoint === mountPoint)),
    }),
    limits: { warn: options.warn, crit: options.crit },
    exitCode: auditExitCode(marked, scan.complete),
  };
}

function parseScanner(text: string): "auto" | "ffi" | "portable" {
  if (text === "auto" || text === "ffi" || text === "portable") return text;
  throw new RangeError(`"${text}" is not a scanner: use auto, ffi or portable`);
}

function resolveRoot(path: string): string {
  try {
    return Deno.realPathSync(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new UsageError(`No such file or directory "${path}": give an existing PATH to scan`);
    }
    throw error;
  }
}

if (import.meta.main) runMain(spec.name, (ctx) => main(Deno.args, ctx));
