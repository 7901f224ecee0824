import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '@passerelle/access';
import { AuditService } from '@passerelle/audit';
import { checkRequiredText } from '@passerelle/directory';
import { ConflictError, DomainError, InvalidInputError, NotFoundError } from '@passerelle/errors';
import { Connection, isUuid, paginate, PageRequest } from '@passerelle/graphql-kit';
import { jobRequest, UnitOfWork } from '@passerelle/jobs';
import { AttributeMapping, AttributeMappingOverrides, AttributeMappingPreset, resolveAttributeMapping } from './attribute-mapping.js';
import { checkSigningCertificate } from './certificates.js';
import { Clock } from './clock.js';
import { discoverIssuer } from './oidc-discovery.js';
import { PartnerEntEntity } from './partner-ent.entity.js';
import {
  isOidcAlgorithm, OIDC_ALLOWED_ALGORITHMS, OidcAlgorithm, PartnerKind, PartnerProtocol, PartnerStatus, PartnerTrust, SamlSettings,
  SamlSignedPart, StoredOidcSettings,
} from './partner-settings.js';
import { checkPartnerUrl } from './partner-urls.js';
import { partnerAuditView } from './partners.mapper.js';
import { clientSecretContext } from './partners.queries.js';
import { isUniqueViolation } from '@passerelle/database';
import { parseIdpMetadata } from './saml-metadata.js';
import { SecretBox } from './secret-box.js';
import { checkServedUais, nextServedUais, ServedUaisCheck } from './served-schools.js';

function servedOrThrow(check: ServedUaisCheck, field: readonly (string | number)[]): readonly string[] {
  if (!check.ok) throw new InvalidInputError(check.reason, check.index === null ? field : [...field, check.index]);
  return check.uais;
}

export const PARTNER_NOT_FOUND = "Cet ENT partenaire n'existe pas.";
const SLUG_SHAPE = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
const SCOPE_SHAPE = /^[\x21\x23-\x5B\x5D-\x7E]{1,100}$/;
const DEFAULT_SCOPES = ['openid', 'profile'];

export interface SamlSettingsCommand {
  readonly entityId?: string | null;
  readonly ssoUrl?: string | null;
  readonly sloUrl?: string | null;
  readonly signingCertificates?: readonly string[] | null;
  readonly nameIdFormat?: string | null;
  readonly allowIdpInitiated?: boolean | null;
  readonly signedPart?: SamlSignedPart | null;
}

export interface OidcSettingsCommand {
  readonly issuer?: string | null;
  readonly clientId?: string | null;
  /** Absent: kept; null: removed; a string: replaced. */
  readonly clientSecret?: string | null;
  readonly scopes?: readonly string[] | null;
  readonly allowedAlgorithms?: readonly string[] | null;
  readonly endSessionEndpoint?: string | null;
}

export interface CreatePartnerCommand {
  readonly slug: string;
  readonly name: string;
  readonly kind: PartnerKind;
  readonly protocol: PartnerProtocol;
  readonly trust?: PartnerTrust | null;
  readonly status?: PartnerStatus | null;
  /** Trust HOME only: the UAIs of the schools whose people this ENT signs in. */
  readonly servedUais?: readonly string[] | null;
  readonly saml?: SamlSettingsCommand | null;
  readonly oidc?: OidcSettingsCommand | null;
  readonly attributeMapping?: AttributeMappingOverrides | null;
}

export interface UpdatePartnerCommand {
  readonly slug?: string | null;
  readonly name?: string | null;
  readonly kind?: PartnerKind | null;
  readonly trust?: PartnerTrust | null;
  readonly status?: PartnerStatus | null;
  /** Trust HOME only: replaces the whole list (absent: kept; the list is emptied when the trust becomes PARTNER). */
  readonly servedUais?: readonly string[] | null;
  readonly saml?: SamlSettingsCommand | null;
  readonly oidc?: OidcSettingsCommand | null;
  readonly attributeMapping?: AttributeMappingOverrides | null;
}

function enumValue<T extends string>(values: Record<string, T>, value: T, field: readonly string[], message: string): T {
  if (!Object.values(values).includes(value)) throw new InvalidInputError(message, field);
  return value;
}

