import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '@passerelle/config';
import { Address, DomainError, RateLimitedError, speak } from '@passerelle/errors';
import { isUuid } from '@passerelle/graphql-kit';
import { can, SpaceAction, SpaceRole } from './space-permissions.js';
import { SpaceScope } from './space-scope.js';

/*
 * Per-person limits in a space: how many posts, comments, uploads (new documents and new versions) and mentions one
 * member may publish within a window, and the share of the space's storage one member's files may fill. Those who
 * moderate the space (teachers, owners) are not limited: the limits protect a class from one pupil's burst.
 */

export type ContributionKind = 'POST' | 'COMMENT' | 'UPLOAD' | 'MENTION';

export interface ContributionLimits {
  readonly windowSeconds: number;
  readonly perWindow: Readonly<Record<ContributionKind, number>>;
  /** Percent of a space's quota that one limited member's files may take. */
  readonly storageSharePercent: number;
}

export function contributionLimits(config: AppConfig): ContributionLimits {
  return {
    windowSeconds: config.CONTRIBUTION_WINDOW_SECONDS,
    perWindow: { POST: config.POSTS_PER_WINDOW, COMMENT: config.COMMENTS_PER_WINDOW, UPLOAD: config.UPLOADS_PER_WINDOW,
      MENTION: config.MENTIONS_PER_WINDOW },
    storageSharePercent: config.PUPIL_STORAGE_SHARE_PERCENT,
  };
}

/** Whether a member with this role is held to the per-person limits (everyone who does not moderate the space). */
export function isLimited(role: SpaceRole): boolean {
  return !can(role, SpaceAction.MODERATE);
}

/** The bytes one limited member may store in a space whose quota is `quotaBytes`. */
export function storageShare(quotaBytes: number, percent: number): number {
  return Math.floor((quotaBytes * percent) / 100);
}

/** A limited member's files would fill more than their share of the space's storage; « tu » to a pupil, « vous » to an adult. */
export class PersonQuotaExceededError extends DomainError {
  constructor(percent: number, address: Address) {
    super('PERSON_QUOTA_EXCEEDED', speak(address, {
      tu: `Tes fichiers occupent déjà ta part de l'espace de stockage (${percent} %) : supprime un de tes documents ou demande à ton enseignant.`,
      vous: `Vos fichiers occupent déjà votre part de l'espace de stockage (${percent} %) : supprimez un de vos documents ou demandez aux responsables de l'espace.`,
    }), ['file'], { percent });
  }
}

/** Who contributes, and how the refusal speaks to them (addressOf their principal). */
export interface Contributor {
  readonly kind: string;
  readonly id: string;
  readonly address: Address;
}

/**
 * Counts contributions against the limits. The count lives in `contribution_window`, one row per (space, person,
 * kind): a fixed window that starts at the first contribution after the previous one ended. `count()` runs in the
 * contribution's own transaction: the upsert takes the row's lock, so parallel requests of one person are counted one
 * after another, and a refusal rolls the count back with the contribution (nothing written).
 */
@Injectable()
export class ContributionLimiter {
  readonly limits: ContributionLimits;

  constructor(config: AppConfig, private readonly dataSource: DataSource) {
    this.limits = contributionLimits(config);
  }

  /** Counts `amount` contributions of `kind`; throws RATE_LIMITED (the transaction then writes nothing) past the limit. */
  async count(manager: EntityManager, scope: SpaceScope, role: SpaceRole, who: Contributor, kind: ContributionKind, amount = 1): Promise<void> {
    if (amount <= 0 || !isLimited(role) || !isUuid(who.id)) return;
    const { windowSeconds, perWindow } = this.limits;
    const [row]: { count: number; retry_after: number }[] = await manager.query(
      `INSERT INTO contribution_window AS w (space_id, actor_kind, actor_id, kind, window_start, count)
       VALUES ($1, $2, $3, $4, now(), $5)
       ON CONFLICT (space_id, actor_kind, actor_id, kind) DO UPDATE SET
         window_start = CASE WHEN w.window_start <= now() - make_interval(secs => $6) THEN now() ELSE w.window_start END,
         count = CASE WHEN w.window_start <= now() - make_interval(secs => $6) THEN $5 ELSE w.count + $5 END
       RETURNING count, ceil(extract(epoch FROM w.window_start + make_interval(secs => $6) - clock_timestamp()))::int AS retry_after`,
      [scope.spaceId, who.kind, who.id, kind, amount, windowSeconds]);
    if (row.count > perWindow[kind]) throw new RateLimitedError(Math.max(1, row.retry_after), who.address);
  }

  /** Refuses at once when `kind` is already at its limit (an upload is refused before its bytes are stored). */
  async check(scope: SpaceScope, role: SpaceRole, who: Contributor, kind: ContributionKind): Promise<void> {
    if (!isLimited(role) || !isUuid(who.id)) return;
    const { windowSeconds, perWindow } = this.limits;
    const [row]: { count: number; retry_after: number }[] = await this.dataSource.query(
      `SELECT count, ceil(extract(epoch FROM window_start + make_interval(secs => $5) - clock_timestamp()))::int AS retry_after
       FROM contribution_window WHERE space_id = $1 AND actor_kind = $2 AND actor_id = $3 AND kind = $4
         AND window_start > now() - make_interval(secs => $5)`,
      [scope.spaceId, who.kind, who.id, kind, windowSeconds]);
    if (row && row.count >= perWindow[kind]) throw new RateLimitedError(Math.max(1, row.retry_after), who.address);
  }
}
