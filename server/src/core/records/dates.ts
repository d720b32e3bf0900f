/**
 * ISO 8601 dates as records write them: `2024-03-05`, `2024-03-05T14:02`, `2024-03-05 14:02:09.5+01:00`.
 * Parsed by hand because `Date.parse` reads a date-only string as UTC but a date-time without an
 * offset as local time, which would make ordering checks depend on the machine's time zone.
 */

/** A parsed record date; `time` is absent for a date-only value. */
export interface RecordDate {
  /** Days since 1970-01-01 of the calendar date as written. */
  day: number;
  /** Milliseconds since the epoch; a value without an offset is read as UTC. */
  time?: number;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(?:([Zz])|([+-])(\d{2}):?(\d{2})?)?)?$/;

/** Parses an ISO 8601 date or date-time; undefined when malformed or not a real calendar day. */
export function parseRecordDate(value: string): RecordDate | undefined {
  const m = ISO_DATE.exec(value);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const dayOfMonth = Number(m[3]);
  const dayMs = Date.UTC(year, month - 1, dayOfMonth);
  const check = new Date(dayMs);
  // Date.UTC rolls 2024-02-30 over to March; a round trip catches days that do not exist.
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== dayOfMonth) {
    return undefined;
  }
  const day = Math.round(dayMs / 86_400_000);
  if (m[4] === undefined) return { day };
  const hours = Number(m[4]);
  const minutes = Number(m[5]);
  const seconds = m[6] === undefined ? 0 : Number(m[6]);
  if (hours > 23 || minutes > 59 || seconds > 59) return undefined;
  const fraction = m[7] === undefined ? 0 : Number(`0.${m[7]}`);
  let offsetMinutes = 0;
  if (m[9] !== undefined) {
    offsetMinutes = (Number(m[10]) * 60 + Number(m[11] ?? '0')) * (m[9] === '-' ? -1 : 1);
  }
  const time = dayMs + ((hours * 60 + minutes - offsetMinutes) * 60 + seconds + fraction) * 1000;
  return { day, time };
}

/**
 * Negative when `a` is before `b`, positive when after, 0 when equal or not comparable at the
 * precision both have: a date-only value is compared by calendar day, so `2024-03-05` is not
 * "before" `2024-03-05T14:00`.
 */
export function compareRecordDates(a: RecordDate, b: RecordDate): number {
  if (a.time !== undefined && b.time !== undefined) return a.time - b.time;
  return a.day - b.day;
}
