import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Identity federation: logins in progress (embedded mode; Redis otherwise), the hub's own SAML SP key pairs
 * (generated at first start, private keys sealed with SECRET_KEY), and the binding of home-ENT people to their
 * external identity (issuer + stable subject, unique: one directory person per home-ENT identity).
 */
export class Federation1764800000000 implements MigrationInterface {
  name = 'Federation1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE pending_login (
        key text PRIMARY KEY CONSTRAINT pending_login_key_length CHECK (length(key) BETWEEN 1 AND 200),
        data jsonb NOT NULL,
        expires_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX pending_login_expires_idx ON pending_login (expires_at)`);

    await q.query(`
      CREATE TABLE federation_sp_credential (
        purpose text PRIMARY KEY CONSTRAINT federation_sp_credential_purpose_known CHECK (purpose IN ('signing', 'encryption')),
        private_key_box text NOT NULL,
        certificate_pem text NOT NULL CONSTRAINT federation_sp_credential_pem CHECK (certificate_pem LIKE '-----BEGIN CERTIFICATE-----%'),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`ALTER TABLE person ADD COLUMN external_issuer text`);
    await q.query(`ALTER TABLE person ADD COLUMN external_subject text`);
    await q.query(`ALTER TABLE person ADD CONSTRAINT person_external_identity_complete
      CHECK ((external_issuer IS NULL) = (external_subject IS NULL))`);
    await q.query(`ALTER TABLE person ADD CONSTRAINT person_external_identity_is_home
      CHECK (external_issuer IS NULL OR origin = 'HOME')`);
    await q.query(`CREATE UNIQUE INDEX person_external_identity_unique ON person (external_issuer, external_subject)
      WHERE external_subject IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS person_external_identity_unique`);
    await q.query(`ALTER TABLE person DROP CONSTRAINT IF EXISTS person_external_identity_is_home`);
    await q.query(`ALTER TABLE person DROP CONSTRAINT IF EXISTS person_external_identity_complete`);
    await q.query(`ALTER TABLE person DROP COLUMN IF EXISTS external_subject`);
    await q.query(`ALTER TABLE person DROP COLUMN IF EXISTS external_issuer`);
    await q.query(`DROP TABLE IF EXISTS federation_sp_credential`);
    await q.query(`DROP TABLE IF EXISTS pending_login`);
  }
}
