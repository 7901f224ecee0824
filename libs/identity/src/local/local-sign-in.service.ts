import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@passerelle/config';
import { Role } from '@passerelle/access';
import { DomainError } from '@passerelle/errors';
import { HubAdminsService } from './hub-admins.service.js';
import { OpenSession, SessionService } from '../sessions/session.service.js';
import { ThrottleService } from '../sessions/throttle.service.js';
import { throttleAddress } from '../sessions/throttle-address.js';

export class InvalidCredentialsError extends DomainError {
  constructor() {
    super('UNAUTHENTICATED', 'Identifiant ou mot de passe incorrect.');
  }
}

/**
 * Signs a hub administrator in with a login and password: throttled per address, per (login, address) and per login from
 * all addresses but those it signed in from recently; session id rotated.
 */
@Injectable()
export class LocalSignInService {
  private readonly logger = new Logger('LocalSignIn');

  constructor(private readonly admins: HubAdminsService, private readonly sessions: SessionService,
    private readonly throttle: ThrottleService, private readonly config: AppConfig) {}

  async signIn(login: string, password: string, ip: string, previousSessionId?: string): Promise<OpenSession> {
    const window = this.config.LOGIN_THROTTLE_WINDOW_SECONDS;
    const name = login.trim().toLowerCase();
    // An IPv6 client is counted by its /64 (it may hold billions of addresses).
    const address = throttleAddress(ip);
    // Per address, and per (login, address): the attacker's address is slowed down, the administrator signing in from
    // another address is not.
    const loginKey = `login:local:${name}:${address}`;
    const knownKey = `login-known:local:${name}:${address}`;
    await this.throttle.consume(`login-ip:${address}`, this.config.LOGIN_THROTTLE_PER_IP, window);
    await this.throttle.consume(loginKey, this.config.LOGIN_THROTTLE_PER_LOGIN, window);
    // And per login from all addresses (an attacker rotating addresses), except from an address where this login
    // signed in recently: past the ceiling, the real administrator still signs in from the usual place.
    if (!(await this.throttle.remembered(knownKey))) {
      await this.throttle.consume(`login-all:local:${name}`, this.config.LOGIN_THROTTLE_PER_LOGIN_ALL_ADDRESSES, window)
        .catch((error: unknown) => {
          this.logger.warn({ msg: 'local sign-in refused: too many attempts for this login from all addresses', ip });
          throw error;
        });
    }
    const admin = await this.admins.verify(login, password);
    if (!admin) {
      this.logger.warn({ msg: 'local sign-in refused', ip });
      throw new InvalidCredentialsError();
    }
    await this.throttle.reset(loginKey);
    if (this.config.LOGIN_KNOWN_ADDRESS_DAYS > 0) await this.throttle.remember(knownKey, this.config.LOGIN_KNOWN_ADDRESS_DAYS * 86_400);
    await this.sessions.close(previousSessionId);
    this.logger.log({ msg: 'hub administrator signed in', adminId: admin.id });
    return this.sessions.open({ kind: 'HUB_ADMIN', id: admin.id, displayName: admin.displayName, roles: [Role.HUB_ADMIN] });
  }

  signOut(sessionId: string | undefined): Promise<void> {
    return this.sessions.close(sessionId);
  }
}
