import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { GuestContributionsPort } from '@passerelle/guests';

/**
 * What becomes of a guest's contributions in shared spaces when their convention's retention is over (called by the
 * deprovisioning job, in its transaction, before the guest's personal data is erased).
 */
@Injectable()
export class SpacesGuestContributions implements GuestContributionsPort {
  /**
   * ERASE (or the pupil objected): posts become empty tombstones and lose their history, comments are blanked and
   * hidden, reactions and mentions of the guest go.
   */
  async eraseContributionsOf(manager: EntityManager, guestIds: readonly string[]): Promise<void> {
    if (guestIds.length === 0) return;
    const ids = [...guestIds];
    await manager.query(
      `DELETE FROM post_revision WHERE post_id IN (SELECT id FROM post WHERE author_kind = 'GUEST' AND author_id = ANY($1::uuid[]))
          OR (editor_kind = 'GUEST' AND editor_id = ANY($1::uuid[]))`, [ids]);
    await manager.query(
      `UPDATE post SET body_html = '', body_text = '', deleted_at = coalesce(deleted_at, now()), updated_at = now()
       WHERE author_kind = 'GUEST' AND author_id = ANY($1::uuid[])`, [ids]);
    await manager.query(
      `UPDATE post_comment SET body_html = '', body_text = '', deleted_at = coalesce(deleted_at, now())
       WHERE author_kind = 'GUEST' AND author_id = ANY($1::uuid[])`, [ids]);
    await manager.query(`DELETE FROM post_reaction WHERE reactor_kind = 'GUEST' AND reactor_id = ANY($1::uuid[])`, [ids]);
    await manager.query(`DELETE FROM mention WHERE mentioned_kind = 'GUEST' AND mentioned_id = ANY($1::uuid[])`, [ids]);
  }

  /**
   * KEEP_PSEUDONYMIZED: contributions stay, linked to the guest account only. Spaces never copy a name onto content
   * (authors are resolved when read, and a deprovisioned guest reads as a pseudonym), so erasing the guest's personal
   * data, which the deprovisioning job does next, is what pseudonymises them: nothing to rewrite here.
   */
  async pseudonymiseContributionsOf(): Promise<void> {
    return undefined;
  }
}
