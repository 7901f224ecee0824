import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { HandlesJob, JobHandler, JobPayloads } from '@passerelle/jobs';

/** Tells every hub administrator that a structure joined the directory. Idempotent through the dedupe key. */
@Injectable()
@HandlesJob('structure-created')
export class StructureCreatedHandler implements JobHandler<'structure-created'> {
  constructor(private readonly dataSource: DataSource) {}

  async handle({ structureId }: JobPayloads['structure-created']): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO notification (recipient_kind, recipient_id, kind, dedupe_key, payload)
       SELECT 'HUB_ADMIN', a.id, 'STRUCTURE_CREATED', 'structure-created.' || s.id, jsonb_build_object('structureId', s.id, 'uai', s.uai, 'name', s.name)
       FROM hub_admin a CROSS JOIN structure s WHERE s.id = $1
       ON CONFLICT (recipient_id, dedupe_key) DO NOTHING`, [structureId]);
  }
}
