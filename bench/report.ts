import type { LoadResult } from './load.js';
import { machine } from './machine.js';

export interface Setup {
  /** What is requested, over what data: the report's first line after the machine. */
  readonly title: string;
  readonly limit: number;
  /** How many distinct pages each connection cycles through. */
  readonly rotation: number;
  readonly connections: number;
  readonly warmUpSeconds: number;
  readonly rounds: number;
  readonly seconds: number;
  readonly targetRatio: number;
}

export interface Measured {
  readonly name: string;
  readonly bytes: number;
  /** One result per round, in order; the first Measured is the baseline. */
  readonly rounds: LoadResult[];
}

/**
 * Prints the results as a Markdown table (ready for bench/RESULTS.md). The
 * ratio of a round compares servers measured seconds apart; the verdict is the
 * median over rounds, shown with its range. Returns false if any request failed.
 */
export function printReport(setup: Setup, measured: readonly Measured[]): boolean {
  const [base, ...apps] = measured;
  if (!base) return false;
  const row = (m: Measured, ratio: string) =>
    `| ${m.name} | ${m.bytes} | ${mean(m.rounds.map((r) => r.rps)).toFixed(0)} | ` +
    `${median(m.rounds.map((r) => r.p50Ms))} | ${median(m.rounds.map((r) => r.p99Ms))} | ${cpu(m, 'cpuUsPerRequest')} | ${cpu(m, 'databaseCpuUsPerRequest')} | ${ratio} | ` +
    `${sum(m.rounds.map((r) => r.failures))} |`;
  const verdicts = apps.map((m) => {
    const ratios = m.rounds.map((r, i) => r.rps / (base.rounds[i]?.rps ?? Number.NaN));
    return { m, ratio: median(ratios), low: Math.min(...ratios), high: Math.max(...ratios) };
  });
  const lines = [
    machine(),
    `${setup.title}, ${setup.rotation} pages in rotation; ` +
      `${setup.connections} connections, ${setup.warmUpSeconds} s warm-up, ${setup.rounds} rounds × ${setup.seconds} s per server`,
    '',
    '| server | body bytes | req/s | p50 ms | p99 ms | server CPU µs/req | PostgreSQL CPU µs/req | ratio to bare (range) | failed requests |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    row(base, '—'),
    ...verdicts.map((v) => row(v.m, `**${v.ratio.toFixed(2)}** (${v.low.toFixed(2)}–${v.high.toFixed(2)})`)),
    '',
    ...verdicts.map((v) => `${v.m.name}: ratio ${v.ratio.toFixed(2)}, target ≥ ${setup.targetRatio} ${v.ratio >= setup.targetRatio ? 'met' : 'MISSED'}`),
  ];
  const failed = measured.some((m) => m.rounds.some((r) => r.failures > 0));
  if (failed) lines.push('Some requests failed: these figures are void.');
  console.log(lines.join('\n'));
  return !failed;
}

/** Median over rounds of CPU per request ('—' where not measured, e.g. without /proc). */
function cpu(m: Measured, key: 'cpuUsPerRequest' | 'databaseCpuUsPerRequest'): string {
  const values = m.rounds.map((r) => r[key]).filter((v) => v !== undefined);
  return values.length === m.rounds.length ? median(values).toFixed(0) : '—';
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
const mean = (xs: readonly number[]) => sum(xs) / xs.length;

function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
