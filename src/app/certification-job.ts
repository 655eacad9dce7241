import { dueCommand, type CalendarDate, type CertificationCommand } from '../domain/index.js';
import type { CommandContext } from './audit.js';
import { changeLiveCaseCounting } from './lifecycle.js';
import { authorizeAction } from './policy.js';
import type { Store } from './ports.js';

/**
 * The time-driven changes of certifications (issue 5, "Life after
 * certification"): on a day, every certified, suspended or renewal-pending
 * case is given what the domain says is due (`dueCommand`): it expires past
 * its validity, or is suspended when its regular inspection is overdue past
 * the grace period or a critical finding is open past its due date.
 *
 * Idempotent: a case is changed only when something is due, and a change
 * leaves nothing more due that day, so a second run changes nothing. Safe on
 * several servers at once: each case is changed in a transaction of its own
 * with its row locked, and a run skips a case another holds (FOR UPDATE SKIP
 * LOCKED) rather than wait for it; whoever holds it decides on the row as it
 * then stands, and the case's next run looks again.
 */

export type DueChangeKind = 'expired' | 'suspended-inspection-overdue' | 'suspended-critical-finding-overdue';

export interface DueChangesReport {
  readonly today: CalendarDate;
  /** Cases looked at. */
  readonly examined: number;
  /** Cases changed, by kind of change. */
  readonly changed: Readonly<Record<DueChangeKind, number>>;
  /** Services flagged for review because a service they run on lapsed. */
  readonly flagged: number;
  /** Cases another run (or a person's change) held at that moment; the next run looks at them again. */
  readonly busy: number;
  /** Cases whose change failed, with why; the others were still done. */
  readonly failures: readonly { readonly applicationId: string; readonly message: string }[];
}

/** How many case ids a run reads at a time. */
const BATCH = 200;

/** The role the cases' public history names for the job's changes. */
export const JOB_ACTOR_ROLE = 'system';

/** Runs the changes due on `today`; only the operator (the command line, the server's timer) may. */
export async function runDueChanges(store: Store, context: CommandContext, today: CalendarDate): Promise<DueChangesReport> {
  await authorizeAction(store, context, 'certification.run-due-changes');
  const changed: Record<DueChangeKind, number> = { expired: 0, 'suspended-inspection-overdue': 0, 'suspended-critical-finding-overdue': 0 };
  const failures: { applicationId: string; message: string }[] = [];
  let examined = 0;
  let flagged = 0;
  let busy = 0;
  let after: string | undefined;
  for (;;) {
    const ids = await store.lifecycle.liveCaseIds(after, BATCH);
    for (const id of ids) {
      examined += 1;
      try {
        const outcome = await applyDue(store, context, id, today);
        if (outcome === 'busy') busy += 1;
        else if (outcome) {
          changed[outcome.kind] += 1;
          flagged += outcome.flagged;
        }
      } catch (error) {
        failures.push({ applicationId: id, message: error instanceof Error ? error.message : String(error) });
      }
    }
    if (ids.length < BATCH) break;
    after = ids.at(-1);
  }
  return { today, examined, changed, flagged, busy, failures };
}

/** One case in its own transaction: what is due, if anything, applied with the row held. */
async function applyDue(store: Store, context: CommandContext, applicationId: string, today: CalendarDate): Promise<'busy' | { kind: DueChangeKind; flagged: number } | undefined> {
  return store.transaction(async (tx) => {
    if (!(await tx.lifecycle.tryLockCase(applicationId))) return 'busy';
    const current = await tx.applications.findById(applicationId);
    if (!current) return undefined;
    const overdueCriticalFindings = await tx.lifecycle.countOverdueCriticalFindings(applicationId, today);
    const command = dueCommand(current.case, today, { overdueCriticalFindings });
    if (!command) return undefined;
    const { flagged } = await changeLiveCaseCounting(tx, context, applicationId, `certification.${command.type}`, async () => command, { actorRole: JOB_ACTOR_ROLE });
    return { kind: kindOf(command), flagged };
  });
}

function kindOf(command: CertificationCommand): DueChangeKind {
  if (command.type === 'suspend') return command.cause === 'critical-finding-overdue' ? 'suspended-critical-finding-overdue' : 'suspended-inspection-overdue';
  return 'expired';
}
