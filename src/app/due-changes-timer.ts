import { calendarDateAt } from '../domain/index.js';
import { systemContext } from './audit.js';
import { runDueChanges, type DueChangesReport } from './certification-job.js';
import type { Store } from './ports.js';

/**
 * The daily job on a timer inside the server (issue 5: "on a timer inside
 * serve"): a run at start, then one every interval. Runs never overlap in
 * one process; across servers the job itself is safe to run at once
 * (./certification-job.ts). Each run's report, or its failure, goes to the
 * callbacks, which log it.
 */
export interface DueChangesTimerOptions {
  readonly store: Store;
  /** The programme's time zone: the day the job runs for is the day there. */
  readonly timeZone: string;
  readonly intervalMs: number;
  readonly onReport: (report: DueChangesReport) => void;
  readonly onError: (error: unknown) => void;
  /** The clock; the real one unless a test moves it. */
  readonly now?: () => Date;
}

export interface DueChangesTimer {
  /** Stops the timer and waits for a run in progress to end (before the database closes). */
  stop(): Promise<void>;
}

export function startDueChangesTimer(options: DueChangesTimerOptions): DueChangesTimer {
  const now = options.now ?? (() => new Date());
  let running: Promise<void> | undefined;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return;
    const at = now();
    running = runDueChanges(options.store, systemContext('jobs', at), calendarDateAt(at, options.timeZone))
      .then(options.onReport, options.onError)
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(tick, options.intervalMs);
  // The timer alone does not keep the process alive: the server's socket does.
  timer.unref();
  tick();
  return {
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
