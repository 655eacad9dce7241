-- TOTP secrets are sealed at rest (src/store/secret-box.ts): the columns
-- hold `v1.<nonce>.<ciphertext>.<tag>` instead of base32. The checks are
-- added NOT VALID so that a database with secrets in the clear still
-- migrates; the server seals those at start (sealPlaintextTotpSecrets), and
-- every write from then on must be sealed.
ALTER TABLE app_user
  DROP CONSTRAINT app_user_totp_secret_check,
  DROP CONSTRAINT app_user_totp_pending_secret_check;
ALTER TABLE app_user
  ADD CONSTRAINT app_user_totp_secret_sealed CHECK (totp_secret ~ '^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$') NOT VALID,
  ADD CONSTRAINT app_user_totp_pending_secret_sealed CHECK (totp_pending_secret ~ '^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$') NOT VALID;
