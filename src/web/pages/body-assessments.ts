import multipart from '@fastify/multipart';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type nunjucks from 'nunjucks';
import {
  ASSESSMENT_RESULTS_MAX_BYTES,
  getAssessment,
  importAssessmentResults,
  leadAuditorChoices,
  listBodyAssessments,
  nameLeadAuditor,
  signOffAssessment,
  signOffState,
  type AssessmentView,
  type BodyAssessments,
  type Store,
} from '../../app/index.js';
import { blockerIssue, calendarDateAt, CONTROL_STATUSES, decide, DomainError, isDomainError, type ControlStatus } from '../../domain/index.js';
import { describeIssue, translator, type Locale } from '../../i18n/index.js';
import { assessmentHref, assessmentStateTag, assessmentSummary, controlHref, controlLabel, oscalDownloads, statusTag } from '../assessments.js';
import { issueErrors, type FieldError } from '../field-errors.js';
import { renderPage } from '../render.js';
import { familyName } from './standards-view.js';
import { fieldMessages, serviceName } from '../services.js';
import { webContext } from '../session.js';
import { oneFileUploads, uploadedFile } from '../uploads.js';

type AssessmentRequest = FastifyRequest<{ Params: { id: string }; Querystring: { status?: unknown; family?: unknown; page?: unknown; cursor?: unknown; done?: unknown } }>;

const LIST_SIZE = 20;
/** Controls a page of the workspace shows: Grade 3 of the default standard has 391. */
const WORKSPACE_SIZE = 50;
const DONE = ['lead', 'signed-off'] as const;

/**
 * An auditing body's portal of assessments (issue 5, "Portals"): its list,
 * the control-by-control workspace with progress and filters, the form that
 * names the lead auditor, and the sign-off page that says what still blocks
 * it. The office reads the same pages, without their forms. The workspace
 * also hands the assessment over as OSCAL (assessment-results, POA&M) and
 * takes results in from an OSCAL assessment-results file.
 */
