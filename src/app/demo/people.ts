import type { Role } from '../../domain/index.js';
import { recordAudit, systemContext } from '../audit.js';
import { createToken } from '../auth/index.js';
import { createUser, SET_PASSWORD_TTL_HOURS } from '../users.js';
import type { Store } from '../ports.js';

/**
 * People of the demo organisations, one or two per kind, so that a newcomer
 * can sign in as each party. They have no password: every start of the demo
 * gives each of them who still has none a fresh one-time link (the earlier
 * ones stop working), shown by the command that started the server.
 * Nothing here is a shared secret, so a demo left running is no open door.
 */
interface DemoPerson {
  /** The registry id of the demo organisation (src/app/demo/organisations.ts). */
  readonly registryId: string;
  readonly email: string;
  readonly displayName: string;
  readonly roles: readonly Role[];
}

export const DEMO_PEOPLE: readonly DemoPerson[] = [
  { registryId: '3000012010001', email: 'admin@office.demo.example.go.jp', displayName: '事務局 管理者', roles: ['admin'] },
  { registryId: '3000012010001', email: 'officer@office.demo.example.go.jp', displayName: '審査 一郎', roles: ['officer'] },
  { registryId: '3000012010001', email: 'approver@office.demo.example.go.jp', displayName: '承認 花子', roles: ['approver'] },
  { registryId: '3000012010001', email: 'registrar@office.demo.example.go.jp', displayName: '登録 次郎', roles: ['registrar'] },
  { registryId: '4010001234567', email: 'lead@toto-audit.demo.example.jp', displayName: '監査 主任', roles: ['lead-auditor', 'admin'] },
  { registryId: '4010001234567', email: 'auditor@toto-audit.demo.example.jp', displayName: '監査 三郎', roles: ['auditor'] },
  { registryId: '8011001200002', email: 'admin@sakura-infra.demo.example.jp', displayName: 'さくら 管理者', roles: ['admin', 'compliance'] },
  { registryId: '8000020130001', email: 'staff@digital.demo.example.go.jp', displayName: 'デジタル 職員', roles: ['staff', 'procurement', 'admin'] },
  // The people who act in the demo's certification cases (./cases.ts): a lead auditor of the second body, and each provider's compliance person.
  { registryId: '9010401100001', email: 'lead@minato-assurance.demo.example.jp', displayName: 'みなと 監査主任', roles: ['lead-auditor', 'admin'] },
  { registryId: '4120001300003', email: 'compliance@hokkai-dc.demo.example.jp', displayName: '北海 コンプライアンス', roles: ['compliance'] },
  { registryId: '9010401400004', email: 'compliance@hikari-gov.demo.example.jp', displayName: 'ひかり コンプライアンス', roles: ['compliance'] },
  { registryId: '7011101500005', email: 'compliance@mirai-kintai.demo.example.jp', displayName: 'ミライ コンプライアンス', roles: ['compliance'] },
  { registryId: '7010001600006', email: 'compliance@tsubasa.demo.example.jp', displayName: 'つばさ コンプライアンス', roles: ['compliance'] },
  { registryId: '549300VZ2Y4XKHM5YJ04', email: 'compliance@nordicstrata.demo.example.se', displayName: 'Nordic Strata Compliance', roles: ['compliance'] },
  { registryId: 'K7LMN4PQ2RS8', email: 'compliance@atlascompute.demo.example.com', displayName: 'Atlas Compliance', roles: ['compliance'] },
  { registryId: '51824753556', email: 'compliance@southerncross-data.demo.example.com.au', displayName: 'Southern Cross Compliance', roles: ['compliance'] },
  { registryId: '09876543', email: 'compliance@bluefinch.demo.example.co.uk', displayName: 'Bluefinch Compliance', roles: ['compliance'] },
  { registryId: '4180001700007', email: 'compliance@shizuku-kaikei.demo.example.jp', displayName: 'しずく コンプライアンス', roles: ['compliance'] },
];

export interface DemoAccess {
  readonly email: string;
  readonly displayName: string;
  readonly organisationNameEn: string;
  readonly roles: readonly Role[];
  /** A fresh one-time set-password token, for someone who has not set a password yet. */
  readonly setPasswordToken: string | null;
}

/** Adds the demo people that are missing, and gives a new link to each who has not set a password. */
export async function ensureDemoPeople(store: Store, now: Date): Promise<DemoAccess[]> {
  const context = systemContext('demo', now);
  const access: DemoAccess[] = [];
  for (const person of DEMO_PEOPLE) {
    const organisation = (await store.organisations.list({ text: person.registryId }, { limit: 1 })).items[0];
    if (!organisation) continue;
    const existing = await store.users.findByEmail(person.email);
    if (!existing) {
      const created = await createUser(store, { organisationId: organisation.id, email: person.email, displayName: person.displayName, roles: person.roles }, context);
      access.push({ ...person, organisationNameEn: organisation.nameEn, setPasswordToken: created.setPasswordToken });
      continue;
    }
    if (existing.hasPassword || existing.status !== 'active') {
      access.push({ ...person, organisationNameEn: organisation.nameEn, setPasswordToken: null });
      continue;
    }
    const token = createToken('shr_setpw');
    await store.transaction(async (tx) => {
      await tx.users.retireOneTimeTokens(existing.id, 'set-password', now);
      await tx.users.insertOneTimeToken({
        tokenHash: token.hash,
        userId: existing.id,
        purpose: 'set-password',
        createdAt: now,
        expiresAt: new Date(now.getTime() + SET_PASSWORD_TTL_HOURS * 3_600_000),
      });
      await recordAudit(tx, context, { action: 'user.set-password-link', objectType: 'user', objectId: existing.id, change: { userId: existing.id } });
    });
    access.push({ ...person, organisationNameEn: organisation.nameEn, setPasswordToken: token.token });
  }
  return access;
}
