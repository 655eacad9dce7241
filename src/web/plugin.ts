import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';
import { supplyChainNotYetAssessed, type Mailer, type SignInDeps, type Store, type SupplyChainConditions } from '../app/index.js';
import { PUBLIC } from '../http/index.js';
import { locatePublicDir } from './locate-public.js';
import { createEnvironment } from './nunjucks.js';
import { accountPages } from './pages/account.js';
import { accountTotpPages } from './pages/account-totp.js';
import { accountTokenPages } from './pages/account-tokens.js';
import { apiReferencePage } from './pages/api-reference.js';
import { auditPages } from './pages/audit.js';
import { auditExportPages } from './pages/audit-export.js';
import { auditingBodyPage } from './pages/auditing-body.js';
import { bodyAssessmentControlPages } from './pages/body-assessment-control.js';
import { bodyAssessmentPages } from './pages/body-assessments.js';
import { certificatePage } from './pages/certificate.js';
import { bodyPortalPages } from './pages/body-portal.js';
import { evidenceDownloadPage } from './pages/evidence-download.js';
import { applicationEditPages } from './pages/application-edit.js';
import { officeApplicationPages } from './pages/office-applications.js';
import { officeCertificationPages } from './pages/office-certifications.js';
import { officeAuditingBodyPages } from './pages/office-auditing-bodies.js';
import { officeDecisionPages } from './pages/office-decisions.js';
import { homePage } from './pages/home.js';
import { organisationPages } from './pages/organisations.js';
import { organisationUserPage } from './pages/organisation-user.js';
import { organisationUserPages } from './pages/organisation-users.js';
import { problemPages } from './pages/problems.js';
import { providerApplicationPages } from './pages/provider-applications.js';
import { providerFindingPages } from './pages/provider-findings.js';
import { providerCertificationPages } from './pages/provider-certifications.js';
import { providerServicePages } from './pages/provider-services.js';
import { registryPages } from './pages/registry.js';
import { resetPasswordPages } from './pages/reset-password.js';
import { servicePage } from './pages/service.js';
import { serviceReviewPages } from './pages/service-reviews.js';
import { serviceFormPages } from './pages/service-form.js';
import { setPasswordPage } from './pages/set-password.js';
import { secondFactorPages } from './pages/second-factor.js';
import { signInPage } from './pages/sign-in.js';
import { standardPages } from './pages/standards.js';
import { standardControlPage } from './pages/standards-control.js';
import { standardDiffPage } from './pages/standards-diff.js';
import { sessionHook, signInRedirect } from './session.js';

export interface WebOptions {
  readonly store: Store;
  /** IANA time zone in which pages show dates (the programme's). */
  readonly timeZone: string;
  /** Sign-in attempts allowed per address per minute (default 20). */
  readonly signInRateLimit?: number | undefined;
  /** Sends invitations and reset links. */
  readonly mailer: Mailer;
  /** The address people reach Shinrai at, for links in mail. */
  readonly publicUrl: string;
  /** For tests: how sign-in checks a password (a counting wrapper around the real one). */
  readonly signIn?: SignInDeps | undefined;
  /** Grade 3's supply-chain conditions for decisions; by default the stand-in that answers "not yet assessed". */
  readonly supplyChain?: SupplyChainConditions | undefined;
}

