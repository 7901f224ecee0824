import { Injectable, Logger } from '@nestjs/common';
import { HandlesJob, JobHandler, JobPayloads } from '@passerelle/jobs';
import { ConventionLifecycleService } from './convention-lifecycle.service.js';

/** At the end of a validity window: ends the convention if still ACTIVE or SUSPENDED (idempotent; re-checks the current window). */
@Injectable()
@HandlesJob('convention-window-end')
export class ConventionWindowEndHandler implements JobHandler<'convention-window-end'> {
  private readonly logger = new Logger('ConventionWindowEnd');

  constructor(private readonly lifecycle: ConventionLifecycleService) {}

  async handle({ conventionId, validUntil }: JobPayloads['convention-window-end']): Promise<void> {
    const outcome = await this.lifecycle.endAtWindow(conventionId, validUntil);
    this.logger.log({ msg: 'convention window end', conventionId, outcome });
  }
}
