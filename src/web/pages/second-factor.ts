import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type nunjucks from 'nunjucks';
import { completeSignIn, findPendingSignIn, offerTotpEnrolment, type SecondFactorNeed, type Store, type TotpEnrolment } from '../../app/index.js';
import { PENDING_SIGN_IN_MINUTES } from '../../domain/index.js';
import { PUBLIC } from '../../http/index.js';
import { translator } from '../../i18n/index.js';
import { renderPage } from '../render.js';
import { safeNext } from '../safe-next.js';
import { SESSION_COOKIE, setSessionCookie, webContext } from '../session.js';

/** The cookie naming a pending sign-in (right password, code still owed). */
export const PENDING_COOKIE = 'shinrai_pending';

const COOKIE_PATH = '/sign-in';

/** Only the sign-in pages need it, and only for the minutes a pending sign-in lives. */
export function setPendingCookie(request: FastifyRequest, reply: FastifyReply, token: string): void {
  reply.setCookie(PENDING_COOKIE, token, { path: COOKIE_PATH, httpOnly: true, sameSite: 'lax', secure: request.protocol === 'https', maxAge: PENDING_SIGN_IN_MINUTES * 60 });
}

function clearPendingCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(PENDING_COOKIE, { path: COOKIE_PATH, httpOnly: true, sameSite: 'lax', secure: request.protocol === 'https' });
}

/** Where a pending sign-in of this need continues. */
export function secondFactorHref(need: SecondFactorNeed, next: string): string {
  return `/sign-in/${need}?next=${encodeURIComponent(next).replace(/%2F/gi, '/')}`;
}

/**
 * Public, but only with a pending sign-in: the second step of signing in
 * (issue 4, "mandatory TOTP second factor"). `/sign-in/code` asks for the
 * code of a person who has enrolled; `/sign-in/enrol` shows a person whose
 * organisation requires a second factor the secret to add to their app, and
 * asks for its first code. Without a pending sign-in, or once it has ended,
 * both send the person back to sign in.
 */
export const secondFactorPages: FastifyPluginAsync<{ env: nunjucks.Environment; store: Store }> = async (app, { env, store }) => {
  const restart = (request: FastifyRequest, reply: FastifyReply) => {
    clearPendingCookie(request, reply);
    return reply.redirect('/sign-in?restart=1', 303);
  };

  for (const need of ['code', 'enrol'] as const) {
    const show = async (request: FastifyRequest, reply: FastifyReply, found: NonNullable<Awaited<ReturnType<typeof findPendingSignIn>>>, next: string, error?: string) => {
      const t = translator(request.locale);
      if (error) reply.code(400);
      const enrolment = need === 'enrol' ? await offerTotpEnrolment(store, found.user, t('totp.qr-title')) : undefined;
      return renderPage(env, request, reply, need === 'code' ? 'sign-in-code.njk' : 'totp-enrol.njk', {
        title: t(need === 'code' ? 'sign-in-code.title' : 'totp-enrol.title'),
        action: `/sign-in/${need}`,
        next,
        enrolment: enrolment && enrolmentView(enrolment),
        signingIn: true,
        csrfToken: reply.generateCsrf(),
        errors: error ? [{ text: error, href: '#code' }] : [],
        fieldErrors: error ? { code: error } : {},
      });
    };
    const pendingOf = async (request: FastifyRequest) => {
      const token = request.cookies[PENDING_COOKIE];
      const found = token ? await findPendingSignIn(store, token, new Date()) : undefined;
      return found?.need === need ? found : undefined;
    };

    app.get(`/sign-in/${need}`, { schema: { hide: true }, config: PUBLIC }, async (request: FastifyRequest<{ Querystring: { next?: string } }>, reply) => {
      const found = await pendingOf(request);
      return found ? show(request, reply, found, safeNext(request.query.next)) : restart(request, reply);
    });

    app.post(`/sign-in/${need}`, { schema: { hide: true }, preHandler: app.csrfProtection, config: PUBLIC }, async (request, reply) => {
      const t = translator(request.locale);
      const body = (request.body ?? {}) as { code?: unknown; next?: unknown };
      const next = safeNext(body.next);
      const found = await pendingOf(request);
      const token = request.cookies[PENDING_COOKIE];
      if (!found || !token) return restart(request, reply);
      const code = typeof body.code === 'string' ? body.code : '';
      if (code.trim() === '') return show(request, reply, found, next, t('sign-in-code.error.required'));
      const result = await completeSignIn(store, { pendingToken: token, code, previousToken: request.cookies[SESSION_COOKIE] }, webContext(request));
      if (result.ok) {
        clearPendingCookie(request, reply);
        setSessionCookie(request, reply, result.token);
        return reply.redirect(next, 303);
      }
      if (result.reason === 'ended') return restart(request, reply);
      return show(request, reply, found, next, t('sign-in-code.error.wrong'));
    });
  }
};

/** The enrolment as a page shows it: a QR code of a fixed size, and the secret grouped. */
export function enrolmentView(enrolment: TotpEnrolment): { qrSvg: string; groups: string } {
  return { qrSvg: enrolment.qrSvg.replace('<svg ', '<svg width="200" height="200" '), groups: groupsOf(enrolment.secret) };
}

/** The base32 secret in groups of four, as people type it from the page. */
export function groupsOf(secret: string): string {
  return (secret.replace(/=+$/, '').match(/.{1,4}/g) ?? []).join(' ');
}
