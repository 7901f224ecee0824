import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Agenda and cahier de textes of shared spaces: events (with an iCalendar export), homework with a due date, optionally
 * for one class of the space, and one completion row per pupil who marked a homework done.
 * Must run on PostgreSQL 15 and on the embedded PGlite (PostgreSQL 18).
 */
export class AgendaHomework1765100000000 implements MigrationInterface {
  name = 'AgendaHomework1765100000000';

  async up(q: QueryRunner): Promise<void> {
    const actorKind = (column: string, constraint: string) =>
      `${column} text NOT NULL CONSTRAINT ${constraint} CHECK (${column} IN ('HUB_ADMIN', 'PERSON', 'GUEST'))`;

    await q.query(`
      CREATE TABLE space_event (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        space_id uuid NOT NULL CONSTRAINT space_event_space_id_fkey REFERENCES space (id) ON DELETE CASCADE,
        ${actorKind('author_kind', 'space_event_author_kind_known')},
        author_id uuid NOT NULL,
        title varchar(200) NOT NULL CONSTRAINT space_event_title_not_blank CHECK (length(btrim(title)) > 0),
        description varchar(4000) NOT NULL DEFAULT '',
        location varchar(300) NOT NULL DEFAULT '',
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        all_day boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT space_event_ends_after_start CHECK (ends_at >= starts_at)
      )`);
    await q.query(`CREATE INDEX space_event_space_created_at_idx ON space_event (space_id, created_at, id)`);
    await q.query(`CREATE INDEX space_event_space_starts_at_idx ON space_event (space_id, starts_at)`);

    await q.query(`
      CREATE TABLE homework (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        space_id uuid NOT NULL CONSTRAINT homework_space_id_fkey REFERENCES space (id) ON DELETE CASCADE,
        school_class_id uuid CONSTRAINT homework_school_class_id_fkey REFERENCES school_class (id) ON DELETE SET NULL,
        ${actorKind('author_kind', 'homework_author_kind_known')},
        author_id uuid NOT NULL,
        title varchar(200) NOT NULL CONSTRAINT homework_title_not_blank CHECK (length(btrim(title)) > 0),
        details_html text NOT NULL CONSTRAINT homework_details_html_length CHECK (length(details_html) <= 20000),
        details_text text NOT NULL,
        due_on date NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX homework_space_created_at_idx ON homework (space_id, created_at, id)`);
    await q.query(`CREATE INDEX homework_space_due_on_idx ON homework (space_id, due_on)`);

    await q.query(`
      CREATE TABLE homework_completion (
        homework_id uuid NOT NULL CONSTRAINT homework_completion_homework_id_fkey REFERENCES homework (id) ON DELETE CASCADE,
        space_id uuid NOT NULL CONSTRAINT homework_completion_space_id_fkey REFERENCES space (id) ON DELETE CASCADE,
        pupil_kind text NOT NULL CONSTRAINT homework_completion_pupil_kind_known CHECK (pupil_kind IN ('PERSON', 'GUEST')),
        pupil_id uuid NOT NULL,
        done_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT homework_completion_pkey PRIMARY KEY (homework_id, pupil_kind, pupil_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['homework_completion', 'homework', 'space_event']) await q.query(`DROP TABLE IF EXISTS ${table}`);
  }
}
