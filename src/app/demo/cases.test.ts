import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../../test/support/databases.js';
import { CERTIFICATION_STATES, type Application, type Organisation } from '../../domain/index.js';
import { createFileLoader } from '../../oscal/index.js';
import { systemContext, type CommandContext } from '../audit.js';
import { authoriseBody } from '../auditing-bodies.js';
import { getDecisionCase } from '../decisions.js';
import { listProviderFindings } from '../findings.js';
import type { Store, User } from '../ports.js';
import { searchRegistry } from '../registry.js';
import { ensureDefaultStandard } from '../standards/default-standard.js';
import { supplyChainNotYetAssessed } from '../supply-chain-conditions.js';
import { DEMO_CASES, seedDemoCases, type DemoCasesReport } from './cases.js';
import { ensureDemoPeople } from './people.js';
import { seedDemo } from './seed.js';
import { seedDemoServicesAndBodies } from './services-and-bodies.js';

const ZONE = 'Asia/Tokyo';

/**
 * Everything `serve --demo` loads before the cases, as of `now`; with
 * `authorisedAt`, the bodies' authorisations recorded at that moment, as the
 * demo recorded them before it had cases (on the day of its first start).
 */
async function demoDatabase(now: Date, authorisedAt?: Date): Promise<TestDatabase> {
  const database = await freshDatabase('pglite');
  await ensureDefaultStandard({ store: database.store, load: createFileLoader(), now: () => now });
  await seedDemo(database.store, systemContext('demo', now));
  if (authorisedAt) {
    for (const [registryId, number, highestGrade] of [['4010001234567', 'AB-2026-001', 3], ['9010401100001', 'AB-2026-002', 2]] as const) {
      const body = (await database.store.organisations.list({ text: registryId }, { limit: 1 })).items[0]!;
      await authoriseBody(database.store, { bodyId: body.id, number, validFrom: '2026-04-01', validUntil: '2029-03-31', highestGrade }, systemContext('demo', authorisedAt));
    }
  }
  await seedDemoServicesAndBodies(database.store, now, 'Asia/Tokyo');
  await ensureDemoPeople(database.store, now);
  return database;
}

/** Every application, with its service's English name. */
async function allCases(store: Store): Promise<{ service: string; application: Application }[]> {
  const rows: { service: string; application: Application }[] = [];
  const providers = (await store.organisations.list({ kind: 'provider' }, { limit: 100 })).items;
  for (const provider of providers) {
    const scope = { organisationId: provider.id } as Parameters<Store['applications']['listByProvider']>[0];
    const applications = (await store.applications.listByProvider(scope, { limit: 100 })).items;
    const refs = new Map((await store.services.refs(applications.map((a) => a.serviceId))).map((ref) => [ref.id, ref.nameEn]));
    for (const application of applications) rows.push({ service: refs.get(application.serviceId) ?? '?', application });
  }
  return rows.sort((a, b) => a.service.localeCompare(b.service));
}

async function demoPerson(store: Store, email: string): Promise<{ user: User; organisation: Organisation }> {
  const user = await store.users.findByEmail(email);
  const organisation = user && (await store.organisations.findById(user.organisationId));
  if (!user || !organisation) throw new Error(`no demo person ${email}`);
  return { user, organisation };
}

function signedIn({ user, organisation }: { user: User; organisation: Organisation }, now: Date): CommandContext {
  return {
    actor: { userId: user.id, organisationId: organisation.id, role: user.roles.join(' '), label: `test:${user.email}` },
    authority: { type: 'principal', principal: { userId: user.id, organisationId: organisation.id, organisationKind: organisation.kind, roles: user.roles, via: 'session' } },
    now,
  };
}

/**
 * The demo's cases, made through the use cases on the default standard as
 * `serve --demo` makes them: every state of a certification's life, the
 * public list lively, nothing added by a second start, and the same on a
 * demo database first started before the cases existed.
 */
