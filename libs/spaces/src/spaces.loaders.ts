import DataLoader from 'dataloader';
import { AuthorName, AuthorOrigin, AuthorsRepository } from './authors.repository.js';
import { HomeworkDoer, HomeworkRepository } from './homework.repository.js';
import { ActorKind } from './space.entity.js';
import { CommentEntity, ReactionEmoji } from './wall.entities.js';
import { ScopedId, WallPage, WallRepository } from './wall.repository.js';
import type { SpaceScope } from './space-scope.js';
import type { SpaceViewer } from './space-viewer.js';

/** The GraphQL context object (one per request): loaders live on it under `loaders`, for the request only. */
export interface LoaderContext {
  loaders?: Record<string, unknown>;
}

function cached<T>(context: LoaderContext, name: string, make: () => T): T {
  const loaders = (context.loaders ??= {});
  return (loaders[name] ??= make()) as T;
}

/** Display names of every author of a response: one query per kind of author. */
export function authorLoader(context: LoaderContext, authors: AuthorsRepository): DataLoader<{ kind: ActorKind; id: string }, AuthorName, string> {
  return cached(context, 'spaceAuthors', () => new DataLoader<{ kind: ActorKind; id: string }, AuthorName, string>(
    (keys) => authors.names(keys), { cacheKeyFn: (key) => `${key.kind}:${key.id}`, maxBatchSize: 1000 }));
}

/** Class and school of authors of a response (moderation queue), per space: two queries per space. */
export function authorOriginLoader(context: LoaderContext, authors: AuthorsRepository)
  : DataLoader<{ spaceId: string; kind: ActorKind; id: string }, AuthorOrigin, string> {
  return cached(context, 'spaceAuthorOrigins', () => new DataLoader<{ spaceId: string; kind: ActorKind; id: string }, AuthorOrigin, string>(
    async (keys) => {
      const bySpace = new Map<string, Map<string, AuthorOrigin>>();
      for (const spaceId of new Set(keys.map((key) => key.spaceId))) {
        const wanted = keys.filter((key) => key.spaceId === spaceId);
        const origins = await authors.origins(spaceId, wanted);
        bySpace.set(spaceId, new Map(wanted.map((key, index) => [`${key.kind}:${key.id}`, origins[index]])));
      }
      return keys.map((key) => bySpace.get(key.spaceId)!.get(`${key.kind}:${key.id}`)!);
    }, { cacheKeyFn: (key) => `${key.spaceId}:${key.kind}:${key.id}`, maxBatchSize: 1000 }));
}

/** Comment counts of every post of a response, in one query. */
export function commentCountLoader(context: LoaderContext, wall: WallRepository): DataLoader<ScopedId, number, string> {
  return cached(context, 'spaceCommentCounts', () => new DataLoader<ScopedId, number, string>(async (posts) => {
    const counts = await wall.commentCounts(posts);
    return posts.map((post) => counts.get(post.id) ?? 0);
  }, { cacheKeyFn: (post) => post.id, maxBatchSize: 1000 }));
}

/** Reactions of every post of a response (with the caller's own), in one query. */
export function reactionsLoader(context: LoaderContext, wall: WallRepository, viewer: SpaceViewer)
  : DataLoader<ScopedId, { emoji: ReactionEmoji; count: number; mine: boolean }[], string> {
  return cached(context, 'spaceReactions', () => new DataLoader<ScopedId, { emoji: ReactionEmoji; count: number; mine: boolean }[], string>(
    async (posts) => {
      const byPost = await wall.reactionCounts(posts, viewer.actor.kind, viewer.actor.id);
      return posts.map((post) => byPost.get(post.id) ?? []);
    }, { cacheKeyFn: (post) => post.id, maxBatchSize: 1000 }));
}

/** A post whose latest comments are wanted, with whether the caller moderates its space (they then see held ones too). */
export interface LatestCommentsKey extends ScopedId {
  readonly mayModerate: boolean;
}

/**
 * The latest `count` comments of every post of a response, newest last, in one query per `count` asked (a page of
 * ten posts with their three latest comments is one statement, not ten).
 */
export function latestCommentsLoader(context: LoaderContext, wall: WallRepository, viewer: SpaceViewer, count: number)
  : DataLoader<LatestCommentsKey, CommentEntity[], string> {
  return cached(context, `spaceLatestComments:${count}`, () => new DataLoader<LatestCommentsKey, CommentEntity[], string>(async (posts) => {
    const byPost = await wall.latestComments(posts, viewer.actor.kind, viewer.actor.id, count);
    return posts.map((post) => byPost.get(post.id) ?? []);
  }, { cacheKeyFn: (post) => post.id, maxBatchSize: 1000 }));
}

/** What waits for a moderator (posts, comments, uploads) in every space of a response, in one query. */
export function pendingModerationLoader(context: LoaderContext, wall: WallRepository): DataLoader<SpaceScope, number, string> {
  return cached(context, 'spacePendingModeration', () => new DataLoader<SpaceScope, number, string>(async (scopes) => {
    const counts = await wall.pendingCounts(scopes);
    return scopes.map((scope) => counts.get(scope.spaceId) ?? 0);
  }, { cacheKeyFn: (scope) => scope.spaceId, maxBatchSize: 1000 }));
}

/** What a page of a wall already read (authors' names, comment counts) answers its posts' fields with no other query. */
export function primeWallPage(context: LoaderContext, authors: AuthorsRepository, wall: WallRepository, scope: SpaceScope, page: WallPage): void {
  const names = authorLoader(context, authors);
  for (const name of page.authorNames) names.prime({ kind: name.kind, id: name.id }, name);
  const counts = commentCountLoader(context, wall);
  for (const [id, count] of page.commentCounts) counts.prime({ scope, id }, count);
}

/** Who marked each homework of a response done (the teachers' « Voir qui a fini »), in one query. */
export function homeworkDoneByLoader(context: LoaderContext, homework: HomeworkRepository): DataLoader<ScopedHomework, HomeworkDoer[], string> {
  return cached(context, 'homeworkDoneBy', () => new DataLoader<ScopedHomework, HomeworkDoer[], string>(async (keys) => {
    const byHomework = await homework.doneBy(keys);
    return keys.map((key) => byHomework.get(key.id) ?? []);
  }, { cacheKeyFn: (key) => key.id, maxBatchSize: 1000 }));
}

/** A homework and its space. */
export interface ScopedHomework {
  readonly spaceId: string;
  readonly id: string;
}
