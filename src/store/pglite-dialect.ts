import type { PGlite } from '@electric-sql/pglite';
import {
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
} from 'kysely';

/**
 * Kysely dialect for PGlite. PGlite is one Postgres backend in this process, so
 * it is one connection: a connection is lent to one caller at a time (a queue),
 * otherwise two requests' statements would interleave inside one transaction.
 * SQL generation is Kysely's own PostgreSQL compiler, so both databases run
 * the same statements.
 */
export class PGliteDialect implements Dialect {
  constructor(private readonly pglite: PGlite) {}

  createAdapter = () => new PostgresAdapter();
  createDriver = (): Driver => new PGliteDriver(this.pglite);
  createQueryCompiler = () => new PostgresQueryCompiler();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  createIntrospector = (db: Kysely<any>) => new PostgresIntrospector(db); // any: Kysely's introspector takes every database type.
}

class PGliteDriver implements Driver {
  private readonly connection: PGliteConnection;
  private queue: Promise<void> = Promise.resolve();

  constructor(pglite: PGlite) {
    this.connection = new PGliteConnection(pglite);
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    let release!: () => void;
    const turn = new Promise<void>((resolve) => (release = resolve));
    const previous = this.queue;
    this.queue = previous.then(() => turn);
    await previous;
    this.connection.release = release;
    return this.connection;
  }

  async releaseConnection(): Promise<void> {
    this.connection.release();
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin'));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async destroy(): Promise<void> {
    // The PGlite instance belongs to whoever opened it (src/store/database.ts).
  }
}

class PGliteConnection implements DatabaseConnection {
  release: () => void = () => {};

  constructor(private readonly pglite: PGlite) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (query.parameters.length === 0) {
      // Parameterless text may hold several statements (migrations); the simple
      // query protocol runs them all, as node-postgres does for the same text.
      const results = await this.pglite.exec(query.sql);
      const last = results.at(-1);
      return toQueryResult<R>(last?.rows ?? [], last?.affectedRows);
    }
    const result = await this.pglite.query<R>(query.sql, [...query.parameters]);
    return toQueryResult<R>(result.rows, result.affectedRows);
  }

  // eslint-disable-next-line require-yield -- streaming is refused, not implemented
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('PGlite dialect does not stream query results');
  }
}

function toQueryResult<R>(rows: unknown[], affected: number | undefined): QueryResult<R> {
  return {
    rows: rows as R[],
    ...(affected === undefined ? {} : { numAffectedRows: BigInt(affected) }),
  };
}
