import { describe, expect, it } from 'vitest';
import { csvRecord } from './csv.js';

describe('csvRecord', () => {
  it('should join plain fields with commas and end the record with CRLF', () => {
    expect(csvRecord(['a', 'b', ''])).toBe('a,b,\r\n');
  });

  it('should quote fields with commas, quotes or line breaks, doubling the quotes (RFC 4180)', () => {
    expect(csvRecord(['a,b', 'say "hi"', 'two\nlines', 'cr\rlf'])).toBe('"a,b","say ""hi""","two\nlines","cr\rlf"\r\n');
  });

  it('should keep Japanese text as it is', () => {
    expect(csvRecord(['監査証跡', '山田 花子'])).toBe('監査証跡,山田 花子\r\n');
  });

  describe('when a field would start a formula in a spreadsheet', () => {
    it.each([
      ['=HYPERLINK("http://evil.example")', `"'=HYPERLINK(""http://evil.example"")"`],
      ['+1+1', "'+1+1"],
      ['-2+3', "'-2+3"],
      ['@SUM(A1)', "'@SUM(A1)"],
      ['\t=1', "'\t=1"],
      ['\r=1', `"'\r=1"`],
      ['＝1+1', "'＝1+1"],
    ])('should prefix %j with an apostrophe', (field, written) => {
      expect(csvRecord([field])).toBe(`${written}\r\n`);
    });

    it('should leave the same characters alone further in', () => {
      expect(csvRecord(['user.create', 'a=b', 'x@example.jp'])).toBe('user.create,a=b,x@example.jp\r\n');
    });
  });
});
