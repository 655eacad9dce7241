/**
 * Broken invariants and refused commands. Each carries a stable code that the
 * HTTP layer maps to a status in one table (src/http/problems.ts) and the web
 * layer shows in an error summary; the message is for logs, not for users.
 */
export type DomainErrorCode =
  | 'validation'
  | 'not-found'
  | 'conflict'
  | 'immutable'
  | 'unauthenticated'
  | 'forbidden'
  | 'invalid-cursor';

/** One problem with one field of an input, named by a JSON pointer. */
export interface FieldIssue {
  /** RFC 6901 JSON pointer to the offending field, e.g. `/registryId`. */
  readonly pointer: string;
  /** Stable code of the rule broken, e.g. `required`, `check-digit`. */
  readonly code: string;
  /** Values the message catalogue may interpolate (`{ max: 200 }`). */
  readonly params?: Readonly<Record<string, string | number>>;
}

export class DomainError extends Error {
  readonly code: DomainErrorCode;
  readonly issues: readonly FieldIssue[];

  constructor(
    code: DomainErrorCode,
    message: string,
    options: { issues?: readonly FieldIssue[]; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DomainError';
    this.code = code;
    this.issues = options.issues ?? [];
  }
}

export function isDomainError(value: unknown): value is DomainError {
  return value instanceof DomainError;
}