export const bodyAssessmentPages: FastifyPluginAsync<{ env: nunjucks.Environment; store: Store; timeZone: string }> = async (app, { env, store, timeZone }) => {
  const reading = { schema: { hide: true }, config: { access: { action: 'assessment.read' as const } } };
  const naming = { schema: { hide: true }, config: { access: { action: 'assessment.name-lead' as const } } };
  const signing = { schema: { hide: true }, config: { access: { action: 'assessment.sign-off' as const } } };
  const recording = { schema: { hide: true }, config: { access: { action: 'assessment.record' as const } } };
  const today = () => calendarDateAt(new Date(), timeZone);
  // The import form's file arrives cut short at the limit (and is then refused), as a security plan does.
  await app.register(multipart, oneFileUploads(ASSESSMENT_RESULTS_MAX_BYTES, 1));

  app.get('/body/assessments', reading, async (request: AssessmentRequest, reply) => {
    const t = translator(request.locale);
    const organisationId = request.principal?.organisationId;
    if (!organisationId) throw new DomainError('unauthenticated', 'the body portal needs a signed-in person');
    const cursor = typeof request.query.cursor === 'string' && request.query.cursor !== '' ? request.query.cursor : undefined;
    let list: BodyAssessments;
    try {
      list = await listBodyAssessments(store, webContext(request), organisationId, { cursor, limit: LIST_SIZE });
    } catch (error) {
      if (!isDomainError(error) || error.code !== 'invalid-cursor') throw error;
      return reply.redirect('/body/assessments', 303);
    }
    const href = (c: string) => `/body/assessments?${new URLSearchParams({ cursor: c }).toString()}`;
    return renderPage(env, request, reply, 'body-assessments.njk', {
      title: t('assessments.title'),
      body: list.body,
      rows: list.items.map(({ assessment, service, grade }) => ({
        href: assessmentHref(assessment.id),
        service: serviceName(service, request.locale),
        provider: request.locale === 'en' ? service.providerNameEn : service.providerNameJa,
        grade,
        kind: t(`assessments.kind.${assessment.kind}`),
        state: assessmentStateTag(t, assessment.state),
        progress: t('assessments.progress', { count: assessment.controlsDone, total: assessment.controlsTotal }),
        createdAt: assessment.createdAt,
      })),
      pagination: {
        previous: list.prevCursor ? { href: href(list.prevCursor), text: t('pagination.previous') } : undefined,
        next: list.nextCursor ? { href: href(list.nextCursor), text: t('pagination.next') } : undefined,
      },
    });
  });

  const showWorkspace = (request: AssessmentRequest, reply: FastifyReply, view: AssessmentView, errors: FieldError[] = []) => {
    const t = translator(request.locale);
    const { assessment } = view;
    const mayImport = assessment.state === 'open' && assessment.leadAuditorId !== null && decide(request.principal, 'assessment.record', { organisationId: assessment.bodyId }).allowed;
    const status = CONTROL_STATUSES.find((s) => s === request.query.status);
    const families = familiesOf(view, request.locale);
    const family = families.find((f) => f.familyId === request.query.family)?.familyId;
    const statusOf = resultsByControl(view);
    const matching = view.controls.filter((c) => (status === undefined || statusOf(c.id) === status) && (family === undefined || c.familyId === family));
    const pages = Math.max(1, Math.ceil(matching.length / WORKSPACE_SIZE));
    const page = Math.min(pages, Math.max(1, Number.parseInt(typeof request.query.page === 'string' ? request.query.page : '1', 10) || 1));
    const shown = matching.slice((page - 1) * WORKSPACE_SIZE, page * WORKSPACE_SIZE);
    const counts = (controlId: string, list: readonly { controlId: string }[]) => list.filter((item) => item.controlId === controlId).length;
    const query = (n: number) => `${assessmentHref(assessment.id)}?${new URLSearchParams({ ...(status ? { status } : {}), ...(family ? { family } : {}), page: String(n) }).toString()}#controls`;
    const done = DONE.find((d) => d === request.query.done);
    return renderPage(env, request, reply, 'assessment.njk', {
      title: t('assessments.workspace.title', { service: serviceName(view.service, request.locale), grade: view.application.grade }),
      back: { href: '/body/assessments', text: t('assessments.title') },
      assessment,
      state: assessmentStateTag(t, assessment.state),
      summary: assessmentSummary(t, request.locale, view),
      progress: t('assessments.progress', { count: view.progress.done, total: view.progress.total }),
      byStatus: CONTROL_STATUSES.map((s) => ({ tag: statusTag(t, s), count: view.progress.byStatus[s] })),
      banner: done && t(`assessments.banner.${done}`),
      downloads: oscalDownloads(t, view.assessment.id, view.findings.length),
      importForm: mayImport && { action: assessmentHref(assessment.id, '/import'), maxMegabytes: ASSESSMENT_RESULTS_MAX_BYTES / 1024 / 1024 },
      csrfToken: mayImport ? reply.generateCsrf() : undefined,
      errors: errors.map((e) => ({ text: e.text, href: `#${e.field}` })),
      fieldErrors: fieldMessages(errors),
      leadHref: assessment.state === 'open' && decide(request.principal, 'assessment.name-lead', { organisationId: assessment.bodyId }).allowed ? assessmentHref(assessment.id, '/lead') : undefined,
      signOffHref: assessmentHref(assessment.id, '/sign-off'),
      families: families.map((f) => ({ ...f, href: `${assessmentHref(assessment.id)}?${new URLSearchParams({ family: f.familyId }).toString()}#controls` })),
      filter: {
        statusItems: [{ value: '', text: t('assessments.filter.any-status') }, ...CONTROL_STATUSES.map((s) => ({ value: s, text: t(`assessments.status.${s}`), selected: s === status }))],
        familyItems: [{ value: '', text: t('assessments.filter.any-family') }, ...families.map((f) => ({ value: f.familyId, text: f.familyTitle, selected: f.familyId === family }))],
        active: status !== undefined || family !== undefined,
        clearHref: `${assessmentHref(assessment.id)}#controls`,
      },
      matching: matching.length,
      groups: groupByFamily(
        shown.map((c) => ({
          ...c,
          label: controlLabel(c.id),
          href: controlHref(assessment.id, c.id),
          tag: statusTag(t, statusOf(c.id)),
          findings: counts(c.id, view.findings),
          evidence: counts(c.id, view.evidence),
        })),
        request.locale,
      ),
      pagination: {
        previous: page > 1 ? { href: query(page - 1), text: t('pagination.previous') } : undefined,
        next: page < pages ? { href: query(page + 1), text: t('pagination.next') } : undefined,
        items: pages > 1 ? Array.from({ length: pages }, (_, i) => ({ number: i + 1, href: query(i + 1), current: i + 1 === page, visuallyHiddenText: t('pagination.page', { number: i + 1 }) })) : undefined,
      },
    });
  };

  app.get('/body/assessments/:id', reading, async (request: AssessmentRequest, reply) => showWorkspace(request, reply, await getAssessment(store, webContext(request), request.params.id)));

  app.post('/body/assessments/:id/import', { ...recording, preHandler: app.csrfProtection }, async (request: AssessmentRequest, reply) => {
    const t = translator(request.locale);
    let imported;
    try {
      const file = uploadedFile(request.body, 'assessmentResults', ASSESSMENT_RESULTS_MAX_BYTES);
      imported = await importAssessmentResults(store, webContext(request), request.params.id, file, { timeZone, day: today() });
    } catch (error) {
      if (!isDomainError(error) || (error.code !== 'validation' && error.code !== 'conflict')) throw error;
      reply.code(error.code === 'validation' ? 400 : 409);
      const issues = error.issues.map((issue) => ({ ...issue, pointer: '/assessmentResults' }));
      return showWorkspace(request, reply, await getAssessment(store, webContext(request), request.params.id), issueErrors(request.locale, issues));
    }
    const view = await getAssessment(store, webContext(request), request.params.id);
    const titles = new Map(view.controls.map((c) => [c.id, `${controlLabel(c.id)} ${c.title}`]));
    const controlLink = (controlId: string) => ({ href: controlHref(view.assessment.id, controlId), text: titles.get(controlId) ?? controlLabel(controlId) });
    return renderPage(env, request, reply, 'assessment-import.njk', {
      title: t('assessments.import.done-title'),
      caption: serviceName(view.service, request.locale),
      back: { href: assessmentHref(view.assessment.id), text: t('assessments.back') },
      fileName: imported.fileName,
      sha256: imported.sha256,
      oscalVersion: imported.oscalVersion,
      results: imported.results.map((r) => ({ ...controlLink(r.controlId), tag: statusTag(t, r.result), recordedAt: r.recordedAt })),
      findings: imported.findings.map((f) => ({ ...controlLink(f.controlId), title: f.title, risk: t(`assessments.risk.${f.risk}`), dueOn: f.dueOn })),
      evidence: imported.evidence.map((e) => ({ ...controlLink(e.controlId), fileName: e.fileName })),
      unmapped: imported.unmapped.map((u) => ({ at: u.pointer === '' ? '/' : u.pointer, text: t(`assessments.import.unmapped.${u.code}`, u.params) })),
      notAssessed: imported.notAssessed.map(controlLink),
      progress: t('assessments.progress', { count: view.progress.done, total: view.progress.total }),
    });
  });

  const showLead = async (request: AssessmentRequest, reply: FastifyReply, view: AssessmentView, chosen: string, errors: FieldError[] = []) => {
    const t = translator(request.locale);
    const leads = await leadAuditorChoices(store, webContext(request), view.assessment.id);
    return renderPage(env, request, reply, 'assessment-lead.njk', {
      title: t('assessments.lead.title'),
      caption: serviceName(view.service, request.locale),
      back: { href: assessmentHref(view.assessment.id), text: t('assessments.back') },
      assessment: view.assessment,
      current: view.leadAuditor,
      items: leads.map((person) => ({ value: person.id, text: person.displayName, hint: { text: person.email }, checked: person.id === chosen })),
      csrfToken: reply.generateCsrf(),
      errors: errors.map((e) => ({ text: e.text, href: `#${e.field}` })),
      fieldErrors: fieldMessages(errors),
    });
  };

  app.get('/body/assessments/:id/lead', naming, async (request: AssessmentRequest, reply) => {
    const view = await getAssessment(store, webContext(request), request.params.id);
    return showLead(request, reply, view, view.assessment.leadAuditorId ?? '');
  });

  app.post('/body/assessments/:id/lead', { ...naming, preHandler: app.csrfProtection }, async (request: AssessmentRequest, reply) => {
    const chosen = textField(request.body, 'leadAuditorId');
    try {
      await nameLeadAuditor(store, webContext(request), request.params.id, chosen, today());
    } catch (error) {
      if (!isDomainError(error) || (error.code !== 'validation' && error.code !== 'conflict')) throw error;
      reply.code(error.code === 'validation' ? 400 : 409);
      return showLead(request, reply, await getAssessment(store, webContext(request), request.params.id), chosen, issueErrors(request.locale, leadIssues(error.issues)));
    }
    return reply.redirect(`${assessmentHref(request.params.id)}?done=lead`, 303);
  });

  const showSignOff = async (request: AssessmentRequest, reply: FastifyReply, errors: FieldError[] = []) => {
    const t = translator(request.locale);
    const { view, blockers } = await signOffState(store, webContext(request), request.params.id, today());
    const { assessment } = view;
    const mayAct = assessment.state === 'open' && decide(request.principal, 'assessment.sign-off', { organisationId: assessment.bodyId }).allowed;
    const isLead = request.principal?.userId === assessment.leadAuditorId;
    return renderPage(env, request, reply, 'assessment-sign-off.njk', {
      title: t('assessments.sign-off.title'),
      caption: serviceName(view.service, request.locale),
      back: { href: assessmentHref(assessment.id), text: t('assessments.back') },
      assessment,
      progress: t('assessments.progress', { count: view.progress.done, total: view.progress.total }),
      findings: view.findings.length,
      blockers: blockers.map((b) => describeIssue(request.locale, blockerIssue(b))),
      missingHref: `${assessmentHref(assessment.id)}?status=not-recorded#controls`,
      mayAct: mayAct && isLead && blockers.length === 0,
      notLead: mayAct && !isLead && assessment.leadAuditorId !== null,
      csrfToken: mayAct ? reply.generateCsrf() : undefined,
      errors: errors.map((e) => ({ text: e.text, href: '#blockers' })),
    });
  };

  app.get('/body/assessments/:id/sign-off', reading, async (request: AssessmentRequest, reply) => showSignOff(request, reply));

  app.post('/body/assessments/:id/sign-off', { ...signing, preHandler: app.csrfProtection }, async (request: AssessmentRequest, reply) => {
    try {
      await signOffAssessment(store, webContext(request), request.params.id, today());
    } catch (error) {
      if (!isDomainError(error) || error.code !== 'conflict') throw error;
      reply.code(409);
      return showSignOff(request, reply, issueErrors(request.locale, error.issues));
    }
    return reply.redirect(`${assessmentHref(request.params.id)}?done=signed-off`, 303);
  });
};

