import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type nunjucks from 'nunjucks';
import {
  authorizeBody,
  declareConflict,
  endConflict,
  listAuditors,
  listConflicts,
  providerChoices,
  type BodyConflicts,
  type Store,
} from '../../app/index.js';
import { calendarDateAt, decide, DomainError, isDomainError } from '../../domain/index.js';
import { translator } from '../../i18n/index.js';
import { issueErrors, type FieldError } from '../field-errors.js';
import { orgName, roleNames } from '../people.js';
import { renderPage } from '../render.js';
import { webContext } from '../session.js';

type PortalRequest = FastifyRequest<{ Params: { id: string }; Querystring: { done?: unknown } }>;

interface ConflictForm {
  readonly providerId: string;
  readonly from: string;
  readonly until: string;
  readonly description: string;
}

const EMPTY: ConflictForm = { providerId: '', from: '', until: '', description: '' };

/**
 * An auditing body's own portal (issue 5): its conflicts of interest, which
 * its admin declares and ends, and its auditors. The body is always the
 * signed-in person's own organisation, so no URL can name another.
 */
export const bodyPortalPages: FastifyPluginAsync<{ env: nunjucks.Environment; store: Store; timeZone: string }> = async (app, { env, store, timeZone }) => {
  /** The body of the person signed in (the access check has made sure someone is). */
  const ownBody = (request: FastifyRequest) => {
    if (!request.principal) throw new DomainError('unauthenticated', 'the body portal needs a signed-in person');
    return request.principal.organisationId;
  };

  const showConflicts = async (request: FastifyRequest, reply: FastifyReply, listed: BodyConflicts, form: ConflictForm, errors: FieldError[] = [], done?: string) => {
    const t = translator(request.locale);
    const admin = decide(request.principal, 'body.declare-conflict', { organisationId: listed.body.id }).allowed;
    const providers = admin ? await providerChoices(store) : [];
    return renderPage(env, request, reply, 'body-conflicts.njk', {
      title: t('bodies.conflicts.title'),
      body: listed.body,
      conflicts: listed.conflicts,
      admin,
      done,
      form,
      providerItems: [
        { value: '', text: t('bodies.conflicts.choose-provider') },
        ...providers.map((p) => ({ value: p.id, text: orgName(p, request.locale), selected: p.id === form.providerId })),
      ],
      csrfToken: reply.generateCsrf(),
      errors: errors.map((e) => ({ text: e.text, href: `#${e.field}` })),
      fieldErrors: Object.fromEntries(errors.map((e) => [e.field, e.text])),
    });
  };

  app.get('/body/conflicts', { schema: { hide: true }, config: { access: { action: 'body.read-conflicts' } } }, async (request: PortalRequest, reply) => {
    const listed = await listConflicts(store, webContext(request), ownBody(request));
    const done = request.query.done === 'declared' || request.query.done === 'ended' ? request.query.done : undefined;
    return showConflicts(request, reply, listed, EMPTY, [], done);
  });

  app.post('/body/conflicts', { schema: { hide: true }, config: { access: { action: 'body.declare-conflict' } }, preHandler: app.csrfProtection }, async (request: PortalRequest, reply) => {
    const form = conflictForm(request.body);
    const context = webContext(request);
    try {
      await declareConflict(store, { ...form, bodyId: ownBody(request) }, context);
      return reply.redirect('/body/conflicts?done=declared', 303);
    } catch (error) {
      if (!isDomainError(error) || error.code !== 'validation') throw error;
      reply.code(400);
      return showConflicts(request, reply, await listConflicts(store, context, ownBody(request)), form, issueErrors(request.locale, error.issues));
    }
  });

  const showEnd = (request: FastifyRequest, reply: FastifyReply, conflict: BodyConflicts['conflicts'][number], until: string, errors: FieldError[] = []) => {
    const t = translator(request.locale);
    return renderPage(env, request, reply, 'body-conflict-end.njk', {
      title: t('bodies.conflicts.end.title', { provider: orgName(conflict.provider, request.locale) }),
      conflict,
      until,
      csrfToken: reply.generateCsrf(),
      errors: errors.map((e) => ({ text: e.text, href: '#until' })),
      fieldErrors: errors.length > 0 ? { until: errors.map((e) => e.text).join(' ') } : {},
    });
  };

  /** One lasting conflict of the person's body; any other is not found. */
  const lastingConflict = async (request: PortalRequest) => {
    const listed = await listConflicts(store, webContext(request), ownBody(request));
    const conflict = listed.conflicts.find((c) => c.id === request.params.id.toLowerCase());
    if (!conflict) throw new DomainError('not-found', `no conflict ${request.params.id}`);
    return conflict;
  };

  app.get('/body/conflicts/:id/end', { schema: { hide: true }, config: { access: { action: 'body.declare-conflict' } } }, async (request: PortalRequest, reply) => {
    await authorizeBody(store, webContext(request), 'body.declare-conflict', ownBody(request));
    const conflict = await lastingConflict(request);
    if (conflict.until !== null) return reply.redirect('/body/conflicts', 303);
    return showEnd(request, reply, conflict, calendarDateAt(new Date(), timeZone));
  });

  app.post(
    '/body/conflicts/:id/end',
    { schema: { hide: true }, config: { access: { action: 'body.declare-conflict' } }, preHandler: app.csrfProtection },
    async (request: PortalRequest, reply) => {
      const { until } = conflictForm(request.body);
      try {
        await endConflict(store, { bodyId: ownBody(request), conflictId: request.params.id, until }, webContext(request));
        return reply.redirect('/body/conflicts?done=ended', 303);
      } catch (error) {
        if (!isDomainError(error) || (error.code !== 'validation' && error.code !== 'conflict')) throw error;
        reply.code(error.code === 'conflict' ? 409 : 400);
        return showEnd(request, reply, await lastingConflict(request), until, issueErrors(request.locale, error.issues));
      }
    },
  );

  app.get('/body/auditors', { schema: { hide: true }, config: { access: { action: 'body.read-auditors' } } }, async (request, reply) => {
    const t = translator(request.locale);
    const { body, auditors } = await listAuditors(store, webContext(request), ownBody(request));
    return renderPage(env, request, reply, 'body-auditors.njk', {
      title: t('bodies.auditors.title'),
      body,
      auditors: auditors.map((user) => ({ ...user, roleNames: roleNames(t, request.locale, user.roles.filter((role) => role !== 'admin')) })),
    });
  });
};

function conflictForm(body: unknown): ConflictForm {
  const fields = (body ?? {}) as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  return { providerId: text(fields.providerId), from: text(fields.from), until: text(fields.until), description: text(fields.description) };
}
