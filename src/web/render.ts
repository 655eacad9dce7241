import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type nunjucks from 'nunjucks';
import { decide } from '../domain/index.js';
import { LOCALES, translator, type Locale, type Translate } from '../i18n/index.js';
import { signInHref } from './safe-next.js';

/** What every page needs besides its own data: language, navigation and the CSP nonce. */
export function renderPage(
  env: nunjucks.Environment,
  request: FastifyRequest,
  reply: FastifyReply,
  template: string,
  data: Record<string, unknown>,
): FastifyReply {
  // Every page, error pages included, runs scripts only from this site, and
  // the govuk template's one inline script only with this response's nonce.
  const nonce = randomBytes(16).toString('base64');
  reply.header('content-security-policy', pagePolicy(nonce));
  const locale = request.locale;
  const t = translator(locale);
  const html = env.render(template, {
    ...data,
    locale,
    t,
    cspNonce: nonce,
    languageLinks: languageLinks(request.url, locale),
    navigation: navigation(request, t),
    account: account(request, reply),
    characterCount: characterCountTexts(t),
  });
  return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
}

/**
 * govukCharacterCount's words in the page's language: the limit under the
 * field (also without JavaScript) and what its script says as one types.
 * The script puts the number where `%{count}` stands.
 */
function characterCountTexts(t: Translate) {
  const count = '%{count}';
  return {
    textareaDescriptionText: t('character-count.description', { count }),
    charactersUnderLimitText: { one: t('character-count.under-one', { count }), other: t('character-count.under-other', { count }) },
    charactersAtLimitText: t('character-count.at-limit'),
    charactersOverLimitText: { one: t('character-count.over-one', { count }), other: t('character-count.over-other', { count }) },
  };
}

/**
 * The header's account links: the person's name, their account and a
 * sign-out form (a POST with its CSRF token, so it works without
 * JavaScript), or a sign-in link that comes back to this page.
 */
function account(request: FastifyRequest, reply: FastifyReply) {
  const path = request.url.split('?')[0] ?? '/';
  const signedIn = request.user;
  if (!signedIn) {
    return { signedIn: false, signInHref: comesBack(path) ? signInHref(path) : '/sign-in' };
  }
  // Error pages are rendered outside the pages' plugin, where there is no CSRF token to give.
  const csrfToken = typeof reply.generateCsrf === 'function' ? reply.generateCsrf() : undefined;
  return { signedIn: true, name: signedIn.user.displayName, csrfToken };
}

/** Pages worth returning to after signing in: not home, not sign-in itself, not the one-time-link pages under /account/. */
function comesBack(path: string): boolean {
  return path !== '/' && !path.startsWith('/sign-') && !path.startsWith('/account/');
}

const LANGUAGE_NAMES: Readonly<Record<Locale, string>> = { ja: '日本語', en: 'English' };

/** The same page in each language: the current URL with `lang` replaced. */
function languageLinks(url: string, current: Locale) {
  const parsed = new URL(url, 'http://localhost');
  return LOCALES.map((lang) => {
    parsed.searchParams.set('lang', lang);
    return {
      text: LANGUAGE_NAMES[lang],
      lang,
      href: `${parsed.pathname}${parsed.search}`,
      current: lang === current,
    };
  });
}

