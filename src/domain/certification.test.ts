import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calendarDate, type CalendarDate } from './calendar-date.js';
import {
  applyCommand,
  CERTIFICATION_STATES,
  certificationBlockers,
  commandsFrom,
  dueCommand,
  FINAL_STATES,
  newCase,
  rejectionBlockers,
  type CertificationCase,
  type CertificationCommand,
  type CertificationCommandType,
  type CertificationState,
  type DecisionFacts,
} from './certification.js';
import type { Grade } from './grade.js';

const d = calendarDate;
const PERIOD = { start: d('2026-04-01'), end: d('2027-03-31') };
const CLEAN: DecisionFacts = { controlsTotal: 287, controlsAssessed: 287, openCriticalOrHighFindings: 0, bodyAuthorisedOnSignOff: true, supplyChain: 'not-yet-assessed' };

/** Runs commands from a new case, failing on the first refusal. */
function run(grade: Grade, ...commands: CertificationCommand[]): CertificationCase {
  return commands.reduce((current, command) => {
    const result = applyCommand(current, command);
    if (!result.ok) throw new Error(`${command.type} from ${current.state} refused: ${result.refusal}`);
    return result.next;
  }, newCase(grade));
}

const toReview: CertificationCommand[] = [
  { type: 'submit', sspComplete: true },
  { type: 'accept', bodyEligible: true },
  { type: 'sign-off', period: PERIOD, controlsTotal: 287, controlsAssessed: 287 },
  { type: 'begin-review' },
  { type: 'recommend', by: 'officer-1', outcome: 'certify' },
];

