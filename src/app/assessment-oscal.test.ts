import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../test/support/databases.js';
import { smallStandard } from '../../test/support/standards.js';
import { calendarDate, type Assessment, type DomainError, type Organisation, type OrganisationInput } from '../domain/index.js';
import { validateOscal } from '../oscal/index.js';
import { acceptApplication, draftApplication, submitApplication, uploadSsp } from './applications.js';
import { importAssessmentResults } from './assessment-import.js';
import { exportAssessmentResults, exportPoam } from './assessment-oscal.js';
import { getAssessment, nameLeadAuditor, recordControlResult, recordFinding, signOffAssessment, uploadEvidence } from './assessments.js';
import { systemContext, type CommandContext } from './audit.js';
import { authoriseBody } from './auditing-bodies.js';
import { registerOrganisation } from './organisations.js';
import type { User } from './ports.js';
import { registerService } from './services.js';
import { createUser } from './users.js';

const plan = new Uint8Array(readFileSync(new URL('../../test/fixtures/ssp/complete-ssp.json', import.meta.url)));
const text = (value: string) => new TextEncoder().encode(value);
const json = (value: unknown) => text(JSON.stringify(value));
/** A minimal PDF: its signature and one empty object. */
const PDF = text('%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n');
const TZ = 'Asia/Tokyo';

