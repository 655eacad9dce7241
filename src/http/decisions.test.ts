import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { day, seedCase, seedParties, type Parties } from '../../test/support/cases.js';
import { freshDatabase, type TestDatabase } from '../../test/support/databases.js';
import { beginReview, certifyCase, recommendCase, supplyChainNotYetAssessed, type User } from '../app/index.js';
import type { Organisation } from '../domain/index.js';
import { buildServer } from '../main.js';
import type { Principal } from './access.js';

/** Certificates and decisions over the API, through the whole app, as a token of each party would call it. */
describe('the certificates API', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let parties: Parties;
  let acting: Principal | undefined;
  const token = (user: User, organisation: Organisation): Principal => ({ userId: user.id, organisationId: organisation.id, organisationKind: organisation.kind, roles: user.roles, via: 'token', scopes: ['read'] });
  const call = (url: string) => app.inject({ method: 'GET', url, headers: { accept: 'application/json', 'accept-language': 'en' } });
  const context = (user: User, organisation: Organisation) => ({
    actor: { userId: user.id, label: `test:${user.email}` },
    authority: { type: 'principal' as const, principal: { ...token(user, organisation), via: 'session' as const } },
    now: new Date('2026-03-02T00:00:00Z'),
  });

  beforeAll(async () => {
    database = await freshDatabase('pglite');
    parties = await seedParties(database);
    app = await buildServer({ store: database.store, timeZone: 'Asia/Tokyo', trustProxy: false, supplyChain: supplyChainNotYetAssessed });
    app.addHook('onRequest', async (request) => {
      request.principal = acting;
    });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await database.dispose();
  });

  it('answers a certificate to anyone, by its registration number, and 404 for one that does not exist', async () => {
    const seeded = await seedCase(database, parties, { state: 'assessed', period: { start: day('2025-01-01'), end: day('2025-12-31') }, now: new Date('2026-02-01T00:00:00Z') });
    await beginReview(database.store, context(parties.officer, parties.office), seeded.application.id);
    await recommendCase(database.store, context(parties.officer, parties.office), seeded.application.id, { outcome: 'certify', reason: 'All satisfied.' });
    const { certificate } = await certifyCase(database.store, context(parties.approver, parties.office), seeded.application.id, { reason: 'Agreed.' }, { supplyChain: supplyChainNotYetAssessed, timeZone: 'Asia/Tokyo' });
    acting = undefined;
    const res = await call(`/api/v1/certificates/${certificate!.registrationNumber}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      registrationNumber: certificate!.registrationNumber,
      status: 'certified',
      service: { id: seeded.application.serviceId, nameJa: expect.any(String), nameEn: expect.any(String) },
      provider: { id: parties.provider.id, nameJa: parties.provider.nameJa, nameEn: parties.provider.nameEn },
      body: { id: parties.body.id, nameJa: parties.body.nameJa, nameEn: parties.body.nameEn },
      grade: 2,
      standardVersion: parties.standardVersion,
      scope: 'The whole service.',
      auditedPeriod: { start: '2025-01-01', end: '2025-12-31' },
      issuedOn: '2026-03-02',
      validUntil: '2027-05-01',
    });
    const missing = await call('/api/v1/certificates/C26-9999');
    expect([missing.statusCode, missing.json().code]).toEqual([404, 'not-found']);
    expect((await call('/api/v1/certificates/nonsense')).statusCode).toBe(404);
  });

  it("answers a case's decision to its provider and the office, with every blocker, and refuses anyone else", async () => {
    const seeded = await seedCase(database, parties, { state: 'under-review', grade: 3, period: { start: day('2025-01-01'), end: day('2025-12-31') }, now: new Date('2026-02-01T00:00:00Z') });
    const url = `/api/v1/applications/${seeded.application.id}/decision`;
    acting = token(parties.compliance, parties.provider);
    const res = await call(url);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      applicationId: seeded.application.id,
      state: 'under-review',
      grade: 3,
      recommendation: 'certify',
      assessment: { id: seeded.assessmentId, controlsTotal: 3, controlsAssessed: 3, leadAuditor: parties.leadAuditor.displayName, reportSha256: 'f'.repeat(64) },
      findings: { critical: { open: 0, closed: 0 }, high: { open: 0, closed: 0 } },
      authorisationOnSignOff: { day: '2026-02-01', refusal: null },
      supplyChain: 'not-yet-assessed',
      blockers: [{ code: 'supply-chain-not-assessed' }],
      certificate: null,
    });
    expect(res.json().history.map((event: { command: string }) => event.command)).toEqual(['submit', 'accept', 'sign-off', 'begin-review', 'recommend']);

    acting = token(parties.approver, parties.office);
    expect((await call(url)).statusCode).toBe(200);

    const stranger = await seedParties(database);
    acting = token(stranger.compliance, stranger.provider);
    expect((await call(url)).json()).toMatchObject({ status: 403, code: 'forbidden' });
    acting = undefined;
    expect((await call(url)).statusCode).toBe(401);
    acting = token(parties.compliance, parties.provider);
    expect((await call('/api/v1/applications/00000000-0000-4000-8000-000000000009/decision')).statusCode).toBe(404);
  });

  it('describes both in the OpenAPI document', async () => {
    const paths = (await call('/api/openapi.json')).json().paths as Record<string, unknown>;
    expect(Object.keys(paths)).toEqual(expect.arrayContaining(['/api/v1/certificates/{registrationNumber}', '/api/v1/applications/{id}/decision']));
  });
});