describe('a certification case', () => {
  it('goes from draft to certified, valid until the end of the audited period + 1 day + 16 months', () => {
    const certified = run(2, ...toReview, { type: 'certify', by: 'approver-1', facts: CLEAN });
    expect(certified).toMatchObject({ state: 'certified', reviewer: 'officer-1', approver: 'approver-1', validUntil: '2028-08-01', inspectionDue: '2028-03-31' });
  });

  it('is refused what its guards forbid, each for its own reason', () => {
    const review = run(2, ...toReview);
    const refusal = (current: CertificationCase, command: CertificationCommand) => {
      const result = applyCommand(current, command);
      return result.ok ? 'allowed' : result.refusal;
    };
    expect(refusal(newCase(2), { type: 'submit', sspComplete: false })).toBe('ssp-incomplete');
    expect(refusal(run(2, toReview[0]!), { type: 'accept', bodyEligible: false })).toBe('body-not-eligible');
    expect(refusal(review, { type: 'certify', by: 'officer-1', facts: CLEAN })).toBe('same-person');
    expect(refusal(review, { type: 'reject', by: 'officer-1', reason: 'no' })).toBe('same-person');
    expect(refusal(review, { type: 'certify', by: 'approver-1', facts: { ...CLEAN, controlsAssessed: 286 } })).toBe('controls-not-assessed');
    expect(refusal(review, { type: 'certify', by: 'approver-1', facts: { ...CLEAN, openCriticalOrHighFindings: 1 } })).toBe('open-findings');
    expect(refusal(review, { type: 'certify', by: 'approver-1', facts: { ...CLEAN, bodyAuthorisedOnSignOff: false } })).toBe('body-not-authorised');
    expect(refusal(run(3, ...toReview), { type: 'certify', by: 'approver-1', facts: CLEAN })).toBe('supply-chain-not-assessed');
    expect(refusal(run(3, ...toReview), { type: 'certify', by: 'approver-1', facts: { ...CLEAN, supplyChain: 'met' } })).toBe('allowed');
    expect(refusal(run(2, ...toReview.slice(0, 4)), { type: 'certify', by: 'approver-1', facts: CLEAN })).toBe('not-recommended');
    expect(refusal(review, { type: 'reject', by: 'approver-1', reason: '  ' })).toBe('reason-required');
    expect(refusal(newCase(2), { type: 'withdraw' })).toBe('wrong-state');
    const tooLong = { start: d('2026-01-01'), end: d('2027-01-01') };
    expect(refusal(run(2, ...toReview.slice(0, 2)), { type: 'sign-off', period: tooLong, controlsTotal: 1, controlsAssessed: 1 })).toBe('period-invalid');
  });

  it('keeps the first reviewer: they may revise their recommendation, another officer may not replace it', () => {
    const review = run(2, ...toReview);
    const revised = applyCommand(review, { type: 'recommend', by: 'officer-1', outcome: 'reject' });
    expect(revised.ok && revised.next).toMatchObject({ reviewer: 'officer-1', recommendation: 'reject' });
    expect(applyCommand(review, { type: 'recommend', by: 'officer-2', outcome: 'reject' })).toEqual({ ok: false, refusal: 'recommended-by-another' });
  });

  it('lists every blocker of a decision at once, the first being the one the command refuses with', () => {
    const review = run(3, ...toReview);
    const facts: DecisionFacts = { controlsTotal: 287, controlsAssessed: 280, openCriticalOrHighFindings: 2, bodyAuthorisedOnSignOff: false, supplyChain: 'not-yet-assessed' };
    const blockers = certificationBlockers(review, 'officer-1', facts);
    expect(blockers).toEqual(['same-person', 'controls-not-assessed', 'open-findings', 'body-not-authorised', 'supply-chain-not-assessed']);
    expect(applyCommand(review, { type: 'certify', by: 'officer-1', facts })).toEqual({ ok: false, refusal: blockers[0] });
    expect(certificationBlockers(run(3, ...toReview.slice(0, 4)), 'approver-1', { ...CLEAN, supplyChain: 'not-met' })).toEqual(['not-recommended', 'supply-chain-not-met']);
    expect(certificationBlockers(review, 'approver-1', { ...CLEAN, supplyChain: 'met' })).toEqual([]);
    expect(rejectionBlockers(review, 'officer-1')).toEqual(['same-person']);
    expect(rejectionBlockers(run(2, ...toReview.slice(0, 4)), 'approver-1')).toEqual(['not-recommended']);
    expect(rejectionBlockers(review, 'approver-1')).toEqual([]);
  });

  it('is suspended by the daily job when its inspection is overdue past the grace period, and expires after its validity', () => {
    const certified = run(2, ...toReview, { type: 'certify', by: 'approver-1', facts: CLEAN });
    expect(dueCommand(certified, d('2028-05-30'), { overdueCriticalFindings: 0 })).toBeUndefined();
    const suspend = dueCommand(certified, d('2028-05-31'), { overdueCriticalFindings: 0 });
    expect(suspend).toMatchObject({ type: 'suspend', cause: 'inspection-overdue' });
    const suspended = run(2, ...toReview, { type: 'certify', by: 'approver-1', facts: CLEAN }, suspend!);
    expect(applyCommand(suspended, { type: 'reinstate', by: 'approver-2', today: d('2028-06-01') })).toEqual({ ok: false, refusal: 'inspection-overdue' });
    const inspected = applyCommand(suspended, { type: 'record-inspection', period: { start: d('2027-04-01'), end: d('2028-03-31') } });
    expect(inspected.ok && applyCommand(inspected.next, { type: 'reinstate', by: 'approver-2', today: d('2028-06-01') }).ok).toBe(true);
    expect(dueCommand(suspended, d('2028-08-02'), { overdueCriticalFindings: 0 })).toEqual({ type: 'expire', today: '2028-08-02' });
    expect(dueCommand(certified, d('2027-06-01'), { overdueCriticalFindings: 1 })).toMatchObject({ type: 'suspend', cause: 'critical-finding-overdue' });
  });

  it('stays valid while a renewal filed in time is decided, and not when filed late', () => {
    const certified = run(2, ...toReview, { type: 'certify', by: 'approver-1', facts: CLEAN });
    expect(applyCommand(certified, { type: 'file-renewal', today: d('2028-08-02') })).toEqual({ ok: false, refusal: 'past-validity' });
    const pending = run(2, ...toReview, { type: 'certify', by: 'approver-1', facts: CLEAN }, { type: 'record-inspection', period: { start: d('2027-04-01'), end: d('2028-03-31') } }, { type: 'file-renewal', today: d('2028-07-01') });
    expect(pending.state).toBe('renewal-pending');
    // Past the old validity, nothing expires it while the renewal is pending.
    expect(dueCommand(pending, d('2028-09-01'), { overdueCriticalFindings: 0 })).toBeUndefined();
    const renewed = applyCommand(pending, { type: 'renew', by: 'approver-2', period: { start: d('2028-04-01'), end: d('2029-03-31') }, facts: CLEAN });
    expect(renewed.ok && renewed.next).toMatchObject({ state: 'certified', validUntil: '2030-08-01' });
  });

  describe('when a certification pending renewal is suspended', () => {
    const inspected = { type: 'record-inspection', period: { start: d('2027-04-01'), end: d('2028-03-31') } } as const;
    const suspendedPending = () =>
      run(2, ...toReview, { type: 'certify', by: 'approver-1', facts: CLEAN }, inspected, { type: 'file-renewal', today: d('2028-07-01') }, { type: 'suspend', cause: 'manual', reason: 'Incident under investigation' });

    it('remembers the renewal, and returns to pending renewal when reinstated, even past the old validity', () => {
      const suspended = suspendedPending();
      expect(suspended).toMatchObject({ state: 'suspended', suspension: { cause: 'manual', from: 'renewal-pending' } });
      const reinstated = applyCommand(suspended, { type: 'reinstate', by: 'approver-2', today: d('2028-07-15') });
      expect(reinstated.ok && reinstated.next).toMatchObject({ state: 'renewal-pending', suspension: null, approver: 'approver-2' });
      // The renewal filed in time kept the certificate valid past 2028-08-01, suspended or not.
      const late = applyCommand(suspended, { type: 'reinstate', by: 'approver-2', today: d('2028-09-01') });
      expect(late.ok && late.next.state).toBe('renewal-pending');
      const renewed = late.ok && applyCommand(late.next, { type: 'renew', by: 'approver-2', period: { start: d('2028-04-01'), end: d('2029-03-31') }, facts: CLEAN });
      expect(renewed && renewed.ok && renewed.next).toMatchObject({ state: 'certified', validUntil: '2030-08-01' });
    });

    it('is not expired by its old validity ending, as it would not be unsuspended', () => {
      const suspended = suspendedPending();
      expect(dueCommand(suspended, d('2028-09-01'), { overdueCriticalFindings: 0 })).toBeUndefined();
      expect(applyCommand(suspended, { type: 'expire', today: d('2028-09-01') })).toEqual({ ok: false, refusal: 'not-due' });
      // A certification suspended while plainly in force still expires at its end.
      const plain = run(2, ...toReview, { type: 'certify', by: 'approver-1', facts: CLEAN }, inspected, { type: 'suspend', cause: 'manual', reason: 'Incident' });
      expect(plain.suspension?.from).toBe('certified');
      expect(dueCommand(plain, d('2028-08-02'), { overdueCriticalFindings: 0 })).toEqual({ type: 'expire', today: '2028-08-02' });
    });
  });
});

