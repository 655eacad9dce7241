import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../test/support/databases.js';
import { smallStandard } from '../../test/support/standards.js';
import {
  assessmentReport,
  calendarDate,
  EVIDENCE_MAX_BYTES,
  type Application,
  type Assessment,
  type CloudService,
  type DomainError,
  type Organisation,
  type OrganisationInput,
} from '../domain/index.js';
import { canonicalJson } from '../oscal/index.js';
import { acceptApplication, draftApplication, getApplication, submitApplication, uploadSsp } from './applications.js';
import {
  downloadEvidence,
  getAssessment,
  leadAuditorChoices,
  listBodyAssessments,
  nameLeadAuditor,
  recordControlResult,
  recordControlResults,
  recordFinding,
  signOffAssessment,
  signOffState,
  uploadEvidence,
} from './assessments.js';
import { systemContext, type CommandContext } from './audit.js';
import { authoriseBody } from './auditing-bodies.js';
import { getFinding, listProviderFindings, respondToFinding } from './findings.js';
import { registerOrganisation } from './organisations.js';
import type { User } from './ports.js';
import { registerService } from './services.js';
import { createUser } from './users.js';

const plan = new Uint8Array(readFileSync(new URL('../../test/fixtures/ssp/complete-ssp.json', import.meta.url)));
const text = (value: string) => new TextEncoder().encode(value);
/** A minimal PDF: its signature and one empty object. */
const PDF = text('%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n');

