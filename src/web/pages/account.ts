import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type nunjucks from 'nunjucks';
import { endOtherSession, listSessions, signOut, signOutEverywhere, type Store } from '../../app/index.js';
import { requiresSecondFactor } from '../../domain/index.js';
import { translator } from '../../i18n/index.js';
import { peopleHref } from '../people.js';
import { renderPage } from '../render.js';
import { signInHref } from '../safe-next.js';
import { clearSessionCookie, webContext } from '../session.js';

/**
 * Signed in only: who you are, where you are signed in, and signing out of
 * this session or of all of them (issue 4, "my account"). Signed out, the
 * page sends you to sign in and back here (src/web/session.ts, signInRedirect).
 */
const SIGNED_IN = { access: 'signed-in' } as const;

export const accountPages: FastifyPluginAsync<{ env: nunjucks.Environment; store: Store }> = async (app, { env, store }) => {
  app.get('/account', { schema: { hide: true }, config: SIGNED_IN }, async (request: FastifyRequest<{ Querystring: { 'totp-error'?: string; ended?: string } }>, reply) => {
    const signedIn = request.user;
    // The access check has already sent anyone without a session to sign in.
    if (!signedIn) return reply.redirect(signInHref('/account'), 303);
    const t = translator(request.locale);
    const sessions = await listSessions(store, signedIn.user.id, new Date());
    // Turning the second factor off with a wrong code comes back here (src/web/pages/account-totp.ts).
    const failed = request.query['totp-error'];
    const totpError = failed === 'code' ? t('sign-in-code.error.wrong') : failed === 'required' ? t('account.totp.error.required') : undefined;
    if (totpError) reply.code(400);
    return renderPage(env, request, reply, 'account.njk', {
      title: t('account.title'),
      person: signedIn.user,
      organisation: signedIn.organisation,
      roles: signedIn.user.roles.map((role) => t(`role.${role}`)).join(request.locale === 'ja' ? '、' : ', '),
      sessions: sessions.map((s) => ({ ...s, current: s.id === signedIn.session.id })),
      sessionEnded: request.query.ended === '1',
      totp: { enabled: signedIn.user.totpEnabled, required: requiresSecondFactor(signedIn.organisation.kind) },
      peopleHref: peopleHref(request, signedIn.organisation.id),
      errors: totpError ? [{ text: totpError, href: '#totp-code' }] : [],
      totpError,
      csrfToken: reply.generateCsrf(),
    });
  });

  const leave = (request: FastifyRequest, reply: FastifyReply) => {
    clearSessionCookie(request, reply);
    return reply.redirect('/', 303);
  };

  app.post('/sign-out', { schema: { hide: true }, config: SIGNED_IN, preHandler: app.csrfProtection }, async (request, reply) => {
    if (request.user) await signOut(store, request.user, webContext(request));
    return leave(request, reply);
  });

  app.post(
    '/account/sessions/:id/end',
    { schema: { hide: true }, config: SIGNED_IN, preHandler: app.csrfProtection },
    async (request: FastifyRequest<{ Params: { id: string } }>, reply) => {
      const signedIn = request.user;
      if (!signedIn) return reply.redirect(signInHref('/account'), 303);
      // This session is ended by signing out, which also clears the cookie.
      if (request.params.id === signedIn.session.id) return reply.redirect('/account#sessions', 303);
      const ended = await endOtherSession(store, signedIn.user, request.params.id, webContext(request));
      return reply.redirect(ended ? '/account?ended=1#sessions' : '/account#sessions', 303);
    },
  );

  app.post('/sign-out-everywhere', { schema: { hide: true }, config: SIGNED_IN, preHandler: app.csrfProtection }, async (request, reply) => {
    if (request.user) await signOutEverywhere(store, request.user.user, webContext(request));
    return leave(request, reply);
  });
};
