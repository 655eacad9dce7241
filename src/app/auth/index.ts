export { loadCommonPasswords, type CommonPasswordCheck } from './common-passwords.js';
export { hashPassword, needsRehash, PASSWORD_HASH_OPTIONS, verifyPassword } from './password-hash.js';
export {
  createTotpSecret,
  totpQrSvg,
  totpUri,
  verifyTotp,
  type TotpCheck,
  type TotpOptions,
} from './totp.js';
export {
  createToken,
  hashToken,
  sameHash,
  TOKEN_PREFIXES,
  tokenPrefixOf,
  type NewToken,
  type TokenPrefix,
} from './tokens.js';
