// What journalctl's vacuum reads from a journal file's name: archived or not, and the seqnum id,
// head seqnum and head realtime encoded in it (as systemd's journal-vacuum.c parses them).

/** How vacuum classifies a file by its name. */
export type JournalNameKind =
  /** `<prefix>@<32 hex seqnum id>-<16 hex head seqnum>-<16 hex head realtime>.journal`: may be deleted. */
  | "archived"
  /** `<prefix>@<16 hex realtime>-<16 hex random>.journal~`: a dirty/corrupted file set aside; may be deleted. */
  | "dirty"
  /** Any other `*.journal` or `*.journal~`: an active (online) file, never deleted, counted toward the limits. */
  | "active"
  /** Not a journal file at all: vacuum ignores it. */
  | "other";

/** The result of {@linkcode parseJournalName}. */
export interface JournalName {
  kind: JournalNameKind;
  /** 32 lower-case hex digits, archived files only. */
  seqnumId?: string;
  /** Head seqnum, archived files only. */
  seqnum?: bigint;
  /** Head realtime in microseconds since the epoch (archived and dirty files). */
  realtime?: bigint;
}

/**
 * Classifies a journal file name exactly as journalctl's vacuum does (pure). The positions of `@` and `-`
 * are checked from the end of the name and the numbers are read like C's `%16llx`, so a name journalctl
 * treats as active is active here too.
 *
 * @example
 * ```ts
 * parseJournalName("system@0123456789abcdef0123456789abcdef-0000000000000001-0005af45257b6000.journal").kind;
 * // "archived"
 * ```
 */
export function parseJournalName(name: string): JournalName {
  const q = name.length;
  if (name.endsWith(".journal")) {
    if (q < 1 + 32 + 1 + 16 + 1 + 16 + 8) return { kind: "active" };
    if (
      name[q - 8 - 16 - 1] !== "-" || name[q - 8 - 16 - 1 - 16 - 1] !== "-" ||
      name[q - 8 - 16 - 1 - 16 - 1 - 32 - 1] !== "@"
    ) {
      return { kind: "active" };
    }
    const id = name.slice(q - 8 - 16 - 1 - 16 - 1 - 32, q - 8 - 16 - 1 - 16 - 1);
    if (!/^[0-9a-fA-F]{32}$/.test(id)) return { kind: "active" };
    const numbers = scanTwoHex(name.slice(q - 8 - 16 - 1 - 16));
    if (!numbers) return { kind: "active" };
    return { kind: "archived", seqnumId: id.toLowerCase(), seqnum: numbers[0], realtime: numbers[1] };
  }
  if (name.endsWith(".journal~")) {
    if (q < 1 + 16 + 1 + 16 + 8 + 1) return { kind: "active" };
    if (name[q - 1 - 8 - 16 - 1] !== "-" || name[q - 1 - 8 - 16 - 1 - 16 - 1] !== "@") return { kind: "active" };
    const numbers = scanTwoHex(name.slice(q - 1 - 8 - 16 - 1 - 16));
    if (!numbers) return { kind: "active" };
    return { kind: "dirty", realtime: numbers[0] };
  }
  return { kind: "other" };
}

/** `sscanf(text, "%16llx-%16llx", &a, &b) == 2`, with C's rules (spaces, sign, 0x prefix, width 16). */
function scanTwoHex(text: string): [bigint, bigint] | undefined {
  const first = scanHex(text, 0);
  if (!first || text[first.end] !== "-") return undefined;
  const second = scanHex(text, first.end + 1);
  return second ? [first.value, second.value] : undefined;
}

function scanHex(text: string, start: number): { value: bigint; end: number } | undefined {
  let i = start;
  while (i < text.length && /[ \t\n\v\f\r]/.test(text[i]!)) i++;
  const limit = i + 16;
  let negative = false;
  if (text[i] === "+" || text[i] === "-") {
    negative = text[i] === "-";
    i++;
  }
  if (
    text[i] === "0" && (text[i + 1] === "x" || text[i + 1] === "X") && i + 2 < limit &&
    /[0-9a-fA-F]/.test(text[i + 2] ?? "")
  ) {
    i += 2;
  }
  const digitsStart = i;
  while (i < limit && i < text.length && /[0-9a-fA-F]/.test(text[i]!)) i++;
  if (i === digitsStart) return undefined;
  let value = BigInt(`0x${text.slice(digitsStart, i)}`);
  if (negative) value = BigInt.asUintN(64, -value);
  return { value, end: i };
}
