import { Injectable, Logger } from '@nestjs/common';
import { ConfigError } from '@passerelle/config';
import { DataSource, EntityManager } from 'typeorm';
import { isUuid } from '@passerelle/graphql-kit';
import { ATTRIBUTE_MAPPING_PRESETS, AttributeMapping, AttributeMappingPreset } from './attribute-mapping.js';
import { PartnerEntEntity } from './partner-ent.entity.js';
import {
  OidcSettingsWithSecret, PartnerKind, PartnerProtocol, PartnerStatus, PartnerTrust, SamlSettings, StoredOidcSettings,
} from './partner-settings.js';
import { SecretBox } from './secret-box.js';

/** A partner ENT as the federation library needs it, client secret decrypted. Never returned through GraphQL. */
export interface PartnerConfig {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  readonly kind: PartnerKind;
  readonly protocol: PartnerProtocol;
  readonly trust: PartnerTrust;
  readonly status: PartnerStatus;
  /** Trust HOME: the schools (UAIs) whose people this ENT signs in; empty for PARTNER. */
  readonly servedUais: readonly string[];
  /** Set when protocol is SAML2 (its entityId / ssoUrl are null until configured). */
  readonly saml: SamlSettings | null;
  /** Set when protocol is OIDC. */
  readonly oidc: OidcSettingsWithSecret | null;
  readonly attributeMapping: AttributeMapping;
}

/** Context a client secret box is bound to. */
export function clientSecretContext(partnerId: string): string {
  return `partner:${partnerId}:oidc-client-secret`;
}

/** The stored mapping, or the protocol's generic preset when none was ever set. */
export function effectiveAttributeMapping(entity: Pick<PartnerEntEntity, 'attributeMapping' | 'protocol'>): AttributeMapping {
  const stored = entity.attributeMapping as Partial<AttributeMapping> | null;
  if (stored && stored.preset) return stored as AttributeMapping;
  return ATTRIBUTE_MAPPING_PRESETS[entity.protocol === PartnerProtocol.OIDC ? AttributeMappingPreset.GENERIC_OIDC : AttributeMappingPreset.GENERIC_SAML];
}

/**
 * Read API of partner ENTs for the federation library: settings with the decrypted client secret.
 * Signatures are stable; each method takes an optional transaction manager.
 */
@Injectable()
export class PartnersQueries {
  private readonly logger = new Logger('PartnersQueries');

  constructor(private readonly dataSource: DataSource, private readonly secrets: SecretBox) {}

  async findById(id: string, manager: EntityManager = this.dataSource.manager): Promise<PartnerConfig | null> {
    if (!isUuid(id)) return null;
    const entity = await manager.findOneBy(PartnerEntEntity, { id });
    return entity ? this.toConfig(entity) : null;
  }

  async findBySlug(slug: string, manager: EntityManager = this.dataSource.manager): Promise<PartnerConfig | null> {
    if (typeof slug !== 'string' || slug.length > 64) return null;
    const entity = await manager.findOneBy(PartnerEntEntity, { slug: slug.trim().toLowerCase() });
    return entity ? this.toConfig(entity) : null;
  }

  /** Every ACTIVE partner (HOME included), by slug. */
  async listEnabled(manager: EntityManager = this.dataSource.manager): Promise<PartnerConfig[]> {
    const entities = await manager.find(PartnerEntEntity, { where: { status: PartnerStatus.ACTIVE }, order: { slug: 'ASC' } });
    return entities.map((entity) => this.toConfig(entity));
  }

  private toConfig(entity: PartnerEntEntity): PartnerConfig {
    let oidc: OidcSettingsWithSecret | null = null;
    if (entity.oidcSettings) {
      const { clientSecretBox, ...settings } = entity.oidcSettings as StoredOidcSettings;
      oidc = { ...settings, clientSecret: clientSecretBox ? this.openSecret(entity, clientSecretBox) : null };
    }
    return {
      id: entity.id,
      slug: entity.slug,
      name: entity.name,
      kind: entity.kind,
      protocol: entity.protocol,
      trust: entity.trust,
      status: entity.status,
      servedUais: [...(entity.servedUais ?? [])],
      saml: entity.samlSettings,
      oidc,
      attributeMapping: effectiveAttributeMapping(entity),
    };
  }

  /**
   * The client secret, or null (logged) when its box does not open: SECRET_KEY changed since it was sealed, or the row
   * was tampered with. One unreadable partner must not take the others down; a missing SECRET_KEY still stops the caller.
   */
  private openSecret(entity: PartnerEntEntity, box: string): string | null {
    try {
      return this.secrets.open(box, clientSecretContext(entity.id));
    } catch (error) {
      if (error instanceof ConfigError) throw error;
      this.logger.error({ msg: 'OIDC client secret cannot be decrypted: set it again (updatePartner)', partner: entity.slug });
      return null;
    }
  }
}
