import type { Principal } from '../domain/index.js';

/**
 * On whose authority a command runs:
 * - `principal`: a signed-in person, or a machine client with their token;
 *   the policy (src/domain/policy.ts) decides what they may do;
 * - `operator`: whoever runs the command line or the server itself. They
 *   hold the database already, so the policy has nothing to refuse them;
 * - `anonymous`: nobody signed in; only what proves itself otherwise
 *   (a password, a one-time link) or needs no proof (public reading).
 */
export type Authority =
  | { readonly type: 'principal'; readonly principal: Principal }
  | { readonly type: 'operator' }
  | { readonly type: 'anonymous' };

export const OPERATOR: Authority = { type: 'operator' };
export const ANONYMOUS: Authority = { type: 'anonymous' };