/** Partner ENTs: hub administrators create and configure them. Every change is audited in its own transaction. */
@Injectable()
export class PartnersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly audit: AuditService,
    private readonly secrets: SecretBox,
    private readonly clock: Clock,
  ) {}

  async listPartners(page: PageRequest): Promise<Connection<PartnerEntEntity>> {
    return paginate(this.dataSource.manager.createQueryBuilder(PartnerEntEntity, 'partner'), page);
  }

  async getPartner(id: string, manager: EntityManager = this.dataSource.manager): Promise<PartnerEntEntity> {
    const partner = isUuid(id) ? await manager.findOneBy(PartnerEntEntity, { id }) : null;
    if (!partner) throw new NotFoundError(PARTNER_NOT_FOUND);
    return partner;
  }

  /** Partners by id, in the order asked; null where none exists (for DataLoader). */
  async findPartnersByIds(ids: readonly string[]): Promise<(PartnerEntEntity | null)[]> {
    const wanted = [...new Set(ids.filter(isUuid))];
    const found = wanted.length ? await this.dataSource.manager.createQueryBuilder(PartnerEntEntity, 'partner')
      .where('partner.id IN (:...ids)', { ids: wanted }).getMany() : [];
    const byId = new Map(found.map((partner) => [partner.id, partner]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  async createPartner(actor: Principal, command: CreatePartnerCommand): Promise<PartnerEntEntity> {
    const protocol = enumValue(PartnerProtocol, command.protocol, ['input', 'protocol'], 'Le protocole est inconnu.');
    const fields = this.checkCommonFields(command, ['input']);
    if (protocol === PartnerProtocol.SAML2 && command.oidc) {
      throw new InvalidInputError('Un partenaire SAML2 n\'a pas de réglages OpenID Connect.', ['input', 'oidc']);
    }
    if (protocol === PartnerProtocol.OIDC && command.saml) {
      throw new InvalidInputError('Un partenaire OpenID Connect n\'a pas de réglages SAML.', ['input', 'saml']);
    }
    const mapping = this.checkMapping(command.attributeMapping, protocol, ['input', 'attributeMapping']);
    const saml = protocol === PartnerProtocol.SAML2 ? this.checkSaml(command.saml ?? {}, null, ['input', 'saml']) : null;
    const trust = fields.trust ?? PartnerTrust.PARTNER;
    const servedUais = servedOrThrow(checkServedUais(command.servedUais ?? [], trust), ['input', 'servedUais']);
    return this.unitOfWork.run(async ({ manager }) => {
      const entity = manager.create(PartnerEntEntity, {
        slug: fields.slug!, name: fields.name!, kind: fields.kind!, protocol,
        trust, status: fields.status ?? PartnerStatus.ACTIVE, servedUais: [...servedUais],
        samlSettings: saml, oidcSettings: null, attributeMapping: mapping,
      });
      if (protocol === PartnerProtocol.OIDC) {
        // The secret box is bound to the partner's id: take one before sealing.
        entity.id = (await manager.query('SELECT gen_random_uuid() AS id'))[0].id;
        entity.oidcSettings = this.checkOidc(command.oidc ?? {}, null, entity.id, ['input', 'oidc']);
      }
      const saved = await this.save(manager, entity, ['input', 'slug']);
      await this.audit.record(manager, {
        actor, action: 'partner.created', subject: { type: 'partner', id: saved.id }, partnerId: saved.id,
        before: null, after: partnerAuditView(saved),
      });
      return saved;
    });
  }

  async updatePartner(actor: Principal, id: string, command: UpdatePartnerCommand): Promise<PartnerEntEntity> {
    return this.unitOfWork.run(async ({ manager, enqueue }) => {
      const partner = await this.lockPartner(manager, id);
      const before = partnerAuditView(partner);
      const servedBefore = [...(partner.servedUais ?? [])];
      const fields = this.checkCommonFields(command, ['input'], true);
      if (fields.slug !== undefined) partner.slug = fields.slug;
      if (fields.name !== undefined) partner.name = fields.name;
      if (fields.kind !== undefined) partner.kind = fields.kind;
      if (fields.trust !== undefined) partner.trust = fields.trust;
      if (fields.status !== undefined) partner.status = fields.status;
      partner.servedUais = [...servedOrThrow(nextServedUais(partner.servedUais ?? [], command.servedUais, partner.trust),
        ['input', 'servedUais'])];
      if (command.saml) {
        if (partner.protocol !== PartnerProtocol.SAML2) {
          throw new InvalidInputError("Ce partenaire utilise OpenID Connect : il n'a pas de réglages SAML.", ['input', 'saml']);
        }
        partner.samlSettings = this.checkSaml(command.saml, partner.samlSettings, ['input', 'saml']);
      }
      if (command.oidc) {
        if (partner.protocol !== PartnerProtocol.OIDC) {
          throw new InvalidInputError("Ce partenaire utilise SAML : il n'a pas de réglages OpenID Connect.", ['input', 'oidc']);
        }
        partner.oidcSettings = this.checkOidc(command.oidc, partner.oidcSettings, partner.id, ['input', 'oidc']);
      }
      if (command.attributeMapping) {
        partner.attributeMapping = this.checkMapping(command.attributeMapping, partner.protocol, ['input', 'attributeMapping']);
      }
      const saved = await this.save(manager, partner, ['input', 'slug']);
      await this.audit.record(manager, {
        actor, action: 'partner.updated', subject: { type: 'partner', id: saved.id }, partnerId: saved.id,
        before, after: partnerAuditView(saved),
      });
      // Schools no longer served: their people's open sessions end (through the outbox, once this change has committed).
      const dropped = servedBefore.filter((uai) => !saved.servedUais.includes(uai));
      if (dropped.length > 0) {
        const digest = createHash('sha256').update(dropped.join(',')).digest('hex').slice(0, 16);
        await enqueue(jobRequest('home-schools-dropped', { partnerId: saved.id, uais: dropped }, [saved.id, digest]));
      }
      return saved;
    });
  }

  /** Fills the SAML settings from the IdP's metadata (see saml-metadata.ts); nothing is written on a refusal. */
  async importSamlMetadata(actor: Principal, partnerId: string, xml: string): Promise<PartnerEntEntity> {
    const metadata = parseIdpMetadata(xml, this.clock.now());
    return this.unitOfWork.run(async ({ manager }) => {
      const partner = await this.lockPartner(manager, partnerId);
      if (partner.protocol !== PartnerProtocol.SAML2) {
        throw new DomainError('PARTNER_PROTOCOL_MISMATCH', "Ce partenaire utilise OpenID Connect : importez plutôt son émetteur (discoverOidcIssuer).",
          ['partnerId']);
      }
      const before = partnerAuditView(partner);
      partner.samlSettings = {
        entityId: metadata.entityId, ssoUrl: metadata.ssoUrl, sloUrl: metadata.sloUrl,
        signingCertificates: [...metadata.signingCertificates], nameIdFormat: metadata.nameIdFormat,
        allowIdpInitiated: partner.samlSettings?.allowIdpInitiated ?? false,
        signedPart: partner.samlSettings?.signedPart ?? SamlSignedPart.ASSERTION,
      };
      const saved = await manager.save(partner);
      await this.audit.record(manager, {
        actor, action: 'partner.saml-metadata-imported', subject: { type: 'partner', id: saved.id }, partnerId: saved.id,
        before, after: partnerAuditView(saved), details: { entityId: metadata.entityId, certificates: metadata.signingCertificates.length },
      });
      return saved;
    });
  }

  /** Reads the issuer's discovery document (see oidc-discovery.ts) and stores what it says; nothing is written on a refusal. */
  async discoverOidcIssuer(actor: Principal, partnerId: string, url: string): Promise<PartnerEntEntity> {
    const existing = await this.getPartner(partnerId);
    if (existing.protocol !== PartnerProtocol.OIDC) {
      throw new DomainError('PARTNER_PROTOCOL_MISMATCH', 'Ce partenaire utilise SAML : importez plutôt ses métadonnées (importSamlMetadata).',
        ['partnerId']);
    }
    const discovered = await discoverIssuer(url);
    return this.unitOfWork.run(async ({ manager }) => {
      const partner = await this.lockPartner(manager, partnerId);
      const before = partnerAuditView(partner);
      const current = partner.oidcSettings!;
      partner.oidcSettings = {
        ...current,
        issuer: discovered.issuer,
        allowedAlgorithms: [...discovered.allowedAlgorithms],
        endSessionEndpoint: discovered.endSessionEndpoint ?? current.endSessionEndpoint,
        discovered: {
          authorizationEndpoint: discovered.authorizationEndpoint, tokenEndpoint: discovered.tokenEndpoint,
          jwksUri: discovered.jwksUri, userinfoEndpoint: discovered.userinfoEndpoint, discoveredAt: this.clock.now().toISOString(),
        },
      };
      const saved = await manager.save(partner);
      await this.audit.record(manager, {
        actor, action: 'partner.oidc-issuer-discovered', subject: { type: 'partner', id: saved.id }, partnerId: saved.id,
        before, after: partnerAuditView(saved), details: { issuer: discovered.issuer },
      });
      return saved;
    });
  }

  private async lockPartner(manager: EntityManager, id: string): Promise<PartnerEntEntity> {
    const partner = isUuid(id) ? await manager.findOne(PartnerEntEntity, { where: { id }, lock: { mode: 'pessimistic_write' } }) : null;
    if (!partner) throw new NotFoundError(PARTNER_NOT_FOUND);
    return partner;
  }

  private async save(manager: EntityManager, partner: PartnerEntEntity, slugField: string[]): Promise<PartnerEntEntity> {
    try {
      return await manager.save(partner);
    } catch (error) {
      if (isUniqueViolation(error, 'partner_ent_slug_unique')) {
        throw new ConflictError('PARTNER_SLUG_TAKEN', `L'identifiant court « ${partner.slug} » est déjà pris par un autre ENT partenaire.`, slugField);
      }
      throw error;
    }
  }

  private checkCommonFields(command: UpdatePartnerCommand, root: string[], partial = false) {
    const out: { slug?: string; name?: string; kind?: PartnerKind; trust?: PartnerTrust; status?: PartnerStatus } = {};
    if (command.slug !== undefined && command.slug !== null || !partial) {
      const slug = (command.slug ?? '').trim().toLowerCase();
      if (!SLUG_SHAPE.test(slug)) {
        throw new InvalidInputError("L'identifiant court ne peut contenir que des minuscules, des chiffres et des tirets (64 au plus), sans tiret au début ni à la fin.",
          [...root, 'slug']);
      }
      out.slug = slug;
    }
    if (command.name !== undefined && command.name !== null || !partial) {
      const name = checkRequiredText(command.name ?? '', 200, 'Le nom');
      if (!name.valid) throw new InvalidInputError(name.reason, [...root, 'name']);
      out.name = name.value;
    }
    if (command.kind != null || !partial) out.kind = enumValue(PartnerKind, command.kind!, [...root, 'kind'], "Le type d'ENT est inconnu.");
    if (command.trust != null) out.trust = enumValue(PartnerTrust, command.trust, [...root, 'trust'], 'Le niveau de confiance est inconnu.');
    if (command.status != null) out.status = enumValue(PartnerStatus, command.status, [...root, 'status'], 'Le statut est inconnu.');
    return out;
  }

  private checkMapping(input: AttributeMappingOverrides | null | undefined, protocol: PartnerProtocol, field: string[]): AttributeMapping {
    const fallback = protocol === PartnerProtocol.OIDC ? AttributeMappingPreset.GENERIC_OIDC : AttributeMappingPreset.GENERIC_SAML;
    const resolved = resolveAttributeMapping(input, fallback);
    if (!resolved.ok) throw new InvalidInputError(resolved.reason, [...field, resolved.field]);
    return resolved.mapping;
  }

  private checkSaml(input: SamlSettingsCommand, current: SamlSettings | null, field: string[]): SamlSettings {
    const now = this.clock.now();
    const pick = <K extends keyof SamlSettingsCommand>(key: K) => (input[key] === undefined ? undefined : input[key]);
    const text = (value: string | null | undefined) => (value === undefined ? undefined : value === null || value.trim() === '' ? null : value.trim());
    const entityId = text(pick('entityId'));
    const ssoUrl = text(pick('ssoUrl'));
    const sloUrl = text(pick('sloUrl'));
    const nameIdFormat = text(pick('nameIdFormat'));
    const certificates = input.signingCertificates === undefined || input.signingCertificates === null ? undefined
      : input.signingCertificates.map((pem, index) => checkSigningCertificate(pem, now, [...field, 'signingCertificates', index]).pem);
    return {
      entityId: entityId === undefined ? current?.entityId ?? null : entityId,
      ssoUrl: ssoUrl === undefined ? current?.ssoUrl ?? null : ssoUrl && checkPartnerUrl(ssoUrl, "L'adresse SingleSignOnService", [...field, 'ssoUrl']),
      sloUrl: sloUrl === undefined ? current?.sloUrl ?? null : sloUrl && checkPartnerUrl(sloUrl, "L'adresse SingleLogoutService", [...field, 'sloUrl']),
      signingCertificates: certificates ?? [...(current?.signingCertificates ?? [])],
      nameIdFormat: nameIdFormat === undefined ? current?.nameIdFormat ?? null : nameIdFormat,
      allowIdpInitiated: input.allowIdpInitiated ?? current?.allowIdpInitiated ?? false,
      signedPart: input.signedPart ? enumValue(SamlSignedPart, input.signedPart, [...field, 'signedPart'], 'La partie signée est inconnue.')
        : current?.signedPart ?? SamlSignedPart.ASSERTION,
    };
  }

  private checkOidc(input: OidcSettingsCommand, current: StoredOidcSettings | null, partnerId: string, field: string[]): StoredOidcSettings {
    const issuerText = input.issuer ?? current?.issuer;
    if (!issuerText) throw new InvalidInputError("L'émetteur (issuer) est obligatoire.", [...field, 'issuer']);
    const issuer = input.issuer ? checkPartnerUrl(input.issuer, "L'émetteur", [...field, 'issuer']) : issuerText;
    const clientId = (input.clientId ?? current?.clientId ?? '').trim();
    if (!clientId) throw new InvalidInputError("L'identifiant client (clientId) est obligatoire.", [...field, 'clientId']);
    let scopes = current?.scopes ? [...current.scopes] : DEFAULT_SCOPES;
    if (input.scopes) {
      scopes = [...new Set(input.scopes.map((scope) => scope.trim()).filter(Boolean))];
      const wrong = scopes.find((scope) => !SCOPE_SHAPE.test(scope));
      if (wrong !== undefined) throw new InvalidInputError(`Le scope « ${wrong.slice(0, 40)} » est invalide.`, [...field, 'scopes']);
      if (!scopes.includes('openid')) throw new InvalidInputError('Le scope openid est obligatoire.', [...field, 'scopes']);
    }
    let allowedAlgorithms: OidcAlgorithm[] = current?.allowedAlgorithms ? [...current.allowedAlgorithms] : [...OIDC_ALLOWED_ALGORITHMS];
    if (input.allowedAlgorithms) {
      const wrong = input.allowedAlgorithms.find((alg) => !isOidcAlgorithm(alg));
      if (wrong !== undefined) throw new InvalidInputError(`L'algorithme ${wrong.slice(0, 20)} n'est pas accepté (ni none ni HS*).`, [...field, 'allowedAlgorithms']);
      allowedAlgorithms = [...new Set(input.allowedAlgorithms as OidcAlgorithm[])];
      if (allowedAlgorithms.length === 0) throw new InvalidInputError('Au moins un algorithme de signature est nécessaire.', [...field, 'allowedAlgorithms']);
    }
    const endSessionEndpoint = input.endSessionEndpoint === undefined ? current?.endSessionEndpoint ?? null
      : input.endSessionEndpoint === null || input.endSessionEndpoint.trim() === '' ? null
        : checkPartnerUrl(input.endSessionEndpoint, "L'adresse de déconnexion", [...field, 'endSessionEndpoint']);
    const clientSecretBox = input.clientSecret === undefined ? current?.clientSecretBox ?? null
      : input.clientSecret === null ? null : this.secrets.seal(input.clientSecret, clientSecretContext(partnerId));
    const issuerChanged = current !== null && current.issuer !== issuer;
    return {
      issuer, clientId, scopes, allowedAlgorithms, endSessionEndpoint, clientSecretBox,
      discovered: issuerChanged ? null : current?.discovered ?? null,
    };
  }
}
