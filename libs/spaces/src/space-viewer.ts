import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { Principal } from '@passerelle/access';
import { DomainError, ForbiddenError, NotFoundError } from '@passerelle/errors';
import { AccessSubject, permits, resolveSpaceAccess, SpaceAccess, SpaceFacts } from './space-access.js';
import { LoadedSpace, SpaceAccessRepository } from './space-access.repository.js';
import { can, CHANGING_ACTIONS, SpaceAction, SpaceRole } from './space-permissions.js';
import { grantScope, SpaceScope } from './space-scope.js';
import { ActorKind, SpaceEntity, SpaceStatus } from './space.entity.js';

/** A space the caller may reach, with their role and the scope that content repositories require. */
export interface GrantedSpace {
  readonly scope: SpaceScope;
  readonly space: SpaceEntity;
  readonly access: SpaceAccess;
  readonly role: SpaceRole;
  /** The member facts the decision was made from (for this caller). */
  readonly facts: SpaceFacts;
}

export interface Actor {
  readonly kind: ActorKind;
  readonly id: string;
}

/** The same answer for a space that does not exist and for one the caller may not know about. */
export const SPACE_NOT_FOUND = "Cet espace n'existe pas ou vous n'y avez pas accès.";

const FORBIDDEN_MESSAGES: Readonly<Record<SpaceAction, string>> = {
  [SpaceAction.READ]: 'Vous ne pouvez pas lire cet espace.',
  [SpaceAction.VIEW_MEMBERS]: "Les parents ne voient pas la liste des membres de l'espace.",
  [SpaceAction.POST]: 'Vous pouvez lire cet espace, mais pas y publier de message.',
  [SpaceAction.COMMENT]: 'Vous pouvez lire cet espace, mais pas y commenter.',
  [SpaceAction.REACT]: 'Vous pouvez lire cet espace, mais pas y réagir.',
  [SpaceAction.MODERATE]: "Seuls les modérateurs de l'espace peuvent faire cela.",
  [SpaceAction.ANNOUNCE]: "Seuls les enseignants qui animent l'espace peuvent publier une annonce.",
  [SpaceAction.MANAGE_MEMBERS]: "Seuls les responsables de l'espace peuvent gérer ses membres.",
  [SpaceAction.EDIT_SETTINGS]: "Seuls les responsables de l'espace peuvent modifier ses réglages.",
  [SpaceAction.SCHEDULE]: "Seuls les enseignants qui animent l'espace peuvent gérer l'agenda et le cahier de textes.",
  [SpaceAction.COMPLETE_HOMEWORK]: 'Seuls les élèves peuvent indiquer qu\'un travail est fait.',
  [SpaceAction.UPLOAD_DOCUMENT]: 'Vous pouvez lire cet espace, mais pas y déposer de document.',
  [SpaceAction.READ_CHAT]: "La messagerie de l'espace est réservée à ses élèves et à leurs enseignants.",
  [SpaceAction.CHAT]: "Vous ne pouvez pas écrire dans la messagerie de cet espace.",
};

/** A hub administrator under a moderation access reads and removes; they do not take part (ADR 0019). */
export const MODERATION_ACCESS_ONLY = "Un accès de modération permet de lire l'espace et d'en retirer des contenus, pas d'y participer.";

export class SpaceArchivedError extends DomainError {
  constructor() {
    super('SPACE_ARCHIVED', 'Cet espace est archivé : on peut encore le lire, mais plus y écrire.');
  }
}

/**
 * The caller as spaces see them, for one request: who they are (loaded once) and their access to each space
 * (batched and cached per request with a DataLoader). Every use case goes through `require`.
 */
export class SpaceViewer {
  private subjectPromise?: Promise<AccessSubject>;
  private readonly spaces: DataLoader<string, GrantedSpace | null>;

