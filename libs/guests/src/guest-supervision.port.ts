import type { Principal } from '@passerelle/access';

/**
 * Who, besides the guest and hub administrators, may act for a guest (e.g. record their objection to the retention of
 * their contributions): a teacher of a space the guest works in. The spaces library answers it.
 */
export abstract class GuestSupervisionPort {
  abstract supervises(principal: Principal, guestId: string): Promise<boolean>;
}

/** For a hub without shared spaces: nobody but the guest and hub administrators acts for a guest. */
export class NoSpacesSupervision extends GuestSupervisionPort {
  async supervises(): Promise<boolean> {
    return false;
  }
}