describe('assessments as OSCAL', () => {
  let database: TestDatabase;
  let office: Organisation;
  let kumo: Organisation;
  let body: Organisation;
  let officer: User;
  let kumoCompliance: User;
  let bodyAdmin: User;
  let auditor: User;
  let lead: User;
  const now = new Date('2027-01-15T03:00:00Z');
  const today = calendarDate('2027-01-15');
  const operator = systemContext('test', now);
  const settings = { timeZone: TZ, day: today };

  function as(user: User, organisation: Organisation, at: Date = now): CommandContext {
    return {
      actor: { userId: user.id, organisationId: organisation.id, role: user.roles.join(' '), label: `web:${user.email}` },
      authority: { type: 'principal', principal: { userId: user.id, organisationId: organisation.id, organisationKind: organisation.kind, roles: user.roles, via: 'session' } },
      now: at,
    };
  }
  const organisation = (n: number, kind: OrganisationInput['kind']) =>
    registerOrganisation(database.store, { kind, nameJa: `組織${n}`, nameEn: `Organisation ${n}`, registryScheme: 'other', registryId: `OSC${n}`, country: 'JP' }, operator);
  const person = async (org: Organisation, email: string, roles: string[]) =>
    (await createUser(database.store, { organisationId: org.id, email, displayName: email.split('@')[0]!, roles }, operator)).user;
  const failure = (promise: Promise<unknown>) => promise.then(() => expect.unreachable('expected a refusal'), (error: unknown) => error as DomainError);
  const audit = async (action: string) => (await database.store.audit.list({ action }, { limit: 100 })).items;

  let services = 0;
  /** A new service of Kumo's, applied for at Grade 2 of the small standard (ac-1, ac-2) and accepted: its assessment open, the lead named. */
  async function openAssessment(): Promise<Assessment> {
    services += 1;
    const service = await registerService(database.store, kumo.id, { nameJa: `くも${services}`, nameEn: `Kumo ${services}`, serviceModel: 'saas', deploymentModel: 'public', regions: ['Tokyo'] }, operator);
    const drafted = await draftApplication(
      database.store,
      kumo.id,
      { serviceId: service.id, grade: '2', standardVersion: '2026.1', scope: 'Kumo.', auditedFrom: '2026-01-01', auditedUntil: '2026-12-31', bodyId: body.id },
      as(kumoCompliance, kumo),
    );
    await uploadSsp(database.store, as(kumoCompliance, kumo), drafted.id, { fileName: 'complete-ssp.json', bytes: plan });
    await submitApplication(database.store, as(kumoCompliance, kumo), drafted.id);
    const application = await acceptApplication(database.store, as(officer, office), drafted.id, today);
    const [assessment] = await database.store.assessments.listByApplication(application.id);
    if (!assessment) throw new Error('no assessment opened');
    return nameLeadAuditor(database.store, as(bodyAdmin, body), assessment.id, lead.id, today);
  }
  /** An assessment with both controls recorded, evidence on ac-1 and a moderate finding on ac-2. */
  async function worked(): Promise<Assessment> {
    const assessment = await openAssessment();
    await recordControlResult(database.store, as(auditor, body), assessment.id, 'ac-1', { result: 'satisfied', methods: ['examine', 'interview'], narrative: 'The policy is approved.' });
    await recordControlResult(database.store, as(auditor, body), assessment.id, 'ac-2', { result: 'not-satisfied', methods: ['test'], narrative: 'Stale accounts found.' });
    await uploadEvidence(database.store, as(auditor, body), assessment.id, 'ac-1', { fileName: 'policy.pdf', bytes: PDF });
    await recordFinding(database.store, as(auditor, body), assessment.id, { controlId: 'ac-2', risk: 'moderate', title: 'Stale accounts', description: 'Three accounts of people who left.' }, calendarDate('2027-01-10'));
    return assessment;
  }
  const content = async (assessmentId: string) => {
    const view = await getAssessment(database.store, as(auditor, body), assessmentId);
    return {
      results: view.results.map(({ controlId, result, methods, narrative }) => ({ controlId, result, methods, narrative })),
      findings: view.findings.map(({ controlId, risk, title, description, recordedOn, dueOn, status }) => ({ controlId, risk, title, description, recordedOn, dueOn, status })),
      evidence: view.evidence.map(({ controlId, sha256 }) => ({ controlId, sha256 })),
    };
  };

  beforeAll(async () => {
    database = await freshDatabase('pglite');
    await database.store.standards.insert(smallStandard('2026.1'));
    office = await organisation(1, 'programme-office');
    kumo = await organisation(2, 'provider');
    body = await organisation(3, 'auditing-body');
    officer = await person(office, 'officer@office.example.jp', ['officer']);
    kumoCompliance = await person(kumo, 'compliance@kumo.example.jp', ['compliance']);
    bodyAdmin = await person(body, 'admin@body.example.jp', ['admin']);
    auditor = await person(body, 'auditor@body.example.jp', ['auditor']);
    lead = await person(body, 'lead@body.example.jp', ['lead-auditor']);
    await authoriseBody(database.store, { bodyId: body.id, number: 'AB-2026-001', validFrom: '2026-01-01', validUntil: '2028-12-31', highestGrade: 2 }, operator);
  });
  afterAll(async () => {
    await database.dispose();
  });

  describe('when an assessment is exported', () => {
    it('gives assessment-results and a POA&M valid against the OSCAL schema, naming the service, the body and the lead auditor', async () => {
      const assessment = await worked();
      const results = await exportAssessmentResults(database.store, as(auditor, body), assessment.id, { timeZone: TZ });
      const poam = await exportPoam(database.store, as(officer, office), assessment.id, { timeZone: TZ });
      for (const document of [results.document, poam.document]) {
        const validation = await validateOscal(document);
        expect(validation.issues).toEqual([]);
      }
      expect(results.fileName).toBe(`assessment-results-${assessment.id}.json`);
      expect(poam.fileName).toBe(`poam-${assessment.id}.json`);
      const metadata = results.document['assessment-results'].metadata;
      expect(metadata.parties?.map((p) => p.name)).toEqual(['Organisation 3', 'Organisation 2', 'lead']);
      const [result] = results.document['assessment-results'].results;
      expect(result?.['reviewed-controls']['control-selections'][0]?.['include-controls']).toEqual([{ 'control-id': 'ac-1' }, { 'control-id': 'ac-2' }]);
      expect(poam.document['plan-of-action-and-milestones']['poam-items'].map((item) => item.title)).toEqual(['Stale accounts']);
    });

    it('gives no POA&M while there is no finding', async () => {
      const assessment = await openAssessment();
      expect((await failure(exportPoam(database.store, as(auditor, body), assessment.id, { timeZone: TZ }))).code).toBe('not-found');
    });

    it('is refused to the provider while the assessment is open, and given once it is signed off', async () => {
      const assessment = await worked();
      expect((await failure(exportAssessmentResults(database.store, as(kumoCompliance, kumo), assessment.id, { timeZone: TZ }))).code).toBe('forbidden');
      await signOffAssessment(database.store, as(lead, body), assessment.id, today);
      const exported = await exportAssessmentResults(database.store, as(kumoCompliance, kumo), assessment.id, { timeZone: TZ });
      expect(exported.document['assessment-results'].metadata.version).toBe('final');
      expect((await exportPoam(database.store, as(kumoCompliance, kumo), assessment.id, { timeZone: TZ })).document['plan-of-action-and-milestones']['poam-items']).toHaveLength(1);
    });
  });

  describe('when assessment-results are imported', () => {
    it('records the results and findings an export of another assessment holds, and reports the evidence not uploaded here', async () => {
      const source = await worked();
      const exported = await exportAssessmentResults(database.store, as(auditor, body), source.id, { timeZone: TZ });
      const target = await openAssessment();

      const outcome = await importAssessmentResults(database.store, as(auditor, body), target.id, { fileName: 'ar.json', bytes: json(exported.document) }, settings);
      expect(outcome.results.map((r) => r.controlId)).toEqual(['ac-1', 'ac-2']);
      expect(outcome.findings.map((f) => f.title)).toEqual(['Stale accounts']);
      expect(outcome.notAssessed).toEqual([]);
      expect(outcome.evidence).toEqual([]);
      expect(outcome.unmapped.map((u) => [u.code, u.params.control])).toEqual([['evidence-not-uploaded', 'ac-1']]);

      const [before, after] = [await content(source.id), await content(target.id)];
      expect(after.results).toEqual(before.results);
      expect(after.findings).toEqual(before.findings);
      expect(after.evidence).toEqual([]);
      expect((await getAssessment(database.store, as(auditor, body), target.id)).assessment.controlsDone).toBe(2);
      expect((await audit('assessment.import-results')).map((r) => r.objectId)).toContain(target.id);
    });

    it('keeps the time each result was recorded in the file, and takes the time of the import only for one still to come', async () => {
      const source = await worked();
      const exported = (await exportAssessmentResults(database.store, as(auditor, body), source.id, { timeZone: TZ })).document;
      const recorded = new Map((await getAssessment(database.store, as(auditor, body), source.id)).results.map((r) => [r.controlId, r.recordedAt]));
      const importedAt = new Date('2027-01-20T05:00:00Z');
      const target = await openAssessment();
      const outcome = await importAssessmentResults(database.store, as(auditor, body, importedAt), target.id, { fileName: 'ar.json', bytes: json(exported) }, { timeZone: TZ, day: calendarDate('2027-01-20') });
      expect(outcome.results.map((r) => [r.controlId, r.recordedAt])).toEqual([...recorded]);
      const stored = (await getAssessment(database.store, as(auditor, body), target.id)).results;
      expect(stored.map((r) => [r.controlId, r.recordedAt, r.recordedBy])).toEqual([...recorded].map(([controlId, at]) => [controlId, at, auditor.id]));

      // A file that says it observed ac-2 after the import: recorded at the import, and said so.
      const [result] = exported['assessment-results'].results;
      const observations = result!.observations!;
      expect(observations.map((o) => o.title)).toEqual(['Assessment of ac-1', 'Assessment of ac-2']);
      const future = {
        'assessment-results': { ...exported['assessment-results'], results: [{ ...result!, observations: [observations[0]!, { ...observations[1]!, collected: '2027-03-01T00:00:00.000Z' }] }] },
      };
      const later = await openAssessment();
      const again = await importAssessmentResults(database.store, as(auditor, body, importedAt), later.id, { fileName: 'ar.json', bytes: json(future) }, { timeZone: TZ, day: calendarDate('2027-01-20') });
      expect(again.results.map((r) => [r.controlId, r.recordedAt])).toEqual([
        ['ac-1', recorded.get('ac-1')],
        ['ac-2', importedAt],
      ]);
      expect(again.unmapped.filter((u) => u.code === 'recorded-at-future').map((u) => [u.params.control, u.params.value])).toEqual([['ac-2', '2027-03-01T00:00:00.000Z']]);
    });

    it('cites a file already uploaded to the assessment, and does not record a finding twice', async () => {
      const source = await worked();
      const exported = json((await exportAssessmentResults(database.store, as(auditor, body), source.id, { timeZone: TZ })).document);
      const target = await openAssessment();
      await importAssessmentResults(database.store, as(auditor, body), target.id, { fileName: 'ar.json', bytes: exported }, settings);
      // The auditor uploads the file here (for another control), then imports again.
      await uploadEvidence(database.store, as(auditor, body), target.id, 'ac-2', { fileName: 'policy.pdf', bytes: PDF });

      const again = await importAssessmentResults(database.store, as(auditor, body), target.id, { fileName: 'ar.json', bytes: exported }, settings);
      expect(again.evidence.map((e) => e.controlId)).toEqual(['ac-1']);
      expect(again.findings).toEqual([]);
      expect(again.unmapped.map((u) => u.code)).toEqual(['finding-already-recorded']);
      const after = await content(target.id);
      expect(after.findings).toHaveLength(1);
      expect(after.evidence.map((e) => e.controlId).sort()).toEqual(['ac-1', 'ac-2']);
    });

    it('refuses a document with a control outside the grade, and leaves the assessment as it was', async () => {
      const source = await worked();
      const document = (await exportAssessmentResults(database.store, as(auditor, body), source.id, { timeZone: TZ })).document;
      const target = await openAssessment();
      await recordControlResult(database.store, as(auditor, body), target.id, 'ac-1', { result: 'not-applicable', methods: ['interview'], narrative: 'Kept by hand.' });
      const before = await content(target.id);
      // sr-4 is a control of Grade 3, not of the Grade 2 assessed here.
      const tampered = JSON.parse(JSON.stringify(document).replace('"ac-2_obj"', '"sr-4_obj"')) as unknown;

      const error = await failure(importAssessmentResults(database.store, as(auditor, body), target.id, { fileName: 'ar.json', bytes: json(tampered) }, settings));
      expect(error.code).toBe('validation');
      expect(error.issues.map((i) => [i.pointer, i.code, i.params?.control])).toEqual([['/assessmentResults', 'control-outside-grade', 'sr-4']]);
      expect(await content(target.id)).toEqual(before);
    });

    it('refuses all of a document when one result breaks a form rule', async () => {
      const source = await worked();
      const document = (await exportAssessmentResults(database.store, as(auditor, body), source.id, { timeZone: TZ })).document;
      const target = await openAssessment();
      const tampered = JSON.parse(JSON.stringify(document).replace('"Stale accounts found."', JSON.stringify('x'.repeat(8001)))) as unknown;
      const error = await failure(importAssessmentResults(database.store, as(auditor, body), target.id, { fileName: 'ar.json', bytes: json(tampered) }, settings));
      expect(error.issues.map((i) => [i.code, i.params?.control, i.params?.problem])).toEqual([['import.refused', 'ac-2', 'too-long']]);
      expect((await content(target.id)).results).toEqual([]);
    });

    it('refuses what is not JSON or not assessment-results', async () => {
      const target = await openAssessment();
      const notJson = await failure(importAssessmentResults(database.store, as(auditor, body), target.id, { fileName: 'ar.json', bytes: text('{') }, settings));
      expect(notJson.issues.map((i) => i.pointer)).toEqual(['/assessmentResults']);
      const wrong = await failure(importAssessmentResults(database.store, as(auditor, body), target.id, { fileName: 'ssp.json', bytes: plan }, settings));
      expect(wrong.issues.map((i) => i.code)).toEqual(['wrong-model']);
    });

    it('is refused to a provider, and on a signed-off assessment', async () => {
      const source = await worked();
      const bytes = json((await exportAssessmentResults(database.store, as(auditor, body), source.id, { timeZone: TZ })).document);
      const target = await openAssessment();
      expect((await failure(importAssessmentResults(database.store, as(kumoCompliance, kumo), target.id, { fileName: 'ar.json', bytes }, settings))).code).toBe('forbidden');
      expect((await content(target.id)).results).toEqual([]);
      await signOffAssessment(database.store, as(lead, body), source.id, today);
      expect((await failure(importAssessmentResults(database.store, as(auditor, body), source.id, { fileName: 'ar.json', bytes }, settings))).code).toBe('conflict');
    });
  });
});
