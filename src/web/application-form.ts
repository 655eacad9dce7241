import type { FastifyReply, FastifyRequest } from 'fastify';
import type nunjucks from 'nunjucks';
import { listAuditingBodies, listProviderServices, listStandards, type Store } from '../app/index.js';
import { calendarDateAt, GRADES, MAX_PAGE_SIZE, type ApplicationInput, type Organisation } from '../domain/index.js';
import { translator } from '../i18n/index.js';
import type { FieldError } from './field-errors.js';
import { orgName } from './people.js';
import { renderPage } from './render.js';
import { fieldMessages, serviceName } from './services.js';
import { webContext } from './session.js';

/**
 * The form of an application's own fields, shared by drafting one and
 * changing one (issue 5, "Applications"): the same fields, choices and
 * errors beside them, posted to where `target` says.
 */

const FIELDS = ['serviceId', 'grade', 'standardVersion', 'scope', 'auditedFrom', 'auditedUntil', 'bodyId'] as const;
export const EMPTY_APPLICATION_FORM: ApplicationInput = { serviceId: '', grade: '', standardVersion: '', scope: '', auditedFrom: '', auditedUntil: '', bodyId: '' };

/** What the form is for: a new application, or a change to one. */
export interface ApplicationFormTarget {
  readonly action: string;
  readonly title: string;
  readonly lead: string;
  readonly submit: string;
  readonly back: { readonly href: string; readonly text: string };
}

export interface ApplicationFormOptions {
  readonly env: nunjucks.Environment;
  readonly store: Store;
  readonly timeZone: string;
}

/** Renders the form with the choices the provider has; errors go beside their fields and into the summary. */
export async function renderApplicationForm(
  options: ApplicationFormOptions,
  request: FastifyRequest,
  reply: FastifyReply,
  provider: Organisation,
  target: ApplicationFormTarget,
  form: ApplicationInput,
  errors: readonly FieldError[] = [],
): Promise<FastifyReply> {
  const t = translator(request.locale);
  const [services, versions, bodies] = await Promise.all([
    listProviderServices(options.store, webContext(request), provider.id, { limit: MAX_PAGE_SIZE }),
    listStandards(options.store),
    listAuditingBodies(options.store, { limit: MAX_PAGE_SIZE }, calendarDateAt(new Date(), options.timeZone)),
  ]);
  const choose = { value: '', text: t('applications.form.choose') };
  return renderPage(options.env, request, reply, 'application-form.njk', {
    title: target.title,
    target,
    form,
    csrfToken: reply.generateCsrf(),
    services: [choose, ...services.items.map((s) => ({ value: s.id, text: serviceName(s, request.locale), selected: form.serviceId === s.id }))],
    versions: [
      choose,
      ...versions.map((v) => ({ value: v.version, text: `${v.version} ${request.locale === 'en' ? v.nameEn : v.nameJa}`, selected: form.standardVersion === v.version })),
    ],
    bodies: [choose, ...bodies.items.map((b) => ({ value: b.organisation.id, text: orgName(b.organisation, request.locale), selected: form.bodyId === b.organisation.id }))],
    grades: GRADES.map((grade) => ({ value: String(grade), text: t('applications.grade', { grade }), checked: form.grade === String(grade) })),
    errors: errors.map((e) => ({ text: e.text, href: `#${e.field}` })),
    fieldErrors: fieldMessages(errors),
  });
}

/** The form's fields from a posted body; anything missing or not text is empty, for the use case to refuse. */
export function applicationForm(body: unknown): ApplicationInput {
  const fields = (body ?? {}) as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  return Object.fromEntries(FIELDS.map((field) => [field, text(fields[field])])) as Record<(typeof FIELDS)[number], string>;
}
