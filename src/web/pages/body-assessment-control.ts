import multipart from '@fastify/multipart';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type nunjucks from 'nunjucks';
import { getAssessment, recordControlResult, recordFinding, uploadEvidence, type AssessmentView, type Store } from '../../app/index.js';
import {
  ASSESSMENT_METHODS,
  calendarDateAt,
  CONTROL_RESULTS,
  decide,
  DomainError,
  EVIDENCE_EXTENSIONS,
  EVIDENCE_MAX_BYTES,
  FINDING_TEXT_MAX_LENGTH,
  FINDING_TITLE_MAX_LENGTH,
  isDomainError,
  NARRATIVE_MAX_LENGTH,
  RISK_LEVELS,
  type ControlResultInput,
  type FindingInput,
} from '../../domain/index.js';
import { translator } from '../../i18n/index.js';
import { assessmentHref, controlHref, controlLabel, evidenceHref, fileSize, riskTag, statusTag } from '../assessments.js';
import { issueErrors, type FieldError } from '../field-errors.js';
import { checkedValues } from '../people.js';
import { renderPage } from '../render.js';
import { familyName } from './standards-view.js';
import { fieldMessages, serviceName } from '../services.js';
import { webContext } from '../session.js';
import { oneFileUploads, uploadedFile } from '../uploads.js';

type ControlRequest = FastifyRequest<{ Params: { id: string; controlId: string }; Querystring: { done?: unknown } }>;

const EMPTY_FINDING: Omit<FindingInput, 'controlId'> = { risk: '', title: '', description: '' };
const DONE = ['result', 'evidence', 'evidence-reused', 'finding'] as const;

/**
 * One control of an assessment (issue 5, "Portals": "a control-by-control
 * workspace … and evidence upload"): its result, methods and narrative, its
 * evidence files, and its findings, each with the form that records them for
 * the engaged body's auditors. Evidence arrives as a file, cut short at the
 * limit and checked by its bytes.
 */
