import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Why a guest is SUSPENDED: its convention was suspended or ended (CONVENTION), or an amendment no longer admits its
 * school or profile (NOT_ADMITTED). Each cause is lifted by its own event only: resuming the convention does not bring
 * back a guest whose collège was dropped, and restoring the collège does not bring back the guests of a suspended
 * convention. A suspended guest always has a reason, and only a suspended guest has one. Guests suspended before
 * this migration were suspended with their convention.
 */
export class GuestSuspensionReason1765500000000 implements MigrationInterface {
  name = 'GuestSuspensionReason1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE guest ADD COLUMN suspension_reason text
      CONSTRAINT guest_suspension_reason_known CHECK (suspension_reason IN ('CONVENTION', 'NOT_ADMITTED'))`);
    await q.query(`UPDATE guest SET suspension_reason = 'CONVENTION' WHERE state = 'SUSPENDED'`);
    await q.query(`ALTER TABLE guest ADD CONSTRAINT guest_suspended_has_reason
      CHECK ((state = 'SUSPENDED') = (suspension_reason IS NOT NULL))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE guest DROP CONSTRAINT IF EXISTS guest_suspended_has_reason`);
    await q.query(`ALTER TABLE guest DROP COLUMN IF EXISTS suspension_reason`);
  }
}
