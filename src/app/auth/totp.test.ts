import { Secret, TOTP } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { createTotpSecret, totpQrSvg, totpUri, verifyTotp } from './totp.js';

// RFC 6238 Appendix B: the SHA-1 test vectors, for the ASCII secret
// "12345678901234567890", with the 8-digit codes the RFC publishes.
const RFC_SECRET = Secret.fromLatin1('12345678901234567890').base32;
const RFC_VECTORS = [
  { time: 59, step: 0x1, code: '94287082' },
  { time: 1111111109, step: 0x23523ec, code: '07081804' },
  { time: 1111111111, step: 0x23523ed, code: '14050471' },
  { time: 1234567890, step: 0x273ef07, code: '89005924' },
  { time: 2000000000, step: 0x3f940aa, code: '69279037' },
  { time: 20000000000, step: 0x27bc86aa, code: '65353130' },
] as const;

const at = (seconds: number): Date => new Date(seconds * 1000);
/** The 6-digit code of a step, computed independently by otpauth. */
const codeOf = (step: number, secret = RFC_SECRET): string =>
  TOTP.generate({ secret: Secret.fromBase32(secret), digits: 6, timestamp: step * 30_000 });

describe('TOTP', () => {
  describe('when checked against the RFC 6238 Appendix B vectors', () => {
    it.each(RFC_VECTORS)('otpauth gives $code at T = $time with 8 digits', ({ time, code }) => {
      expect(TOTP.generate({ secret: Secret.fromBase32(RFC_SECRET), digits: 8, timestamp: time * 1000 })).toBe(code);
    });

    // HOTP truncation (RFC 4226 §5.3) is the same number mod 10^digits, so
    // the 6-digit code is the last six digits of the published one.
    it.each(RFC_VECTORS)('verifyTotp accepts ${code} as six digits at T = $time, step $step', ({ time, step, code }) => {
      expect(verifyTotp(RFC_SECRET, code.slice(2), at(time), { window: 1 })).toEqual({ ok: true, step });
    });
  });

  describe('when the code is from a neighbouring step', () => {
    const now = at(1111111111);
    const current = 0x23523ed;

    it('accepts the previous and the next step with a window of 1', () => {
      expect(verifyTotp(RFC_SECRET, '081804', now, { window: 1 })).toEqual({ ok: true, step: current - 1 });
      expect(verifyTotp(RFC_SECRET, codeOf(current + 1), now, { window: 1 })).toEqual({ ok: true, step: current + 1 });
    });

    it('refuses two steps away', () => {
      expect(verifyTotp(RFC_SECRET, codeOf(current - 2), now, { window: 1 })).toEqual({ ok: false });
      expect(verifyTotp(RFC_SECRET, codeOf(current + 2), now, { window: 1 })).toEqual({ ok: false });
    });

    it('accepts only the current step with a window of 0', () => {
      expect(verifyTotp(RFC_SECRET, '081804', now, { window: 0 })).toEqual({ ok: false });
      expect(verifyTotp(RFC_SECRET, '050471', now, { window: 0 })).toEqual({ ok: true, step: current });
    });

    it('refuses a window wider than RFC 6238 advises', () => {
      expect(() => verifyTotp(RFC_SECRET, '050471', now, { window: 5 })).toThrow(RangeError);
    });
  });

  describe('when a code is replayed', () => {
    const now = at(1111111111);
    const current = 0x23523ed;

    it('refuses the step already used', () => {
      const first = verifyTotp(RFC_SECRET, '050471', now, { window: 1 });
      expect(first).toEqual({ ok: true, step: current });
      expect(verifyTotp(RFC_SECRET, '050471', now, { window: 1, lastUsedStep: current })).toEqual({ ok: false });
    });

    it('refuses an earlier step still in the window once a later one was used', () => {
      expect(verifyTotp(RFC_SECRET, '081804', now, { window: 1, lastUsedStep: current })).toEqual({ ok: false });
    });

    it('accepts the next step after the last used', () => {
      expect(verifyTotp(RFC_SECRET, codeOf(current + 1), now, { window: 1, lastUsedStep: current })).toEqual({
        ok: true,
        step: current + 1,
      });
    });
  });

  describe('when the input is not six digits', () => {
    it.each(['', '50471', '0504710', '14050471', '05047a', '050 47', '-50471', '05.471'])('refuses %j', (code) => {
      expect(verifyTotp(RFC_SECRET, code, at(1111111111), { window: 1 })).toEqual({ ok: false });
    });

    it('accepts the code typed in groups or in full-width digits', () => {
      expect(verifyTotp(RFC_SECRET, '050 471', at(1111111111)).ok).toBe(true);
      expect(verifyTotp(RFC_SECRET, '０５０４７１', at(1111111111)).ok).toBe(true);
    });
  });

  describe('when enrolling', () => {
    it('creates a 160-bit base32 secret, different each time', () => {
      const { secret } = createTotpSecret();
      expect(secret).toMatch(/^[A-Z2-7]{32}$/);
      expect(createTotpSecret().secret).not.toBe(secret);
    });

    it('builds the key URI apps scan, naming Shinrai as the issuer', () => {
      const uri = new URL(totpUri({ secret: RFC_SECRET, account: 'taro@example.go.jp', issuer: 'Shinrai' }));
      expect(uri.protocol).toBe('otpauth:');
      expect(uri.host).toBe('totp');
      expect(decodeURIComponent(uri.pathname)).toBe('/Shinrai:taro@example.go.jp');
      expect(Object.fromEntries(uri.searchParams)).toMatchObject({
        secret: RFC_SECRET,
        issuer: 'Shinrai',
        algorithm: 'SHA1',
        digits: '6',
        period: '30',
      });
    });

    it('draws the URI as an SVG QR code with an accessible title', async () => {
      const svg = await totpQrSvg(totpUri({ secret: RFC_SECRET, account: 'taro@example.go.jp' }), {
        title: 'Scan with "your" app <here>',
      });
      expect(svg).toMatch(/^<svg role="img" xmlns="http:\/\/www\.w3\.org\/2000\/svg" [^>]*><title>/);
      expect(svg).toContain('<title>Scan with &#34;your&#34; app &#60;here&#62;</title>');
      expect(svg).toContain('<path');
    });
  });
});
