import { alertDay, guestLogin, isPoolLow, lowWatermark, nextPoolStep, profileShortName } from './guest-pool.rules.js';

describe('guest pool rules', () => {
  it('names a guest after its convention, profile and rank, with no personal data', () => {
    expect(guestLogin('cm2vauban', 'National_ELV', 12)).toBe('inv-cm2vauban-elv-12');
    expect(guestLogin('cm2vauban', 'National_ens', 1)).toBe('inv-cm2vauban-ens-1');
    expect(() => profileShortName('teacher')).toThrow(/national profile/);
  });

  it('grows in batches from the highest seq ever used', () => {
    expect(nextPoolStep({ quota: 5000, live: 0, available: 0, maxSeq: 0 }, 1000)).toEqual({ kind: 'grow', firstSeq: 1, count: 1000 });
    expect(nextPoolStep({ quota: 5000, live: 4500, available: 4500, maxSeq: 4500 }, 1000)).toEqual({ kind: 'grow', firstSeq: 4501, count: 500 });
    // Deprovisioned guests keep their seq: new ones come after them.
    expect(nextPoolStep({ quota: 3, live: 1, available: 1, maxSeq: 7 })).toEqual({ kind: 'grow', firstSeq: 8, count: 2 });
  });

  it('shrinks only AVAILABLE guests, and converges when more are bound than the new quota', () => {
    expect(nextPoolStep({ quota: 10, live: 60, available: 55, maxSeq: 60 })).toEqual({ kind: 'shrink', count: 50 });
    expect(nextPoolStep({ quota: 10, live: 60, available: 20, maxSeq: 60 })).toEqual({ kind: 'shrink', count: 20 });
    expect(nextPoolStep({ quota: 10, live: 40, available: 0, maxSeq: 60 })).toEqual({ kind: 'converged' });
    expect(nextPoolStep({ quota: 0, live: 3000, available: 3000, maxSeq: 3000 }, 1000)).toEqual({ kind: 'shrink', count: 1000 });
    expect(nextPoolStep({ quota: 64, live: 64, available: 64, maxSeq: 64 })).toEqual({ kind: 'converged' });
  });

  it('calls a pool low under 10 % of its quota', () => {
    expect(lowWatermark(100)).toBe(10);
    expect(isPoolLow(10, 100)).toBe(false);
    expect(isPoolLow(9, 100)).toBe(true);
    expect(isPoolLow(1, 15)).toBe(true);
    expect(isPoolLow(2, 15)).toBe(false);
    expect(isPoolLow(0, 0)).toBe(false);
  });

  it('counts alert days in French time', () => {
    expect(alertDay(new Date('2026-11-29T22:30:00Z'))).toBe('2026-11-29');
    expect(alertDay(new Date('2026-11-29T23:30:00Z'))).toBe('2026-11-30');
  });
});