describe('the demo cases', () => {
  let database: TestDatabase;
  let report: DemoCasesReport;
  const now = new Date('2026-11-25T09:00:00Z');

  beforeAll(async () => {
    database = await demoDatabase(now);
    const started = performance.now();
    report = await seedDemoCases(database.store, { now, timeZone: ZONE });
    // What a first start spends on them, for whoever wonders why it takes the seconds it does.
    console.info(`seeded ${report.created} demo cases in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }, 180_000);
  afterAll(async () => {
    await database.dispose();
  });

  it('bring a case to every state of a certification', async () => {
    expect(report.failures).toEqual([]);
    expect([report.created, report.existing]).toEqual([DEMO_CASES.length, 0]);
    const stored = await allCases(database.store);
    expect(stored).toHaveLength(DEMO_CASES.length);
    const counts = new Map<string, number>();
    for (const { application } of stored) counts.set(application.case.state, (counts.get(application.case.state) ?? 0) + 1);
    for (const state of CERTIFICATION_STATES) expect(counts.get(state) ?? 0, state).toBeGreaterThanOrEqual(1);
    expect(Object.fromEntries(counts)).toEqual(report.states);
    expect(counts.get('certified')).toBeGreaterThanOrEqual(3);
    expect(new Set(stored.filter((c) => c.application.case.state === 'certified').map((c) => c.application.grade))).toEqual(new Set([1, 2]));
    const suspensions = stored.filter((c) => c.application.case.state === 'suspended').map((c) => c.application.case.suspension?.cause);
    expect(suspensions.sort()).toEqual(['inspection-overdue', 'manual']);
  });

  it('make each case through the use cases, as the people of the right organisations, every step in the past', async () => {
    const { store } = database;
    const expired = (await allCases(store)).find((c) => c.service === 'Nordic Strata Compute');
    if (!expired) throw new Error('no expired case');
    const events = await store.applications.listEvents(expired.application.id);
    expect(events.map((e) => [e.command, e.to, e.actorRole])).toEqual([
      ['submit', 'submitted', 'provider'],
      ['accept', 'in-assessment', 'programme-office'],
      ['sign-off', 'assessed', 'auditing-body'],
      ['begin-review', 'under-review', 'programme-office'],
      ['recommend', 'under-review', 'programme-office'],
      ['certify', 'certified', 'programme-office'],
      ['suspend', 'suspended', 'system'],
      ['expire', 'expired', 'system'],
    ]);
    for (const [earlier, later] of events.slice(1).map((e, i) => [events[i]!, e] as const)) expect(earlier.occurredAt <= later.occurredAt).toBe(true);
    expect(events.every((e) => e.occurredAt < now)).toBe(true);
    const trail = (await store.audit.list({ objectId: expired.application.id }, { limit: 100 })).items;
    expect(trail.map((r) => r.actor.label)).toContain('demo:officer@office.demo.example.go.jp');
    expect(trail.map((r) => r.actor.label)).toContain('demo:approver@office.demo.example.go.jp');
    // The results are the auditors', recorded through the worksheet use case.
    const [assessment] = await store.assessments.listByApplication(expired.application.id);
    const results = await store.assessments.listResults(assessment!.id);
    expect(results).toHaveLength(assessment!.controlsTotal);
    expect((await store.users.findById(results[0]!.recordedBy))?.email).toBe('auditor@toto-audit.demo.example.jp');
  });

  it('show an assessment in progress, a Grade 3 case the approver cannot certify yet, and findings the provider answered', async () => {
    const { store } = database;
    const cases = await allCases(store);
    const inProgress = cases.find((c) => c.application.case.state === 'in-assessment')!;
    const [open] = await store.assessments.listByApplication(inProgress.application.id);
    expect(open!.controlsDone).toBeGreaterThan(0);
    expect(open!.controlsDone).toBeLessThan(open!.controlsTotal);

    const grade3 = cases.find((c) => c.application.grade === 3)!;
    expect(grade3.application.case).toMatchObject({ state: 'under-review', recommendation: 'certify' });
    const approver = signedIn(await demoPerson(store, 'approver@office.demo.example.go.jp'), now);
    const decision = await getDecisionCase(store, approver, grade3.application.id, { supplyChain: supplyChainNotYetAssessed, timeZone: ZONE });
    expect(decision.blockers.certify.map((b) => b.refusal)).toEqual(['supply-chain-not-assessed']);

    const sakura = await demoPerson(store, 'admin@sakura-infra.demo.example.jp');
    const findings = (await listProviderFindings(store, signedIn(sakura, now), sakura.organisation.id, { limit: 50 })).items;
    expect(findings.map((f) => [f.finding.risk, f.finding.providerResponse !== null])).toEqual(expect.arrayContaining([['moderate', true], ['low', true]]));
  });

  it('make a lively public list: certified, renewing, suspended, expired and revoked services (a withdrawn one is not listed)', async () => {
    const listed = (await searchRegistry(database.store, { limit: 100 })).items;
    expect(listed.length).toBeGreaterThanOrEqual(10);
    const statuses = new Set(listed.map((entry) => entry.status));
    expect([...statuses].sort()).toEqual(['certified', 'expired', 'renewal-pending', 'revoked', 'suspended']);
    expect(listed.some((entry) => entry.grade === 3)).toBe(false);
  });

  it('are added once: a second start changes nothing', async () => {
    const before = await allCases(database.store);
    const trail = (await database.store.audit.list({}, { limit: 1 }, 'newest-first')).items[0]?.id;
    const again = await seedDemoCases(database.store, { now: new Date(now.getTime() + 60_000), timeZone: ZONE });
    expect(again).toEqual({ created: 0, existing: DEMO_CASES.length, states: {}, failures: [] });
    expect(await allCases(database.store)).toEqual(before);
    expect((await database.store.audit.list({}, { limit: 1 }, 'newest-first')).items[0]?.id).toBe(trail);
  });
});

describe('the demo cases on a demo database from before them', () => {
  let database: TestDatabase;
  // Its demo data loaded the week before, when the bodies' authorisations were recorded as of that day.
  const firstStart = new Date('2026-11-18T09:00:00Z');
  const now = new Date('2026-11-25T09:00:00Z');

  beforeAll(async () => {
    database = await demoDatabase(firstStart, firstStart);
  }, 120_000);
  afterAll(async () => {
    await database.dispose();
  });

  it('are all made, the signed-off steps after the bodies’ authorisations were recorded', async () => {
    const report = await seedDemoCases(database.store, { now, timeZone: ZONE });
    expect(report.failures).toEqual([]);
    expect(report.created).toBe(DEMO_CASES.length);
    for (const state of CERTIFICATION_STATES) expect(report.states[state] ?? 0, state).toBeGreaterThanOrEqual(1);
    for (const { application } of await allCases(database.store)) {
      for (const assessment of await database.store.assessments.listByApplication(application.id)) {
        if (assessment.signedOffAt) expect(assessment.signedOffAt > firstStart).toBe(true);
      }
    }
  }, 180_000);
});

describe('the demo started years later', () => {
  let database: TestDatabase;
  // After the authorisations the demo once granted with fixed dates had all ended.
  const now = new Date('2031-06-01T09:00:00Z');

  beforeAll(async () => {
    database = await demoDatabase(now);
  }, 120_000);
  afterAll(async () => {
    await database.dispose();
  });

  it('still makes every case, its bodies authorised from a 1 April before them', async () => {
    const report = await seedDemoCases(database.store, { now, timeZone: ZONE });
    expect(report.failures).toEqual([]);
    expect(report.created).toBe(DEMO_CASES.length);
    for (const state of CERTIFICATION_STATES) expect(report.states[state] ?? 0, state).toBeGreaterThanOrEqual(1);
    const bodies = (await database.store.organisations.list({ kind: 'auditing-body' }, { limit: 10 })).items;
    const numbers = (await database.store.auditingBodies.listAuthorisations(bodies.map((b) => b.id))).map((a) => a.number).sort();
    expect(numbers).toEqual(['AB-2030-001', 'AB-2030-002', 'AB-2030-003']);
  }, 180_000);
});
