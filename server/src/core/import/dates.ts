/**
 * Dates as postmortems write them, read only when they are unambiguous: ISO 8601
 * (`2024-03-05`, `2024-03-05 14:02 UTC`) and dates with a month name (`March 5, 2024`,
 * `5 Mar 2024`, `Tuesday, 5 March 2024 14:02 UTC`). `03/04/2024` is refused: it is the 3rd of
 * April in one country and the 4th of March in another, and a guess would be a wrong fact.
 */
import { parseRecordDate } from '../records/dates';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

// Each pattern is anchored and reads one part; a date and its time are read one after the other.
const ISO = /^(\d{4})-(\d{2})-(\d{2})/;
const MONTH_FIRST = /^(?:[a-z]+,?\s+)?([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})/i;
const DAY_FIRST = /^(?:[a-z]+,?\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([a-z]{3,9})\.?,?\s+(\d{4})/i;
/** What stands between an ISO date and its time: `T`, spaces, or a comma. */
const ISO_TIME_SEPARATOR = /t|\s+|,\s*/iy;
/** What stands between a written-out date and its time: `, at `, spaces. */
const WORDY_TIME_SEPARATOR = /,?\s+(?:at\s+)?/iy;
/** A time of day with an optional zone: `14:02`, `14:02:09`, `2:02 PM`, `14:02 UTC`, `14:02+01:00`. */
const TIME = /(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*(am|pm))?\s*(utc|gmt|z|[+-]\d{2}:?\d{2})?/iy;

export interface ClearDate {
  /** ISO 8601 as a record writes it: a date, or a date-time (with `Z` or an offset when stated). */
  iso: string;
  /** Characters of the input the date took. */
  length: number;
}

/**
 * Reads a date at the start of `text`. `zone` is applied to a time without its own zone when the
 * surrounding text states one (a timeline headed "all times UTC"). Undefined unless certain.
 */
export function readClearDate(text: string, zone?: string): ClearDate | undefined {
  const value = text.trim().replace(/^\*+|^_+/, '');
  let year: number, month: number, day: number, separator: RegExp;
  let match = ISO.exec(value);
  if (match) {
    [year, month, day, separator] = [Number(match[1]), Number(match[2]), Number(match[3]), ISO_TIME_SEPARATOR];
  } else if ((match = MONTH_FIRST.exec(value)) && monthOf(match[1])) {
    [year, month, day, separator] = [Number(match[3]), monthOf(match[1])!, Number(match[2]), WORDY_TIME_SEPARATOR];
  } else if ((match = DAY_FIRST.exec(value)) && monthOf(match[2])) {
    [year, month, day, separator] = [Number(match[3]), monthOf(match[2])!, Number(match[1]), WORDY_TIME_SEPARATOR];
  } else return undefined;
  const date = `${year}-${pad(month)}-${pad(day)}`;
  let iso = date;
  let length = match[0].length;
  const between = stickyAt(separator, value, length);
  const time = between ? stickyAt(TIME, value, length + between[0].length) : undefined;
  if (between && time) {
    const clock = clockOf(time.slice(1), zone);
    if (clock === undefined) return undefined;
    iso = `${date}T${clock}`;
    length += between[0].length + time[0].length;
  }
  if (!parseRecordDate(iso)) return undefined;
  return { iso, length: length + (text.length - text.trimStart().length) };
}

/** The match of a sticky pattern exactly at `at`. */
function stickyAt(pattern: RegExp, text: string, at: number): RegExpExecArray | null {
  pattern.lastIndex = at;
  return pattern.exec(text);
}

/** A time of day alone (`14:02`, `2:02 pm UTC`) at the start of `text`, as `HH:MM[:SS][zone]`. */
export function readClock(text: string, zone?: string): { clock: string; length: number } | undefined {
  const match = stickyAt(TIME, text.trim(), 0);
  if (!match) return undefined;
  const clock = clockOf(match.slice(1), zone);
  return clock === undefined ? undefined : { clock, length: match[0].length + (text.length - text.trimStart().length) };
}

/** Whether some text states that its times are UTC ("all times UTC", "Timeline (UTC)"). */
export function statesUtc(text: string): boolean {
  return /\b(utc|gmt)\b/i.test(text);
}

function clockOf(parts: ArrayLike<string | undefined>, zone?: string): string | undefined {
  let hours = Number(parts[0]);
  const minutes = Number(parts[1]);
  const seconds = parts[2];
  const meridiem = parts[3]?.toLowerCase();
  if (meridiem) {
    if (hours < 1 || hours > 12) return undefined;
    hours = (hours % 12) + (meridiem === 'pm' ? 12 : 0);
  }
  if (hours > 23 || minutes > 59) return undefined;
  const stated = parts[4]?.toLowerCase();
  const z = stated ? (/^(utc|gmt|z)$/.test(stated) ? 'Z' : stated.replace(/^([+-]\d{2})(\d{2})$/, '$1:$2')) : (zone ?? '');
  return `${pad(hours)}:${pad(minutes)}${seconds ? `:${seconds}` : ''}${z}`;
}

function monthOf(name: string): number | undefined {
  const lower = name.toLowerCase();
  const index = MONTHS.findIndex((m) => lower.startsWith(m) && (lower.length === 3 || FULL_MONTHS[MONTHS.indexOf(m)].startsWith(lower)));
  return index === -1 ? undefined : index + 1;
}

const FULL_MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** A value that is a date and nothing else (a parenthetical remark aside): front matter values. */
export function readWholeDate(text: string): string | undefined {
  const date = readClearDate(text);
  if (!date) return undefined;
  const rest = text.slice(date.length).trim();
  const remark = rest.startsWith('(') && rest.indexOf(')') === rest.length - 1;
  return rest === '' || remark ? date.iso : undefined;
}
