import type { HeldCommentFragment, HeldPostFragment, HeldUploadFragment, RecentPostFragment } from '../../gql/graphql';

/** One thing waiting for a moderator: a pupil's post, comment or upload, in one list, oldest first. */
export type QueueItem =
  | { key: string; kind: 'post'; at: string; post: HeldPostFragment }
  | { key: string; kind: 'comment'; at: string; comment: HeldCommentFragment; answers: RecentPostFragment | null }
  | { key: string; kind: 'upload'; at: string; upload: HeldUploadFragment };

export function queueOf(posts: readonly HeldPostFragment[], comments: readonly HeldCommentFragment[],
  uploads: readonly HeldUploadFragment[], published: readonly RecentPostFragment[]): QueueItem[] {
  const byId = new Map(published.map((post) => [post.id, post]));
  const items: QueueItem[] = [
    ...posts.filter((post) => post.status === 'PENDING').map((post) => ({ key: `message-${post.id}`, kind: 'post' as const, at: post.createdAt, post })),
    ...comments.map((comment) => ({
      key: `commentaire-${comment.id}`, kind: 'comment' as const, at: comment.createdAt, comment, answers: byId.get(comment.postId) ?? null,
    })),
    ...uploads.map((upload) => ({ key: `fichier-${upload.documentId}-${upload.version}`, kind: 'upload' as const, at: upload.heldSince, upload })),
  ];
  return items.sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.key.localeCompare(b.key));
}

/** « 2,5 Mo », « 12 Ko », « 300 octets ». */
export function frenchSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} octets`;
  const number = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });
  if (bytes < 1024 * 1024) return `${number.format(bytes / 1024)} Ko`;
  return `${number.format(bytes / (1024 * 1024))} Mo`;
}

/** The text of sanitised HTML (an excerpt of the post a comment answers, the edit box's starting text). */
export function textOf(html: string | null | undefined): string {
  if (!html) return '';
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const blocks = [...doc.body.querySelectorAll('p, li, blockquote')];
  if (blocks.length === 0) return doc.body.textContent?.trim() ?? '';
  return blocks.map((block) => block.textContent?.trim() ?? '').filter(Boolean).join('\n\n');
}

/** Plain text from the edit box back to the post's HTML: one paragraph per blank-line-separated block. */
export function htmlOf(text: string): string {
  const escape = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return text.split(/\n\s*\n/).map((block) => block.trim()).filter(Boolean)
    .map((block) => `<p>${block.split('\n').map(escape).join('<br>')}</p>`).join('');
}
