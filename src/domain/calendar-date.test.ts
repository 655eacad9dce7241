import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, addMonths, calendarDate, calendarDateAt, daysBetween, endOfDay, isCalendarDate, parseCalendarDate, startOfDay } from './calendar-date.js';

describe('calendar dates', () => {
  it('accepts only real days', () => {
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2027-02-29')).toBe(false);
    expect(isCalendarDate('2026-13-01')).toBe(false);
    expect(isCalendarDate('2026-1-01')).toBe(false);
    expect(() => calendarDate('tomorrow')).toThrow(/YYYY-MM-DD/);
  });

  it('adds months, keeping to the last day of a shorter month', () => {
    expect(addMonths(calendarDate('2026-10-31'), 4)).toBe('2027-02-28');
    expect(addMonths(calendarDate('2027-10-31'), 4)).toBe('2028-02-29');
    expect(addMonths(calendarDate('2026-03-31'), 16)).toBe('2027-07-31');
    expect(addMonths(calendarDate('2026-01-15'), -1)).toBe('2025-12-15');
  });

  it('adds days across months and years, and counts them back', () => {
    expect(addDays(calendarDate('2026-12-31'), 1)).toBe('2027-01-01');
    expect(addDays(calendarDate('2028-03-01'), -1)).toBe('2028-02-29');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200_000 }), fc.integer({ min: -5000, max: 5000 }), (offset, days) => {
        const start = addDays(calendarDate('1970-01-01'), offset);
        expect(daysBetween(start, addDays(start, days))).toBe(days);
      }),
    );
  });

  it('takes the day of an instant in the programme’s time zone', () => {
    // 20:00 UTC on 31 March is already 1 April in Tokyo.
    expect(calendarDateAt(new Date('2026-03-31T20:00:00Z'), 'Asia/Tokyo')).toBe('2026-04-01');
    expect(calendarDateAt(new Date('2026-03-31T20:00:00Z'), 'UTC')).toBe('2026-03-31');
  });
});

describe('parsing a date typed on a form', () => {
  it.each(['2026-02-30', '2027-02-29', '2026-13-01', '2026-4-1', '2026/04/01', '01-04-2026', '2026-04-01T00:00', ''])('refuses %j', (text) => {
    expect(parseCalendarDate(text)).toBeUndefined();
  });

  it('reads a real day, and dates compare as text', () => {
    expect(parseCalendarDate('2028-02-29')).toBe('2028-02-29');
    expect(calendarDate('2026-03-31') < calendarDate('2026-04-01')).toBe(true);
  });
});

describe('the instants a day spans', () => {
  it('in Tokyo (UTC+9, no daylight saving): from 15:00 UTC the day before, for 24 hours, across the year end', () => {
    expect(startOfDay(calendarDate('2026-04-01'), 'Asia/Tokyo').toISOString()).toBe('2026-03-31T15:00:00.000Z');
    expect(endOfDay(calendarDate('2026-04-01'), 'Asia/Tokyo').toISOString()).toBe('2026-04-01T15:00:00.000Z');
    expect(endOfDay(calendarDate('2026-12-31'), 'Asia/Tokyo').toISOString()).toBe('2026-12-31T15:00:00.000Z');
  });

  it('when the clocks go forward that day (London, 29 March 2026): 23 hours', () => {
    expect(startOfDay(calendarDate('2026-03-29'), 'Europe/London').toISOString()).toBe('2026-03-29T00:00:00.000Z');
    expect(endOfDay(calendarDate('2026-03-29'), 'Europe/London').toISOString()).toBe('2026-03-29T23:00:00.000Z');
  });

  it('behind UTC (New York in summer): from 04:00 UTC', () => {
    expect(startOfDay(calendarDate('2026-07-04'), 'America/New_York').toISOString()).toBe('2026-07-04T04:00:00.000Z');
  });
});
