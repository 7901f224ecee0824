import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { InvalidInputError } from '@passerelle/errors';
import { HubAdminEntity } from './hub-admin.entity.js';
import { decoyHash, hashPassword, verifyPassword } from './password.js';

const LOGIN = /^[a-z0-9._-]{3,64}$/;

/** Creates hub administrators and checks their credentials. */
@Injectable()
export class HubAdminsService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Creates an administrator; when `ifNoneExists`, only if the hub has none yet (first start).
   * Returns the created administrator, or null when nothing was created.
   */
  async create(input: { login: string; password: string; displayName?: string },
    options: { ifNoneExists?: boolean } = {}): Promise<HubAdminEntity | null> {
    const login = input.login.trim().toLowerCase();
    if (!LOGIN.test(login)) throw new InvalidInputError('Identifiant invalide : 3 à 64 caractères parmi a-z, 0-9, « . », « _ » et « - ».', ['login']);
    if (input.password.length < 12) throw new InvalidInputError('Le mot de passe doit contenir au moins 12 caractères.', ['password']);
    const passwordHash = await hashPassword(input.password);
    return this.dataSource.transaction(async (manager) => {
      // One start at a time decides whether a first administrator is needed.
      await manager.query('SELECT pg_advisory_xact_lock(727002)');
      if (options.ifNoneExists && (await manager.count(HubAdminEntity)) > 0) return null;
      if (await manager.findOneBy(HubAdminEntity, { login })) {
        throw new InvalidInputError(`L'identifiant « ${login} » est déjà pris.`, ['login']);
      }
      return manager.save(manager.create(HubAdminEntity, { login, passwordHash, displayName: input.displayName ?? login }));
    });
  }

  /** The administrator whose login and password match, or null. Takes as long for an unknown login. */
  async verify(login: string, password: string): Promise<HubAdminEntity | null> {
    const admin = await this.dataSource.getRepository(HubAdminEntity).findOneBy({ login: login.trim().toLowerCase() });
    const ok = await verifyPassword(password, admin?.passwordHash ?? (await decoyHash()));
    if (!admin || !ok) return null;
    await this.dataSource.getRepository(HubAdminEntity).update({ id: admin.id }, { lastLoginAt: new Date() });
    return admin;
  }

  findById(id: string): Promise<HubAdminEntity | null> {
    return this.dataSource.getRepository(HubAdminEntity).findOneBy({ id });
  }
}
