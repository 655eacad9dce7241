import { readFileSync } from 'node:fs';
import os from 'node:os';

/** One line naming the machine the figures come from: they mean nothing without it. */
export function machine(): string {
  const memory = `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`;
  return `${os.availableParallelism()} CPUs (${cpuModel()}), ${memory}, Node ${process.version}, ${os.platform()} ${os.release()}`;
}

function cpuModel(): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    return line?.split(':')[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown CPU';
  } catch {
    return os.cpus()[0]?.model ?? 'unknown CPU';
  }
}
