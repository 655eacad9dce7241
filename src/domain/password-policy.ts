import { DomainError, type FieldIssue } from './errors.js';

/**
 * Which passwords a person may choose, after NIST SP 800-63B rev 4 §3.1.1.2
 * ("Password Verifiers"): length over complexity. There are no composition
 * rules (no "one digit, one symbol"), no periodic expiry and no hints; what is
 * refused is what is short, what is on a list of passwords already known to
 * attackers, and what contains the person's own name or email address.
 *
 * Pure: the blocklist is passed in as a predicate, so the file that holds it is
 * read by the application layer, not here.
 */

/** §3.1.1.2: at least 15 characters when the password is the only factor… */
export const MIN_LENGTH_SINGLE_FACTOR = 15;
/** …and at least 8 when it is one factor of a multi-factor authenticator. */
export const MIN_LENGTH_WITH_MFA = 8;
/**
 * §3.1.1.2 requires accepting at least 64 characters. We accept up to 256:
 * generous for passphrases and password managers, and it bounds the work an
 * attacker can make the hashing do with one request.
 */
export const MAX_LENGTH = 256;
/** Shorter user inputs ("Li", "ab") would refuse too many good passwords. */
export const MIN_USER_INPUT_LENGTH = 4;

export interface PasswordContext {
  /** `MIN_LENGTH_SINGLE_FACTOR` or `MIN_LENGTH_WITH_MFA`, as the account requires. */
  readonly minLength: number;
  /** Whether the NFKC-normalised, lower-cased password is on the blocklist. */
  readonly isCommon: (normalised: string) => boolean;
  /** The person's email local part, names and the like. */
  readonly userInputs: readonly string[];
}

export type PasswordIssueCode =
  | 'password-too-short'
  | 'password-too-long'
  | 'password-common'
  | 'password-contains-user-input';

const POINTER = '/password';

/**
 * Refuses a new password that breaks the policy, throwing `validation` with
 * one issue per rule broken at `/password`. Length is counted in Unicode code
 * points after NFKC normalisation (§3.1.1.2: "each Unicode code point SHALL be
 * counted as a single character"); every printable character, spaces and
 * emoji included, is allowed.
 */
export function checkPassword(password: string, context: PasswordContext): void {
  const normalised = password.normalize('NFKC');
  const length = [...normalised].length;
  if (length < context.minLength) {
    throw refusal([issue('password-too-short', { minLength: context.minLength })]);
  }
  if (length > MAX_LENGTH) {
    throw refusal([issue('password-too-long', { maxLength: MAX_LENGTH })]);
  }

  const folded = normalised.toLowerCase();
  const issues: FieldIssue[] = [];
  if (context.isCommon(folded)) issues.push(issue('password-common'));
  if (userInputsOf(context.userInputs).some((input) => folded.includes(input))) {
    issues.push(issue('password-contains-user-input'));
  }
  if (issues.length > 0) throw refusal(issues);
}

/**
 * Each input whole and split at spaces and the punctuation of email local
 * parts, so that "taro.yamada" and "Taro Yamada" both catch "yamada", each
 * folded the same way as the password and kept only when long enough.
 */
function userInputsOf(inputs: readonly string[]): string[] {
  const words = new Set<string>();
  for (const input of inputs) {
    const folded = input.normalize('NFKC').toLowerCase().trim();
    for (const word of [folded, ...folded.split(/[\s._+\-@]+/u)]) {
      if ([...word].length >= MIN_USER_INPUT_LENGTH) words.add(word);
    }
  }
  return [...words];
}

function issue(code: PasswordIssueCode, params?: Record<string, number>): FieldIssue {
  return params === undefined ? { pointer: POINTER, code } : { pointer: POINTER, code, params };
}

function refusal(issues: FieldIssue[]): DomainError {
  return new DomainError('validation', `password refused: ${issues.map((i) => i.code).join(', ')}`, { issues });
}