describe('assessments', () => {
  let database: TestDatabase;
  let office: Organisation;
  let kumo: Organisation;
  let sora: Organisation;
  let body: Organisation;
  let otherBody: Organisation;
  let officer: User;
  let kumoCompliance: User;
  let soraAdmin: User;
  let bodyAdmin: User;
  let auditor: User;
  let lead: User;
  let secondLead: User;
  let otherAuditor: User;
  let otherLead: User;
  let mail: CloudService;
  const now = new Date('2027-01-15T03:00:00Z');
  const today = calendarDate('2027-01-15');
  const operator = systemContext('test', now);

  function as(user: User, organisation: Organisation, at: Date = now): CommandContext {
    return {
      actor: { userId: user.id, organisationId: organisation.id, role: user.roles.join(' '), label: `web:${user.email}` },
      authority: { type: 'principal', principal: { userId: user.id, organisationId: organisation.id, organisationKind: organisation.kind, roles: user.roles, via: 'session' } },
      now: at,
    };
  }
  const organisation = (n: number, kind: OrganisationInput['kind']) =>
    registerOrganisation(database.store, { kind, nameJa: `組織${n}`, nameEn: `Organisation ${n}`, registryScheme: 'other', registryId: `ASM${n}`, country: 'JP' }, operator);
  const person = async (org: Organisation, email: string, roles: string[]) =>
    (await createUser(database.store, { organisationId: org.id, email, displayName: email.split('@')[0]!, roles }, operator)).user;
  const failure = (promise: Promise<unknown>) => promise.then(() => expect.unreachable('expected a refusal'), (error: unknown) => error as DomainError);
  const audit = async (action: string) => (await database.store.audit.list({ action }, { limit: 100 })).items;

  let services = 0;
  /** A service of Kumo's of its own, so that who led its assessments is the test's alone (the rotation rule counts them per service). */
  const newService = () => {
    services += 1;
    return registerService(database.store, kumo.id, { nameJa: `くもメール${services}`, nameEn: `Kumo Mail ${services}`, serviceModel: 'saas', deploymentModel: 'public', regions: ['Tokyo'] }, operator);
  };
  /** An application of Kumo's, accepted into assessment: its initial assessment open. */
  async function inAssessment(given?: CloudService, acceptedAt: Date = now): Promise<{ application: Application; assessment: Assessment }> {
    const service = given ?? (await newService());
    const drafted = await draftApplication(
      database.store,
      kumo.id,
      { serviceId: service.id, grade: '2', standardVersion: '2026.1', scope: 'Kumo Mail.', auditedFrom: '2026-01-01', auditedUntil: '2026-12-31', bodyId: body.id },
      as(kumoCompliance, kumo),
    );
    await uploadSsp(database.store, as(kumoCompliance, kumo), drafted.id, { fileName: 'complete-ssp.json', bytes: plan });
    await submitApplication(database.store, as(kumoCompliance, kumo), drafted.id);
    const application = await acceptApplication(database.store, as(officer, office, acceptedAt), drafted.id, today);
    const [assessment] = await database.store.assessments.listByApplication(application.id);
    if (!assessment) throw new Error('no assessment opened');
    return { application, assessment };
  }
  /** Every control of the small grade recorded, with `leader` named. */
  async function recorded(leader: User = lead, service?: CloudService, acceptedAt: Date = now) {
    const opened = await inAssessment(service, acceptedAt);
    await nameLeadAuditor(database.store, as(bodyAdmin, body), opened.assessment.id, leader.id, today);
    for (const controlId of ['ac-1', 'ac-2']) {
      await recordControlResult(database.store, as(auditor, body), opened.assessment.id, controlId, { result: 'satisfied', methods: ['examine'], narrative: `Checked ${controlId}.` });
    }
    return opened;
  }

  beforeAll(async () => {
    database = await freshDatabase('pglite');
    await database.store.standards.insert(smallStandard('2026.1'));
    office = await organisation(1, 'programme-office');
    kumo = await organisation(2, 'provider');
    sora = await organisation(3, 'provider');
    body = await organisation(4, 'auditing-body');
    otherBody = await organisation(5, 'auditing-body');
    officer = await person(office, 'officer@office.example.jp', ['officer']);
    kumoCompliance = await person(kumo, 'compliance@kumo.example.jp', ['compliance']);
    soraAdmin = await person(sora, 'admin@sora.example.jp', ['admin']);
    bodyAdmin = await person(body, 'admin@body.example.jp', ['admin']);
    auditor = await person(body, 'auditor@body.example.jp', ['auditor']);
    lead = await person(body, 'lead@body.example.jp', ['lead-auditor']);
    secondLead = await person(body, 'lead2@body.example.jp', ['lead-auditor', 'auditor']);
    otherAuditor = await person(otherBody, 'auditor@other.example.jp', ['auditor']);
    otherLead = await person(otherBody, 'lead@other.example.jp', ['lead-auditor']);
    mail = await registerService(database.store, kumo.id, { nameJa: 'くもメール', nameEn: 'Kumo Mail', serviceModel: 'saas', deploymentModel: 'public', regions: ['Tokyo'] }, operator);
    for (const [authorised, number] of [[body, 'AB-2026-001'], [otherBody, 'AB-2026-002']] as const) {
      await authoriseBody(database.store, { bodyId: authorised.id, number, validFrom: '2026-01-01', validUntil: '2028-12-31', highestGrade: 2 }, operator);
    }
  });
  afterAll(async () => {
    await database.dispose();
  });

  describe('when the office accepts an application', () => {
    it('opens its initial assessment in the same transaction, for the engaged body over the audited period', async () => {
      const { application, assessment } = await inAssessment();
      expect(application.case.state).toBe('in-assessment');
      expect(assessment).toMatchObject({ kind: 'initial', bodyId: body.id, period: { start: '2026-01-01', end: '2026-12-31' }, controlsTotal: 2, controlsDone: 0, state: 'open', leadAuditorId: null });
      expect((await audit('assessment.open')).map((r) => r.objectId)).toContain(assessment.id);
    });

    it('opens none when the acceptance is refused', async () => {
      const drafted = await draftApplication(
        database.store,
        kumo.id,
        { serviceId: mail.id, grade: '2', standardVersion: '2026.1', scope: 'Kumo Mail.', auditedFrom: '2026-01-01', auditedUntil: '2026-12-31', bodyId: body.id },
        as(kumoCompliance, kumo),
      );
      await uploadSsp(database.store, as(kumoCompliance, kumo), drafted.id, { fileName: 'complete-ssp.json', bytes: plan });
      await submitApplication(database.store, as(kumoCompliance, kumo), drafted.id);
      await failure(acceptApplication(database.store, as(officer, office), drafted.id, calendarDate('2030-01-01')));
      expect(await database.store.assessments.listByApplication(drafted.id)).toEqual([]);
    });
  });

  describe('when the engaged body works through an assessment', () => {
    it('names the lead, records every control with evidence and a finding, and the lead signs off: the case is assessed', async () => {
      const { application, assessment } = await inAssessment();
      expect((await leadAuditorChoices(database.store, as(bodyAdmin, body), assessment.id)).map((u) => u.email)).toEqual(['lead2@body.example.jp', 'lead@body.example.jp']);
      const named = await nameLeadAuditor(database.store, as(bodyAdmin, body), assessment.id, lead.id, today);
      expect(named.leadAuditorId).toBe(lead.id);

      await recordControlResult(database.store, as(auditor, body), assessment.id, 'ac-1', { result: 'satisfied', methods: ['examine', 'interview'], narrative: 'The policy is approved.' });
      const replaced = await recordControlResult(database.store, as(auditor, body), assessment.id, 'AC-1', { result: 'satisfied', methods: ['test'], narrative: 'Tested it.' });
      expect(replaced).toMatchObject({ controlId: 'ac-1', methods: ['test'], recordedBy: auditor.id });
      expect((await getAssessment(database.store, as(auditor, body), assessment.id)).progress).toMatchObject({ done: 1, total: 2 });

      const evidence = await uploadEvidence(database.store, as(auditor, body), assessment.id, 'ac-1', { fileName: 'policy.pdf', bytes: PDF });
      expect(evidence).toMatchObject({ fileName: 'policy.pdf', mediaType: 'application/pdf', size: PDF.byteLength, sha256: createHash('sha256').update(PDF).digest('hex') });
      const finding = await recordFinding(database.store, as(auditor, body), assessment.id, { controlId: 'ac-2', risk: 'moderate', title: 'Stale accounts', description: 'Three accounts of people who left.' }, today);
      expect(finding).toMatchObject({ risk: 'moderate', recordedOn: '2027-01-15', dueOn: '2027-04-15', status: 'open' });
      await recordControlResult(database.store, as(lead, body), assessment.id, 'ac-2', { result: 'not-satisfied', methods: ['examine'], narrative: 'Stale accounts found.' });

      const state = await signOffState(database.store, as(lead, body), assessment.id, today);
      expect([state.blockers, state.view.progress.done]).toEqual([[], 2]);
      const signed = await signOffAssessment(database.store, as(lead, body), assessment.id, today);
      expect(signed).toMatchObject({ state: 'signed-off', signedOffBy: lead.id, signedOffAt: now });

      // The digest is that of the report the stored results, findings and evidence make.
      const { store } = database;
      const report = assessmentReport({
        assessment: signed,
        application,
        results: await store.assessments.listResults(assessment.id),
        findings: await store.assessments.listFindings(assessment.id),
        evidence: await store.assessments.listEvidence(assessment.id),
        signedOffBy: lead.id,
        signedOffAt: now,
      });
      expect(signed.reportSha256).toBe(createHash('sha256').update(canonicalJson(report)).digest('hex'));
      expect(JSON.stringify(report)).toContain(evidence.sha256);

      const after = (await getApplication(store, operator, application.id)).application;
      expect(after.case).toMatchObject({ state: 'assessed', auditedPeriod: { start: '2026-01-01', end: '2026-12-31' } });
      expect((await store.applications.listEvents(application.id)).map((e) => [e.command, e.to, e.actorRole]).at(-1)).toEqual(['sign-off', 'assessed', 'auditing-body']);
      for (const action of ['assessment.name-lead', 'assessment.record-result', 'assessment.upload-evidence', 'finding.record', 'assessment.sign-off', 'application.sign-off']) {
        expect((await audit(action)).filter((r) => r.outcome === 'done').length, action).toBeGreaterThan(0);
      }

      // Signed off, it takes no more work.
      const late = await failure(recordControlResult(database.store, as(auditor, body), assessment.id, 'ac-1', { result: 'satisfied', methods: ['test'], narrative: 'Again.' }));
      expect([late.code, late.issues[0]?.code]).toEqual(['conflict', 'sign-off.not-open']);
    });

    it('keeps the same evidence bytes once, cited by each control they were uploaded for', async () => {
      const { assessment } = await recorded();
      const bytes = text('id,name\n1,Yamada\n');
      const first = await uploadEvidence(database.store, as(auditor, body), assessment.id, 'ac-1', { fileName: 'accounts.csv', bytes });
      const second = await uploadEvidence(database.store, as(auditor, body), assessment.id, 'ac-2', { fileName: 'accounts-again.csv', bytes });
      expect([first.reused, second.reused, second.sha256]).toEqual([false, true, first.sha256]);
      expect(await database.handle.db.selectFrom('evidence_file').select('sha256').where('sha256', '=', first.sha256).execute()).toHaveLength(1);
      expect((await getAssessment(database.store, as(auditor, body), assessment.id)).evidence.map((e) => [e.controlId, e.fileName])).toEqual([
        ['ac-1', 'accounts.csv'],
        ['ac-2', 'accounts-again.csv'],
      ]);
      const download = await downloadEvidence(database.store, as(officer, office), assessment.id, first.sha256);
      expect([download.fileName, download.mediaType, Buffer.from(download.content).toString()]).toEqual(['accounts.csv', 'text/csv; charset=utf-8', 'id,name\n1,Yamada\n']);
    });

    it('refuses evidence too large or of the wrong type, and keeps nothing', async () => {
      const { assessment } = await recorded();
      const cases: [string, Uint8Array, string][] = [
        ['big.txt', new Uint8Array(EVIDENCE_MAX_BYTES + 1).fill(0x61), 'file-too-large'],
        ['tool.exe', text('MZ'), 'evidence-type'],
        ['screen.png', PDF, 'evidence-content'],
      ];
      for (const [fileName, bytes, code] of cases) {
        const error = await failure(uploadEvidence(database.store, as(auditor, body), assessment.id, 'ac-1', { fileName, bytes }));
        expect([error.code, error.issues.map((i) => [i.pointer, i.code])], fileName).toEqual(['validation', [['/evidence', code]]]);
      }
      expect((await getAssessment(database.store, as(auditor, body), assessment.id)).evidence).toEqual([]);
    });

    it('refuses work before a lead auditor is named, and controls outside the grade', async () => {
      const { assessment } = await inAssessment();
      const early = await failure(recordControlResult(database.store, as(auditor, body), assessment.id, 'ac-1', { result: 'satisfied', methods: ['test'], narrative: 'Too early.' }));
      expect([early.code, early.issues[0]?.code]).toEqual(['conflict', 'sign-off.no-lead-auditor']);
      await nameLeadAuditor(database.store, as(lead, body), assessment.id, lead.id, today);
      const outside = await failure(recordControlResult(database.store, as(auditor, body), assessment.id, 'sr-4', { result: 'satisfied', methods: ['test'], narrative: 'Grade 3 only.' }));
      expect(outside.issues).toEqual([{ pointer: '/controlId', code: 'not-in-grade', params: { value: 'sr-4' } }]);
      const finding = await failure(recordFinding(database.store, as(auditor, body), assessment.id, { controlId: 'sr-4', risk: 'low', title: 'x', description: 'y' }, today));
      expect(finding.issues.map((i) => i.code)).toEqual(['not-in-grade']);
    });
  });

  describe('when an auditor records a worksheet of results at once', () => {
    it('keeps them all with one audit record, or none when one is not valid, given twice, or outside the grade, and only for the engaged body', async () => {
      const { assessment } = await inAssessment();
      await nameLeadAuditor(database.store, as(bodyAdmin, body), assessment.id, lead.id, today);
      const entry = (controlId: string, narrative = `Checked ${controlId}.`) => ({ controlId, input: { result: 'satisfied', methods: ['examine'], narrative } });
      const invalid = await failure(recordControlResults(database.store, as(auditor, body), assessment.id, [entry('ac-1'), { controlId: 'ac-2', input: { result: 'fine', methods: ['examine'], narrative: 'x' } }]));
      expect([invalid.code, invalid.issues.map((i) => i.pointer)]).toEqual(['validation', ['/results/1/result']]);
      const twice = await failure(recordControlResults(database.store, as(auditor, body), assessment.id, [entry('ac-1'), entry('AC-1')]));
      expect([twice.code, twice.issues]).toEqual(['validation', [{ pointer: '/results/1/controlId', code: 'duplicate', params: { value: 'ac-1' } }]]);
      const outside = await failure(recordControlResults(database.store, as(auditor, body), assessment.id, [entry('sr-4')]));
      expect(outside.issues.map((i) => [i.pointer, i.code])).toEqual([['/results/0/controlId', 'not-in-grade']]);
      expect((await failure(recordControlResults(database.store, as(otherAuditor, otherBody), assessment.id, [entry('ac-1')]))).code).toBe('forbidden');
      expect((await getAssessment(database.store, as(auditor, body), assessment.id)).progress.done).toBe(0);

      const kept = await recordControlResults(database.store, as(auditor, body), assessment.id, [entry('ac-2'), entry('ac-1')]);
      expect(kept.map((r) => [r.controlId, r.recordedBy])).toEqual([['ac-1', auditor.id], ['ac-2', auditor.id]]);
      const again = await recordControlResults(database.store, as(lead, body), assessment.id, [entry('ac-1', 'Tested again.')]);
      expect(again).toMatchObject([{ controlId: 'ac-1', narrative: 'Tested again.', recordedBy: lead.id }]);
      expect((await getAssessment(database.store, as(auditor, body), assessment.id)).progress).toMatchObject({ done: 2, total: 2 });
      expect((await audit('assessment.record-results')).filter((r) => r.objectId === assessment.id && r.outcome === 'done')).toHaveLength(2);
    });
  });

  describe('refuses', () => {
    it('a person of another body, and an auditor of a body that is not engaged, whatever they try', async () => {
      const { assessment } = await inAssessment();
      const notALead = await failure(nameLeadAuditor(database.store, as(bodyAdmin, body), assessment.id, otherLead.id, today));
      expect([notALead.code, notALead.issues]).toEqual(['validation', [{ pointer: '/leadAuditorId', code: 'not-a-lead-auditor' }]]);
      expect((await failure(nameLeadAuditor(database.store, as(bodyAdmin, body), assessment.id, auditor.id, today))).issues[0]?.code).toBe('not-a-lead-auditor');
      await nameLeadAuditor(database.store, as(bodyAdmin, body), assessment.id, lead.id, today);

      const attempts = [
        recordControlResult(database.store, as(otherAuditor, otherBody), assessment.id, 'ac-1', { result: 'satisfied', methods: ['test'], narrative: 'Not mine.' }),
        uploadEvidence(database.store, as(otherAuditor, otherBody), assessment.id, 'ac-1', { fileName: 'x.pdf', bytes: PDF }),
        recordFinding(database.store, as(otherAuditor, otherBody), assessment.id, { controlId: 'ac-1', risk: 'low', title: 'x', description: 'y' }, today),
        nameLeadAuditor(database.store, as(otherLead, otherBody), assessment.id, otherLead.id, today),
        signOffAssessment(database.store, as(otherLead, otherBody), assessment.id, today),
        getAssessment(database.store, as(otherLead, otherBody), assessment.id),
        listBodyAssessments(database.store, as(otherAuditor, otherBody), body.id, {}),
        // The office reads, but does not record.
        recordControlResult(database.store, as(officer, office), assessment.id, 'ac-1', { result: 'satisfied', methods: ['test'], narrative: 'Not the office’s.' }),
        // An auditor records, but does not name the lead.
        nameLeadAuditor(database.store, as(auditor, body), assessment.id, lead.id, today),
      ];
      for (const attempt of attempts) expect((await failure(attempt)).code).toBe('forbidden');
      expect((await audit('assessment.record')).filter((r) => r.outcome === 'refused').map((r) => r.actor.userId)).toContain(otherAuditor.id);
      expect((await getAssessment(database.store, as(officer, office), assessment.id)).progress.done).toBe(0);
      expect((await listBodyAssessments(database.store, as(otherAuditor, otherBody), otherBody.id, {})).items).toEqual([]);
    });

    it('the provider an open assessment, and lets it read its own once signed off', async () => {
      const { assessment } = await recorded();
      const read = await failure(getAssessment(database.store, as(kumoCompliance, kumo), assessment.id));
      expect(read.code).toBe('forbidden');
      await signOffAssessment(database.store, as(lead, body), assessment.id, today);
      expect((await getAssessment(database.store, as(kumoCompliance, kumo), assessment.id)).assessment.state).toBe('signed-off');
      expect((await failure(getAssessment(database.store, as(soraAdmin, sora), assessment.id))).code).toBe('forbidden');
    });

    it('a sign-off with controls missing, listing what blocks it, and leaves the case as it was', async () => {
      const { application, assessment } = await inAssessment();
      await nameLeadAuditor(database.store, as(lead, body), assessment.id, lead.id, today);
      await recordControlResult(database.store, as(auditor, body), assessment.id, 'ac-1', { result: 'satisfied', methods: ['test'], narrative: 'Done.' });
      expect((await signOffState(database.store, as(lead, body), assessment.id, today)).blockers).toEqual([{ code: 'controls-missing', count: 1 }]);
      const error = await failure(signOffAssessment(database.store, as(lead, body), assessment.id, today));
      expect([error.code, error.issues]).toEqual(['conflict', [{ pointer: '/assessment', code: 'sign-off.controls-missing', params: { count: 1 } }]]);
      const lapsed = await failure(signOffAssessment(database.store, as(lead, body), assessment.id, calendarDate('2029-01-01')));
      expect(lapsed.issues.map((i) => i.code)).toEqual(['sign-off.controls-missing', 'engagement.no-authorisation']);
      expect((await getApplication(database.store, operator, application.id)).application.case.state).toBe('in-assessment');
      expect((await database.store.assessments.findById(assessment.id))?.state).toBe('open');
    });

    it('a sign-off by anyone but the lead auditor named', async () => {
      const { assessment } = await recorded(lead);
      expect((await failure(signOffAssessment(database.store, as(secondLead, body), assessment.id, today))).code).toBe('forbidden');
      expect((await failure(signOffAssessment(database.store, as(auditor, body), assessment.id, today))).code).toBe('forbidden');
      expect((await audit('assessment.sign-off')).filter((r) => r.outcome === 'refused').map((r) => r.actor.userId)).toEqual(expect.arrayContaining([secondLead.id, auditor.id]));
      expect((await database.store.assessments.findById(assessment.id))?.state).toBe('open');
    });

    it('a lead auditor a fourth time in a row on one service', async () => {
      const archive = await newService();
      for (let n = 0; n < 3; n += 1) {
        const { assessment } = await recorded(secondLead, archive);
        await signOffAssessment(database.store, as(secondLead, body), assessment.id, today);
      }
      const { assessment } = await inAssessment(archive);
      const error = await failure(nameLeadAuditor(database.store, as(bodyAdmin, body), assessment.id, secondLead.id, today));
      expect([error.code, error.issues]).toEqual(['conflict', [{ pointer: '/leadAuditorId', code: 'engagement.lead-auditor-rotation' }]]);
      expect((await database.store.assessments.findById(assessment.id))?.leadAuditorId).toBeNull();
      // Another lead auditor may lead it; on another service, the same person still may.
      expect((await nameLeadAuditor(database.store, as(bodyAdmin, body), assessment.id, lead.id, today)).leadAuditorId).toBe(lead.id);
      const elsewhere = await inAssessment();
      expect((await nameLeadAuditor(database.store, as(bodyAdmin, body), elsewhere.assessment.id, secondLead.id, today)).leadAuditorId).toBe(secondLead.id);
    });
  });

  describe('findings, as the provider meets them', () => {
    it('appear once signed off, to the provider only, who answers them', async () => {
      const { assessment } = await recorded();
      const finding = await recordFinding(database.store, as(auditor, body), assessment.id, { controlId: 'ac-1', risk: 'high', title: 'No review', description: 'The policy was never reviewed.' }, today);
      const listed = async () => (await listProviderFindings(database.store, as(kumoCompliance, kumo), kumo.id, {})).items.map((item) => item.finding.id);
      expect(await listed()).not.toContain(finding.id);
      expect((await failure(getFinding(database.store, as(kumoCompliance, kumo), finding.id))).code).toBe('not-found');
      await signOffAssessment(database.store, as(lead, body), assessment.id, today);

      expect(await listed()).toContain(finding.id);
      const item = (await listProviderFindings(database.store, as(kumoCompliance, kumo), kumo.id, {})).items.find((i) => i.finding.id === finding.id);
      expect(item).toMatchObject({ service: { nameEn: `Kumo Mail ${services}` }, finding: { dueOn: '2027-02-14', risk: 'high' } });

      // Another provider neither lists, reads nor answers them.
      expect((await failure(listProviderFindings(database.store, as(soraAdmin, sora), kumo.id, {}))).code).toBe('forbidden');
      expect((await failure(getFinding(database.store, as(soraAdmin, sora), finding.id))).code).toBe('forbidden');
      expect((await failure(respondToFinding(database.store, as(soraAdmin, sora), finding.id, 'Not ours.'))).code).toBe('forbidden');
      expect((await listProviderFindings(database.store, as(soraAdmin, sora), sora.id, {})).items).toEqual([]);
      // Nor does the body, whose people read the assessment instead.
      expect((await failure(respondToFinding(database.store, as(auditor, body), finding.id, 'Not the body’s.'))).code).toBe('forbidden');

      expect((await failure(respondToFinding(database.store, as(kumoCompliance, kumo), finding.id, '  '))).issues).toEqual([{ pointer: '/response', code: 'required' }]);
      const answered = await respondToFinding(database.store, as(kumoCompliance, kumo), finding.id, 'Reviewed and approved on 1 February.');
      expect(answered.providerResponse).toBe('Reviewed and approved on 1 February.');
      expect((await getFinding(database.store, as(officer, office), finding.id)).finding.providerResponse).toBe('Reviewed and approved on 1 February.');
      expect((await audit('finding.respond')).map((r) => [r.objectId, r.actor.userId])).toContainEqual([finding.id, kumoCompliance.id]);
    });

    it('give the provider the evidence of its own signed-off assessments, and no one else’s', async () => {
      const { assessment } = await recorded();
      const { sha256 } = await uploadEvidence(database.store, as(auditor, body), assessment.id, 'ac-2', { fileName: 'notes.txt', bytes: text('Seen.\n') });
      expect((await failure(downloadEvidence(database.store, as(kumoCompliance, kumo), assessment.id, sha256))).code).toBe('forbidden');
      await signOffAssessment(database.store, as(lead, body), assessment.id, today);
      expect((await downloadEvidence(database.store, as(kumoCompliance, kumo), assessment.id, sha256)).fileName).toBe('notes.txt');
      expect((await failure(downloadEvidence(database.store, as(soraAdmin, sora), assessment.id, sha256))).code).toBe('forbidden');
      expect((await failure(downloadEvidence(database.store, as(auditor, body), assessment.id, 'f'.repeat(64)))).code).toBe('not-found');
    });
  });

  it('are listed to their body, newest first, with their service and progress', async () => {
    // Accepted a day after the others: the newest.
    const { assessment } = await recorded(lead, undefined, new Date('2027-01-16T03:00:00Z'));
    const page = await listBodyAssessments(database.store, as(auditor, body), body.id, { limit: 2 });
    expect(page.items[0]).toMatchObject({ assessment: { id: assessment.id, controlsDone: 2, controlsTotal: 2 }, service: { nameEn: `Kumo Mail ${services}` } });
    expect(page.nextCursor).not.toBeNull();
    const next = await listBodyAssessments(database.store, as(auditor, body), body.id, { limit: 2, cursor: page.nextCursor ?? undefined });
    expect(next.items.map((item) => item.assessment.id)).not.toContain(assessment.id);
    expect((await failure(listBodyAssessments(database.store, as(kumoCompliance, kumo), kumo.id, {}))).code).toBe('not-found');
  });
});
