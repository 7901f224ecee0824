import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { SpacesGuestContributions } from '@passerelle/spaces';

/**
 * The guests' contributions port for a hub with the chat: what spaces do (wall, documents, agenda, homework), then
 * the chat. The apps wire this class instead of SpacesGuestContributions (spaces does not know the chat).
 */
@Injectable()
export class SpacesAndChatGuestContributions extends SpacesGuestContributions {
  /**
   * ERASE (or the pupil objected): the guest's chat messages go, and so do the private messages written to them (a
   * conversation with someone whose data is erased). Channel messages of others stay.
   */
  override async eraseContributionsOf(manager: EntityManager, guestIds: readonly string[]): Promise<void> {
    await super.eraseContributionsOf(manager, guestIds);
    if (guestIds.length === 0) return;
    await manager.query(`DELETE FROM chat_message WHERE (author_kind = 'GUEST' AND author_id = ANY($1::uuid[]))
      OR (recipient_kind = 'GUEST' AND recipient_id = ANY($1::uuid[]))`, [[...guestIds]]);
  }

  /** Home-ENT people erased after a long absence: the same for their chat. */
  override async eraseContributionsOfPeople(manager: EntityManager, personIds: readonly string[]): Promise<void> {
    await super.eraseContributionsOfPeople(manager, personIds);
    if (personIds.length === 0) return;
    await manager.query(`DELETE FROM chat_message WHERE (author_kind = 'PERSON' AND author_id = ANY($1::uuid[]))
      OR (recipient_kind = 'PERSON' AND recipient_id = ANY($1::uuid[]))`, [[...personIds]]);
  }

  // KEEP_PSEUDONYMIZED: as for posts, names are resolved when read (a deprovisioned guest reads as a pseudonym).
}
