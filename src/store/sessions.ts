import { sql, type Kysely, type Selectable } from 'kysely';
import type { NewPendingSignIn, NewSession, PendingSignIn, Session, SessionRepository, SignInClaim, SignInPolicy } from '../app/index.js';
import { revocation } from './revocation.js';
import type { Database, PendingSignInTable, UserSessionTable } from './schema.js';

export function sessionRepository(db: Kysely<Database>): SessionRepository {
  return {
    insert: async (s: NewSession) =>
      toSession(
        await db
          .insertInto('user_session')
          .values({
            token_hash: s.tokenHash,
            user_id: s.userId,
            created_at: s.createdAt,
            last_seen_at: s.createdAt,
            expires_at: s.expiresAt,
            address: s.address,
          })
          .returningAll()
          .executeTakeFirstOrThrow(),
      ),

    findByTokenHash: async (tokenHash) => {
      const row = await db.selectFrom('user_session').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
      return row && toSession(row);
    },

    touch: async (id, at) => {
      await db.updateTable('user_session').set({ last_seen_at: at }).where('id', '=', id).where('last_seen_at', '<', at).execute();
    },

    ...revocation(db, 'user_session'),

    listActive: async (userId, now, idleSince) =>
      (
        await db
          .selectFrom('user_session')
          .selectAll()
          .where('user_id', '=', userId)
          .where('revoked_at', 'is', null)
          .where('expires_at', '>', now)
          .where('last_seen_at', '>', idleSince)
          .orderBy('created_at', 'desc')
          .orderBy('id')
          .execute()
      ).map(toSession),

    claimSignInAttempt: async (userId, now, policy: SignInPolicy): Promise<SignInClaim> => {
      const lockEnd = new Date(now.getTime() + policy.lockMinutes * 60_000);
      // One statement decides, under the row's lock: of concurrent attempts,
      // each sees the count the previous one left. A lock that has ended
      // starts the count again from this attempt.
      const { rows } = await sql<{ failed_sign_ins: number; locked_until: Date | null; password_hash: string | null }>`
        UPDATE app_user SET
          failed_sign_ins = CASE WHEN locked_until <= ${now} THEN 1 ELSE failed_sign_ins + 1 END,
          locked_until = CASE
            WHEN (CASE WHEN locked_until <= ${now} THEN 1 ELSE failed_sign_ins + 1 END) >= ${policy.maxFailures} THEN ${lockEnd}::timestamptz
            WHEN locked_until <= ${now} THEN NULL
            ELSE locked_until
          END
        WHERE id = ${userId} AND (locked_until IS NULL OR locked_until <= ${now})
        RETURNING failed_sign_ins, locked_until, password_hash`.execute(db);
      const claimed = rows[0];
      if (claimed) {
        return { claimed: true, failures: claimed.failed_sign_ins, lockedUntil: claimed.locked_until && new Date(claimed.locked_until), passwordHash: claimed.password_hash };
      }
      const locked = await db.selectFrom('app_user').select('locked_until').where('id', '=', userId).executeTakeFirst();
      return { claimed: false, lockedUntil: locked?.locked_until ?? lockEnd };
    },

    clearFailures: async (userId) => {
      await db.updateTable('app_user').set({ failed_sign_ins: 0, locked_until: null }).where('id', '=', userId).execute();
    },

    insertPending: async (p: NewPendingSignIn) =>
      toPending(
        await db
          .insertInto('pending_sign_in')
          .values({ token_hash: p.tokenHash, user_id: p.userId, created_at: p.createdAt, expires_at: p.expiresAt })
          .returningAll()
          .executeTakeFirstOrThrow(),
      ),

    findPending: async (tokenHash, now) => {
      const row = await db.selectFrom('pending_sign_in').selectAll().where('token_hash', '=', tokenHash).where('expires_at', '>', now).executeTakeFirst();
      return row && toPending(row);
    },

    failPending: async (id, maxFailures) => {
      const row = await db.updateTable('pending_sign_in').set((eb) => ({ failures: eb('failures', '+', 1) })).where('id', '=', id).returning('failures').executeTakeFirst();
      const failures = row?.failures ?? maxFailures;
      if (failures >= maxFailures) await db.deleteFrom('pending_sign_in').where('id', '=', id).execute();
      return failures;
    },

    deletePending: async (id) => {
      const result = await db.deleteFrom('pending_sign_in').where('id', '=', id).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
  };
}

function toSession(row: Selectable<UserSessionTable>): Session {
  return {
    id: row.id,
    userId: row.user_id,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    address: row.address,
  };
}

function toPending(row: Selectable<PendingSignInTable>): PendingSignIn {
  return { id: row.id, userId: row.user_id, expiresAt: row.expires_at, failures: row.failures };
}
