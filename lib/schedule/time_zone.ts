// Time zones by IANA name, through Intl (the zone data Deno ships): validation, offsets and wall-clock times.

/**
 * Checks that `tz` is an IANA time zone name ("Asia/Tokyo", "UTC") and returns its canonical spelling.
 * Throws `RangeError`. Pure; needs no permissions.
 *
 * @example
 * ```ts
 * checkTimeZone("asia/tokyo"); // "Asia/Tokyo"
 * ```
 */
export function checkTimeZone(tz: string): string {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(tz)) {
    throw new RangeError(`Unknown time zone "${tz}": use an IANA name like Asia/Tokyo, Europe/Berlin or UTC`);
  }
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: tz }).resolvedOptions().timeZone;
  } catch {
    throw new RangeError(`Unknown time zone "${tz}": use an IANA name like Asia/Tokyo, Europe/Berlin or UTC`);
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** A wall-clock time in a zone. */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** 0 = Sunday. */
  weekday: number;
}

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/**
 * The wall-clock time of `instant` in `tz`. Pure.
 *
 * @example
 * ```ts
 * wallTime(new Date("2026-11-25T18:00:00Z"), "Asia/Tokyo").hour; // 3
 * ```
 */
export function wallTime(instant: Date, tz: string): WallTime {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: tz,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      weekday: "short",
    });
    formatters.set(tz, f);
  }
  const parts: Record<string, string> = {};
  for (const p of f.formatToParts(instant)) parts[p.type] = p.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    weekday: WEEKDAYS.indexOf(parts.weekday ?? ""),
  };
}

/**
 * The UTC offset of `tz` at `instant`, in minutes (Asia/Tokyo: 540). Pure.
 *
 * @example
 * ```ts
 * offsetMinutes("America/New_York", new Date("2026-07-01T00:00:00Z")); // -240
 * ```
 */
export function offsetMinutes(tz: string, instant: Date): number {
  const w = wallTime(instant, tz);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
  const floored = Math.floor(instant.getTime() / 60000) * 60000;
  return Math.round((asUtc - floored) / 60000);
}

/**
 * Formats an offset in minutes as `+09:00`. Pure.
 *
 * @example
 * ```ts
 * formatOffset(-240); // "-04:00"
 * ```
 */
export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

/**
 * Formats `instant` as wall time in `tz`: `Thu 2026-11-26 03:00 +09:00`. Pure.
 *
 * @example
 * ```ts
 * formatInZone(new Date("2026-11-25T18:00:00Z"), "Asia/Tokyo"); // "Thu 2026-11-26 03:00 +09:00"
 * ```
 */
export function formatInZone(instant: Date, tz: string): string {
  const w = wallTime(instant, tz);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${WEEKDAYS[w.weekday]} ${w.year}-${p(w.month)}-${p(w.day)} ${p(w.hour)}:${p(w.minute)} ${
    formatOffset(offsetMinutes(tz, instant))
  }`;
}

/**
 * The system's time zone: `TZ`, else the target of the `/etc/localtime` link, else `/etc/timezone`, else UTC.
 * Needs `--allow-read=/etc` and `--allow-env=TZ`.
 *
 * @example
 * ```ts
 * await systemTimeZone(); // "Etc/UTC"
 * ```
 */
export async function systemTimeZone(): Promise<string> {
  const candidates: string[] = [];
  const env = Deno.env.get("TZ");
  if (env) candidates.push(env.replace(/^:/, "").replace(/^\/usr\/share\/zoneinfo\//, ""));
  try {
    const link = await Deno.readLink("/etc/localtime");
    const m = /zoneinfo\/(.+)$/.exec(link);
    if (m) candidates.push(m[1]!);
  } catch {
    // not a link (a copied zone file) or missing
  }
  try {
    candidates.push((await Deno.readTextFile("/etc/timezone")).trim());
  } catch {
    // Debian writes it; RHEL does not
  }
  for (const c of candidates) {
    try {
      return checkTimeZone(c);
    } catch {
      // try the next source
    }
  }
  return "UTC";
}
