import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { GuestContributionsPort } from '@passerelle/guests';
import { jobRequest, writeToOutbox } from '@passerelle/jobs';
import { DocumentsRepository } from './documents.repository.js';
import { systemScope } from './space-scope.js';

/**
 * What becomes of a guest's contributions in shared spaces when their convention's retention is over (called by the
 * deprovisioning job, in its transaction, before the guest's personal data is erased).
 */
@Injectable()
export class SpacesGuestContributions implements GuestContributionsPort {
  private readonly documents: DocumentsRepository;

  constructor(dataSource: DataSource) {
    // Built here rather than injected: the guests library's module, which instantiates this adapter, does not import spaces.
    this.documents = new DocumentsRepository(dataSource);
  }

  /**
   * ERASE (or the pupil objected), in the deprovisioning's transaction:
   * - documents: the guest's versions go, with their bytes (given back to the space's quota) and their file names; a
   *   document whose every version was the guest's goes entirely, one where others added versions keeps theirs (see
   *   DocumentsRepository.deleteVersionsBy). The stored files are removed by a 'document-files-delete' job written to
   *   the outbox in this transaction, so they go only once the erasure has committed. The guest's folders go once
   *   empty; a folder still holding others' documents stays where it is, renamed "Dossier 1" (or the next free number);
   * - announcements, events and homework the guest wrote are deleted (with the homework's completions, and a pending
   *   event reminder then skips itself), and so are the homework the guest marked done;
   * - posts become empty tombstones and lose their history, comments are blanked and hidden, reactions and mentions
   *   of the guest go (held or rejected ones alike), and so do the counts of the per-person limits.
   */
  async eraseContributionsOf(manager: EntityManager, guestIds: readonly string[]): Promise<void> {
    await this.eraseContributions(manager, 'GUEST', guestIds);
  }

  /** The same erasure for home-ENT people not seen for long (their row is deleted next: the job's caller does it). */
  async eraseContributionsOfPeople(manager: EntityManager, personIds: readonly string[]): Promise<void> {
    await this.eraseContributions(manager, 'PERSON', personIds);
  }

  private async eraseContributions(manager: EntityManager, kind: 'GUEST' | 'PERSON', authorIds: readonly string[]): Promise<void> {
    if (authorIds.length === 0) return;
    const ids = [...authorIds];
    const guests = { kind, ids };
    for (const { spaceId, documentId } of await this.documents.documentsWithVersionsBy(manager, guests)) {
      const erased = await this.documents.deleteVersionsBy(manager, systemScope(spaceId), documentId, guests);
      if (!erased || erased.storageKeys.length === 0) continue;
      // The first key makes the job id unique: another erasure of this document's versions must not collapse into it.
      await writeToOutbox(manager, jobRequest('document-files-delete', { spaceId, storageKeys: erased.storageKeys },
        [documentId, 'erased', erased.storageKeys[0]]));
    }
    for (const { spaceId, folderId } of await this.documents.foldersCreatedBy(manager, guests)) {
      const scope = systemScope(spaceId);
      const outcome = await this.documents.deleteEmptyFolder(manager, scope, folderId);
      if (outcome === 'NOT_EMPTY') await this.documents.renameFolderNeutrally(manager, scope, folderId);
    }
    await deleteFeedTokens(manager, kind, ids);
    await manager.query(`DELETE FROM announcement WHERE author_kind = $2 AND author_id = ANY($1::uuid[])`, [ids, kind]);
    await manager.query(`DELETE FROM space_event WHERE author_kind = $2 AND author_id = ANY($1::uuid[])`, [ids, kind]);
    await manager.query(`DELETE FROM homework WHERE author_kind = $2 AND author_id = ANY($1::uuid[])`, [ids, kind]);
    await manager.query(`DELETE FROM homework_completion WHERE pupil_kind = $2 AND pupil_id = ANY($1::uuid[])`, [ids, kind]);
    await manager.query(
      `DELETE FROM post_revision WHERE post_id IN (SELECT id FROM post WHERE author_kind = $2 AND author_id = ANY($1::uuid[]))
          OR (editor_kind = $2 AND editor_id = ANY($1::uuid[]))`, [ids, kind]);
    await manager.query(
      `UPDATE post SET body_html = '', body_text = '', deleted_at = coalesce(deleted_at, now()), updated_at = now()
       WHERE author_kind = $2 AND author_id = ANY($1::uuid[])`, [ids, kind]);
    await manager.query(
      `UPDATE post_comment SET body_html = '', body_text = '', deleted_at = coalesce(deleted_at, now())
       WHERE author_kind = $2 AND author_id = ANY($1::uuid[])`, [ids, kind]);
    await manager.query(`DELETE FROM post_reaction WHERE reactor_kind = $2 AND reactor_id = ANY($1::uuid[])`, [ids, kind]);
    await manager.query(`DELETE FROM mention WHERE mentioned_kind = $2 AND mentioned_id = ANY($1::uuid[])`, [ids, kind]);
    // What the per-person limits counted of them (contribution-limits.ts).
    await manager.query(`DELETE FROM contribution_window WHERE actor_kind = $2 AND actor_id = ANY($1::uuid[])`, [ids, kind]);
  }

  /**
   * KEEP_PSEUDONYMIZED: contributions stay, linked to the guest account only. Spaces never copy a name onto content
   * (authors are resolved when read, and a deprovisioned guest reads as a pseudonym), so erasing the guest's personal
   * data, which the deprovisioning job does next, is what pseudonymises them: nothing to rewrite here. Their agenda
   * feeds (ADR 0023) go, as with an erasure: a deprovisioned guest subscribes to nothing.
   */
  async pseudonymiseContributionsOf(manager: EntityManager, guestIds: readonly string[]): Promise<void> {
    await deleteFeedTokens(manager, 'GUEST', guestIds);
  }
}

/** The agenda feeds (calendar_feed_token) of these guests or people: a secret URL outlives nobody it belonged to. */
async function deleteFeedTokens(manager: EntityManager, kind: 'GUEST' | 'PERSON', ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  const column = kind === 'GUEST' ? 'guest_id' : 'person_id';
  await manager.query(`DELETE FROM calendar_feed_token WHERE ${column} = ANY($1::uuid[])`, [[...ids]]);
}
