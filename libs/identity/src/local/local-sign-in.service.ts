import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@passerelle/config';
import { Role } from '@passerelle/access';
import { DomainError } from '@passerelle/errors';
import { HubAdminsService } from './hub-admins.service.js';
import { OpenSession, SessionService } from '../sessions/session.service.js';
import { ThrottleService } from '../sessions/throttle.service.js';

export class InvalidCredentialsError extends DomainError {
  constructor() {
    super('UNAUTHENTICATED', 'Identifiant ou mot de passe incorrect.');
  }
}

/** Signs a hub administrator in with a login and password: throttled per address and per (login, address), session id rotated. */
@Injectable()
export class LocalSignInService {
  private readonly logger = new Logger('LocalSignIn');

  constructor(private readonly admins: HubAdminsService, private readonly sessions: SessionService,
    private readonly throttle: ThrottleService, private readonly config: AppConfig) {}

  async signIn(login: string, password: string, ip: string, previousSessionId?: string): Promise<OpenSession> {
    const window = this.config.LOGIN_THROTTLE_WINDOW_SECONDS;
    // Per address, and per (login, address): never per login alone, or an attacker guessing the administrator's
    // password would lock the real administrator out from everywhere. The attacker's address is slowed down; the
    // administrator signing in from another address is not.
    const loginKey = `login:local:${login.trim().toLowerCase()}:${ip}`;
    await this.throttle.consume(`login-ip:${ip}`, this.config.LOGIN_THROTTLE_PER_IP, window);
    await this.throttle.consume(loginKey, this.config.LOGIN_THROTTLE_PER_LOGIN, window);
    const admin = await this.admins.verify(login, password);
    if (!admin) {
      this.logger.warn({ msg: 'local sign-in refused', ip });
      throw new InvalidCredentialsError();
    }
    await this.throttle.reset(loginKey);
    await this.sessions.close(previousSessionId);
    this.logger.log({ msg: 'hub administrator signed in', adminId: admin.id });
    return this.sessions.open({ kind: 'HUB_ADMIN', id: admin.id, displayName: admin.displayName, roles: [Role.HUB_ADMIN] });
  }

  signOut(sessionId: string | undefined): Promise<void> {
    return this.sessions.close(sessionId);
  }
}
