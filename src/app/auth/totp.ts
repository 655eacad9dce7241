import { timingSafeEqual } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import * as QRCode from 'qrcode';

/**
 * Time-based one-time passwords (RFC 6238) as authenticator apps expect them:
 * HMAC-SHA-1, 6 digits, 30-second steps. Those are the defaults every app
 * supports; the `algorithm`, `digits` and `period` parameters of the key URI
 * are ignored by several popular apps, so we do not vary them.
 */
const ALGORITHM = 'SHA1';
const DIGITS = 6;
const PERIOD_SECONDS = 30;

/** The name apps show beside the code. */
const ISSUER = 'Shinrai';

/** RFC 4226 §4 R6 recommends a 160-bit shared secret. */
const SECRET_BYTES = 20;

/** A wider window would accept codes minutes old; RFC 6238 §5.2 advises one step. */
const MAX_WINDOW = 2;

/** Creates a random shared secret, base32 as in the key URI and for manual entry. */
export function createTotpSecret(): { secret: string } {
  return { secret: new Secret({ size: SECRET_BYTES }).base32 };
}

/** The `otpauth://totp/…` key URI that authenticator apps scan. */
export function totpUri(input: { secret: string; account: string; issuer?: string }): string {
  return totpFor(input.secret, { label: input.account, issuer: input.issuer ?? ISSUER }).toString();
}

export type TotpCheck = { readonly ok: true; readonly step: number } | { readonly ok: false };

export interface TotpOptions {
  /**
   * How many steps either side of now to accept: RFC 6238 §5.2 recommends at
   * most one, for clock drift and the time taken to type the code.
   */
  readonly window?: number;
  /** The step of the last code accepted for this secret, to refuse its reuse. */
  readonly lastUsedStep?: number | undefined;
}

/**
 * Checks a code against the steps around `now`. A code is refused unless it
 * is six digits (spaces allowed between groups, full-width digits accepted
 * after NFKC), matches one of the steps in the window, and that step is later
 * than the last one used: RFC 6238 §5.2 requires that a verifier "MUST NOT
 * accept the second attempt of the OTP after the successful validation has
 * been issued for the first OTP". Store the returned step as `lastUsedStep`.
 */
export function verifyTotp(secret: string, code: string, now: Date, options: TotpOptions = {}): TotpCheck {
  const window = options.window ?? 1;
  if (!Number.isInteger(window) || window < 0 || window > MAX_WINDOW) {
    throw new RangeError(`TOTP window must be an integer from 0 to ${MAX_WINDOW}, not ${window}`);
  }
  const typed = code.normalize('NFKC').replace(/\s/g, '');
  if (!/^[0-9]{6}$/.test(typed)) return { ok: false };
  const totp = totpFor(secret);
  const current = Math.floor(now.getTime() / 1000 / PERIOD_SECONDS);
  for (let step = current - window; step <= current + window; step += 1) {
    if (options.lastUsedStep !== undefined && step <= options.lastUsedStep) continue;
    const expected = totp.generate({ timestamp: step * PERIOD_SECONDS * 1000 });
    if (timingSafeEqual(Buffer.from(expected), Buffer.from(typed))) return { ok: true, step };
  }
  return { ok: false };
}

/**
 * The key URI as an SVG QR code, with a `<title>` naming it for screen readers
 * (WCAG 2.2 SC 1.1.1). Pages should also show the secret as text, for people
 * who cannot scan a code.
 */
export async function totpQrSvg(
  uri: string,
  options: { title?: string } = {},
): Promise<string> {
  const title = options.title ?? 'QR code to add Shinrai to an authenticator app';
  const svg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });
  // The title as the first child is the image's accessible name (SVG-AAM 1.0 §8.1).
  return svg.replace(/^<svg ([^>]*)>/, `<svg role="img" $1><title>${escapeXml(title)}</title>`);
}

function totpFor(secret: string, names: { label?: string; issuer?: string } = {}): TOTP {
  return new TOTP({
    ...names,
    secret: Secret.fromBase32(secret),
    algorithm: ALGORITHM,
    digits: DIGITS,
    period: PERIOD_SECONDS,
  });
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
