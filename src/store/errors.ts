import { DomainError, type FieldIssue } from '../domain/index.js';

/**
 * Translates PostgreSQL errors (SQLSTATE codes, the same from the server and
 * from PGlite) into what they mean to the application. Anything not listed
 * here is a fault, not a user's mistake, and passes through unchanged.
 */
const UNIQUE_FIELDS: Readonly<Record<string, FieldIssue>> = {
  organisation_registry_unique: { pointer: '/registryId', code: 'taken' },
  standard_version_pkey: { pointer: '/version', code: 'taken' },
  app_user_email_unique: { pointer: '/email', code: 'taken' },
  body_authorisation_number_unique: { pointer: '/number', code: 'taken' },
};

export function translateDatabaseError(error: unknown): unknown {
  if (typeof error !== 'object' || error === null || !('code' in error)) return error;
  const { code, constraint } = error as { code: unknown; constraint?: unknown };
  switch (code) {
    case '23505': {
      // unique_violation
      const issue = typeof constraint === 'string' ? UNIQUE_FIELDS[constraint] : undefined;
      return new DomainError('conflict', `already exists (${String(constraint)})`, {
        issues: issue ? [issue] : [],
        cause: error,
      });
    }
    case 'SH001': // Shinrai's own: a published record may not change (migrations/0002)
      return new DomainError('immutable', 'published records are immutable', { cause: error });
    case '40001': // serialization_failure
    case '40P01': // deadlock_detected
      return new DomainError('conflict', 'a concurrent change won; try again', { cause: error });
    default:
      return error;
  }
}

/** Runs `work`, rethrowing database errors as their meaning. */
export async function translated<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw translateDatabaseError(error);
  }
}
