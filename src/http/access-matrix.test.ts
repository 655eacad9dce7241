import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../test/support/databases.js';
import { ensureDefaultStandard, listOrganisations, seedDemo } from '../app/index.js';
import { ORGANISATION_KINDS, ROLES_BY_KIND, TOKEN_SCOPES, type Action } from '../domain/index.js';
import { buildServer } from '../main.js';
import { createFileLoader } from '../oscal/index.js';
import type { Access, Principal, RouteAccess } from './access.js';

/**
 * Every registered route × anonymous and every role of every kind of
 * organisation: the access each route declares must be exactly what it
 * enforces. The routes come from the app's own registry, so a new route is
 * in the matrix as soon as it exists (and cannot exist without a declaration).
 */
interface Caller {
  readonly name: string;
  readonly principal: Principal | undefined;
}

const USER = '00000000-0000-4000-8000-000000000001';
const ORG = '00000000-0000-4000-8000-000000000002';

const people: Caller[] = ORGANISATION_KINDS.flatMap((kind) =>
  ROLES_BY_KIND[kind].map((role) => ({
    name: `${kind} ${role}`,
    principal: { userId: USER, organisationId: ORG, organisationKind: kind, roles: [role], via: 'session' as const },
  })),
);
/** Machine clients: the office's admin's token with only `read`, and one with every write scope. */
const tokens: Caller[] = [
  { name: 'token read', principal: { userId: USER, organisationId: ORG, organisationKind: 'programme-office', roles: ['admin'], via: 'token', scopes: ['read'] } },
  {
    name: 'token writes',
    principal: { userId: USER, organisationId: ORG, organisationKind: 'programme-office', roles: ['admin'], via: 'token', scopes: TOKEN_SCOPES.filter((s) => s !== 'read') },
  },
];
const callers: Caller[] = [{ name: 'anonymous', principal: undefined }, ...people, ...tokens];

/**
 * Who may attempt each action, written out here by hand rather than read from
 * the policy, so that a change to the policy must change this table too. An
 * action missing from it fails the test.
 */
const ADMINS = ORGANISATION_KINDS.map((kind) => `${kind} admin`);
const OFFICE_PEOPLE = ROLES_BY_KIND['programme-office'].map((role) => `programme-office ${role}`);
const BODY_PEOPLE = ROLES_BY_KIND['auditing-body'].map((role) => `auditing-body ${role}`);
const EXPECTED: Record<Action, { readonly people: readonly string[] | 'all'; readonly tokens: readonly string[] }> = {
  'organisation.register': { people: ['programme-office registrar', 'programme-office admin'], tokens: ['token writes'] },
  'user.read': { people: ADMINS, tokens: ['token read'] },
  'user.invite': { people: ADMINS, tokens: ['token writes'] },
  'user.change-roles': { people: ADMINS, tokens: ['token writes'] },
  'user.remove': { people: ADMINS, tokens: ['token writes'] },
  'audit.read': { people: OFFICE_PEOPLE, tokens: ['token read'] },
  'token.manage': { people: 'all', tokens: [] },
  'token.introspect': { people: 'all', tokens: ['token read'] },
  'service.read': {
    people: [...ROLES_BY_KIND.provider.map((role) => `provider ${role}`), ...ROLES_BY_KIND['programme-office'].map((role) => `programme-office ${role}`)],
    tokens: ['token read'],
  },
  // The matrix's tokens are the office admin's, whose role may not keep a provider's services whatever the scopes.
  'service.register': { people: ['provider compliance', 'provider admin'], tokens: [] },
  'service.update': { people: ['provider compliance', 'provider admin'], tokens: [] },
  'body.oversee': { people: OFFICE_PEOPLE, tokens: ['token read'] },
  // The tokens here are the office admin's: the registrar's role, not the scope, is what they lack.
  'body.authorise': { people: ['programme-office registrar'], tokens: [] },
  'body.declare-conflict': { people: ['auditing-body admin'], tokens: [] },
  'body.read-conflicts': { people: [...OFFICE_PEOPLE, ...BODY_PEOPLE], tokens: ['token read'] },
  'body.read-auditors': { people: [...OFFICE_PEOPLE, ...BODY_PEOPLE], tokens: ['token read'] },
  'application.read': { people: [...ROLES_BY_KIND.provider.map((role) => `provider ${role}`), ...OFFICE_PEOPLE], tokens: ['token read'] },
  // The matrix's tokens are the office admin's: neither a provider's keeper nor an officer, whatever the scopes.
  'application.draft': { people: ['provider compliance', 'provider admin'], tokens: [] },
  'application.check': { people: ['programme-office officer'], tokens: [] },
  'assessment.read': { people: [...OFFICE_PEOPLE, ...BODY_PEOPLE, ...ROLES_BY_KIND.provider.map((role) => `provider ${role}`)], tokens: ['token read'] },
  // Write actions of a body's people: the office admin's tokens do not hold the role, whatever their scopes.
  'assessment.name-lead': { people: ['auditing-body admin', 'auditing-body lead-auditor'], tokens: [] },
  'assessment.record': { people: ['auditing-body auditor', 'auditing-body lead-auditor'], tokens: [] },
  'assessment.sign-off': { people: ['auditing-body lead-auditor'], tokens: [] },
  'finding.read': { people: [...ROLES_BY_KIND.provider.map((role) => `provider ${role}`), ...OFFICE_PEOPLE], tokens: ['token read'] },
  'finding.respond': { people: ['provider compliance', 'provider admin'], tokens: [] },
  'decision.oversee': { people: OFFICE_PEOPLE, tokens: ['token read'] },
  // No token may be given these write actions yet (TOKEN_SCOPES), and the matrix's tokens are the office admin's besides.
  'decision.review': { people: ['programme-office officer'], tokens: [] },
  'decision.approve': { people: ['programme-office approver'], tokens: [] },
  'certification.read': { people: [...ROLES_BY_KIND.provider.map((role) => `provider ${role}`), ...OFFICE_PEOPLE], tokens: ['token read'] },
  'certification.oversee': { people: OFFICE_PEOPLE, tokens: ['token read'] },
  // A manual suspension is the officers' as well as the approvers'; what restores or ends a certification is the approvers' alone.
  'certification.suspend': { people: ['programme-office officer', 'programme-office approver'], tokens: [] },
  'certification.decide': { people: ['programme-office approver'], tokens: [] },
  'certification.maintain': { people: ['provider compliance', 'provider admin'], tokens: [] },
  // Only the operator runs the time-driven changes: no route, no person, no token.
  'certification.run-due-changes': { people: [], tokens: [] },
  'service.clear-review-flag': { people: ['provider compliance', 'provider admin', 'programme-office officer', 'programme-office approver'], tokens: [] },
};

