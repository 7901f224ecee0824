import { jobRequest, Transaction } from '@passerelle/jobs';
import { ConventionEntity } from './convention.entity.js';
import { addDays } from './convention-rules.js';

/* The jobs a convention change writes to the outbox, in the change's own transaction. Ids derive from their subject. */

/** Pools follow the quotas: one provisioning job per profile (quota 0 included, so that its pool shrinks). */
export async function enqueuePoolProvisioning(tx: Transaction, convention: ConventionEntity, profiles: readonly string[]): Promise<void> {
  for (const profile of profiles) {
    await tx.enqueue(jobRequest('guest-pool-provision', { conventionId: convention.id, profile, revision: convention.poolRevision },
      [convention.id, profile, String(convention.poolRevision)]));
  }
}

/** Ends the convention when its window closes (the handler re-checks the convention's current window). */
export async function enqueueWindowEnd(tx: Transaction, convention: ConventionEntity): Promise<void> {
  const validUntil = convention.validUntil;
  await tx.enqueue(jobRequest('convention-window-end', { conventionId: convention.id, validUntil: validUntil.toISOString() },
    [convention.id, String(validUntil.getTime())], validUntil));
}

export async function enqueueGuestsSuspension(tx: Transaction, convention: ConventionEntity): Promise<void> {
  await tx.enqueue(jobRequest('convention-guests-suspend', { conventionId: convention.id, revision: convention.poolRevision },
    [convention.id, String(convention.poolRevision)]));
}

export async function enqueueGuestsResumption(tx: Transaction, convention: ConventionEntity): Promise<void> {
  await tx.enqueue(jobRequest('convention-guests-resume', { conventionId: convention.id, revision: convention.poolRevision },
    [convention.id, String(convention.poolRevision)]));
}

/** After an amendment that changed the schools or profiles admitted: guests suspended or resumed to match. */
export async function enqueueGuestsAdmission(tx: Transaction, convention: ConventionEntity): Promise<void> {
  await tx.enqueue(jobRequest('convention-guests-admission', { conventionId: convention.id, version: convention.version },
    [convention.id, String(convention.version)]));
}

/** Personal data erased once retention has passed after the end. */
export async function enqueueDeprovisioning(tx: Transaction, convention: ConventionEntity): Promise<void> {
  await tx.enqueue(jobRequest('convention-deprovision', { conventionId: convention.id }, [convention.id],
    addDays(convention.endedAt!, convention.retentionDays)));
}
