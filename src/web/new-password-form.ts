import type { FastifyReply, FastifyRequest } from 'fastify';
import type nunjucks from 'nunjucks';
import type { User } from '../app/index.js';
import type { FieldIssue } from '../domain/index.js';
import { describeIssue, translator } from '../i18n/index.js';
import { renderPage } from './render.js';

/**
 * The form in which a person chooses a password with a one-time link: the
 * first one (set-password) or a new one (reset-password). Both pages post the
 * same fields; only the wording and where it posts differ.
 */
export interface NewPasswordForm {
  readonly action: string;
  readonly title: string;
  readonly lead: string;
  readonly submit: string;
}

export interface NewPasswordFields {
  readonly token: string;
  readonly password: string;
  readonly confirm: string;
}

export interface NewPasswordError {
  readonly field: 'password' | 'confirm';
  readonly text: string;
}

/** The posted fields, each a string (missing or repeated ones count as empty). */
export function newPasswordFields(body: unknown): NewPasswordFields {
  const fields = (body ?? {}) as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  return { token: text(fields.token), password: text(fields.password), confirm: text(fields.confirm) };
}

/** Shows the form for `user`, carrying the token and a fresh CSRF token; with errors, as a 400. */
export function showNewPasswordForm(
  env: nunjucks.Environment,
  request: FastifyRequest,
  reply: FastifyReply,
  form: NewPasswordForm,
  user: User,
  token: string,
  errors: readonly NewPasswordError[] = [],
): FastifyReply {
  if (errors.length > 0) reply.code(400);
  return renderPage(env, request, reply, 'set-password.njk', {
    ...form,
    user,
    token,
    csrfToken: reply.generateCsrf(),
    errors: errors.map((e) => ({ text: e.text, href: `#${e.field}` })),
    fieldErrors: Object.fromEntries(errors.map((e) => [e.field, e.text])),
  });
}

/** The error of two passwords that differ, in the reader's language. */
export function confirmMismatch(request: FastifyRequest): NewPasswordError {
  return { field: 'confirm', text: translator(request.locale)('set-password.error.confirm') };
}

/** A refused password's issues (too short, common, …) as errors of its field. */
export function passwordIssues(request: FastifyRequest, issues: readonly FieldIssue[]): NewPasswordError[] {
  return issues.map((issue) => ({ field: 'password', text: describeIssue(request.locale, issue) }));
}
