import { SpaceRole } from './space-permissions.js';
import { PostStatus } from './wall.entities.js';
import {
  hideRefusal, initialStatus, isDisplayed, isOpenForReplies, mayDelete, mayEdit, mayEditAsModerator, mayView, PostFacts, statusAfterEdit, unhideRefusal,
} from './wall-rules.js';

const AUTHOR = { kind: 'GUEST', id: 'a' };
const post = (overrides: Partial<PostFacts> = {}): PostFacts => ({
  status: PostStatus.PUBLISHED, authorKind: AUTHOR.kind, authorId: AUTHOR.id, deleted: false, ...overrides,
});
const viewer = (role: SpaceRole, who = { kind: 'PERSON', id: 'b' }) => ({ ...who, role });

describe('wall rules', () => {
  it('holds posts of members who cannot moderate when the space asks for approval', () => {
    expect(initialStatus(true, SpaceRole.CONTRIBUTOR)).toBe(PostStatus.PENDING);
    expect(initialStatus(true, SpaceRole.MODERATOR)).toBe(PostStatus.PUBLISHED);
    expect(initialStatus(true, SpaceRole.OWNER)).toBe(PostStatus.PUBLISHED);
    expect(initialStatus(false, SpaceRole.CONTRIBUTOR)).toBe(PostStatus.PUBLISHED);
  });

  it('shows a pending or rejected post to its author and to moderators only', () => {
    for (const status of [PostStatus.PENDING, PostStatus.REJECTED]) {
      expect(mayView(post({ status }), viewer(SpaceRole.CONTRIBUTOR, AUTHOR))).toBe(true);
      expect(mayView(post({ status }), viewer(SpaceRole.MODERATOR))).toBe(true);
      expect(mayView(post({ status }), viewer(SpaceRole.CONTRIBUTOR))).toBe(false);
      expect(mayView(post({ status }), viewer(SpaceRole.READER))).toBe(false);
    }
    expect(mayView(post(), viewer(SpaceRole.READER))).toBe(true);
  });

  it('does not confuse a guest and a person with the same id', () => {
    expect(mayView(post({ status: PostStatus.PENDING }), viewer(SpaceRole.CONTRIBUTOR, { kind: 'PERSON', id: 'a' }))).toBe(false);
  });

  it('lets only the author edit, never a rejected or deleted post', () => {
    expect(mayEdit(post(), viewer(SpaceRole.CONTRIBUTOR, AUTHOR))).toBe(true);
    expect(mayEdit(post(), viewer(SpaceRole.OWNER))).toBe(false);
    expect(mayEdit(post({ status: PostStatus.REJECTED }), viewer(SpaceRole.CONTRIBUTOR, AUTHOR))).toBe(false);
    expect(mayEdit(post({ deleted: true }), viewer(SpaceRole.CONTRIBUTOR, AUTHOR))).toBe(false);
    expect(mayEdit(post(), viewer(SpaceRole.READER, AUTHOR))).toBe(false);
  });

  it('sends an edited published post of a pupil back to moderation', () => {
    expect(statusAfterEdit(PostStatus.PUBLISHED, true, SpaceRole.CONTRIBUTOR)).toBe(PostStatus.PENDING);
    expect(statusAfterEdit(PostStatus.PUBLISHED, true, SpaceRole.MODERATOR)).toBe(PostStatus.PUBLISHED);
    expect(statusAfterEdit(PostStatus.PENDING, false, SpaceRole.CONTRIBUTOR)).toBe(PostStatus.PENDING);
  });

  it('lets the author or a moderator delete', () => {
    expect(mayDelete(post(), viewer(SpaceRole.CONTRIBUTOR, AUTHOR))).toBe(true);
    expect(mayDelete(post(), viewer(SpaceRole.MODERATOR))).toBe(true);
    expect(mayDelete(post(), viewer(SpaceRole.CONTRIBUTOR))).toBe(false);
    expect(mayDelete(post({ deleted: true }), viewer(SpaceRole.OWNER))).toBe(false);
  });

  it('takes comments and reactions on published posts only', () => {
    expect(isOpenForReplies(post())).toBe(true);
    expect(isOpenForReplies(post({ status: PostStatus.PENDING }))).toBe(false);
    expect(isOpenForReplies(post({ deleted: true }))).toBe(false);
  });

  it('shows an announcement inside its dates only', () => {
    const now = new Date('2027-01-15T09:00:00Z');
    expect(isDisplayed({ displayFrom: null, displayUntil: null }, now)).toBe(true);
    expect(isDisplayed({ displayFrom: new Date('2027-01-16T00:00:00Z'), displayUntil: null }, now)).toBe(false);
    expect(isDisplayed({ displayFrom: null, displayUntil: now }, now)).toBe(false);
    expect(isDisplayed({ displayFrom: now, displayUntil: new Date('2027-01-16T00:00:00Z') }, now)).toBe(true);
  });

  it('shows a hidden post to its author and the moderators only, and takes no reply on it', () => {
    const hidden = post({ status: PostStatus.HIDDEN });
    expect(mayView(hidden, viewer(SpaceRole.CONTRIBUTOR, AUTHOR))).toBe(true);
    expect(mayView(hidden, viewer(SpaceRole.MODERATOR))).toBe(true);
    expect(mayView(hidden, viewer(SpaceRole.CONTRIBUTOR))).toBe(false);
    expect(mayView(hidden, viewer(SpaceRole.READER))).toBe(false);
    expect(isOpenForReplies(hidden)).toBe(false);
  });

  it('lets a moderator rewrite another member\'s published or hidden post, never a held, refused or deleted one', () => {
    expect(mayEditAsModerator(post(), viewer(SpaceRole.MODERATOR))).toBe(true);
    expect(mayEditAsModerator(post(), viewer(SpaceRole.OWNER))).toBe(true);
    expect(mayEditAsModerator(post({ status: PostStatus.HIDDEN }), viewer(SpaceRole.MODERATOR))).toBe(true);
    for (const status of [PostStatus.PENDING, PostStatus.REJECTED]) expect(mayEditAsModerator(post({ status }), viewer(SpaceRole.MODERATOR))).toBe(false);
    expect(mayEditAsModerator(post({ deleted: true }), viewer(SpaceRole.MODERATOR))).toBe(false);
    expect(mayEditAsModerator(post(), viewer(SpaceRole.CONTRIBUTOR))).toBe(false);
    expect(mayEditAsModerator(post(), viewer(SpaceRole.READER))).toBe(false);
    // Their own post is an author's edit (mayEdit), not a moderator's.
    expect(mayEditAsModerator(post(), viewer(SpaceRole.MODERATOR, AUTHOR))).toBe(false);
  });

  it('hides only a published post, and shows again only a hidden one', () => {
    expect(hideRefusal(post())).toBeNull();
    expect(hideRefusal(post({ status: PostStatus.HIDDEN }))).toBe('POST_HIDDEN');
    expect(hideRefusal(post({ status: PostStatus.PENDING }))).toBe('POST_NOT_PUBLISHED');
    expect(hideRefusal(post({ status: PostStatus.REJECTED }))).toBe('POST_NOT_PUBLISHED');
    expect(hideRefusal(post({ deleted: true }))).toBe('POST_DELETED');
    expect(unhideRefusal(post({ status: PostStatus.HIDDEN }))).toBeNull();
    expect(unhideRefusal(post())).toBe('POST_NOT_HIDDEN');
    expect(unhideRefusal(post({ status: PostStatus.HIDDEN, deleted: true }))).toBe('POST_DELETED');
  });
});
