import { InvalidArgumentError } from 'commander';
import type { Translate } from '../i18n/index.js';

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

/**
 * Parses `--map href=file`, collecting repeats. The last `=` separates the
 * two, because an href may carry a query (`?v=1`) where a file name rarely
 * has one.
 */
export function mapOption(t: Translate) {
  return (value: string, previous: Readonly<Record<string, string>> | undefined): Readonly<Record<string, string>> => {
    const at = value.lastIndexOf('=');
    const href = value.slice(0, Math.max(at, 0));
    const file = value.slice(at + 1);
    if (at <= 0 || file === '') throw new InvalidArgumentError(t('cli.oscal.map.malformed', { name: value }));
    if (previous !== undefined && Object.hasOwn(previous, href)) throw new InvalidArgumentError(t('cli.oscal.map.duplicate', { name: href }));
    return { ...previous, [href]: file };
  };
}
