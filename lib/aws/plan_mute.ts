// Muting alarms for maintenance: which alarms to disable, and the record that lets unmute restore exactly those.

/** An alarm as mute and unmute see it. */
export interface AlarmSwitch {
  name: string;
  actionsEnabled: boolean;
}

/**
 * The alarms hostmend muted in one account and region: unmute enables exactly these, so an alarm that was
 * already disabled before the mute stays disabled.
 */
export interface MuteRecord {
  version: 1;
  account: string;
  region: string;
  /** Alarm name → when it was muted and, with --for, when it should be unmuted (ISO 8601). */
  alarms: Record<string, { mutedAt: string; until?: string }>;
}

/** What {@linkcode planMute} decided. */
export interface MutePlan {
  /** Alarms to disable now (they are enabled): recorded. */
  disable: string[];
  /** Already muted by an earlier hostmend mute: still recorded, `until` updated when given. */
  alreadyMuted: string[];
  /** Disabled by someone else before: left alone and not recorded, so unmute will not enable them. */
  leftAlone: string[];
  record: MuteRecord;
}

/**
 * Plans a mute of `alarms`: the enabled ones are disabled and added to `record`; the disabled ones are
 * either already hostmend's (kept) or someone else's (left alone, not recorded). Pure: needs no permissions.
 *
 * @example
 * ```ts
 * const plan = planMute(alarms, record, { now: new Date(), until: new Date(Date.now() + 7200_000) });
 * ```
 */
export function planMute(
  alarms: AlarmSwitch[],
  record: MuteRecord,
  options: { now: Date; until?: Date },
): MutePlan {
  const next: MuteRecord = { ...record, alarms: { ...record.alarms } };
  const plan: MutePlan = { disable: [], alreadyMuted: [], leftAlone: [], record: next };
  const until = options.until ? { until: options.until.toISOString() } : {};
  for (const alarm of [...alarms].sort((a, b) => a.name.localeCompare(b.name))) {
    const recorded = record.alarms[alarm.name];
    if (alarm.actionsEnabled) {
      plan.disable.push(alarm.name);
      next.alarms[alarm.name] = { mutedAt: options.now.toISOString(), ...until };
    } else if (recorded) {
      plan.alreadyMuted.push(alarm.name);
      next.alarms[alarm.name] = { mutedAt: recorded.mutedAt, ...(options.until ? until : pickUntil(recorded)) };
    } else {
      plan.leftAlone.push(alarm.name);
    }
  }
  return plan;
}

function pickUntil(entry: { until?: string }): { until?: string } {
  return entry.until ? { until: entry.until } : {};
}
