import type { Kysely, Selectable } from 'kysely';
import type { ApiToken, ApiTokenRepository, NewApiToken } from '../app/index.js';
import { isTokenScope } from '../domain/index.js';
import { revocation } from './revocation.js';
import type { ApiTokenTable, Database } from './schema.js';

export function apiTokenRepository(db: Kysely<Database>): ApiTokenRepository {
  return {
    insert: async (t: NewApiToken) =>
      toApiToken(
        await db
          .insertInto('api_token')
          .values({
            token_hash: t.tokenHash,
            user_id: t.userId,
            organisation_id: t.organisationId,
            name: t.name,
            scopes: [...t.scopes],
            created_at: t.createdAt,
            expires_at: t.expiresAt,
          })
          .returningAll()
          .executeTakeFirstOrThrow(),
      ),

    findByTokenHash: async (tokenHash) => {
      const row = await db.selectFrom('api_token').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
      return row && toApiToken(row);
    },

    listByUser: async (userId) =>
      (await db.selectFrom('api_token').selectAll().where('user_id', '=', userId).orderBy('created_at', 'desc').orderBy('id').execute()).map(toApiToken),

    ...revocation(db, 'api_token'),

    touch: async (id, at) => {
      await db
        .updateTable('api_token')
        .set({ last_used_at: at })
        .where('id', '=', id)
        .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', at)]))
        .execute();
    },
  };
}

function toApiToken(row: Selectable<ApiTokenTable>): ApiToken {
  return {
    id: row.id,
    userId: row.user_id,
    organisationId: row.organisation_id,
    name: row.name,
    // The table's check allows only these; the filter tells the type system so.
    scopes: row.scopes.filter(isTokenScope),
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    lastUsedAt: row.last_used_at,
  };
}
