import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Principal, Role } from '@passerelle/access';
import { AuditService } from '@passerelle/audit';
import { AppConfig } from '@passerelle/config';
import { parseProfiles, rolesForProfiles } from '@passerelle/directory';
import { DomainError, ForbiddenError, NotFoundError, TooManyRequestsError } from '@passerelle/errors';
import { toICalendar } from './agenda-calendar.js';
import { AgendaService } from './agenda.service.js';
import { FEED_FETCHES_PER_WINDOW, FEED_WINDOW_SECONDS, feedTokenHash, feedTokenOf, feedUrl, newFeedToken } from './calendar-feed.js';
import { CalendarFeedsRepository, FeedMember } from './calendar-feeds.repository.js';
import { GrantedSpace, SpaceViewer, SpaceViewers } from './space-viewer.js';
import { SpaceAction } from './space-permissions.js';

/** Every refused fetch answers this, whatever the reason: an unknown token tells nothing more than a revoked member's. */
export const FEED_NOT_FOUND = 'Cet agenda n’existe pas ou son lien n’est plus valable.';
export const FEED_NOT_FOR_MODERATION = "Un accès de modération permet de lire l'espace, pas de s'abonner à son agenda.";
export const FEED_TOO_MANY_FETCHES = 'Cet agenda a été demandé trop souvent. Réessayez dans quelques minutes.';

export interface IssuedFeed {
  readonly url: string;
  readonly createdAt: Date;
}

/**
 * The secret agenda feeds of members (ADR 0023): made or renewed by the member (the URL is shown once), revoked, and
 * served to calendar applications with the access rules in force at each fetch, as if the member asked themselves.
 */
@Injectable()
export class CalendarFeedService {
  constructor(private readonly config: AppConfig, private readonly dataSource: DataSource, private readonly feeds: CalendarFeedsRepository,
    private readonly agenda: AgendaService, private readonly viewers: SpaceViewers, private readonly audit: AuditService) {}

  /** Makes the caller's feed of the space, or renews it (the previous URL stops working at once); one audit event. */
  async issue(viewer: SpaceViewer, spaceId: string): Promise<IssuedFeed> {
    const granted = await viewer.require(spaceId, SpaceAction.READ);
    const member = memberOf(viewer.principal);
    const token = newFeedToken();
    const { createdAt } = await this.dataSource.transaction(async (manager) => {
      const replaced = await this.feeds.replace(manager, granted.scope, member, feedTokenHash(token));
      await this.audit.record(manager, {
        actor: viewer.principal, action: replaced.renewed ? 'calendar-feed.renewed' : 'calendar-feed.created',
        subject: { type: 'space', id: granted.scope.spaceId }, guestId: member.kind === 'GUEST' ? member.id : null,
      });
      return replaced;
    });
    return { url: feedUrl(this.config.PUBLIC_URL, token), createdAt };
  }

  /** Deletes the caller's feed of the space (its URL answers 404 from now on): whether there was one. */
  async revoke(viewer: SpaceViewer, spaceId: string): Promise<boolean> {
    const granted = await viewer.require(spaceId, SpaceAction.READ);
    const member = memberOf(viewer.principal);
    return this.dataSource.transaction(async (manager) => {
      const removed = await this.feeds.remove(manager, granted.scope, member);
      if (removed) {
        await this.audit.record(manager, { actor: viewer.principal, action: 'calendar-feed.revoked',
          subject: { type: 'space', id: granted.scope.spaceId }, guestId: member.kind === 'GUEST' ? member.id : null });
      }
      return removed;
    });
  }

  /** Space.calendarFeedCreatedAt: when the caller made their feed of this space (null: none, or a hub administrator). */
  async createdAt(principal: Principal, granted: GrantedSpace): Promise<Date | null> {
    if (principal.kind === 'HUB_ADMIN') return null;
    return this.feeds.createdAt(granted.scope, { kind: principal.kind, id: principal.id });
  }

  /**
   * The iCalendar of the feed whose URL ends with `segment` (`<token>.ics`), decided now: the member must still reach
   * the space (membership, class, guest convention in force, person still in the directory). NOT_FOUND for anything
   * refused, exactly as for an unknown token; TOO_MANY_REQUESTS past the token's fetches per window.
   */
  async feed(segment: string): Promise<string> {
    const token = feedTokenOf(segment);
    const found = token ? await this.feeds.fetch(feedTokenHash(token), FEED_WINDOW_SECONDS) : null;
    const principal = found ? await this.principalOf(found.member) : null;
    if (!found || !principal) throw new NotFoundError(FEED_NOT_FOUND);
    let calendar: Awaited<ReturnType<AgendaService['calendar']>>;
    try {
      calendar = await this.agenda.calendar(this.viewers.of(principal), found.spaceId);
    } catch (error) {
      if (error instanceof DomainError) throw new NotFoundError(FEED_NOT_FOUND);
      throw error;
    }
    if (found.hits > FEED_FETCHES_PER_WINDOW) throw new TooManyRequestsError(found.retryAfterSeconds, FEED_TOO_MANY_FETCHES);
    return toICalendar(calendar.granted.space.title, calendar.events);
  }

  /** The member as the access rules see them today (a person's roles from their profiles now), or null when gone. */
  private async principalOf(member: FeedMember): Promise<Principal | null> {
    if (member.kind === 'GUEST') return { kind: 'GUEST', id: member.id, displayName: '', roles: [Role.GUEST], sessionId: '' };
    const profiles = await this.feeds.personProfiles(member.id);
    const parsed = profiles ? parseProfiles(profiles) : null;
    if (!parsed?.ok) return null;
    return { kind: 'PERSON', id: member.id, displayName: '', roles: rolesForProfiles(parsed.profiles), sessionId: '' };
  }
}

function memberOf(principal: Principal): FeedMember {
  if (principal.kind === 'HUB_ADMIN') throw new ForbiddenError(FEED_NOT_FOR_MODERATION);
  return { kind: principal.kind, id: principal.id };
}
