import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type nunjucks from 'nunjucks';
import { createApiToken, listApiTokens, revokeApiToken, type Store } from '../../app/index.js';
import { API_TOKEN_DEFAULT_DAYS, API_TOKEN_LIFETIMES, grantableScopes, isDomainError, type FieldIssue, type TokenScope } from '../../domain/index.js';
import { translator } from '../../i18n/index.js';
import { describeFieldIssue } from '../field-errors.js';
import { renderPage } from '../render.js';
import { signInHref } from '../safe-next.js';
import { webContext } from '../session.js';

/**
 * A person's API tokens (issue 4, "API tokens" and "my account"): the list,
 * with a revoke button for each live one, and the form to make one. A new
 * token is shown once, in the answer to the form, which is never cached
 * (renderPage sends no-store). Only a person at a browser may manage tokens:
 * the policy refuses `token.manage` to tokens themselves.
 */
const MANAGE = { access: { action: 'token.manage' } } as const;
const PATH = '/account/tokens';

interface TokenForm {
  readonly name: string;
  readonly scopes: readonly string[];
  readonly expiresInDays: number | undefined;
}

const EMPTY_FORM: TokenForm = { name: '', scopes: [], expiresInDays: API_TOKEN_DEFAULT_DAYS };

/** Where each field's error links to: the id of its input (the first checkbox, for the scopes). */
const FIELD_IDS: Readonly<Record<string, string>> = { '/name': 'name', '/scopes': 'scopes', '/expiresInDays': 'expires-in-days' };

export const accountTokenPages: FastifyPluginAsync<{ env: nunjucks.Environment; store: Store; publicUrl: string }> = async (app, { env, store, publicUrl }) => {
  const showList = async (request: FastifyRequest, reply: FastifyReply, form: TokenForm, issues: readonly FieldIssue[] = []) => {
    const t = translator(request.locale);
    const tokens = await listApiTokens(store, webContext(request));
    const revokedId = (request.query as { revoked?: unknown }).revoked;
    const revoked = issues.length === 0 ? tokens.find((token) => token.id === revokedId && token.state === 'revoked') : undefined;
    const problems = issues.map((issue) => ({ field: issue.pointer.slice(1), id: FIELD_IDS[issue.pointer] ?? 'name', text: describeFieldIssue(request.locale, issue) }));
    if (problems.length > 0) reply.code(400);
    const scopeName = (scope: TokenScope) => t(`tokens.scope.${scope}`);
    return renderPage(env, request, reply, 'account-tokens.njk', {
      title: t('tokens.title'),
      tokens: tokens.map((token) => ({ ...token, scopeNames: token.scopes.map(scopeName).join(request.locale === 'ja' ? '、' : ', ') })),
      revoked,
      form,
      scopes: request.principal ? grantableScopes(request.principal) : [],
      lifetimes: API_TOKEN_LIFETIMES,
      errors: problems.map((problem) => ({ text: problem.text, href: `#${problem.id}` })),
      fieldErrors: Object.fromEntries(problems.map((problem) => [problem.field, problem.text])),
      csrfToken: reply.generateCsrf(),
    });
  };

  app.get(PATH, { schema: { hide: true }, config: MANAGE }, async (request, reply) => {
    if (!request.user) return reply.redirect(signInHref(PATH), 303);
    return showList(request, reply, EMPTY_FORM);
  });

  app.post(PATH, { schema: { hide: true }, config: MANAGE, preHandler: app.csrfProtection }, async (request, reply) => {
    if (!request.user) return reply.redirect('/sign-in', 303);
    const form = readForm(request.body);
    const created = await createApiToken(store, webContext(request), form).catch((error: unknown) => {
      if (isDomainError(error) && error.code === 'validation') return error;
      throw error;
    });
    if (isDomainError(created)) return showList(request, reply, form, created.issues);
    const t = translator(request.locale);
    return renderPage(env, request, reply, 'account-token-created.njk', {
      title: t('tokens.created.title'),
      token: created.token,
      apiToken: created.apiToken,
      apiUrl: `${publicUrl}/api/v1/tokens/current`,
    });
  });

  app.post(`${PATH}/:id/revoke`, { schema: { hide: true }, config: MANAGE, preHandler: app.csrfProtection }, async (request: FastifyRequest<{ Params: { id: string } }>, reply) => {
    if (!request.user) return reply.redirect('/sign-in', 303);
    await revokeApiToken(store, webContext(request), request.params.id);
    return reply.redirect(`${PATH}?revoked=${encodeURIComponent(request.params.id)}`, 303);
  });
};

/** The form's fields as sent: one checked box arrives as a string, several as an array. */
function readForm(body: unknown): TokenForm {
  const fields = (body ?? {}) as { name?: unknown; scopes?: unknown; expiresInDays?: unknown };
  const scopes = [fields.scopes].flat().filter((scope): scope is string => typeof scope === 'string');
  const days = typeof fields.expiresInDays === 'string' && /^\d{1,4}$/.test(fields.expiresInDays) ? Number(fields.expiresInDays) : Number.NaN;
  return { name: typeof fields.name === 'string' ? fields.name : '', scopes, expiresInDays: fields.expiresInDays === undefined ? undefined : days };
}
