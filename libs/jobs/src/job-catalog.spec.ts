import { jobRequest, QUEUE_NAMES, QUEUE_OF } from './job-catalog.js';

describe('job catalog', () => {
  it('derives the job id from the job name and its subject, so that duplicates collapse', () => {
    const a = jobRequest('structure-created', { structureId: 'abc' }, ['abc']);
    const b = jobRequest('structure-created', { structureId: 'abc' }, ['abc']);
    expect(a.jobId).toBe('structure-created.abc');
    expect(b.jobId).toBe(a.jobId);
  });

  it('refuses a subject with a colon (BullMQ forbids it in custom ids)', () => {
    expect(() => jobRequest('structure-created', { structureId: 'a:b' }, ['a:b'])).toThrow(/must not contain/);
  });

  it('puts every job on a declared queue', () => {
    for (const queue of Object.values(QUEUE_OF)) expect(QUEUE_NAMES).toContain(queue);
  });
});
