import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/**
 * What happens to a guest's contributions (posts, comments, documents...) when the convention's retention is over.
 * Called inside the deprovisioning transaction, with its manager, before the guests' personal data is erased.
 */
export interface GuestContributionsPort {
  /** Deletes the contributions of these guests (the convention says ERASE, or the guest objected). */
  eraseContributionsOf(manager: EntityManager, guestIds: readonly string[]): Promise<void>;
  /** Keeps them under the guest's pseudonymous login, with nothing that names the person (KEEP_PSEUDONYMIZED). */
  pseudonymiseContributionsOf(manager: EntityManager, guestIds: readonly string[]): Promise<void>;
  /**
   * The same erasure for home-ENT people (directory persons) not seen for long, before their row is deleted
   * (HomePersonEraseHandler). Keeping them needs nothing: a deleted author reads as a former member.
   */
  eraseContributionsOfPeople(manager: EntityManager, personIds: readonly string[]): Promise<void>;
}

/** Nest token of the GuestContributionsPort. */
export const GUEST_CONTRIBUTIONS = Symbol('GUEST_CONTRIBUTIONS');

/**
 * For a hub assembled without shared spaces: guests then have no contributions to erase or pseudonymise. The
 * applications pass the spaces library's adapter (`SpacesGuestContributions`) through `GuestsModule.forRoot`.
 */
@Injectable()
export class NoContributionsYetAdapter implements GuestContributionsPort {
  async eraseContributionsOf(_manager: EntityManager, _guestIds: readonly string[]): Promise<void> {
    // No contribution table exists yet: nothing to erase.
  }

  async pseudonymiseContributionsOf(_manager: EntityManager, _guestIds: readonly string[]): Promise<void> {
    // No contribution table exists yet: nothing to pseudonymise.
  }

  async eraseContributionsOfPeople(_manager: EntityManager, _personIds: readonly string[]): Promise<void> {
    // No contribution table exists yet: nothing to erase.
  }
}