function navigation(request: FastifyRequest, t: (key: string) => string) {
  const path = request.url.split('?')[0] ?? '/';
  const items = [
    { href: '/', text: t('nav.home'), match: (p: string) => p === '/' },
    { href: '/registry', text: t('registry.nav'), match: (p: string) => p === '/registry' || p.startsWith('/services/') },
    { href: '/organisations', text: t('nav.organisations'), match: (p: string) => p.startsWith('/organisations') },
    { href: '/standards', text: t('standards.nav'), match: (p: string) => p === '/standards' || p.startsWith('/standards/') },
    { href: '/api', text: t('nav.api'), match: (p: string) => p === '/api' },
    // Only those the policy lets read the trail see the way to it.
    ...(decide(request.principal, 'audit.read').allowed ? [{ href: '/audit', text: t('audit.nav'), match: (p: string) => p === '/audit' }] : []),
    ...serviceLinks(request, t),
    ...applicationLinks(request, t),
    ...assessmentLinks(request, t),
    // The office's queues of reviews and decisions, and the cases in them.
    ...(decide(request.principal, 'decision.oversee').allowed
      ? [{ href: '/office/reviews', text: t('decisions.nav'), match: (p: string) => p === '/office/decisions' || p.startsWith('/office/reviews') || p.startsWith('/office/cases/') }]
      : []),
    ...certificationLinks(request, t),
    ...bodyLinks(request, t),
  ];
  // The link to the page itself is marked aria-current="page"; the section's link, on pages below it, "true".
  return items.map(({ href, text, match }) => ({ href, text, current: path === href, active: match(path) }));
}

/** The way to a provider's own services, which it applies for. */
function serviceLinks(request: FastifyRequest, t: (key: string) => string) {
  return request.principal?.organisationKind === 'provider' && decide(request.principal, 'service.read').allowed
    ? [{ href: '/provider/services', text: t('services.nav'), match: (p: string) => p.startsWith('/provider/services') }]
    : [];
}

/** The way to applications: a provider's own, or the office's queue for its officers. */
function applicationLinks(request: FastifyRequest, t: (key: string) => string) {
  const href = request.principal?.organisationKind === 'provider' && decide(request.principal, 'application.read').allowed
    ? '/provider/applications'
    : decide(request.principal, 'application.check').allowed ? '/office/applications' : undefined;
  return href ? [{ href, text: t('applications.nav'), match: (p: string) => p.startsWith(href) }] : [];
}

/** The way to a body's assessments, for its people; and to a provider's findings to answer. */
function assessmentLinks(request: FastifyRequest, t: (key: string) => string) {
  const kind = request.principal?.organisationKind;
  const href = kind === 'auditing-body' && decide(request.principal, 'assessment.read').allowed
    ? '/body/assessments'
    : kind === 'provider' && decide(request.principal, 'finding.read').allowed ? '/provider/findings' : undefined;
  return href ? [{ href, text: t(href === '/body/assessments' ? 'assessments.nav' : 'findings.nav'), match: (p: string) => p.startsWith(href) }] : [];
}

/** The office's oversight of auditing bodies (their authorisations); or a body's own conflicts of interest and auditors. */
function bodyLinks(request: FastifyRequest, t: (key: string) => string) {
  if (decide(request.principal, 'body.oversee').allowed) {
    return [{ href: '/office/auditing-bodies', text: t('bodies.office.title'), match: (p: string) => p.startsWith('/office/auditing-bodies') || p.startsWith('/office/authorisations') }];
  }
  const principal = request.principal;
  if (principal?.organisationKind !== 'auditing-body' || !decide(principal, 'body.read-conflicts', { organisationId: principal.organisationId }).allowed) return [];
  return [
    { href: '/body/conflicts', text: t('bodies.conflicts.title'), match: (p: string) => p.startsWith('/body/conflicts') },
    { href: '/body/auditors', text: t('bodies.auditors.title'), match: (p: string) => p.startsWith('/body/auditors') },
  ];
}

/** The way to certifications: a provider's own, or the office's list for anyone of the office. */
function certificationLinks(request: FastifyRequest, t: (key: string) => string) {
  const href =
    request.principal?.organisationKind === 'provider' && decide(request.principal, 'certification.read').allowed
      ? '/provider/certifications'
      : decide(request.principal, 'certification.oversee').allowed
        ? '/office/certifications'
        : undefined;
  return href ? [{ href, text: t('certifications.nav'), match: (p: string) => p.startsWith(href) }] : [];
}

function pagePolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "script-src-attr 'none'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}
