const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Whether an id from outside (a URL, a cursor) can name a stored record:
 * anything else is simply not found, and never reaches a uuid column, where
 * PostgreSQL would refuse it with an error instead.
 */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
