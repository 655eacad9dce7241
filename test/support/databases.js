import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'kysely';
import { createStore, migrate, openDatabase } from '../../src/store/index.js';
export const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
let sharedPglite;
export async function freshDatabase(kind) {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const handle = kind === 'postgres'
        ? await openDatabase({ kind: 'postgres', url: POSTGRES_URL, schema, poolSize: 4 }).catch((error) => {
            throw new Error(`PostgreSQL is not reachable at ${POSTGRES_URL}: start it (see README, "Running the tests") ` +
                'or set TEST_DATABASE_URL. The store suite must run on both databases.', { cause: error });
        })
        : await openDatabase({ kind: 'pglite', instance: await (sharedPglite ??= PGlite.create()), schema });
    await migrate(handle.db);
    return {
        handle,
        store: createStore(handle.db),
        schema,
        dispose: async () => {
            await sql `DROP SCHEMA ${sql.id(schema)} CASCADE`.execute(handle.db);
            await handle.close();
        },
    };
}
//# sourceMappingURL=databases.js.map