import { createHash } from 'node:crypto';
import type { Actor, AuditOutcome } from '../domain/index.js';
import { canonicalJson } from '../oscal/index.js';
import type { Authority } from './authority.js';
import type { Store } from './ports.js';

/**
 * Who is acting, when and from where: every state-changing use case takes
 * one, and writes an audit record with it in the same transaction as the
 * change (issue 4, "Audit trail").
 */
export interface CommandContext {
  readonly actor: Actor;
  /** On whose authority the command runs; use cases check the policy against it (src/app/policy.ts). */
  readonly authority: Authority;
  readonly now: Date;
  readonly requestId?: string | undefined;
  readonly address?: string | undefined;
}

export interface AuditedChange {
  readonly action: string;
  readonly objectType: string;
  readonly objectId: string | null;
  readonly outcome?: AuditOutcome;
  /** What changed; only its digest is kept. */
  readonly change: unknown;
}

/** Appends the audit record of a change; call it inside the change's transaction. */
export async function recordAudit(tx: Store, context: CommandContext, change: AuditedChange): Promise<void> {
  await tx.audit.append({
    actor: context.actor,
    action: change.action,
    objectType: change.objectType,
    objectId: change.objectId,
    outcome: change.outcome ?? 'done',
    requestId: context.requestId,
    address: context.address,
    digest: createHash('sha256').update(canonicalJson(change.change ?? null)).digest('hex'),
    occurredAt: context.now,
  });
}

/** The context of work the system does by itself (first start, demo data). */
export function systemContext(label: string, now: Date): CommandContext {
  return { actor: { label: `system:${label}` }, authority: { type: 'operator' }, now };
}
