/**
 * A day of the calendar, as certificates state them ("valid until
 * 2028-03-31"): no time of day and no time zone, so that adding months never
 * drifts by an hour at a daylight-saving change. Written YYYY-MM-DD, which
 * also sorts as text.
 */
export type CalendarDate = string & { readonly calendarDate: unique symbol };

const FORMAT = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isCalendarDate(value: string): value is CalendarDate {
  const match = FORMAT.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** The date `text` names, or undefined when it is not YYYY-MM-DD or no such day exists (2026-02-30). */
export function parseCalendarDate(text: string): CalendarDate | undefined {
  return isCalendarDate(text) ? text : undefined;
}

export function calendarDate(value: string): CalendarDate {
  if (!isCalendarDate(value)) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${value}`);
  return value;
}

/** The calendar date of an instant in a time zone (the programme's). */
export function calendarDateAt(instant: Date, timeZone: string): CalendarDate {
  // en-CA formats as YYYY-MM-DD.
  return calendarDate(new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant));
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  const [year, month, day] = parts(date);
  return fromUtc(new Date(Date.UTC(year, month - 1, day + days)));
}

/** Adds whole months; a day past the end of the month it lands in becomes that month's last day (31 Oct + 4 months = 28 or 29 Feb). */
export function addMonths(date: CalendarDate, months: number): CalendarDate {
  const [year, month, day] = parts(date);
  const index = year * 12 + (month - 1) + months;
  const [y, m] = [Math.floor(index / 12), (index % 12) + 1];
  return format(y, m, Math.min(day, daysInMonth(y, m)));
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  const utc = (d: CalendarDate) => {
    const [y, m, day] = parts(d);
    return Date.UTC(y, m - 1, day);
  };
  return Math.round((utc(to) - utc(from)) / 86_400_000);
}

/**
 * The first instant of the day in an IANA time zone. Searching "from 1 April
 * to 30 April" in Tokyo means from midnight of 1 April in Tokyo up to, but
 * not including, midnight of 1 May there.
 */
export function startOfDay(date: CalendarDate, timeZone: string): Date {
  const [year, month, day] = parts(date);
  const wallClock = Date.UTC(year, month - 1, day);
  // The zone's offset at midnight is unknown until midnight is found: guess
  // with the offset at midnight UTC, then correct with the offset at the guess
  // (they differ only when the offset changes that day).
  const guess = wallClock - offsetAt(wallClock, timeZone);
  return new Date(wallClock - offsetAt(guess, timeZone));
}

/** The first instant of the next day: the end of `date`, exclusive. */
export function endOfDay(date: CalendarDate, timeZone: string): Date {
  return startOfDay(addDays(date, 1), timeZone);
}

const offsetFormats = new Map<string, Intl.DateTimeFormat>();

/** How far the zone's clocks are ahead of UTC at `instant`, in milliseconds. */
function offsetAt(instant: number, timeZone: string): number {
  let format = offsetFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    offsetFormats.set(timeZone, format);
  }
  const fields = format.formatToParts(new Date(instant));
  const field = (type: Intl.DateTimeFormatPartTypes) => Number(fields.find((p) => p.type === type)?.value);
  const wallClock = Date.UTC(field('year'), field('month') - 1, field('day'), field('hour'), field('minute'), field('second'));
  return wallClock - (instant - (instant % 1000));
}

function parts(date: CalendarDate): [number, number, number] {
  return [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function fromUtc(date: Date): CalendarDate {
  return format(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

function format(year: number, month: number, day: number): CalendarDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` as CalendarDate;
}
