import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { processCpuSeconds } from './cpu.js';

export interface RunningServer {
  readonly url: string;
  /** CPU seconds the process has used so far (see ./cpu.ts). */
  cpuSeconds(): number | undefined;
  /** Sends SIGTERM and waits for the process to exit. */
  stop(): Promise<void>;
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SERVER = fileURLToPath(new URL('./server.ts', import.meta.url));

/**
 * Starts bench/server.ts in a child process and resolves when it listens. With
 * BENCH_CPU_PROF=dir, the child writes a V8 CPU profile there when it stops.
 */
export async function startServer(args: readonly string[]): Promise<RunningServer> {
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', SERVER, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = once(child, 'exit');
  const lines = createInterface({ input: child.stdout });
  const first = await Promise.race([once(lines, 'line').then(([line]) => String(line)), exited.then(() => undefined)]);
  if (first === undefined) throw new Error(`server ${args.join(' ')} exited (${String(child.exitCode)}) before listening`);
  const { port } = JSON.parse(first) as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    cpuSeconds: () => processCpuSeconds(child.pid),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
