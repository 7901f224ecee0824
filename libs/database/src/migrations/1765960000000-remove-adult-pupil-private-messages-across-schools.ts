import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Private messages written before ADR 0018 between an adult and a pupil of different schools are removed.
 *
 * Since ADR 0018 the hub refuses such messages (PRIVATE_MESSAGES_ADULT_PUPIL_CROSS_SCHOOL); those written before it are
 * still readable by their two parties only, which is what the rule exists to end: an adult's private conversation with
 * a child that the child's teachers cannot read. ADR 0018 chose not to open that channel rather than to let moderators
 * read children's private messages, so these rows are deleted, not handed to the space's owners to read: turning
 * private correspondence into something moderators read, after the fact and without the pupil having been told, is the
 * intrusion the ADR declined. One audit event per space records how many went (ids and counts only, never the text).
 *
 * The pairs are those `privateMessageDecision` refuses today: one party a pupil (a person with National_ELV among their
 * profiles, a guest whose profile is National_ELV) and the other not, and schools not the same (a person's structure
 * UAI, a guest's UAI; an unknown school is never the same, as in chat-rules.ts sameSchool). Pupil↔pupil and adult↔adult
 * messages, and a pupil's messages with the adults of their own school, stay. Nothing to undo: down() does nothing.
 */
export class RemoveAdultPupilPrivateMessagesAcrossSchools1765960000000 implements MigrationInterface {
  name = 'RemoveAdultPupilPrivateMessagesAcrossSchools1765960000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS adult_pupil_private_message`);
    await q.query(`
      CREATE TEMPORARY TABLE adult_pupil_private_message AS
      SELECT m.id, m.space_id
      FROM chat_message m
      LEFT JOIN person ap ON m.author_kind = 'PERSON' AND ap.id = m.author_id
      LEFT JOIN structure ast ON ast.id = ap.structure_id
      LEFT JOIN guest ag ON m.author_kind = 'GUEST' AND ag.id = m.author_id
      LEFT JOIN person rp ON m.recipient_kind = 'PERSON' AND rp.id = m.recipient_id
      LEFT JOIN structure rst ON rst.id = rp.structure_id
      LEFT JOIN guest rg ON m.recipient_kind = 'GUEST' AND rg.id = m.recipient_id
      CROSS JOIN LATERAL (SELECT
        (coalesce(EXISTS (SELECT 1 FROM unnest(ap.profiles) x WHERE upper(x) = 'NATIONAL_ELV'), false)
          OR upper(coalesce(ag.profile, '')) = 'NATIONAL_ELV') AS author_pupil,
        (coalesce(EXISTS (SELECT 1 FROM unnest(rp.profiles) x WHERE upper(x) = 'NATIONAL_ELV'), false)
          OR upper(coalesce(rg.profile, '')) = 'NATIONAL_ELV') AS recipient_pupil,
        upper(btrim(coalesce(ast.uai, ag.uai))) AS author_uai,
        upper(btrim(coalesce(rst.uai, rg.uai))) AS recipient_uai) f
      WHERE m.recipient_id IS NOT NULL
        AND f.author_pupil <> f.recipient_pupil
        AND (f.author_uai IS NULL OR f.recipient_uai IS NULL OR f.author_uai <> f.recipient_uai)`);
    await q.query(`
      INSERT INTO audit_event (actor_kind, action, subject_type, subject_id, details)
      SELECT 'SYSTEM', 'chat.private-messages-removed', 'space', space_id,
             jsonb_build_object('count', count(*), 'reason', 'ADULT_PUPIL_CROSS_SCHOOL', 'rule', 'ADR 0018')
      FROM adult_pupil_private_message GROUP BY space_id`);
    await q.query(`DELETE FROM chat_message WHERE id IN (SELECT id FROM adult_pupil_private_message)`);
    await q.query(`DROP TABLE adult_pupil_private_message`);
  }

  async down(): Promise<void> {
    // Removed messages are not brought back.
  }
}
