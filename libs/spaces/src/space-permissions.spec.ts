import { actionsOf, can, capRole, SPACE_PERMISSIONS, SpaceAction, SpaceRole, strongerRole } from './space-permissions.js';

/**
 * The permissions table, written out again cell by cell: a change to the table must be a change to this test too.
 * (O = OWNER, M = MODERATOR, C = CONTRIBUTOR, R = READER.)
 */
const EXPECTED: Record<SpaceAction, string> = {
  [SpaceAction.READ]: 'OMCR',
  [SpaceAction.VIEW_MEMBERS]: 'OMC',
  [SpaceAction.POST]: 'OMC',
  [SpaceAction.COMMENT]: 'OMC',
  [SpaceAction.REACT]: 'OMC',
  [SpaceAction.MODERATE]: 'OM',
  [SpaceAction.ANNOUNCE]: 'OM',
  [SpaceAction.MANAGE_MEMBERS]: 'O',
  [SpaceAction.EDIT_SETTINGS]: 'O',
  [SpaceAction.SCHEDULE]: 'OM',
  [SpaceAction.COMPLETE_HOMEWORK]: 'C',
  [SpaceAction.UPLOAD_DOCUMENT]: 'OMC',
  [SpaceAction.READ_CHAT]: 'OMC',
  [SpaceAction.CHAT]: 'OMC',
};
const LETTER: Record<SpaceRole, string> = { OWNER: 'O', MODERATOR: 'M', CONTRIBUTOR: 'C', READER: 'R' };

describe('space permissions table', () => {
  const cells = Object.values(SpaceAction).flatMap((action) => Object.values(SpaceRole).map((role) => [action, role] as const));

  it('has a row for every action and a cell for every role', () => {
    expect(Object.keys(SPACE_PERMISSIONS).sort()).toEqual(Object.values(SpaceAction).sort());
    for (const action of Object.values(SpaceAction)) {
      expect(Object.keys(SPACE_PERMISSIONS[action]).sort()).toEqual(Object.values(SpaceRole).sort());
    }
    expect(cells).toHaveLength(Object.values(SpaceAction).length * 4);
  });

  it.each(cells)('%s by %s is exactly as written in the expected table', (action, role) => {
    expect(can(role, action)).toBe(EXPECTED[action].includes(LETTER[role]));
  });

  it('gives nothing to someone without a role', () => {
    for (const action of Object.values(SpaceAction)) {
      expect(can(null, action)).toBe(false);
      expect(can(undefined, action)).toBe(false);
    }
  });

  it('never lets a reader write, nor a contributor moderate', () => {
    expect(actionsOf(SpaceRole.READER)).toEqual([SpaceAction.READ]);
    expect(actionsOf(SpaceRole.CONTRIBUTOR)).toEqual([SpaceAction.READ, SpaceAction.VIEW_MEMBERS, SpaceAction.POST, SpaceAction.COMMENT, SpaceAction.REACT, SpaceAction.COMPLETE_HOMEWORK,
      SpaceAction.UPLOAD_DOCUMENT, SpaceAction.READ_CHAT, SpaceAction.CHAT]);
  });

  it('orders roles from owner to reader', () => {
    expect(strongerRole(SpaceRole.READER, SpaceRole.MODERATOR)).toBe(SpaceRole.MODERATOR);
    expect(strongerRole(null, SpaceRole.READER)).toBe(SpaceRole.READER);
    expect(capRole(SpaceRole.OWNER, SpaceRole.CONTRIBUTOR)).toBe(SpaceRole.CONTRIBUTOR);
    expect(capRole(SpaceRole.READER, SpaceRole.OWNER)).toBe(SpaceRole.READER);
    expect(capRole(SpaceRole.READER, null)).toBeNull();
  });
});
