import autocannon from 'autocannon';
import { cpuBetween, cpuSnapshot } from './cpu.js';

export interface LoadResult {
  /** Mean requests per second over the run. */
  readonly rps: number;
  /** Latency percentiles; autocannon records whole milliseconds. */
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly requests: number;
  /** CPU time per request of the server process, and of the database server's processes serving it, in µs. */
  readonly cpuUsPerRequest: number | undefined;
  readonly databaseCpuUsPerRequest: number | undefined;
  /** Non-2xx answers, connection errors and timeouts: any of these voids the run. */
  readonly failures: number;
}

export interface Target {
  readonly url: string;
  cpuSeconds(): number | undefined;
  /** The database server's processes serving this server now (a pool opens and closes them). */
  databasePids?: () => Promise<readonly number[]>;
}

/**
 * Runs autocannon against a server for `seconds`, each connection cycling
 * through `paths` in order. Requests per second depend on everything else the
 * machine runs; CPU time per request much less, so it is recorded too.
 */
export async function load(target: Target, paths: readonly string[], connections: number, seconds: number): Promise<LoadResult> {
  const requests = paths.map((path) => ({ method: 'GET' as const, path }));
  const pids = (await target.databasePids?.()) ?? [];
  const [serverBefore, databaseBefore] = [target.cpuSeconds(), cpuSnapshot(pids)];
  const result = await autocannon({ url: target.url, connections, duration: seconds, requests });
  const [serverAfter, databaseAfter] = [target.cpuSeconds(), cpuSnapshot(pids)];
  const perRequest = (cpuSeconds: number | undefined) =>
    cpuSeconds === undefined ? undefined : (cpuSeconds * 1e6) / result.requests.total;
  return {
    rps: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    cpuUsPerRequest: perRequest(serverBefore === undefined || serverAfter === undefined ? undefined : serverAfter - serverBefore),
    databaseCpuUsPerRequest: perRequest(cpuBetween(databaseBefore, databaseAfter)),
    failures: result.non2xx + result.errors + result.timeouts,
  };
}
