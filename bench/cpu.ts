import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

let ticksPerSecond: number | undefined;

/**
 * CPU seconds (user + system) a process has used so far, from /proc/PID/stat
 * (fields 14 and 15, in clock ticks; proc(5)); undefined where there is no
 * /proc or no such process. Linux counts 10 ms ticks, so use it over seconds.
 */
export function processCpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces: count from its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
  } catch {
    return undefined;
  }
}

/** CPU seconds of each of several processes that can be read now. */
export function cpuSnapshot(pids: readonly number[]): Map<number, number> {
  const snapshot = new Map<number, number>();
  for (const pid of pids) {
    const seconds = processCpuSeconds(pid);
    if (seconds !== undefined) snapshot.set(pid, seconds);
  }
  return snapshot;
}

/**
 * CPU seconds used between two snapshots by the processes in both. A process
 * that ended between them is left out, so the figure can only err low.
 */
export function cpuBetween(before: ReadonlyMap<number, number>, after: ReadonlyMap<number, number>): number | undefined {
  let total = 0;
  let counted = 0;
  for (const [pid, seconds] of after) {
    const start = before.get(pid);
    if (start === undefined) continue;
    total += seconds - start;
    counted += 1;
  }
  return counted === 0 ? undefined : total;
}
