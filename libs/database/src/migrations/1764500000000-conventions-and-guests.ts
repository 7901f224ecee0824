import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Partner ENTs, conventions (with every version kept), guest pools and the append-only audit trail.
 * What must never happen is refused by the database itself: a guest bound twice, an identity bound to two guests,
 * personal data on a guest that is AVAILABLE or DEPROVISIONED, an audit event changed or removed.
 */
export class ConventionsAndGuests1764500000000 implements MigrationInterface {
  name = 'ConventionsAndGuests1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE partner_ent (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        slug varchar(64) NOT NULL CONSTRAINT partner_ent_slug_format CHECK (slug ~ '^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$'),
        name varchar(200) NOT NULL CONSTRAINT partner_ent_name_not_blank CHECK (length(btrim(name)) > 0),
        kind text NOT NULL CONSTRAINT partner_ent_kind_known CHECK (kind IN ('ECOLE', 'COLLEGE', 'OTHER')),
        protocol text NOT NULL CONSTRAINT partner_ent_protocol_known CHECK (protocol IN ('SAML2', 'OIDC')),
        trust text NOT NULL DEFAULT 'PARTNER' CONSTRAINT partner_ent_trust_known CHECK (trust IN ('PARTNER', 'HOME')),
        status text NOT NULL DEFAULT 'ACTIVE' CONSTRAINT partner_ent_status_known CHECK (status IN ('ACTIVE', 'DISABLED')),
        saml_settings jsonb,
        oidc_settings jsonb,
        attribute_mapping jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT partner_ent_slug_unique UNIQUE (slug),
        CONSTRAINT partner_ent_settings_match_protocol CHECK (
          (protocol = 'SAML2' AND saml_settings IS NOT NULL AND oidc_settings IS NULL)
          OR (protocol = 'OIDC' AND oidc_settings IS NOT NULL AND saml_settings IS NULL))
      )`);
    await q.query(`CREATE INDEX partner_ent_created_at_idx ON partner_ent (created_at, id)`);

    await q.query(`
      CREATE TABLE convention (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code varchar(20) NOT NULL CONSTRAINT convention_code_format CHECK (code ~ '^[a-z0-9]{3,20}$'),
        title varchar(200) NOT NULL CONSTRAINT convention_title_not_blank CHECK (length(btrim(title)) > 0),
        purpose text NOT NULL DEFAULT '',
        partner_id uuid NOT NULL REFERENCES partner_ent (id) ON DELETE RESTRICT,
        status text NOT NULL DEFAULT 'DRAFT' CONSTRAINT convention_status_known CHECK (status IN ('DRAFT', 'ACTIVE', 'SUSPENDED', 'ENDED')),
        version integer NOT NULL DEFAULT 1 CONSTRAINT convention_version_positive CHECK (version >= 1),
        school_year varchar(9) NOT NULL CONSTRAINT convention_school_year_format CHECK (school_year ~ '^[0-9]{4}-[0-9]{4}$'),
        valid_from timestamptz NOT NULL,
        valid_until timestamptz NOT NULL,
        retention_days integer NOT NULL CONSTRAINT convention_retention_bounds CHECK (retention_days BETWEEN 0 AND 92),
        contribution_fate text NOT NULL CONSTRAINT convention_contribution_fate_known CHECK (contribution_fate IN ('KEEP_PSEUDONYMIZED', 'ERASE')),
        pool_revision integer NOT NULL DEFAULT 0,
        created_by_kind text NOT NULL,
        created_by_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        activated_at timestamptz,
        suspended_at timestamptz,
        ended_at timestamptz,
        deprovisioned_at timestamptz,
        CONSTRAINT convention_code_unique UNIQUE (code),
        CONSTRAINT convention_window_ordered CHECK (valid_until > valid_from),
        CONSTRAINT convention_ended_has_date CHECK ((status = 'ENDED') = (ended_at IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX convention_partner_status_idx ON convention (partner_id, status)`);
    await q.query(`CREATE INDEX convention_created_at_idx ON convention (created_at, id)`);

    await q.query(`
      CREATE TABLE convention_hosting_structure (
        convention_id uuid NOT NULL REFERENCES convention (id) ON DELETE CASCADE,
        structure_id uuid NOT NULL REFERENCES structure (id) ON DELETE RESTRICT,
        PRIMARY KEY (convention_id, structure_id)
      )`);
    await q.query(`CREATE INDEX convention_hosting_structure_structure_idx ON convention_hosting_structure (structure_id)`);
    await q.query(`
      CREATE TABLE convention_partner_structure (
        convention_id uuid NOT NULL REFERENCES convention (id) ON DELETE CASCADE,
        uai varchar(8) NOT NULL CONSTRAINT convention_partner_structure_uai_format CHECK (uai ~ '^[0-9]{7}[ABCDEFGHJKLMNPRSTUVWXYZ]$'),
        name varchar(200),
        PRIMARY KEY (convention_id, uai)
      )`);
    await q.query(`CREATE INDEX convention_partner_structure_uai_idx ON convention_partner_structure (uai)`);
    // Allowed profiles are the rows; the quota is the number of guests to pre-provision for that profile.
    await q.query(`
      CREATE TABLE convention_profile_quota (
        convention_id uuid NOT NULL REFERENCES convention (id) ON DELETE CASCADE,
        profile text NOT NULL CONSTRAINT convention_profile_quota_profile_known CHECK (profile IN ('National_ELV', 'National_ENS',
          'National_DIR', 'National_TUT', 'National_EVS', 'National_ETA', 'National_ACA', 'National_DOC', 'National_COL', 'National_PER')),
        quota integer NOT NULL CONSTRAINT convention_profile_quota_bounds CHECK (quota BETWEEN 0 AND 100000),
        PRIMARY KEY (convention_id, profile)
      )`);
    await q.query(`
      CREATE TABLE convention_signatory (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        convention_id uuid NOT NULL REFERENCES convention (id) ON DELETE CASCADE,
        side text NOT NULL CONSTRAINT convention_signatory_side_known CHECK (side IN ('HOST', 'PARTNER')),
        full_name varchar(200) NOT NULL,
        capacity varchar(200) NOT NULL,
        signed_at date
      )`);
    await q.query(`CREATE INDEX convention_signatory_convention_idx ON convention_signatory (convention_id)`);
    // Every version of a convention as it was agreed (a snapshot of the convention and its children).
    await q.query(`
      CREATE TABLE convention_version (
        convention_id uuid NOT NULL REFERENCES convention (id) ON DELETE CASCADE,
        version integer NOT NULL,
        snapshot jsonb NOT NULL,
        reason text NOT NULL DEFAULT '',
        created_by_kind text NOT NULL,
        created_by_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (convention_id, version)
      )`);

    await q.query(`
      CREATE TABLE guest (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        convention_id uuid NOT NULL REFERENCES convention (id) ON DELETE RESTRICT,
        profile text NOT NULL,
        seq integer NOT NULL CONSTRAINT guest_seq_positive CHECK (seq >= 1),
        login varchar(64) NOT NULL,
        state text NOT NULL DEFAULT 'AVAILABLE'
          CONSTRAINT guest_state_known CHECK (state IN ('AVAILABLE', 'BOUND', 'SUSPENDED', 'DEPROVISIONED')),
        issuer text,
        subject text,
        display_name varchar(200),
        uai varchar(8),
        class_code varchar(100),
        objected_to_retention_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        bound_at timestamptz,
        suspended_at timestamptz,
        deprovisioned_at timestamptz,
        CONSTRAINT guest_login_unique UNIQUE (login),
        CONSTRAINT guest_seq_unique UNIQUE (convention_id, profile, seq),
        CONSTRAINT guest_available_is_anonymous CHECK (state <> 'AVAILABLE'
          OR (issuer IS NULL AND subject IS NULL AND display_name IS NULL AND uai IS NULL AND class_code IS NULL AND bound_at IS NULL)),
        CONSTRAINT guest_bound_has_identity CHECK (state <> 'BOUND' OR (issuer IS NOT NULL AND subject IS NOT NULL AND bound_at IS NOT NULL)),
        CONSTRAINT guest_deprovisioned_is_erased CHECK (state <> 'DEPROVISIONED'
          OR (issuer IS NULL AND subject IS NULL AND display_name IS NULL AND uai IS NULL AND class_code IS NULL AND deprovisioned_at IS NOT NULL))
      )`);
    // One external identity is bound to one guest, ever (while its data is kept).
    await q.query(`CREATE UNIQUE INDEX guest_identity_unique ON guest (issuer, subject) WHERE subject IS NOT NULL`);
    await q.query(`CREATE INDEX guest_pick_idx ON guest (convention_id, profile, state, seq)`);
    await q.query(`CREATE INDEX guest_created_at_idx ON guest (convention_id, created_at, id)`);

    await q.query(`ALTER TABLE session DROP CONSTRAINT session_principal_kind_known`);
    await q.query(`ALTER TABLE session ADD CONSTRAINT session_principal_kind_known CHECK (principal_kind IN ('HUB_ADMIN', 'PERSON', 'GUEST'))`);
    await q.query(`ALTER TABLE notification DROP CONSTRAINT notification_recipient_kind_known`);
    await q.query(`ALTER TABLE notification ADD CONSTRAINT notification_recipient_kind_known CHECK (recipient_kind IN ('HUB_ADMIN', 'PERSON', 'GUEST'))`);

    await q.query(`
      CREATE TABLE audit_event (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        occurred_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        actor_kind text NOT NULL CONSTRAINT audit_event_actor_kind_known CHECK (actor_kind IN ('HUB_ADMIN', 'PERSON', 'GUEST', 'SYSTEM', 'ANONYMOUS')),
        actor_id uuid,
        action text NOT NULL,
        subject_type text NOT NULL,
        subject_id uuid,
        convention_id uuid,
        partner_id uuid,
        guest_id uuid,
        before jsonb,
        after jsonb,
        details jsonb NOT NULL DEFAULT '{}'::jsonb
      )`);
    await q.query(`CREATE INDEX audit_event_occurred_idx ON audit_event (occurred_at, id)`);
    await q.query(`CREATE INDEX audit_event_convention_idx ON audit_event (convention_id, occurred_at)`);
    await q.query(`CREATE INDEX audit_event_partner_idx ON audit_event (partner_id, occurred_at)`);
    // Append-only, whatever the code does.
    await q.query(`
      CREATE FUNCTION audit_event_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_event is append-only' USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`CREATE TRIGGER audit_event_no_update BEFORE UPDATE OR DELETE ON audit_event
      FOR EACH ROW EXECUTE FUNCTION audit_event_is_append_only()`);
    await q.query(`CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
      FOR EACH STATEMENT EXECUTE FUNCTION audit_event_is_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS audit_event`);
    await q.query(`DROP FUNCTION IF EXISTS audit_event_is_append_only()`);
    await q.query(`ALTER TABLE notification DROP CONSTRAINT notification_recipient_kind_known`);
    await q.query(`ALTER TABLE notification ADD CONSTRAINT notification_recipient_kind_known CHECK (recipient_kind IN ('HUB_ADMIN', 'PERSON'))`);
    await q.query(`ALTER TABLE session DROP CONSTRAINT session_principal_kind_known`);
    await q.query(`ALTER TABLE session ADD CONSTRAINT session_principal_kind_known CHECK (principal_kind IN ('HUB_ADMIN', 'PERSON'))`);
    for (const table of ['guest', 'convention_version', 'convention_signatory', 'convention_profile_quota', 'convention_partner_structure',
      'convention_hosting_structure', 'convention', 'partner_ent']) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
