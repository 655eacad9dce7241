import { describe, expect, it } from 'vitest';
import { dayIn, endOfDayIn } from './zoned-time.js';

describe('days in the programme time zone', () => {
  it('end at the last second of the day with the offset the zone has then', () => {
    expect(endOfDayIn('2026-08-19', 'Asia/Tokyo')).toBe('2026-08-19T23:59:59+09:00');
    expect(endOfDayIn('2026-08-19', 'UTC')).toBe('2026-08-19T23:59:59Z');
    expect(endOfDayIn('2026-08-19', 'Asia/Kathmandu')).toBe('2026-08-19T23:59:59+05:45');
  });

  it('take the new offset on the day a zone changes it', () => {
    // New York moves to summer time at 02:00 on 8 March 2026 and back at 02:00 on 1 November.
    expect(endOfDayIn('2026-03-07', 'America/New_York')).toBe('2026-03-07T23:59:59-05:00');
    expect(endOfDayIn('2026-03-08', 'America/New_York')).toBe('2026-03-08T23:59:59-04:00');
    expect(endOfDayIn('2026-11-01', 'America/New_York')).toBe('2026-11-01T23:59:59-05:00');
  });

  it('give the day an instant falls on there', () => {
    expect(dayIn(new Date('2023-06-02T08:31:20-04:00'), 'Asia/Tokyo')).toBe('2023-06-02');
    expect(dayIn(new Date('2023-06-02T12:00:00-04:00'), 'Asia/Tokyo')).toBe('2023-06-03');
    expect(dayIn(new Date(endOfDayIn('2026-08-19', 'America/New_York')), 'America/New_York')).toBe('2026-08-19');
  });
});