/**
 * Which state may follow which: DOMAIN.md's drawing, written out again here
 * (and the documented additions: renewal-pending → suspended → renewal-pending,
 * suspended → expired), so that the
 * property below checks the function against the drawing, not against itself.
 */
const EDGES: ReadonlySet<string> = new Set([
  'draft→submitted',
  'submitted→returned',
  'returned→submitted',
  'submitted→in-assessment',
  'in-assessment→assessed',
  'assessed→under-review',
  'under-review→certified',
  'under-review→rejected',
  'certified→suspended',
  'suspended→certified',
  'suspended→renewal-pending',
  'suspended→revoked',
  'certified→expired',
  'certified→withdrawn',
  'certified→renewal-pending',
  'renewal-pending→certified',
  'renewal-pending→expired',
  'renewal-pending→suspended',
  'suspended→expired',
]);

const mostly = <T,>(usual: T, rare: fc.Arbitrary<T>) => fc.oneof({ arbitrary: fc.constant(usual), weight: 4 }, { arbitrary: rare, weight: 1 });
const people = fc.constantFrom('officer-1', 'officer-2', 'approver-1');
const days = fc.integer({ min: 0, max: 1500 }).map((n) => new Date(Date.UTC(2026, 3, 1 + n)).toISOString().slice(0, 10) as CalendarDate);
const periods = fc.tuple(days, fc.integer({ min: 0, max: 400 })).map(([start, length]) => {
  const end = new Date(Date.parse(`${start}T00:00:00Z`) + length * 86_400_000).toISOString().slice(0, 10) as CalendarDate;
  return { start, end };
});
const reasons = mostly('evidence missing for SC-7', fc.constantFrom('', ' '));
const facts: fc.Arbitrary<DecisionFacts> = fc.record({
  controlsTotal: mostly(287, fc.constantFrom(0, 149)),
  controlsAssessed: mostly(287, fc.constantFrom(0, 286)),
  openCriticalOrHighFindings: mostly(0, fc.constant(1)),
  bodyAuthorisedOnSignOff: mostly(true, fc.constant(false)),
  supplyChain: mostly('met' as const, fc.constantFrom('not-met' as const, 'not-yet-assessed' as const)),
});

