import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type nunjucks from 'nunjucks';
import { PUBLIC } from '../../http/index.js';
import { ANONYMOUS, checkSetPasswordToken, setPasswordWithToken, type Store, type User } from '../../app/index.js';
import { isDomainError } from '../../domain/index.js';
import { translator } from '../../i18n/index.js';
import { confirmMismatch, newPasswordFields, passwordIssues, showNewPasswordForm, type NewPasswordError } from '../new-password-form.js';
import { renderPage } from '../render.js';

/**
 * Public, but only with a one-time token: a person sets their own password
 * from the link an administrator sent them (issue 4). The form carries a
 * CSRF token; a refused password leaves the link usable.
 */
export const setPasswordPage: FastifyPluginAsync<{ env: nunjucks.Environment; store: Store }> = async (app, { env, store }) => {
  const show = (request: FastifyRequest, reply: FastifyReply, user: User, token: string, errors: NewPasswordError[] = []) => {
    const t = translator(request.locale);
    const form = { action: '/account/set-password', title: t('set-password.title'), lead: t('set-password.lead', { email: user.email }), submit: t('set-password.submit') };
    return showNewPasswordForm(env, request, reply, form, user, token, errors);
  };
  const invalid = (request: FastifyRequest, reply: FastifyReply) => {
    const t = translator(request.locale);
    reply.code(404);
    return renderPage(env, request, reply, 'message.njk', { title: t('set-password.invalid.title'), paragraphs: [t('set-password.invalid.body')] });
  };

  app.get('/account/set-password', { schema: { hide: true }, config: PUBLIC }, async (request: FastifyRequest<{ Querystring: { token?: string } }>, reply) => {
    const token = typeof request.query.token === 'string' ? request.query.token : '';
    try {
      return show(request, reply, await checkSetPasswordToken(store, token, new Date()), token);
    } catch (error) {
      if (isDomainError(error) && error.code === 'not-found') return invalid(request, reply);
      throw error;
    }
  });

  app.post('/account/set-password', { schema: { hide: true }, config: PUBLIC, preHandler: app.csrfProtection }, async (request, reply) => {
    const t = translator(request.locale);
    const { token, password, confirm } = newPasswordFields(request.body);
    let user: User;
    try {
      user = await checkSetPasswordToken(store, token, new Date());
    } catch (error) {
      if (isDomainError(error) && error.code === 'not-found') return invalid(request, reply);
      throw error;
    }
    if (password !== confirm) return show(request, reply, user, token, [confirmMismatch(request)]);
    try {
      await setPasswordWithToken(store, { token, password }, { actor: { label: `web:${user.email}` }, authority: ANONYMOUS, now: new Date(), requestId: request.id, address: request.ip });
    } catch (error) {
      if (!isDomainError(error)) throw error;
      if (error.code === 'not-found') return invalid(request, reply);
      if (error.code !== 'validation') throw error;
      return show(request, reply, user, token, passwordIssues(request, error.issues));
    }
    return renderPage(env, request, reply, 'message.njk', {
      title: t('set-password.done.title'),
      panel: true,
      paragraphs: [t('set-password.done.body')],
      link: { href: '/sign-in', text: t('set-password.done.sign-in') },
    });
  });
};
