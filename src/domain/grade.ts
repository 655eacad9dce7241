/**
 * The standard's three grades (DOMAIN.md, "The standard and its grades").
 * Each grade's controls contain those of the grade below.
 */
export const GRADES = [1, 2, 3] as const;
export type Grade = (typeof GRADES)[number];

export function isGrade(value: unknown): value is Grade {
  return value === 1 || value === 2 || value === 3;
}

/** Parses "1", "2" or "3" (a path segment, a form field). */
export function parseGrade(text: string): Grade | undefined {
  const n = Number(text);
  return /^[123]$/.test(text) && isGrade(n) ? n : undefined;
}
