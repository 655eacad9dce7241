import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../test/support/databases.js';
import { registerOrganisation, systemContext } from '../app/index.js';
import type { Organisation, Principal } from '../domain/index.js';
import { buildServer } from '../main.js';

/**
 * The service navigation of every page, as each kind of person sees it: the
 * public pages for everyone, and the way into each portal only for those
 * whom the policy lets in, in the order of their work.
 */
describe('the navigation of the pages', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let acting: Principal | undefined;
  const organisations = new Map<Organisation['kind'], Organisation>();
  const person = (kind: Organisation['kind'], roles: Principal['roles']): Principal => {
    const organisation = organisations.get(kind);
    if (!organisation) throw new Error(`no ${kind} in this test`);
    return { userId: '00000000-0000-4000-8000-0000000000d1', organisationId: organisation.id, organisationKind: kind, roles, via: 'session' };
  };

  beforeAll(async () => {
    database = await freshDatabase('pglite');
    const operator = systemContext('test', new Date());
    const kinds = ['programme-office', 'provider', 'auditing-body'] as const;
    for (const [n, kind] of kinds.entries()) {
      organisations.set(kind, await registerOrganisation(database.store, { kind, nameJa: `組織${n}`, nameEn: `Organisation ${n}`, registryScheme: 'other', registryId: `NAV${n}`, country: 'JP' }, operator));
    }
    app = await buildServer({ store: database.store, timeZone: 'Asia/Tokyo', trustProxy: false });
    app.addHook('onRequest', async (request) => {
      request.principal = acting;
    });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await database.dispose();
  });

  /** The navigation's links as [href, text], in order. */
  const links = async (who: Principal | undefined, lang = 'en') => {
    acting = who;
    const page = await app.inject({ method: 'GET', url: `/standards?lang=${lang}`, headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(200);
    // The current page's item wraps its text in more markup: the text is what is left without the tags.
    return [...page.body.matchAll(/class="govuk-service-navigation__link" href="([^"]+)"[^>]*>([\s\S]*?)<\/a>/g)].map(([, href, inner]) => [href, inner!.replace(/<[^>]*>/g, '').trim()]);
  };
  const PUBLIC = [
    ['/', 'Home'],
    ['/registry', 'Certified services'],
    ['/organisations', 'Organisations'],
    ['/standards', 'Standard'],
    ['/api', 'API'],
  ];

  it('shows the public pages to a visitor, and no portal', async () => {
    expect(await links(undefined)).toEqual(PUBLIC);
  });

  it("leads a provider's compliance officer to its services, applications, findings and certifications, in that order", async () => {
    expect(await links(person('provider', ['compliance']))).toEqual([
      ...PUBLIC,
      ['/provider/services', 'Services'],
      ['/provider/applications', 'Applications'],
      ['/provider/findings', 'Findings'],
      ['/provider/certifications', 'Certifications'],
    ]);
    expect((await links(person('provider', ['compliance']), 'ja')).slice(PUBLIC.length).map(([, text]) => text)).toEqual(['サービス', '申請', '指摘事項', '認証']);
  });

  it("leads an auditing body's auditor to its assessments, conflicts of interest and auditors", async () => {
    expect((await links(person('auditing-body', ['auditor']))).slice(PUBLIC.length)).toEqual([
      ['/body/assessments', 'Assessments'],
      ['/body/conflicts', 'Conflicts of interest'],
      ['/body/auditors', 'Auditors'],
    ]);
  });

  it("leads the office's registrar to the authorisations of auditing bodies, and its officer to the queues", async () => {
    const registrar = (await links(person('programme-office', ['registrar']))).slice(PUBLIC.length);
    expect(registrar).toContainEqual(['/office/auditing-bodies', 'Auditing bodies']);
    const officer = (await links(person('programme-office', ['officer']))).slice(PUBLIC.length).map(([href]) => href);
    expect(officer).toEqual(expect.arrayContaining(['/office/applications', '/office/reviews', '/office/certifications']));
  });
});
