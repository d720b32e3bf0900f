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

const LOOSE_DATE = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:([Tt ]+)(\d{1,2}):(\d{1,2})(?::(\d{1,2})(\.\d+)?)?\s*([Zz]|[+-]\d{2}(?::?\d{2})?)?)?$/;

/**
 * The real ISO 8601 date nearest to one that is not, for the quick fix: digits padded
 * (`2024-3-5` → `2024-03-05`), `/` or `.` separators made `-`, and each part brought into its
 * range (`2024-02-30` → `2024-02-29`, `14:60` → `14:59`), the time zone kept. Undefined when the
 * value is too far from a date to guess, or already real.
 */
export function nearestRecordDate(value: string): string | undefined {
  const m = LOOSE_DATE.exec(value.trim());
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = clamp(Number(m[2]), 1, 12);
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const day = clamp(Number(m[3]), 1, lastDay);
  let result = `${m[1]}-${pad(month)}-${pad(day)}`;
  if (m[5] !== undefined) {
    const separator = m[4].includes('T') || m[4].includes('t') ? 'T' : ' ';
    result += `${separator}${pad(clamp(Number(m[5]), 0, 23))}:${pad(clamp(Number(m[6]), 0, 59))}`;
    if (m[7] !== undefined) result += `:${pad(clamp(Number(m[7]), 0, 59))}${m[8] ?? ''}`;
    if (m[9] !== undefined) result += /^[+-]\d{4}$/.test(m[9]) ? `${m[9].slice(0, 3)}:${m[9].slice(3)}` : m[9];
  }
  return result !== value && parseRecordDate(result) ? result : undefined;
}

function clamp(n: number, min: number, max: number): number {
  return Math.min(Math.max(n, min), max);
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
