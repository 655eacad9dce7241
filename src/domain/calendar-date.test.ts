import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, addMonths, calendarDate, calendarDateAt, daysBetween, isCalendarDate } from './calendar-date.js';

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
