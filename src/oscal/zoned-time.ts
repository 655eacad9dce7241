/**
 * Calendar days and instants in the programme's time zone (an IANA name such
 * as Asia/Tokyo). A finding is due on a day; OSCAL's `deadline` is an instant
 * with a UTC offset, and its DateTimeWithTimezone pattern allows only the
 * offsets zones really use, so the offset is the zone's own on that day.
 */

/** The last second of `date` (YYYY-MM-DD) in `timeZone`, as OSCAL writes date-times. */
export function endOfDayIn(date: string, timeZone: string): string {
  const localEnd = Date.parse(`${date}T23:59:59Z`);
  // The offset at the end of the day, found from a first guess taken at that
  // wall-clock time read as UTC: the two differ only on a day the zone's
  // offset changes, and a second look settles that.
  const first = offsetMinutes(new Date(localEnd), timeZone);
  const offset = offsetMinutes(new Date(localEnd - first * 60_000), timeZone);
  return `${date}T23:59:59${formatOffset(offset)}`;
}

/** The calendar day (YYYY-MM-DD) that `instant` falls on in `timeZone`. */
export function dayIn(instant: Date, timeZone: string): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

function offsetMinutes(instant: Date, timeZone: string): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(instant).find((part) => part.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /^GMT([+-])(\d{2}):(\d{2})$/.exec(name);
  if (!match) return 0; // "GMT": UTC itself
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
}

function formatOffset(minutes: number): string {
  if (minutes === 0) return 'Z';
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
