import type { Organisation } from '../domain/index.js';
import { translator, type Locale } from '../i18n/index.js';
import { recordAudit, type CommandContext } from './audit.js';
import type { Mailer, OutgoingMail, Store } from './ports.js';
import { createUser, SET_PASSWORD_TTL_HOURS, setPasswordLink, type CreatedUser, type CreateUserInput } from './users.js';

export interface InviteUserInput extends CreateUserInput {
  /** Shinrai's public address, which the link in the mail starts with. */
  readonly baseUrl: string;
}

/**
 * An organisation's admin (or the programme office's) adds a person and
 * mails them the link with which they set their own password (issue 4,
 * "Organisation admins invite and remove their own users"). The mail goes
 * before the person is committed, so a mail that could not be sent leaves
 * nobody half-invited.
 */
export async function inviteUser(store: Store, mailer: Mailer, input: InviteUserInput, context: CommandContext): Promise<CreatedUser> {
  return createUser(store, input, context, async (tx, created, organisation) => {
    await recordAudit(tx, context, {
      action: 'user.invite',
      objectType: 'user',
      objectId: created.user.id,
      change: { userId: created.user.id, mailedTo: created.user.email, expiresAt: created.expiresAt.toISOString() },
    });
    await mailer.send(invitationMail(organisation, created, input.baseUrl));
  });
}

/** The language a stranger reads is unknown, so the mail says it all in Japanese, then in English. */
const MAIL_LOCALES: readonly Locale[] = ['ja', 'en'];

function invitationMail(organisation: Organisation, created: CreatedUser, baseUrl: string): OutgoingMail {
  const link = setPasswordLink(baseUrl, created.setPasswordToken);
  const say = (key: string) =>
    MAIL_LOCALES.map((locale) =>
      translator(locale)(key, {
        name: created.user.displayName,
        organisation: locale === 'ja' ? organisation.nameJa : organisation.nameEn,
        hours: SET_PASSWORD_TTL_HOURS,
        link,
      }),
    );
  return { to: created.user.email, subject: say('users.mail.subject').join(' / '), text: `${say('users.mail.body').join('\n\n----\n\n')}\n` };
}
