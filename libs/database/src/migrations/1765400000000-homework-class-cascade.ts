import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Homework aimed at one class goes with the class. Before, removing the class from the directory set the homework's
 * class to NULL, which means "the whole space": a class-only entry would have become visible to every member
 * (guests and parents included).
 */
export class HomeworkClassCascade1765400000000 implements MigrationInterface {
  name = 'HomeworkClassCascade1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE homework DROP CONSTRAINT homework_school_class_id_fkey`);
    await q.query(`ALTER TABLE homework ADD CONSTRAINT homework_school_class_id_fkey
      FOREIGN KEY (school_class_id) REFERENCES school_class (id) ON DELETE CASCADE`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE homework DROP CONSTRAINT homework_school_class_id_fkey`);
    await q.query(`ALTER TABLE homework ADD CONSTRAINT homework_school_class_id_fkey
      FOREIGN KEY (school_class_id) REFERENCES school_class (id) ON DELETE SET NULL`);
  }
}
