import { AppConfig } from '@passerelle/config';
import { contributionLimits, isLimited, storageShare } from './contribution-limits.js';
import { SpaceRole } from './space-permissions.js';

describe('per-person limits', () => {
  it('hold those who do not moderate the space (pupils), not those who do (teachers, owners)', () => {
    expect(isLimited(SpaceRole.CONTRIBUTOR)).toBe(true);
    expect(isLimited(SpaceRole.READER)).toBe(true);
    expect(isLimited(SpaceRole.MODERATOR)).toBe(false);
    expect(isLimited(SpaceRole.OWNER)).toBe(false);
  });

  it('give one pupil a share of the space\'s quota, rounded down', () => {
    expect(storageShare(524_288_000, 20)).toBe(104_857_600);
    expect(storageShare(99, 20)).toBe(19);
    expect(storageShare(1000, 100)).toBe(1000);
  });

  it('come from the configuration, with defaults for a class', () => {
    expect(contributionLimits(new AppConfig())).toEqual({
      windowSeconds: 60, perWindow: { POST: 5, COMMENT: 10, UPLOAD: 10, MENTION: 20 }, storageSharePercent: 20,
    });
  });
});
