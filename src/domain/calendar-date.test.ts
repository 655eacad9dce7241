import { describe, expect, it } from 'vitest';
import { compareCalendarDates, endOfDay, parseCalendarDate, startOfDay } from './calendar-date.js';

describe('parseCalendarDate', () => {
  it('should read a day written YYYY-MM-DD', () => {
    expect(parseCalendarDate('2026-04-01')).toEqual({ year: 2026, month: 4, day: 1 });
    expect(parseCalendarDate('2028-02-29')).toEqual({ year: 2028, month: 2, day: 29 });
  });

  it.each(['2026-02-30', '2027-02-29', '2026-13-01', '2026-4-1', '2026/04/01', '01-04-2026', '2026-04-01T00:00', ''])(
    'should refuse %j',
    (text) => {
      expect(parseCalendarDate(text)).toBeUndefined();
    },
  );
});

describe('compareCalendarDates', () => {
  it('should order by year, then month, then day', () => {
    const [a, b] = [parseCalendarDate('2026-03-31')!, parseCalendarDate('2026-04-01')!];
    expect(compareCalendarDates(a, b)).toBeLessThan(0);
    expect(compareCalendarDates(b, a)).toBeGreaterThan(0);
    expect(compareCalendarDates(a, a)).toBe(0);
  });
});

describe('the instants a day spans', () => {
  describe('when the zone is Tokyo (UTC+9, no daylight saving)', () => {
    it('should begin at 15:00 UTC the day before and end 24 hours later', () => {
      const day = parseCalendarDate('2026-04-01')!;
      expect(startOfDay(day, 'Asia/Tokyo').toISOString()).toBe('2026-03-31T15:00:00.000Z');
      expect(endOfDay(day, 'Asia/Tokyo').toISOString()).toBe('2026-04-01T15:00:00.000Z');
    });

    it('should carry the end of a month and a year over', () => {
      expect(endOfDay(parseCalendarDate('2026-12-31')!, 'Asia/Tokyo').toISOString()).toBe('2026-12-31T15:00:00.000Z');
    });
  });

  describe('when the clocks go forward that day (London, 29 March 2026)', () => {
    it('should begin at midnight GMT and last 23 hours', () => {
      const day = parseCalendarDate('2026-03-29')!;
      expect(startOfDay(day, 'Europe/London').toISOString()).toBe('2026-03-29T00:00:00.000Z');
      expect(endOfDay(day, 'Europe/London').toISOString()).toBe('2026-03-29T23:00:00.000Z');
    });
  });

  describe('when the zone is behind UTC (New York in summer)', () => {
    it('should begin at 04:00 UTC', () => {
      expect(startOfDay(parseCalendarDate('2026-07-04')!, 'America/New_York').toISOString()).toBe('2026-07-04T04:00:00.000Z');
    });
  });
});
