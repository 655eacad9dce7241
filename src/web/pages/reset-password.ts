import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type nunjucks from 'nunjucks';
import { checkPasswordResetToken, requestPasswordReset, resetPassword, RESET_PASSWORD_TTL_HOURS, type Mailer, type Store, type User } from '../../app/index.js';
import { isDomainError, normaliseEmail } from '../../domain/index.js';
import { PUBLIC } from '../../http/index.js';
import { describeIssue, translator } from '../../i18n/index.js';
import { confirmMismatch, newPasswordFields, passwordIssues, showNewPasswordForm, type NewPasswordError } from '../new-password-form.js';
import { renderPage } from '../render.js';
import { clearSessionCookie, webContext } from '../session.js';

const PATH = '/account/reset-password';

/**
 * Requests (a link asked for, or a new password posted) each address may
 * make in the window: enough for a person who mistypes, too few to flood
 * someone's mailbox or to probe many addresses.
 */
const RATE_LIMIT = { max: 10, timeWindow: '15 minutes' } as const;

export interface ResetPasswordOptions {
  readonly env: nunjucks.Environment;
  readonly store: Store;
  readonly mailer: Mailer;
  /** The address people reach Shinrai at, for the link in the mail. */
  readonly publicUrl: string;
}

/**
 * Public: "Forgot your password?" (issue 4). Without a token the page asks
 * for an email address and always answers the same, whether or not an
 * account has it; with a token it asks for a new password. Both forms carry
 * CSRF tokens, and each address may post them `RATE_LIMIT` times.
 */
export const resetPasswordPages: FastifyPluginAsync<ResetPasswordOptions> = async (app, { env, store, mailer, publicUrl }) => {
  const showRequest = (request: FastifyRequest, reply: FastifyReply, email = '', error?: string) => {
    const t = translator(request.locale);
    if (error) reply.code(400);
    return renderPage(env, request, reply, 'reset-password.njk', {
      title: t('reset.request.title'),
      email,
      csrfToken: reply.generateCsrf(),
      errors: error ? [{ text: error, href: '#email' }] : [],
      fieldErrors: error ? { email: error } : {},
    });
  };

  const showNewPassword = async (request: FastifyRequest, reply: FastifyReply, token: string, errors: NewPasswordError[] = []) => {
    const t = translator(request.locale);
    let user: User;
    try {
      user = await checkPasswordResetToken(store, token, new Date());
    } catch (error) {
      if (isDomainError(error) && error.code === 'not-found') return showInvalid(request, reply);
      throw error;
    }
    const form = { action: PATH, title: t('reset.form.title'), lead: t('reset.form.lead', { email: user.email }), submit: t('reset.form.submit') };
    return showNewPasswordForm(env, request, reply, form, user, token, errors);
  };

  const showInvalid = (request: FastifyRequest, reply: FastifyReply) => {
    const t = translator(request.locale);
    reply.code(404);
    return renderPage(env, request, reply, 'message.njk', {
      title: t('reset.invalid.title'),
      paragraphs: [t('reset.invalid.body', { count: RESET_PASSWORD_TTL_HOURS })],
      link: { href: PATH, text: t('reset.invalid.again') },
    });
  };

  const askForLink = async (request: FastifyRequest, reply: FastifyReply, typed: string) => {
    const t = translator(request.locale);
    if (typed === '') return showRequest(request, reply, typed, t('reset.request.error.email-required'));
    let email: string;
    try {
      email = normaliseEmail(typed);
    } catch (error) {
      if (!isDomainError(error) || !error.issues[0]) throw error;
      return showRequest(request, reply, typed, describeIssue(request.locale, error.issues[0]));
    }
    // Not awaited: how long the mail server takes would tell whether the
    // address has an account. A failure is for the operator's log, not the page.
    void requestPasswordReset(store, mailer, { email, baseUrl: publicUrl }, webContext(request)).catch((error: unknown) =>
      request.log.error({ err: error }, 'password reset request failed'),
    );
    return renderPage(env, request, reply, 'message.njk', {
      title: t('reset.sent.title'),
      paragraphs: [t('reset.sent.body', { email, count: RESET_PASSWORD_TTL_HOURS }), t('reset.sent.again')],
      link: { href: PATH, text: t('reset.sent.again-link') },
    });
  };

  const chooseNewPassword = async (request: FastifyRequest, reply: FastifyReply) => {
    const t = translator(request.locale);
    const { token, password, confirm } = newPasswordFields(request.body);
    if (password !== confirm) return showNewPassword(request, reply, token, [confirmMismatch(request)]);
    let user: User;
    try {
      user = await resetPassword(store, { token, password }, webContext(request));
    } catch (error) {
      if (!isDomainError(error)) throw error;
      if (error.code === 'not-found') return showInvalid(request, reply);
      if (error.code !== 'validation') throw error;
      return showNewPassword(request, reply, token, passwordIssues(request, error.issues));
    }
    if (request.user?.user.id === user.id) {
      // Their session here was revoked with the others: the page should not show them signed in.
      clearSessionCookie(request, reply);
      request.user = undefined;
    }
    return renderPage(env, request, reply, 'message.njk', {
      title: t('reset.done.title'),
      panel: true,
      paragraphs: [t('reset.done.body')],
      link: { href: '/sign-in', text: t('reset.done.sign-in') },
    });
  };

  app.get(PATH, { schema: { hide: true }, config: PUBLIC }, async (request: FastifyRequest<{ Querystring: { token?: unknown } }>, reply) => {
    const token = request.query.token;
    if (token === undefined) return showRequest(request, reply);
    return showNewPassword(request, reply, typeof token === 'string' ? token : '');
  });

  app.post(PATH, { schema: { hide: true }, preHandler: app.csrfProtection, config: { ...PUBLIC, rateLimit: RATE_LIMIT } }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    // The new-password form carries its token; the form that asks for a link does not.
    if ('token' in body) return chooseNewPassword(request, reply);
    return askForLink(request, reply, typeof body.email === 'string' ? body.email.trim() : '');
  });
};
