import type { NotificationItemFragment, NotificationKind } from '../src/gql/graphql';
import { notificationPath } from '../src/features/notifications/notification-links';

/** Each notification links to exactly what it is about: the post on the wall (#post-<id>), the queue, the item's screen. */
describe('where a notification leads', () => {
  const SPACE = 'e0b3c9b8-4f7e-4bd5-9a55-0c1f2a3b4c5d';
  const POST = '5a1d3c2b-6e4f-4a8b-9c0d-1e2f3a4b5c6d';
  const at = (kind: NotificationKind, ids: Partial<NotificationItemFragment> = {}) => notificationPath({
    id: 'n', kind, message: '', read: false, readAt: null, createdAt: '2026-12-07T10:00:00.000Z', spaceId: SPACE, postId: null,
    commentId: null, documentId: null, eventId: null, homeworkId: null, ...ids,
  });

  it('opens the post itself for posts, comments, mentions, decisions and what a moderator did to my post', () => {
    for (const kind of ['POST_PUBLISHED', 'COMMENT_ADDED', 'MENTION', 'MODERATION_DECISION', 'POST_HIDDEN', 'POST_UNHIDDEN',
      'POST_EDITED_BY_MODERATOR'] as const) {
      expect([kind, at(kind, { postId: POST, commentId: kind === 'COMMENT_ADDED' ? 'c' : null })]).toEqual([kind, `/espaces/${SPACE}#post-${POST}`]);
    }
  });

  it('opens the moderation queue for « à valider », and the item on its screen for documents, events and homework', () => {
    expect(at('MODERATION_PENDING')).toBe(`/espaces/${SPACE}/moderation`);
    expect(at('POST_PENDING', { postId: POST })).toBe(`/espaces/${SPACE}/moderation`);
    expect(at('DOCUMENT_ADDED', { documentId: 'd1' })).toBe(`/espaces/${SPACE}/documents#document-d1`);
    expect(at('MODERATION_DECISION', { documentId: 'd1' })).toBe(`/espaces/${SPACE}/documents#document-d1`);
    expect(at('EVENT_REMINDER', { eventId: 'e1' })).toBe(`/espaces/${SPACE}/agenda#event-e1`);
    expect(at('HOMEWORK_CREATED', { homeworkId: 'h1' })).toBe(`/espaces/${SPACE}/devoirs#homework-h1`);
    expect(at('HOMEWORK_CREATED')).toBe(`/espaces/${SPACE}/devoirs`);
  });

  it('leads nowhere without a space, and to the wall when the post is unknown', () => {
    expect(at('STRUCTURE_CREATED', { spaceId: null })).toBeNull();
    expect(at('POST_PUBLISHED')).toBe(`/espaces/${SPACE}`);
  });
});
