import { InvalidArgumentError } from 'commander';

/** Parses a whole number within bounds, for options like --port and --limit. */
export function integerOption(min: number, max: number) {
  return (value: string): number => {
    if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`${value}: not a whole number`);
    const n = Number(value);
    if (n < min || n > max) throw new InvalidArgumentError(`${value}: must be ${min}..${max}`);
    return n;
  };
}

/** Parses a value that must be one of a fixed list. */
export function choiceOption<T extends string>(allowed: readonly T[]) {
  return (value: string): T => {
    if (!(allowed as readonly string[]).includes(value)) throw new InvalidArgumentError(`${value}: must be one of ${allowed.join(', ')}`);
    return value as T;
  };
}