export const bodyAssessmentControlPages: FastifyPluginAsync<{ env: nunjucks.Environment; store: Store; timeZone: string }> = async (app, { env, store, timeZone }) => {
  await app.register(multipart, oneFileUploads(EVIDENCE_MAX_BYTES, 1));

  const reading = { schema: { hide: true }, config: { access: { action: 'assessment.read' as const } } };
  const recording = { schema: { hide: true }, config: { access: { action: 'assessment.record' as const } }, preHandler: app.csrfProtection };

  const show = (request: ControlRequest, reply: FastifyReply, view: AssessmentView, forms: { result?: ControlResultInput; finding?: Omit<FindingInput, 'controlId'> } = {}, errors: FieldError[] = []) => {
    const t = translator(request.locale);
    const { assessment } = view;
    const controlId = request.params.controlId.toLowerCase();
    const index = view.controls.findIndex((c) => c.id === controlId);
    const control = view.controls[index];
    if (!control) throw new DomainError('not-found', `no control ${controlId} in the grade of assessment ${assessment.id}`);
    const result = view.results.find((r) => r.controlId === control.id);
    const form = forms.result ?? (result ? { result: result.result, methods: result.methods, narrative: result.narrative } : { result: '', methods: [], narrative: '' });
    const finding = forms.finding ?? EMPTY_FINDING;
    const mayRecord = assessment.state === 'open' && assessment.leadAuditorId !== null && decide(request.principal, 'assessment.record', { organisationId: assessment.bodyId }).allowed;
    const neighbour = (offset: number) => {
      const other = view.controls[index + offset];
      return other && { href: controlHref(assessment.id, other.id), text: `${controlLabel(other.id)} ${other.title}` };
    };
    const done = DONE.find((d) => d === request.query.done);
    return renderPage(env, request, reply, 'assessment-control.njk', {
      title: `${controlLabel(control.id)} ${control.title}`,
      heading: { label: controlLabel(control.id), title: control.title },
      caption: `${serviceName(view.service, request.locale)} · ${familyName(request.locale, control.familyId, control.familyTitle).text}`,
      back: { href: `${assessmentHref(assessment.id)}#controls`, text: t('assessments.back') },
      assessment,
      control,
      controlHref: controlHref(assessment.id, control.id),
      standardHref: `/standards/${encodeURIComponent(view.application.standardVersion)}/controls/${encodeURIComponent(control.id)}`,
      status: statusTag(t, result?.result ?? 'not-recorded'),
      result: result && { ...result, methodNames: result.methods.map((m) => t(`assessments.method.${m}`)).join(request.locale === 'ja' ? '、' : ', ') },
      progress: t('assessments.progress', { count: view.progress.done, total: view.progress.total }),
      banner: done && t(`assessments.banner.${done}`),
      mayRecord,
      needsLead: assessment.state === 'open' && assessment.leadAuditorId === null,
      leadHref: decide(request.principal, 'assessment.name-lead', { organisationId: assessment.bodyId }).allowed ? assessmentHref(assessment.id, '/lead') : undefined,
      resultItems: CONTROL_RESULTS.map((value) => ({ value, text: t(`assessments.status.${value}`), checked: form.result === value })),
      methodItems: ASSESSMENT_METHODS.map((value) => ({ value, text: t(`assessments.method.${value}`), hint: { text: t(`assessments.method.${value}.hint`) }, checked: form.methods.includes(value) })),
      narrative: form.narrative,
      narrativeMax: NARRATIVE_MAX_LENGTH,
      evidence: view.evidence
        .filter((e) => e.controlId === control.id)
        .map((e) => ({ ...e, href: evidenceHref(assessment.id, e.sha256), size: fileSize(e.size, request.locale) })),
      evidenceHint: t('assessments.evidence.hint', { max: EVIDENCE_MAX_BYTES / 1024 / 1024, allowed: EVIDENCE_EXTENSIONS.map((e) => `.${e}`).join(', ') }),
      findings: view.findings.filter((f) => f.controlId === control.id).map((f) => ({ ...f, tag: riskTag(t, f.risk) })),
      finding,
      riskItems: RISK_LEVELS.map((value) => ({ value, text: t(`assessments.risk.${value}`), hint: { text: t(`assessments.risk.${value}.hint`) }, checked: finding.risk === value })),
      titleMax: FINDING_TITLE_MAX_LENGTH,
      descriptionMax: FINDING_TEXT_MAX_LENGTH,
      previous: neighbour(-1),
      next: neighbour(1),
      csrfToken: mayRecord ? reply.generateCsrf() : undefined,
      errors: errors.map((e) => ({ text: e.text, href: `#${e.field}` })),
      fieldErrors: fieldMessages(errors),
    });
  };

  /** Shows the control again with what was refused, keeping what was typed; rethrows what is not the auditor's to correct. */
  const refused = async (request: ControlRequest, reply: FastifyReply, error: unknown, forms: Parameters<typeof show>[3] = {}) => {
    if (!isDomainError(error) || (error.code !== 'validation' && error.code !== 'conflict')) throw error;
    reply.code(error.code === 'validation' ? 400 : 409);
    return show(request, reply, await getAssessment(store, webContext(request), request.params.id), forms, issueErrors(request.locale, error.issues));
  };
  const back = (request: ControlRequest, reply: FastifyReply, done: (typeof DONE)[number], anchor: string) =>
    reply.redirect(`${controlHref(request.params.id.toLowerCase(), request.params.controlId.toLowerCase())}?done=${done}#${anchor}`, 303);

  app.get('/body/assessments/:id/controls/:controlId', reading, async (request: ControlRequest, reply) => show(request, reply, await getAssessment(store, webContext(request), request.params.id)));

  app.post('/body/assessments/:id/controls/:controlId/result', recording, async (request: ControlRequest, reply) => {
    const fields = (request.body ?? {}) as Record<string, unknown>;
    const form: ControlResultInput = { result: text(fields.result), methods: checkedValues(fields.methods), narrative: text(fields.narrative) };
    try {
      await recordControlResult(store, webContext(request), request.params.id, request.params.controlId, form);
    } catch (error) {
      return refused(request, reply, error, { result: form });
    }
    return back(request, reply, 'result', 'result-heading');
  });

  app.post('/body/assessments/:id/controls/:controlId/evidence', recording, async (request: ControlRequest, reply) => {
    let reused: boolean;
    try {
      ({ reused } = await uploadEvidence(store, webContext(request), request.params.id, request.params.controlId, uploadedFile(request.body, 'evidence', EVIDENCE_MAX_BYTES)));
    } catch (error) {
      return refused(request, reply, error);
    }
    return back(request, reply, reused ? 'evidence-reused' : 'evidence', 'evidence-heading');
  });

  app.post('/body/assessments/:id/controls/:controlId/findings', recording, async (request: ControlRequest, reply) => {
    const fields = (request.body ?? {}) as Record<string, unknown>;
    const form = { risk: text(fields.risk), title: text(fields.title), description: text(fields.description) };
    try {
      await recordFinding(store, webContext(request), request.params.id, { ...form, controlId: request.params.controlId }, calendarDateAt(new Date(), timeZone));
    } catch (error) {
      return refused(request, reply, error, { finding: form });
    }
    return back(request, reply, 'finding', 'findings-heading');
  });
};

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
