/**
 * THE permissions table of spaces: for each action, which space roles may do it. Every use case asks `can()`;
 * nothing else in the code decides what a role may do. Tests enumerate the table cell by cell
 * (space-permissions.spec.ts) and the authorization matrix checks it through the API (spaces-authorization.e2e-spec.ts).
 */

/** A principal's role in one space, from the most to the least powerful. */
export enum SpaceRole {
  /** Created or runs the space (a home teacher, the school's director, a hub administrator). */
  OWNER = 'OWNER',
  /** Co-runs the wall: teachers, home or guest. */
  MODERATOR = 'MODERATOR',
  /** Takes part: pupils, home or guest. */
  CONTRIBUTOR = 'CONTRIBUTOR',
  /** Reads only: parents, when the space allows it. */
  READER = 'READER',
}

export enum SpaceAction {
  /** See the space, its published posts, comments and announcements. */
  READ = 'READ',
  /** See who the members are (pages blanches). Not parents: they never see other children. */
  VIEW_MEMBERS = 'VIEW_MEMBERS',
  POST = 'POST',
  COMMENT = 'COMMENT',
  REACT = 'REACT',
  /** Approve or reject pending posts, delete anyone's post or comment, read post histories. */
  MODERATE = 'MODERATE',
  /** Publish announcements. */
  ANNOUNCE = 'ANNOUNCE',
  /** Add and remove classes, people, guest cohorts (and so the conventions that cover the space). */
  MANAGE_MEMBERS = 'MANAGE_MEMBERS',
  /** Change title, description, settings, open or archive the space. */
  EDIT_SETTINGS = 'EDIT_SETTINGS',
  /** Create, change and delete agenda events and homework (cahier de textes). */
  SCHEDULE = 'SCHEDULE',
  /** Mark homework done or not done (pupils, for themselves). */
  COMPLETE_HOMEWORK = 'COMPLETE_HOMEWORK',
  /** Upload documents (and new versions of them) to the space's folders. Downloading needs READ only. */
  UPLOAD_DOCUMENT = 'UPLOAD_DOCUMENT',
  /** Read the space's chat channel and follow it live (not parents: the chat is between the children and their teachers). */
  READ_CHAT = 'READ_CHAT',
  /** Send chat messages, and take back one's own (private ones too, where the space allows them: libs/chat chat-rules.ts). */
  CHAT = 'CHAT',
}

type Row = Readonly<Record<SpaceRole, boolean>>;

export const SPACE_PERMISSIONS: Readonly<Record<SpaceAction, Row>> = {
  //                                OWNER        MODERATOR         CONTRIBUTOR         READER
  [SpaceAction.READ]:           { OWNER: true, MODERATOR: true,  CONTRIBUTOR: true,  READER: true },
  [SpaceAction.VIEW_MEMBERS]:   { OWNER: true, MODERATOR: true,  CONTRIBUTOR: true,  READER: false },
  [SpaceAction.POST]:           { OWNER: true, MODERATOR: true,  CONTRIBUTOR: true,  READER: false },
  [SpaceAction.COMMENT]:        { OWNER: true, MODERATOR: true,  CONTRIBUTOR: true,  READER: false },
  [SpaceAction.REACT]:          { OWNER: true, MODERATOR: true,  CONTRIBUTOR: true,  READER: false },
  [SpaceAction.MODERATE]:       { OWNER: true, MODERATOR: true,  CONTRIBUTOR: false, READER: false },
  [SpaceAction.ANNOUNCE]:       { OWNER: true, MODERATOR: true,  CONTRIBUTOR: false, READER: false },
  [SpaceAction.MANAGE_MEMBERS]: { OWNER: true, MODERATOR: false, CONTRIBUTOR: false, READER: false },
  [SpaceAction.EDIT_SETTINGS]:  { OWNER: true, MODERATOR: false, CONTRIBUTOR: false, READER: false },
  [SpaceAction.SCHEDULE]:       { OWNER: true, MODERATOR: true,  CONTRIBUTOR: false, READER: false },
  [SpaceAction.COMPLETE_HOMEWORK]: { OWNER: false, MODERATOR: false, CONTRIBUTOR: true, READER: false },
  [SpaceAction.UPLOAD_DOCUMENT]: { OWNER: true, MODERATOR: true,  CONTRIBUTOR: true,  READER: false },
  [SpaceAction.READ_CHAT]:      { OWNER: true, MODERATOR: true,  CONTRIBUTOR: true,  READER: false },
  [SpaceAction.CHAT]:           { OWNER: true, MODERATOR: true,  CONTRIBUTOR: true,  READER: false },
};

/** Whether a role may do an action; no role (not a member) may do nothing. */
export function can(role: SpaceRole | null | undefined, action: SpaceAction): boolean {
  return !!role && SPACE_PERMISSIONS[action][role] === true;
}

/** Every action a role may do, in the order of the table (clients show or hide buttons with it). */
export function actionsOf(role: SpaceRole | null | undefined): SpaceAction[] {
  return Object.values(SpaceAction).filter((action) => can(role, action));
}

/** Actions that change a space: an archived space refuses them (it can still be read, and reopened). */
export const CHANGING_ACTIONS: readonly SpaceAction[] = [
  SpaceAction.POST, SpaceAction.COMMENT, SpaceAction.REACT, SpaceAction.MODERATE, SpaceAction.ANNOUNCE, SpaceAction.MANAGE_MEMBERS,
  SpaceAction.SCHEDULE, SpaceAction.COMPLETE_HOMEWORK, SpaceAction.UPLOAD_DOCUMENT, SpaceAction.CHAT,
];

const RANK: Readonly<Record<SpaceRole, number>> = {
  [SpaceRole.OWNER]: 4, [SpaceRole.MODERATOR]: 3, [SpaceRole.CONTRIBUTOR]: 2, [SpaceRole.READER]: 1,
};

/** The more powerful of two roles (null is no role). */
export function strongerRole(a: SpaceRole | null, b: SpaceRole | null): SpaceRole | null {
  if (!a) return b;
  if (!b) return a;
  return RANK[a] >= RANK[b] ? a : b;
}

/** The role, lowered to `ceiling` when it is above it (null ceiling: no role at all). */
export function capRole(role: SpaceRole | null, ceiling: SpaceRole | null): SpaceRole | null {
  if (!role || !ceiling) return null;
  return RANK[role] <= RANK[ceiling] ? role : ceiling;
}

/** Whether `role` is at most `ceiling`. */
export function isWithin(role: SpaceRole, ceiling: SpaceRole | null): boolean {
  return !!ceiling && RANK[role] <= RANK[ceiling];
}
