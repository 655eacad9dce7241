import { isGrade, type Grade } from '../domain/index.js';

/** A grade column read back: the tables' checks allow only 1 to 3, and this tells the type system so. */
export function gradeColumn(value: number): Grade {
  if (!isGrade(value)) throw new RangeError(`grade out of range: ${value}`);
  return value;
}
