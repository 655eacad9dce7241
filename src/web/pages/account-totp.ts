import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type nunjucks from 'nunjucks';
import { disableTotp, enableTotp, offerTotpEnrolment, type SignedIn, type Store } from '../../app/index.js';
import { translator } from '../../i18n/index.js';
import { renderPage } from '../render.js';
import { signInHref } from '../safe-next.js';
import { webContext } from '../session.js';
import { enrolmentView } from './second-factor.js';

const SIGNED_IN = { access: 'signed-in' } as const;

/**
 * Signed in only: turning the TOTP second factor on from the account page,
 * for people whose organisation does not require it, and off again with a
 * current code (issue 4, "my account … TOTP enrolment with a QR code").
 * Those whose organisation requires it enrolled at sign-in and cannot turn
 * it off.
 */
export const accountTotpPages: FastifyPluginAsync<{ env: nunjucks.Environment; store: Store }> = async (app, { env, store }) => {
  const showEnrolment = async (request: FastifyRequest, reply: FastifyReply, signedIn: SignedIn, error?: string) => {
    const t = translator(request.locale);
    if (error) reply.code(400);
    const enrolment = await offerTotpEnrolment(store, signedIn.user, t('totp.qr-title'));
    return renderPage(env, request, reply, 'totp-enrol.njk', {
      title: t('totp-enrol.title'),
      action: '/account/totp',
      next: '/account',
      enrolment: enrolmentView(enrolment),
      signingIn: false,
      csrfToken: reply.generateCsrf(),
      errors: error ? [{ text: error, href: '#code' }] : [],
      fieldErrors: error ? { code: error } : {},
    });
  };

  app.get('/account/totp', { schema: { hide: true }, config: SIGNED_IN }, async (request, reply) => {
    const signedIn = request.user;
    if (!signedIn) return reply.redirect(signInHref('/account/totp'), 303);
    if (signedIn.user.totpEnabled) return reply.redirect('/account', 303);
    return showEnrolment(request, reply, signedIn);
  });

  app.post('/account/totp', { schema: { hide: true }, config: SIGNED_IN, preHandler: app.csrfProtection }, async (request, reply) => {
    const signedIn = request.user;
    if (!signedIn) return reply.redirect('/sign-in', 303);
    if (signedIn.user.totpEnabled) return reply.redirect('/account', 303);
    const t = translator(request.locale);
    const code = typeof (request.body as { code?: unknown } | undefined)?.code === 'string' ? (request.body as { code: string }).code : '';
    if (code.trim() === '') return showEnrolment(request, reply, signedIn, t('sign-in-code.error.required'));
    if (!(await enableTotp(store, signedIn.user, code, webContext(request)))) return showEnrolment(request, reply, signedIn, t('sign-in-code.error.wrong'));
    return reply.redirect('/account?totp=on', 303);
  });

  app.post('/account/totp/disable', { schema: { hide: true }, config: SIGNED_IN, preHandler: app.csrfProtection }, async (request, reply) => {
    const signedIn = request.user;
    if (!signedIn) return reply.redirect('/sign-in', 303);
    const code = typeof (request.body as { code?: unknown } | undefined)?.code === 'string' ? (request.body as { code: string }).code : '';
    const result = await disableTotp(store, signedIn.user, signedIn.organisation, code, webContext(request));
    if (result.ok) return reply.redirect('/account?totp=off', 303);
    return reply.redirect(`/account?totp-error=${result.reason}#totp`, 303);
  });
};
