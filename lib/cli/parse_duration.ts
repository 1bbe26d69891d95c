// Durations as journalctl and systemd write them: 3days, 2h, 120s, 1week, 30min.

const SECONDS: Record<string, number> = {
  s: 1,
  sec: 1,
  secs: 1,
  second: 1,
  seconds: 1,
  m: 60,
  min: 60,
  mins: 60,
  minute: 60,
  minutes: 60,
  h: 3600,
  hr: 3600,
  hour: 3600,
  hours: 3600,
  d: 86400,
  day: 86400,
  days: 86400,
  w: 604800,
  week: 604800,
  weeks: 604800,
  month: 2629800,
  months: 2629800,
  M: 2629800,
  y: 31557600,
  year: 31557600,
  years: 31557600,
};

/**
 * Parses a duration ("3days", "2h", "1h30min", "120s", or a bare number of seconds) into seconds.
 * Units follow systemd.time(7), so a value means what it means to journalctl. Throws `RangeError`.
 *
 * @example
 * ```ts
 * parseDuration("3days"); // 259200
 * ```
 */
export function parseDuration(text: string): number {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const part = /\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]+)/gy;
  let total = 0;
  let consumed = 0;
  let found = false;
  for (const m of trimmed.matchAll(part)) {
    const factor = SECONDS[m[2]!] ?? SECONDS[m[2]!.toLowerCase()];
    if (factor === undefined) {
      throw new RangeError(`Cannot parse duration "${text}": unknown unit "${m[2]}", use s, min, h, days or weeks`);
    }
    total += Number(m[1]) * factor;
    consumed = (m.index ?? 0) + m[0].length;
    found = true;
  }
  if (!found || consumed !== trimmed.length) {
    throw new RangeError(`Cannot parse duration "${text}": use a number and a unit, like 3days, 2h or 120s`);
  }
  return total;
}

/**
 * Parses a percentage such as "80%" or "80" into a number from 0 to 100. Throws `RangeError`.
 *
 * @example
 * ```ts
 * parsePercent("80%"); // 80
 * ```
 */
export function parsePercent(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*%?\s*$/.exec(text);
  const value = m ? Number(m[1]) : NaN;
  if (!(value >= 0 && value <= 100)) {
    throw new RangeError(`Cannot parse percentage "${text}": use a number from 0 to 100, like 80%`);
  }
  return value;
}