function expected(access: Access, caller: Caller): 'allowed' | 'unauthenticated' | 'forbidden' {
  if (access === 'public') return 'allowed';
  if (!caller.principal) return 'unauthenticated';
  const isToken = caller.principal.via === 'token';
  if (access === 'signed-in') return isToken ? 'forbidden' : 'allowed';
  const row = EXPECTED[access.action];
  if (!row) throw new Error(`no row for ${access.action} in the expected table`);
  const ok = isToken ? row.tokens.includes(caller.name) : row.people === 'all' || row.people.includes(caller.name);
  return ok ? 'allowed' : 'forbidden';
}

describe('the access matrix', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let samples: Record<string, string>;
  let acting: Principal | undefined;

  beforeAll(async () => {
    database = await freshDatabase('pglite');
    await ensureDefaultStandard({ store: database.store, load: createFileLoader(), now: () => new Date() });
    await seedDemo(database.store);
    const [org] = (await listOrganisations(database.store, { limit: 1 })).items;
    // No one has this id: a route allowed to act on it answers 404, which the matrix counts as let through.
    samples = { id: org!.id, userId: '00000000-0000-4000-8000-000000000003', conflictId: '00000000-0000-4000-8000-000000000004', applicationId: '00000000-0000-4000-8000-000000000005', flagId: '00000000-0000-4000-8000-000000000006', version: '2026.1', grade: '1', code: 'not-found', '*': 'shinrai.css' };
    app = await buildServer({ store: database.store, timeZone: 'Asia/Tokyo', trustProxy: false });
    // Test-only: act as the caller of the row being checked (sessions and tokens have their own tests).
    // The caller belongs to the organisation the URL names, so what answers is
    // the route's check; the use case's check of whose records they are has
    // its own tests (src/app/organisation-users.test.ts).
    app.addHook('onRequest', async (request) => {
      request.principal = acting && { ...acting, organisationId: samples.id! };
    });
    await app.ready();
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await database.dispose();
  });

  it('has a declaration for every route, and exercises them all', () => {
    expect(app.routeAccess.length).toBeGreaterThan(20);
    for (const route of app.routeAccess) expect(route.access, `${route.method} ${route.url}`).toBeDefined();
  });

  it('allows and refuses each caller exactly as each route declares', async () => {
    const mismatches: string[] = [];
    for (const route of app.routeAccess as RouteAccess[]) {
      const url = route.url.replace(/:(\w+)|\*/g, (m, name: string | undefined) => samples[name ?? '*'] ?? m);
      for (const caller of callers) {
        acting = caller.principal;
        const res = await app.inject({ method: route.method as 'GET', url, headers: { accept: 'application/json' } });
        const code = res.statusCode === 401 || res.statusCode === 403 ? (res.json() as { code?: string }).code : undefined;
        const actual = code === 'unauthenticated' || code === 'forbidden' ? code : 'allowed';
        const want = expected(route.access, caller);
        if (actual !== want) mismatches.push(`${route.method} ${route.url} as ${caller.name}: ${actual}, expected ${want}`);
      }
    }
    acting = undefined;
    expect(mismatches).toEqual([]);
  }, 120_000);
});
