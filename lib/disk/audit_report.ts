// What disk-audit prints: the report for people and the JSON object for programs, from one DiskAudit value.

import { formatSize } from "../cli/parse_size.ts";
import { formatTable } from "../cli/output.ts";
import type { DfGap } from "./df_gap.ts";
import type { OpenDeletedFile } from "./open_deleted.ts";
import type { ScanResult } from "./scan_tree.ts";
import type { SizeReport } from "./size_tree.ts";
import type { MarkedFilesystem } from "./usage_status.ts";

/** Everything one audit found. */
export interface DiskAudit {
  scan: ScanResult;
  filesystems: MarkedFilesystem[];
  openDeleted: OpenDeletedFile[];
  openDeletedBytes: number;
  gap: DfGap | undefined;
  limits: { warn: number; crit: number };
  exitCode: number;
}

/**
 * The `--json` object of disk-audit: snake_case fields, exact bytes (documented in README.md).
 *
 * @example
 * ```ts
 * printJson(auditToJson(audit));
 * ```
 */
export function auditToJson(audit: DiskAudit): Record<string, unknown> {
  const { scan } = audit;
  return {
    root: nodeJson(scan.tree),
    files: scan.files.map((f) => ({ path: f.path, bytes: f.bytes, apparent_bytes: f.apparentBytes })),
    filesystems: audit.filesystems.map((f) => ({
      mount_point: f.mountPoint,
      source: f.source,
      fs_type: f.fsType,
      size_bytes: f.sizeBytes,
      used_bytes: f.usedBytes,
      avail_bytes: f.availBytes,
      use_percent: f.usePercent,
      inodes_total: f.inodesTotal,
      inodes_used: f.inodesUsed,
      inodes_free: f.inodesFree,
      inode_use_percent: f.inodeUsePercent,
      status: f.status,
    })),
    open_deleted: audit.openDeleted.map((f) => ({
      pid: f.pid,
      command: f.command,
      fd: f.fd,
      path: f.path,
      size_bytes: f.sizeBytes,
      disk_bytes: f.diskBytes,
      mount_point: f.mountPoint ?? null,
    })),
    open_deleted_bytes: audit.openDeletedBytes,
    df_gap: audit.gap
      ? {
        mount_point: audit.gap.mountPoint,
        df_used_bytes: audit.gap.dfUsedBytes,
        scanned_bytes: audit.gap.scannedBytes,
        gap_bytes: audit.gap.gapBytes,
        open_deleted_bytes: audit.gap.openDeletedBytes,
      }
      : null,
    hard_links: scan.hardLinks,
    entries: scan.entries,
    errors: { count: scan.errors.count, samples: scan.errors.samples },
    complete: scan.complete,
    scanner: scan.scanner,
    threads: scan.threads,
    elapsed_ms: scan.elapsedMs,
    limits: { warn_percent: audit.limits.warn, crit_percent: audit.limits.crit },
    exit_code: audit.exitCode,
  };
}

function nodeJson(node: SizeReport): Record<string, unknown> {
  return {
    path: node.path,
    bytes: node.bytes,
    apparent_bytes: node.apparentBytes,
    files: node.files,
    dirs: node.dirs,
    children: node.children.map(nodeJson),
    other_children: node.otherChildren,
    other_bytes: node.otherBytes,
  };
}

const MARK = { ok: "", warning: "WARN", critical: "CRIT" } as const;

/**
 * The human report: filesystems, the drill-down of biggest directories, largest files, deleted-but-open files,
 * the df gap, and errors.
 *
 * @example
 * ```ts
 * console.log(formatAuditReport(audit, { apparent: false }));
 * ```
 */
