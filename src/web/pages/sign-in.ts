import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type nunjucks from 'nunjucks';
import { signIn, type SignInDeps, type Store } from '../../app/index.js';
import { PUBLIC } from '../../http/index.js';
import { translator } from '../../i18n/index.js';
import { renderPage } from '../render.js';
import { safeNext } from '../safe-next.js';
import { SESSION_COOKIE, setSessionCookie, webContext } from '../session.js';
import { secondFactorHref, setPendingCookie } from './second-factor.js';

interface SignInBody {
  email?: unknown;
  password?: unknown;
  next?: unknown;
}

interface FieldError {
  readonly field: 'email' | 'password';
  readonly text: string;
}

/**
 * Public: sign in with email and password (issue 4, "Authentication"). A
 * wrong email and a wrong password get the same message; a locked account is
 * told until when, in the reader's time zone. Each address may post this form
 * `rateLimit` times a minute; each account has its own lockout (src/app/sessions.ts).
 */
export const signInPage: FastifyPluginAsync<{ env: nunjucks.Environment; store: Store; rateLimit: number; deps: SignInDeps }> = async (
  app,
  { env, store, rateLimit, deps },
) => {
  const show = (request: FastifyRequest, reply: FastifyReply, form: { email: string; next: string }, errors: FieldError[] = [], status = 400) => {
    const t = translator(request.locale);
    if (errors.length > 0) reply.code(status);
    return renderPage(env, request, reply, 'sign-in.njk', {
      title: t('sign-in.title'),
      email: form.email,
      next: form.next,
      csrfToken: reply.generateCsrf(),
      errors: errors.map((e) => ({ text: e.text, href: `#${e.field}` })),
      fieldErrors: Object.fromEntries(errors.map((e) => [e.field, e.text])),
    });
  };

  app.get('/sign-in', { schema: { hide: true }, config: PUBLIC }, async (request: FastifyRequest<{ Querystring: { next?: string; restart?: string } }>, reply) => {
    const form = { email: '', next: safeNext(request.query.next) };
    // Sent back from the code page: the pending sign-in expired or had too many wrong codes.
    if (request.query.restart !== undefined) return show(request, reply, form, [{ field: 'email', text: translator(request.locale)('sign-in.error.restart') }], 200);
    return show(request, reply, form);
  });

  app.post(
    '/sign-in',
    { schema: { hide: true }, preHandler: app.csrfProtection, config: { ...PUBLIC, rateLimit: { max: rateLimit, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const t = translator(request.locale);
      const body = (request.body ?? {}) as SignInBody;
      const email = typeof body.email === 'string' ? body.email.trim() : '';
      const password = typeof body.password === 'string' ? body.password : '';
      const form = { email, next: safeNext(body.next) };
      const missing: FieldError[] = [];
      if (email === '') missing.push({ field: 'email', text: t('sign-in.error.email-required') });
      if (password === '') missing.push({ field: 'password', text: t('sign-in.error.password-required') });
      if (missing.length > 0) return show(request, reply, form, missing);

      const result = await signIn(store, { email, password, previousToken: request.cookies[SESSION_COOKIE] }, webContext(request), deps);
      if (result.ok) {
        setSessionCookie(request, reply, result.token);
        return reply.redirect(form.next, 303);
      }
      if (result.reason === 'second-factor') {
        setPendingCookie(request, reply, result.pendingToken);
        return reply.redirect(secondFactorHref(result.need, form.next), 303);
      }
      const text =
        result.reason === 'locked'
          ? t('sign-in.error.locked', { expires: String(env.getFilter('dateTime')(result.lockedUntil, request.locale)) })
          : t('sign-in.error.credentials');
      return show(request, reply, form, [{ field: 'email', text }]);
    },
  );
};