/** The server-rendered pages. They work without JavaScript; most are public, the account pages need a session, an organisation's people its admin. */
export function webPages(options: WebOptions): { plugin: FastifyPluginAsync; env: ReturnType<typeof createEnvironment> } {
  const env = createEnvironment(options.timeZone);
  const plugin: FastifyPluginAsync = async (app) => {
    // The stylesheet, scripts and icons are public, like the pages that use them
    // (a route of our own, so that it declares its access like every other).
    await app.register(fastifyStatic, { root: locatePublicDir(), serve: false, index: false, maxAge: '1h' });
    app.get('/assets/*', { schema: { hide: true }, config: PUBLIC }, (request, reply) =>
      reply.sendFile((request.params as { '*': string })['*']),
    );
    // Forms post url-encoded bodies, and every form carries a CSRF token bound
    // to a cookie that only this site can read (double submit).
    await app.register(formbody, { bodyLimit: 64 * 1024 });
    await app.register(csrf, { cookieOpts: { path: '/', sameSite: 'strict', httpOnly: true } });
    // Sign-in is limited per address as well as per account (issue 4):
    // only the routes that ask for it are counted.
    await app.register(rateLimit, { global: false });
    // The session cookie, resolved once per page request into request.user.
    app.decorateRequest('user', undefined);
    app.addHook('onRequest', sessionHook(options.store));
    app.setErrorHandler(signInRedirect);
    // An explicit language choice is remembered, so links keep it.
    app.addHook('onRequest', async (request, reply) => {
      const lang = (request.query as Record<string, unknown> | undefined)?.lang;
      if ((lang === 'ja' || lang === 'en') && request.cookies.lang !== lang) {
        reply.setCookie('lang', lang, {
          path: '/',
          maxAge: 365 * 24 * 3600,
          sameSite: 'lax',
          httpOnly: true,
          secure: request.protocol === 'https',
        });
      }
    });
    await app.register(homePage, { env, store: options.store });
    await app.register(organisationPages, { env, store: options.store });
    await app.register(standardPages, { env, store: options.store });
    await app.register(standardControlPage, { env, store: options.store });
    await app.register(standardDiffPage, { env, store: options.store });
    await app.register(apiReferencePage, { env });
    await app.register(problemPages, { env });
    await app.register(setPasswordPage, { env, store: options.store });
    await app.register(resetPasswordPages, { env, store: options.store, mailer: options.mailer, publicUrl: options.publicUrl });
    await app.register(signInPage, { env, store: options.store, rateLimit: options.signInRateLimit ?? 20, deps: options.signIn ?? {} });
    await app.register(secondFactorPages, { env, store: options.store });
    await app.register(accountPages, { env, store: options.store });
    await app.register(accountTotpPages, { env, store: options.store });
    await app.register(auditPages, { env, store: options.store, timeZone: options.timeZone });
    await app.register(auditExportPages, { store: options.store, timeZone: options.timeZone });
    await app.register(organisationUserPages, { env, store: options.store, mailer: options.mailer, publicUrl: options.publicUrl });
    await app.register(organisationUserPage, { env, store: options.store });
    await app.register(accountTokenPages, { env, store: options.store, publicUrl: options.publicUrl });
    await app.register(providerServicePages, { env, store: options.store });
    await app.register(serviceFormPages, { env, store: options.store });
    await app.register(servicePage, { env, store: options.store, timeZone: options.timeZone });
    await app.register(registryPages, { env, store: options.store, timeZone: options.timeZone });
    await app.register(auditingBodyPage, { env, store: options.store, timeZone: options.timeZone });
    await app.register(officeAuditingBodyPages, { env, store: options.store, timeZone: options.timeZone });
    await app.register(providerApplicationPages, { env, store: options.store, timeZone: options.timeZone });
    await app.register(officeApplicationPages, { env, store: options.store, timeZone: options.timeZone });
    await app.register(applicationEditPages, { env, store: options.store, timeZone: options.timeZone });
    await app.register(bodyPortalPages, { env, store: options.store, timeZone: options.timeZone });
    await app.register(bodyAssessmentPages, { env, store: options.store, timeZone: options.timeZone });
    await app.register(bodyAssessmentControlPages, { env, store: options.store, timeZone: options.timeZone });
    await app.register(evidenceDownloadPage, { store: options.store, timeZone: options.timeZone });
    await app.register(providerFindingPages, { env, store: options.store });
    await app.register(officeDecisionPages, { env, store: options.store, decisions: { supplyChain: options.supplyChain ?? supplyChainNotYetAssessed, timeZone: options.timeZone } });
    await app.register(certificatePage, { env, store: options.store });
    await app.register(officeCertificationPages, { env, store: options.store, timeZone: options.timeZone, supplyChain: options.supplyChain ?? supplyChainNotYetAssessed });
    await app.register(providerCertificationPages, { env, store: options.store, timeZone: options.timeZone });
    await app.register(serviceReviewPages, { env, store: options.store });
  };
  return { plugin, env };
}
