import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

/** Tables of credentials that end by revocation: a person's sessions and API tokens. */
type Credentials = 'user_session' | 'api_token';

/** Revoking one credential of a person, or all of them; the same SQL for sessions and tokens. */
export function revocation(db: Kysely<Database>, table: Credentials) {
  return {
    /** False when it was not live, or not this person's. */
    revoke: async (id: string, userId: string, at: Date): Promise<boolean> => {
      const result = await db.updateTable(table).set({ revoked_at: at }).where('id', '=', id).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    /** Returns how many were live. */
    revokeAll: async (userId: string, at: Date): Promise<number> => {
      const result = await db.updateTable(table).set({ revoked_at: at }).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
  };
}
