import { homeworkClassFilter, homeworkVisibleTo } from './homework.rules.js';
import { SpaceRole } from './space-permissions.js';

describe('homework for one class', () => {
  const cm2a = 'class-cm2a';
  const cm2b = 'class-cm2b';

  it('shows a homework of the whole space to every reader', () => {
    for (const role of Object.values(SpaceRole)) expect(homeworkVisibleTo({ schoolClassId: null }, { role, classIds: [] })).toBe(true);
  });

  it('shows a homework of one class to its pupils and to those who run the space, not to other pupils or parents', () => {
    const homework = { schoolClassId: cm2a };
    expect(homeworkVisibleTo(homework, { role: SpaceRole.CONTRIBUTOR, classIds: [cm2a] })).toBe(true);
    expect(homeworkVisibleTo(homework, { role: SpaceRole.CONTRIBUTOR, classIds: [cm2b] })).toBe(false);
    expect(homeworkVisibleTo(homework, { role: SpaceRole.CONTRIBUTOR, classIds: [] })).toBe(false);
    expect(homeworkVisibleTo(homework, { role: SpaceRole.READER, classIds: [] })).toBe(false);
    expect(homeworkVisibleTo(homework, { role: SpaceRole.MODERATOR, classIds: [] })).toBe(true);
    expect(homeworkVisibleTo(homework, { role: SpaceRole.OWNER, classIds: [cm2b] })).toBe(true);
  });

  it('filters lists by the reader\'s classes, except for those who run the space', () => {
    expect(homeworkClassFilter({ role: SpaceRole.CONTRIBUTOR, classIds: [cm2a] })).toEqual([cm2a]);
    expect(homeworkClassFilter({ role: SpaceRole.READER, classIds: [] })).toEqual([]);
    expect(homeworkClassFilter({ role: SpaceRole.MODERATOR, classIds: [] })).toBeNull();
  });
});
