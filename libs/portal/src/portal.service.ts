import { Injectable, Optional } from '@nestjs/common';
import { Principal } from '@passerelle/access';
import { StructuresService } from '@passerelle/directory';
import { DomainError, httpStatusOf, TooManyRequestsError } from '@passerelle/errors';
import { FederationLoginService, FederationLogoutService, LocalSignInService, OpenSession } from '@passerelle/identity';
import { AuthorsRepository, PostStatus, SpacesService, SpaceStatus, SpaceViewers, UNKNOWN_AUTHOR, WallService } from '@passerelle/spaces';
import { HomePost, HomeSpace, HomeView, SignInView } from './portal-pages.js';
import {
  HOME_POSTS_PER_SPACE, HOME_SPACES, isNavigableUrl, postExcerpt, profileLabel, readLocalLoginFields, sortPartners,
} from './portal-rules.js';

/** The sign-in page to show again after a refused form: its status, and Retry-After when throttled. */
export interface RefusedSignIn {
  readonly ok: false;
  readonly status: number;
  readonly retryAfterSeconds?: number;
  readonly view: SignInView;
}

export type FormSignIn = { readonly ok: true; readonly session: OpenSession } | RefusedSignIn;

/**
 * What the portal's pages show, read through the same use cases as the API: the partner list of GET /auth/partners,
 * local sign-in and logout of /auth, and the spaces and walls as GraphQL's `spaces` and `posts` give them to this
 * principal (same access rules, same permissions table).
 */
@Injectable()
export class PortalService {
  constructor(private readonly federation: FederationLoginService, private readonly localSignIn: LocalSignInService,
    private readonly viewers: SpaceViewers, private readonly spaces: SpacesService, private readonly wall: WallService,
    private readonly authors: AuthorsRepository, private readonly structures: StructuresService,
    @Optional() private readonly federationLogout?: FederationLogoutService) {}

  /** The sign-in page: the enabled ENTs (throttled per IP like GET /auth/partners). */
  async signInView(ip: string, form: SignInView['form'] = null): Promise<{ view: SignInView; retryAfterSeconds?: number }> {
    try {
      return { view: { partners: sortPartners(await this.federation.listPartnersWithTrust(ip)), form } };
    } catch (error) {
      if (!(error instanceof TooManyRequestsError)) throw error;
      return { view: { partners: [], partnersUnavailable: error.message, form }, retryAfterSeconds: error.retryAfterSeconds };
    }
  }

  /** The administrators' form: a session, or the page again with the reason tied to the fields. */
  async signInWithForm(body: unknown, ip: string, previousSessionId: string | undefined): Promise<FormSignIn> {
    const fields = readLocalLoginFields(body);
    if (!fields.ok) {
      return { ok: false, status: 400, view: (await this.signInView(ip, { login: fields.login, error: fields.error, invalid: fields.invalid })).view };
    }
    try {
      return { ok: true, session: await this.localSignIn.signIn(fields.login, fields.password, ip, previousSessionId) };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const form = { login: fields.login, error: error.message, invalid: ['login', 'password'] as ('login' | 'password')[] };
      return {
        ok: false, status: httpStatusOf(error), view: (await this.signInView(ip, form)).view,
        ...(error instanceof TooManyRequestsError ? { retryAfterSeconds: error.retryAfterSeconds } : {}),
      };
    }
  }

  /**
   * Ends the hub session; for a session opened through a partner ENT with single logout, the URL that ends the ENT's
   * session too (read before the hub session is closed), else null.
   */
  async signOut(sessionId: string | undefined): Promise<string | null> {
    const partnerUrl = (await this.federationLogout?.partnerLogoutUrl(sessionId)) ?? null;
    await this.localSignIn.signOut(sessionId);
    return partnerUrl && isNavigableUrl(partnerUrl) ? partnerUrl : null;
  }

  /** The home page of a signed-in principal. */
  async home(principal: Principal): Promise<HomeView> {
    const viewer = this.viewers.of(principal);
    const subject = await viewer.subject();
    const [me] = await this.authors.names([{ kind: principal.kind, id: principal.id }]);
    const school = subject.kind === 'PERSON' && subject.structureId ? await this.structures.findStructure(subject.structureId) : null;

    const listed = await this.spaces.listSpaces(viewer, {}, { first: HOME_SPACES, after: null });
    const walls = [];
    for (const { node: granted } of listed.edges) {
      // Tombstones are published posts too: ask for a few more than shown.
      const page = await this.wall.listPosts(viewer, granted, PostStatus.PUBLISHED, { first: HOME_POSTS_PER_SPACE * 2, after: null });
      walls.push({ granted, page, posts: page.edges.map((edge) => edge.node).filter((post) => !post.deletedAt).slice(0, HOME_POSTS_PER_SPACE) });
    }
    // Each page read its authors' names with its posts.
    const nameOf = new Map(walls.flatMap(({ page }) => page.authorNames.map((name) => [`${name.kind}:${name.id}`, name.displayName] as const)));

    const spaces: HomeSpace[] = walls.map(({ granted, posts }) => ({
      id: granted.space.id, title: granted.space.title, description: granted.space.description ?? '',
      archived: granted.space.status === SpaceStatus.ARCHIVED,
      posts: posts.map((post): HomePost => ({
        author: nameOf.get(`${post.authorKind}:${post.authorId}`) ?? UNKNOWN_AUTHOR, at: post.createdAt, text: postExcerpt(post.bodyText),
      })),
    }));
    return {
      displayName: me && me.displayName !== UNKNOWN_AUTHOR ? me.displayName : principal.displayName,
      profile: profileLabel(principal.kind, principal.roles),
      school: school?.name ?? null,
      guest: subject.kind === 'GUEST'
        ? { until: subject.guest?.convention.validUntil ?? null, classCode: subject.guest?.classCode ?? null } : null,
      spaces, moreSpaces: listed.pageInfo.hasNextPage,
    };
  }
}