  constructor(readonly principal: Principal, private readonly repository: SpaceAccessRepository, private readonly clock: () => Date) {
    this.spaces = new DataLoader<string, GrantedSpace | null>(async (ids) => {
      const { subject, spaces: loaded } = await this.subjectAndSpaces(ids);
      const now = this.clock();
      return ids.map((id) => {
        const found = loaded.get(id.toLowerCase());
        if (!found) return null;
        const access = resolveSpaceAccess(subject, found.facts, now);
        return access ? { scope: grantScope(found.space.id), space: found.space, access, role: access.role, facts: found.facts } : null;
      });
    }, { maxBatchSize: 200 });
  }

  get actor(): Actor {
    return { kind: this.principal.kind, id: this.principal.id };
  }

  now(): Date {
    return this.clock();
  }

  subject(): Promise<AccessSubject> {
    return (this.subjectPromise ??= this.repository.loadSubject(this.principal));
  }

  /** The spaces' facts, with the caller's in the same statement when they are not known yet (the usual first read). */
  private async subjectAndSpaces(ids: readonly string[]): Promise<{ subject: AccessSubject; spaces: Map<string, LoadedSpace> }> {
    if (this.subjectPromise) {
      const subject = await this.subjectPromise;
      return { subject, spaces: await this.repository.loadSpaces(ids, subject) };
    }
    const both = this.repository.loadSubjectAndSpaces(this.principal, ids);
    this.subjectPromise = both.then(({ subject }) => subject);
    this.subjectPromise.catch(() => undefined); // the failure reaches this read's caller through `both`, not as unhandled
    return both;
  }

  /** The space with the caller's access, or null when they have none (or it does not exist). */
  find(spaceId: string): Promise<GrantedSpace | null> {
    return this.spaces.load(spaceId);
  }

  findMany(spaceIds: readonly string[]): Promise<(GrantedSpace | null)[]> {
    return Promise.all(spaceIds.map((id) => this.find(id)));
  }

  /**
   * The space, when the caller may do `action` in it: NOT_FOUND when they have no role there (exactly as for a
   * space that does not exist), FORBIDDEN when their role (or their moderation access) may not do it, SPACE_ARCHIVED for a change to an
   * archived space.
   */
  async require(spaceId: string, action: SpaceAction): Promise<GrantedSpace> {
    const granted = await this.find(spaceId);
    if (!granted) throw new NotFoundError(SPACE_NOT_FOUND);
    if (!can(granted.role, action)) throw new ForbiddenError(FORBIDDEN_MESSAGES[action]);
    if (!permits(granted.access, action)) throw new ForbiddenError(MODERATION_ACCESS_ONLY);
    if (granted.space.status === SpaceStatus.ARCHIVED && CHANGING_ACTIONS.includes(action)) throw new SpaceArchivedError();
    return granted;
  }

  /** After a change of the space or its members: the next read decides again. */
  forget(spaceId: string): void {
    this.spaces.clear(spaceId);
  }

  /** Whether this actor is the one that wrote something. */
  is(kind: ActorKind, id: string): boolean {
    return this.principal.kind === kind && this.principal.id === id;
  }
}

/** Where a viewer is kept for the request (the GraphQL context object). */
export interface ViewerContext {
  loaders?: Record<string, unknown>;
}

/** Makes the request's SpaceViewer (one per GraphQL request, cached on the context). */
@Injectable()
export class SpaceViewers {
  private clock: () => Date = () => new Date();

  constructor(private readonly repository: SpaceAccessRepository) {}

  of(principal: Principal, context?: ViewerContext): SpaceViewer {
    if (!context) return new SpaceViewer(principal, this.repository, this.clock);
    const loaders = (context.loaders ??= {});
    const cached = loaders.spaceViewer as SpaceViewer | undefined;
    if (cached && cached.principal.id === principal.id && cached.principal.kind === principal.kind) return cached;
    const viewer = new SpaceViewer(principal, this.repository, this.clock);
    loaders.spaceViewer = viewer;
    return viewer;
  }

  /** Tests move time (a convention's window) without touching the system clock. */
  useClock(clock: () => Date): void {
    this.clock = clock;
  }
}
