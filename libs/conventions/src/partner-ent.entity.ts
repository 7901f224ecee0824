import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import { AttributeMapping } from './attribute-mapping.js';
import { PartnerKind, PartnerProtocol, PartnerStatus, PartnerTrust, SamlSettings, StoredOidcSettings } from './partner-settings.js';

/** A partner ENT (or the school's home ENT): protocol, settings, attribute mapping. Table `partner_ent`. */
@Entity('partner_ent')
@Unique('partner_ent_slug_unique', ['slug'])
@Index('partner_ent_created_at_idx', ['createdAt', 'id'])
@Check('partner_ent_slug_format', `slug ~ '^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$'`)
@Check('partner_ent_name_not_blank', 'length(btrim(name)) > 0')
@Check('partner_ent_kind_known', `kind IN ('ECOLE', 'COLLEGE', 'OTHER')`)
@Check('partner_ent_protocol_known', `protocol IN ('SAML2', 'OIDC')`)
@Check('partner_ent_trust_known', `trust IN ('PARTNER', 'HOME')`)
@Check('partner_ent_status_known', `status IN ('ACTIVE', 'DISABLED')`)
@Check('partner_ent_served_uais_format', `array_position(served_uais, NULL) IS NULL
  AND array_to_string(served_uais, ',') ~ '^([0-9]{7}[ABCDEFGHJKLMNPRSTUVWXYZ](,[0-9]{7}[ABCDEFGHJKLMNPRSTUVWXYZ])*)?$'`)
@Check('partner_ent_served_uais_home_only', `trust = 'HOME' OR cardinality(served_uais) = 0`)
@Check('partner_ent_settings_match_protocol', `(protocol = 'SAML2' AND saml_settings IS NOT NULL AND oidc_settings IS NULL)
          OR (protocol = 'OIDC' AND oidc_settings IS NOT NULL AND saml_settings IS NULL)`)
export class PartnerEntEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'partner_ent_pkey' })
  id: string;

  @Column({ type: 'varchar', length: 64 })
  slug: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'text' })
  kind: PartnerKind;

  @Column({ type: 'text' })
  protocol: PartnerProtocol;

  @Column({ type: 'text', default: PartnerTrust.PARTNER })
  trust: PartnerTrust;

  @Column({ type: 'text', default: PartnerStatus.ACTIVE })
  status: PartnerStatus;

  /**
   * HOME partners only: the schools (UAIs, sorted, each once) whose people this ENT signs in. A sign-in asserting
   * another school is refused (see checkHomeSchool in the identity library). Always empty for PARTNER partners.
   */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  servedUais: string[];

  @Column({ type: 'jsonb', nullable: true })
  samlSettings: SamlSettings | null;

  /** The client secret only as an encrypted box: never decrypt it outside PartnersQueries. */
  @Column({ type: 'jsonb', nullable: true })
  oidcSettings: StoredOidcSettings | null;

  @Column({ type: 'jsonb', default: {} })
  attributeMapping: AttributeMapping;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
