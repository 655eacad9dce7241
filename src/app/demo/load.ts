import { systemContext, type CommandContext } from '../audit.js';
import type { Store } from '../ports.js';
import { seedDemoCases, type DemoCasesReport } from './cases.js';
import { ensureDemoPeople, type DemoAccess } from './people.js';
import { seedDemo, type SeedReport } from './seed.js';
import { seedDemoServicesAndBodies } from './services-and-bodies.js';

/** What loading the demo added, part by part. */
export interface DemoLoadReport {
  readonly organisations: SeedReport;
  readonly services: number;
  readonly authorisations: number;
  /** Every demo person, each with a fresh one-time link while they have no password. */
  readonly people: readonly DemoAccess[];
  readonly cases: DemoCasesReport;
}

export interface DemoLoadOptions {
  /** The moment the demo starts: the cases' dates are counted back from it. */
  readonly now: Date;
  /** The programme's time zone (the cases' days are days there). */
  readonly timeZone: string;
  /** Who loads it, for the trail of the organisations (the rest is recorded as the demo's own doing). */
  readonly context?: CommandContext | undefined;
}

/**
 * The whole demo, in the order each part needs the one before: its
 * organisations, then their services and the bodies' authorisations, the
 * people who act, and the certification cases they bring to every state
 * (which need a standard: without one, no case is made). Every part adds
 * only what is missing, so loading again adds nothing; `shinrai serve
 * --demo` and `shinrai seed --demo` both load it with this one call.
 */
export async function loadDemo(store: Store, options: DemoLoadOptions): Promise<DemoLoadReport> {
  const organisations = await seedDemo(store, options.context ?? systemContext('demo', options.now));
  const { services, authorisations } = await seedDemoServicesAndBodies(store, options.now, options.timeZone);
  const people = await ensureDemoPeople(store, options.now);
  const cases = await seedDemoCases(store, { now: options.now, timeZone: options.timeZone });
  return { organisations, services, authorisations, people, cases };
}
