import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SecretBox } from '@passerelle/conventions';
import { createSelfSignedCredential } from './self-signed-certificate.js';

export interface SpKeyPair {
  readonly privateKeyPem: string;
  readonly certificatePem: string;
}

export interface SpCredentialSet {
  /** Signs AuthnRequests and LogoutRequests. */
  readonly signing: SpKeyPair;
  /** Partners encrypt assertions to this certificate. */
  readonly encryption: SpKeyPair;
}

type Purpose = 'signing' | 'encryption';
const PURPOSES: readonly Purpose[] = ['signing', 'encryption'];
const CERTIFICATE_DAYS = 3650;

/**
 * The hub's SAML SP key pairs: generated at the first start and kept in `federation_sp_credential` (so that every API
 * process serves the same metadata), private keys sealed with SECRET_KEY (SecretBox). Two processes starting
 * together agree on one pair: the first INSERT wins, the other reads it back. Never in the repository.
 * Loaded at the first SAML use (like every secret sealed with SECRET_KEY, which production requires from then on).
 */
@Injectable()
export class SpCredentials {
  private readonly logger = new Logger('SamlSp');
  private loading?: Promise<SpCredentialSet>;

  constructor(private readonly dataSource: DataSource, private readonly secrets: SecretBox) {}

  /** The key pairs (loaded, or created, once per process). */
  current(): Promise<SpCredentialSet> {
    this.loading ??= this.load().catch((error: unknown) => {
      this.loading = undefined;
      throw error;
    });
    return this.loading;
  }

  private async load(): Promise<SpCredentialSet> {
    const pairs: Partial<Record<Purpose, SpKeyPair>> = {};
    for (const purpose of PURPOSES) pairs[purpose] = await this.loadOrCreate(purpose);
    return { signing: pairs.signing!, encryption: pairs.encryption! };
  }

  private context(purpose: Purpose): string {
    return `federation:saml-sp:${purpose}-key`;
  }

  private async read(purpose: Purpose): Promise<SpKeyPair | null> {
    const rows: { private_key_box: string; certificate_pem: string }[] = await this.dataSource.query(
      'SELECT private_key_box, certificate_pem FROM federation_sp_credential WHERE purpose = $1', [purpose]);
    if (!rows[0]) return null;
    return { privateKeyPem: this.secrets.open(rows[0].private_key_box, this.context(purpose)), certificatePem: rows[0].certificate_pem };
  }

  private async loadOrCreate(purpose: Purpose): Promise<SpKeyPair> {
    const existing = await this.read(purpose);
    if (existing) return existing;
    const created = createSelfSignedCredential(`Passerelle SAML SP (${purpose})`, CERTIFICATE_DAYS);
    await this.dataSource.query(
      `INSERT INTO federation_sp_credential (purpose, private_key_box, certificate_pem) VALUES ($1, $2, $3) ON CONFLICT (purpose) DO NOTHING`,
      [purpose, this.secrets.seal(created.privateKeyPem, this.context(purpose)), created.certificatePem]);
    const stored = await this.read(purpose);
    if (!stored) throw new Error(`SAML SP ${purpose} key could not be stored`);
    if (stored.certificatePem === created.certificatePem) this.logger.log(`Generated the SAML SP ${purpose} key pair`);
    return stored;
  }
}
