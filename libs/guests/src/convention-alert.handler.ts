import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { HandlesJob, JobHandler, JobPayloads } from '@passerelle/jobs';

/**
 * Stores an alert about a convention for its administrators: every hub administrator, and every director
 * (National_DIR) of its hosting structures. The job id is the dedupe key: a re-run, or the same alert raised again
 * the same day, adds nothing. Members read it in their inbox (`notifications`).
 */
@Injectable()
@HandlesJob('convention-alert')
export class ConventionAlertHandler implements JobHandler<'convention-alert'> {
  constructor(private readonly dataSource: DataSource) {}

  async handle({ conventionId, alert, profile }: JobPayloads['convention-alert'], { jobId }: { jobId: string }): Promise<void> {
    const payload = JSON.stringify({ conventionId, alert, profile });
    await this.dataSource.query(
      `INSERT INTO notification (recipient_kind, recipient_id, kind, dedupe_key, payload)
       SELECT 'HUB_ADMIN', a.id, 'CONVENTION_ALERT', $2, $3::jsonb FROM hub_admin a
       WHERE EXISTS (SELECT 1 FROM convention WHERE id = $1)
       UNION ALL
       SELECT 'PERSON', p.id, 'CONVENTION_ALERT', $2, $3::jsonb
       FROM convention_hosting_structure h JOIN person p ON p.structure_id = h.structure_id
       WHERE h.convention_id = $1 AND 'National_DIR' = ANY (p.profiles)
       ON CONFLICT (recipient_id, dedupe_key) DO NOTHING`, [conventionId, jobId, payload]);
  }
}
