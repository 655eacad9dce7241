import { setPasswordLink, type DemoAccess } from '../app/index.js';
import type { Translate } from '../i18n/index.js';

/**
 * The demo's people, and for each who has not chosen a password yet a
 * one-time link to do so, shown to whoever loaded the demo (as `shinrai user
 * create` shows its link): the way into the demo as each party.
 */
export function describeDemoPeople(people: readonly DemoAccess[], url: string, t: Translate): string {
  const lines = people.map((person) => {
    const who = `  ${person.email} (${person.organisationNameEn}: ${person.roles.join(', ')})`;
    return person.setPasswordToken ? `${who}\n    ${setPasswordLink(url, person.setPasswordToken)}` : `${who}\n    ${t('cli.serve.demo-password-set')}`;
  });
  return `${t('cli.serve.demo-people')}\n${lines.join('\n')}\n`;
}

/** Where people reach Shinrai, for the links the command line prints: SHINRAI_PUBLIC_URL, or the local server's default address. */
export function defaultBaseUrl(): string {
  return process.env.SHINRAI_PUBLIC_URL ?? `http://localhost:${process.env.PORT ?? 3000}`;
}