/** One arbitrary per kind of command, with values that are mostly, not always, acceptable. */
const COMMANDS: { [K in CertificationCommandType]: fc.Arbitrary<Extract<CertificationCommand, { type: K }>> } = {
  submit: fc.record({ type: fc.constant('submit'), sspComplete: mostly(true, fc.constant(false)) }),
  amend: fc.record({ type: fc.constant('amend'), grade: fc.constantFrom<Grade>(1, 2, 3) }),
  return: fc.record({ type: fc.constant('return'), reason: reasons }),
  accept: fc.record({ type: fc.constant('accept'), bodyEligible: mostly(true, fc.constant(false)) }),
  'sign-off': fc.record({ type: fc.constant('sign-off'), period: periods, controlsTotal: mostly(287, fc.constant(0)), controlsAssessed: mostly(287, fc.constant(12)) }),
  'begin-review': fc.record({ type: fc.constant('begin-review') }),
  recommend: fc.record({ type: fc.constant('recommend'), by: people, outcome: fc.constantFrom('certify', 'reject') }),
  certify: fc.record({ type: fc.constant('certify'), by: people, facts }),
  reject: fc.record({ type: fc.constant('reject'), by: people, reason: reasons }),
  suspend: fc.record({ type: fc.constant('suspend'), cause: fc.constantFrom('manual', 'inspection-overdue', 'critical-finding-overdue'), reason: reasons }),
  reinstate: fc.record({ type: fc.constant('reinstate'), by: people, today: days }),
  revoke: fc.record({ type: fc.constant('revoke'), reason: reasons }),
  withdraw: fc.record({ type: fc.constant('withdraw') }),
  expire: fc.record({ type: fc.constant('expire'), today: days }),
  'file-renewal': fc.record({ type: fc.constant('file-renewal'), today: days }),
  renew: fc.record({ type: fc.constant('renew'), by: people, period: periods, facts }),
  'refuse-renewal': fc.record({ type: fc.constant('refuse-renewal'), by: people, reason: reasons }),
  'record-inspection': fc.record({ type: fc.constant('record-inspection'), period: periods }),
};
const TYPES = Object.keys(COMMANDS) as CertificationCommandType[];

/**
 * A step: usually a command the current state accepts at all (so that runs
 * travel the whole drawing), sometimes any command (so that refusals from the
 * wrong state are exercised too).
 */
type Step = [boolean, number, { [K in CertificationCommandType]: Extract<CertificationCommand, { type: K }> }];
const steps = fc.array(
  fc.tuple(fc.oneof({ arbitrary: fc.constant(true), weight: 9 }, { arbitrary: fc.constant(false), weight: 1 }), fc.nat({ max: 10_000 }), fc.record(COMMANDS)),
  { minLength: 20, maxLength: 80 },
);
function pick(current: CertificationCase, [offeredOnly, index, candidates]: Step): CertificationCommand {
  const offered = commandsFrom(current.state);
  const types = offeredOnly && offered.length > 0 ? offered : TYPES;
  return candidates[types[index % types.length]!];
}