/** The grade's families in the standard's order, each with its controls done and total. */
function familiesOf(view: AssessmentView, locale: Locale) {
  const recorded = new Set(view.results.map((r) => r.controlId));
  const families = new Map<string, { familyId: string; familyTitle: string; done: number; total: number }>();
  for (const control of view.controls) {
    const family = families.get(control.familyId) ?? { familyId: control.familyId, familyTitle: familyName(locale, control.familyId, control.familyTitle).text, done: 0, total: 0 };
    family.total += 1;
    if (recorded.has(control.id)) family.done += 1;
    families.set(control.familyId, family);
  }
  return [...families.values()];
}

function resultsByControl(view: AssessmentView): (controlId: string) => ControlStatus {
  const results = new Map(view.results.map((r) => [r.controlId, r.result]));
  return (controlId) => results.get(controlId) ?? 'not-recorded';
}

/** Consecutive controls of one family under one heading. */
function groupByFamily<T extends { familyId: string; familyTitle: string }>(controls: readonly T[], locale: Locale) {
  const groups: { familyId: string; familyTitle: string; controls: T[] }[] = [];
  for (const control of controls) {
    const last = groups.at(-1);
    if (last?.familyId === control.familyId) last.controls.push(control);
    else groups.push({ familyId: control.familyId, familyTitle: familyName(locale, control.familyId, control.familyTitle).text, controls: [control] });
  }
  return groups;
}

/** Problems of the assessment itself are shown beside the choice of lead, the one field of the form. */
function leadIssues(issues: readonly { pointer: string; code: string; params?: Readonly<Record<string, string | number>> }[]) {
  return issues.map((issue) => ({ ...issue, pointer: '/leadAuditorId' }));
}

function textField(body: unknown, name: string): string {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : '';
}
