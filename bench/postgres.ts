import pg from 'pg';

/** What the benches that run the app on PostgreSQL share: the server's address, its backends, a schema's removal. */

export const POSTGRES_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export function isLocal(url: string): boolean {
  return ['127.0.0.1', 'localhost', '[::1]', ''].includes(new URL(url).hostname);
}

/** The URL with an application_name, which names the app's connections in pg_stat_activity. */
export function withApplicationName(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set('application_name', name);
  return parsed.toString();
}

/** The PostgreSQL server processes serving connections of that application name (empty if unreadable). */
export async function backendPids(applicationName: string): Promise<number[]> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  try {
    await client.connect();
    const result = await client.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE application_name = $1', [applicationName]);
    return result.rows.map((r) => r.pid);
  } catch {
    return [];
  } finally {
    await client.end().catch(() => {});
  }
}

export async function dropSchema(name: string, info: (text: string) => void): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  try {
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`);
  } catch (error) {
    info(`could not drop schema ${name}: ${String(error)}`);
  } finally {
    await client.end().catch(() => {});
  }
}
