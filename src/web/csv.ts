/**
 * CSV for people who open it in a spreadsheet: RFC 4180 records, and cells
 * that a spreadsheet would run as a formula defused (OWASP, "CSV Injection").
 */

/** Excel reads a file as UTF-8 only when it starts with a byte order mark (otherwise, in Japan, as Shift_JIS). */
export const CSV_BOM = '\uFEFF';

/**
 * What a spreadsheet takes for the start of a formula or a command: = + - @,
 * and tab and carriage return, which some strip before looking. The
 * full-width forms are there because Japanese input produces them and Excel
 * treats ＝ like =.
 */
const FORMULA_START = /^[=+\-@\t\r＝＋－＠]/;

/** One record: fields quoted when they hold a comma, quote or line break, quotes doubled, CRLF at the end (RFC 4180, section 2). */
export function csvRecord(fields: readonly string[]): string {
  return `${fields.map((field) => quoted(defused(field))).join(',')}\r\n`;
}

/** A leading apostrophe makes the spreadsheet show the cell as text; the apostrophe itself is not shown. */
function defused(field: string): string {
  return FORMULA_START.test(field) ? `'${field}` : field;
}

function quoted(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
}