export function formatAuditReport(audit: DiskAudit, options: { apparent: boolean }): string {
  const { scan } = audit;
  const out: string[] = [];
  const size = (bytes: number, apparent: number) =>
    options.apparent ? `${formatSize(bytes)} (${formatSize(apparent)})` : formatSize(bytes);

  out.push(`Filesystems (warn ≥ ${audit.limits.warn}%, crit ≥ ${audit.limits.crit}%)`);
  if (audit.filesystems.length) {
    const rows = [["MOUNTED ON", "TYPE", "SIZE", "USED", "AVAIL", "USE%", "IUSE%", ""]];
    for (const f of audit.filesystems) {
      rows.push([
        f.mountPoint,
        f.fsType,
        formatSize(f.sizeBytes),
        formatSize(f.usedBytes),
        formatSize(f.availBytes),
        `${f.usePercent}%`,
        f.inodeUsePercent === null ? "-" : `${f.inodeUsePercent}%`,
        MARK[f.status],
      ]);
    }
    out.push(indent(formatTable(rows, { right: [2, 3, 4, 5, 6] })));
  } else out.push("  (none found)");

  out.push("", `Biggest directories under ${scan.path}${options.apparent ? " (on disk, apparent)" : ""}`);
  const tree: string[] = [];
  const walk = (node: SizeReport, level: number) => {
    const name = level === 0 ? node.path : node.path.slice(node.path.lastIndexOf("/") + 1) + "/";
    tree.push(
      `${size(node.bytes, node.apparentBytes).padStart(options.apparent ? 16 : 7)}  ${"  ".repeat(level)}${name}`,
    );
    for (const c of node.children) walk(c, level + 1);
    if (node.otherChildren > 0) {
      tree.push(
        `${formatSize(node.otherBytes).padStart(options.apparent ? 16 : 7)}  ${
          "  ".repeat(level + 1)
        }(${node.otherChildren} more)`,
      );
    }
  };
  walk(scan.tree, 0);
  out.push(...tree.map((l) => `  ${l}`));

  if (scan.files.length) {
    out.push("", "Largest files");
    out.push(
      ...scan.files.map((f) => `  ${size(f.bytes, f.apparentBytes).padStart(options.apparent ? 16 : 7)}  ${f.path}`),
    );
  }

  out.push("", "Deleted but still open (space df counts and du cannot see)");
  if (audit.openDeleted.length) {
    const rows = [["SIZE", "PID", "COMMAND", "FD", "PATH"]];
    for (const f of audit.openDeleted.slice(0, 20)) {
      rows.push([formatSize(f.diskBytes), String(f.pid), f.command, String(f.fd), f.path]);
    }
    out.push(indent(formatTable(rows, { right: [0, 1, 3] })));
    if (audit.openDeleted.length > 20) out.push(`  … ${audit.openDeleted.length - 20} more (see --json)`);
    out.push(`  held in total: ${formatSize(audit.openDeletedBytes)}`);
  } else out.push("  none");

  if (audit.gap) {
    const g = audit.gap;
    out.push(
      "",
      `df vs scanned on ${g.mountPoint}: df used ${formatSize(g.dfUsedBytes)}, scanned ${
        formatSize(g.scannedBytes)
      }, ` +
        `gap ${g.gapBytes < 0 ? "-" : ""}${formatSize(Math.abs(g.gapBytes))} (deleted-but-open ${
          formatSize(g.openDeletedBytes)
        }; ` +
        "the rest is filesystem metadata, files hidden under mount points or unreadable)",
    );
  }

  out.push(
    "",
    `Scanned ${scan.entries.toLocaleString("en-US")} entries in ${(scan.elapsedMs / 1000).toFixed(2)} s ` +
      `(${scan.scanner} scanner, ${scan.threads} thread${scan.threads > 1 ? "s" : ""}); ` +
      `total ${size(scan.tree.bytes, scan.tree.apparentBytes)}`,
  );
  if (!scan.complete) {
    out.push(
      `INCOMPLETE: ${scan.errors.count} entr${
        scan.errors.count === 1 ? "y" : "ies"
      } could not be read (run as root to see all), e.g.:`,
    );
    out.push(...scan.errors.samples.slice(0, 5).map((s) => `  ${s.path}: ${s.message}`));
  }
  return out.join("\n");
}

function indent(text: string): string {
  return text.split("\n").map((l) => `  ${l}`.trimEnd()).join("\n");
}