/** What must hold of every case that can ever be reached. */
function checkReachable(current: CertificationCase): void {
  expect(CERTIFICATION_STATES).toContain(current.state);
  const holdsCertificate: readonly CertificationState[] = ['certified', 'suspended', 'renewal-pending'];
  if (holdsCertificate.includes(current.state)) {
    expect(current.validUntil).not.toBeNull();
    expect(current.inspectionDue).not.toBeNull();
    expect(current.approver).not.toBeNull();
    // Four eyes: the approver of record is never the reviewer.
    expect(current.approver).not.toBe(current.reviewer);
  }
  // A suspension is known while it lasts, with the state it interrupted, and gone once reinstated (it stays on record if the case then ends).
  if (current.state === 'suspended') expect(['certified', 'renewal-pending']).toContain(current.suspension?.from);
  if (current.state === 'certified') expect(current.suspension).toBeNull();
  if (current.suspension) expect(current.suspension.reason.trim()).not.toBe('');
}

describe('every sequence of commands', () => {
  it('moves only along the drawing, never leaves a final state, keeps four eyes, and never certifies what the facts forbid', () => {
    const reached = new Set<CertificationState>();
    const travelled = new Set<string>();
    fc.assert(
      fc.property(fc.constantFrom<Grade>(1, 2, 3), steps, (grade, chosen) => {
        let current = newCase(grade);
        for (const step of chosen) {
          const next = pick(current, step);
          const result = applyCommand(current, next);
          if (FINAL_STATES.includes(current.state)) expect(result.ok).toBe(false);
          if (result.ok) {
            const moved = result.next.state !== current.state;
            if (moved) expect(EDGES.has(`${current.state}→${result.next.state}`), `${current.state}→${result.next.state} by ${next.type}`).toBe(true);
            if (moved) travelled.add(`${current.state}→${result.next.state}`);
            // A suspension remembers what it interrupted, and a reinstatement gives exactly that back: a filed renewal is never lost.
            if (next.type === 'suspend') expect(result.next.suspension?.from).toBe(current.state);
            if (next.type === 'reinstate') expect(result.next.state).toBe(current.suspension?.from);
            // A renewal filed in time keeps the certificate from expiring until it is decided, suspended or not.
            if (next.type === 'expire') expect(current.state === 'renewal-pending' || current.suspension?.from === 'renewal-pending').toBe(false);
            if (next.type === 'certify' || next.type === 'renew') {
              const f = next.facts;
              expect(f.controlsTotal > 0 && f.controlsAssessed >= f.controlsTotal && f.openCriticalOrHighFindings === 0 && f.bodyAuthorisedOnSignOff).toBe(true);
              if (current.grade === 3) expect(f.supplyChain).toBe('met');
            }
            if (next.type === 'expire') expect(next.today > (current.validUntil ?? '9999-12-31')).toBe(true);
            // The grade is the provider's to change only while the application is theirs.
            if (result.next.grade !== current.grade) expect(['draft', 'returned']).toContain(current.state);
            current = result.next;
          }
          checkReachable(current);
          reached.add(current.state);
        }
      }),
      { numRuns: 1000 },
    );
    // The runs must have been somewhere: every state was reached, so every invariant above was tested there.
    expect([...reached].sort()).toEqual([...CERTIFICATION_STATES].sort());
    // And along every edge of the drawing, so every check above of a move was tested on each.
    expect([...travelled].sort()).toEqual([...EDGES].sort());
  });

  it('gives the daily job only commands the case accepts, after which nothing more is due that day', () => {
    fc.assert(
      fc.property(fc.constantFrom<Grade>(1, 2, 3), steps, days, fc.nat(2), (grade, chosen, today, overdue) => {
        // Every case the sequence passes through, not only the last: each is one the job may meet.
        let current = newCase(grade);
        for (const step of chosen) {
          const result = applyCommand(current, pick(current, step));
          if (result.ok) current = result.next;
          const due = dueCommand(current, today, { overdueCriticalFindings: overdue });
          if (!due) continue;
          const applied = applyCommand(current, due);
          expect(applied.ok).toBe(true);
          // So a second run of the job on the same day changes nothing (issue 5: the job is idempotent).
          if (applied.ok) expect(dueCommand(applied.next, today, { overdueCriticalFindings: overdue }), `${current.state} then ${due.type}`).toBeUndefined();
        }
      }),
      { numRuns: 500 },
    );
  });
});
