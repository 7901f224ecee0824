import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isUuid } from '@passerelle/graphql-kit';
import { guestPseudonym, UNKNOWN_AUTHOR } from './authors.js';
import { ActorKind } from './space.entity.js';

export interface AuthorName {
  readonly kind: ActorKind;
  readonly id: string;
  readonly displayName: string;
}

/** An author's class and school names, as a space's moderators read them in the moderation queue. */
export interface AuthorOrigin {
  readonly className: string | null;
  readonly schoolName: string | null;
}

/**
 * The author's name of each row of a table aliased `alias` (with `author_kind`, `author_id`), read in the same
 * statement as the rows (the wall's page): LEFT JOINs on primary keys, so they never multiply rows. `authorNameOfRow`
 * reads the columns back, with the same rules as `names`.
 */
export function authorNameJoins(alias: string): { joins: string; columns: string } {
  return {
    joins: `LEFT JOIN person author_person ON ${alias}.author_kind = 'PERSON' AND author_person.id = ${alias}.author_id
      LEFT JOIN guest author_guest ON ${alias}.author_kind = 'GUEST' AND author_guest.id = ${alias}.author_id
      LEFT JOIN hub_admin author_admin ON ${alias}.author_kind = 'HUB_ADMIN' AND author_admin.id = ${alias}.author_id`,
    columns: `coalesce(author_person.display_name, author_admin.display_name) AS author_name, author_guest.display_name AS author_guest_name,
      author_guest.profile AS author_guest_profile, author_guest.seq AS author_guest_seq`,
  };
}

export function authorNameOfRow(kind: ActorKind, id: string, row: Record<string, unknown>): AuthorName {
  return { kind, id, displayName: displayNameOf(kind, row.author_name as string | null, row.author_guest_name as string | null,
    row.author_guest_profile as string | null, row.author_guest_seq as number | null) };
}

function displayNameOf(kind: ActorKind, name: string | null, guestName: string | null, guestProfile: string | null, guestSeq: number | null): string {
  if (kind === 'GUEST') return guestProfile === null ? UNKNOWN_AUTHOR : guestName ?? guestPseudonym(guestProfile, Number(guestSeq));
  return name ?? UNKNOWN_AUTHOR;
}

/** Current display names of authors, at most one query per kind of author for any number of them. */
@Injectable()
export class AuthorsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async names(keys: readonly { kind: ActorKind; id: string }[]): Promise<AuthorName[]> {
    const idsOf = (kind: ActorKind) => [...new Set(keys.filter((key) => key.kind === kind && isUuid(key.id)).map((key) => key.id))];
    const [people, guests, admins] = await Promise.all([
      this.query<{ id: string; display_name: string }>(idsOf('PERSON'), `SELECT id, display_name FROM person WHERE id = ANY($1::uuid[])`),
      this.query<{ id: string; display_name: string | null; profile: string; seq: number }>(idsOf('GUEST'),
        `SELECT id, display_name, profile, seq FROM guest WHERE id = ANY($1::uuid[])`),
      this.query<{ id: string; display_name: string }>(idsOf('HUB_ADMIN'), `SELECT id, display_name FROM hub_admin WHERE id = ANY($1::uuid[])`),
    ]);
    const names = new Map<string, string>();
    for (const row of people) names.set(`PERSON:${row.id}`, displayNameOf('PERSON', row.display_name, null, null, null));
    for (const row of guests) names.set(`GUEST:${row.id}`, displayNameOf('GUEST', null, row.display_name, row.profile, row.seq));
    for (const row of admins) names.set(`HUB_ADMIN:${row.id}`, displayNameOf('HUB_ADMIN', row.display_name, null, null, null));
    return keys.map((key) => ({ kind: key.kind, id: key.id, displayName: names.get(`${key.kind}:${key.id.toLowerCase()}`) ?? UNKNOWN_AUTHOR }));
  }

  /**
   * Where authors come from, for a space's moderators (pupils of two schools share spaces): the name of their class
   * (a person's class that is a member of the space first, else their latest; a guest's partner class) and of their
   * school. Nothing more about a minor. Keys are read per space; unknown authors get nulls.
   */
  async origins(spaceId: string, keys: readonly { kind: ActorKind; id: string }[]): Promise<AuthorOrigin[]> {
    const idsOf = (kind: ActorKind) => [...new Set(keys.filter((key) => key.kind === kind && isUuid(key.id)).map((key) => key.id.toLowerCase()))];
    const personIds = idsOf('PERSON');
    const guestIds = idsOf('GUEST');
    const [people, guests] = await Promise.all([
      personIds.length ? this.dataSource.query(
        `SELECT p.id, st.name AS school_name,
           (SELECT sc.label FROM class_membership cm JOIN school_class sc ON sc.id = cm.school_class_id WHERE cm.person_id = p.id
            ORDER BY EXISTS (SELECT 1 FROM space_class x WHERE x.space_id = $2 AND x.school_class_id = sc.id) DESC, sc.school_year DESC, sc.label
            LIMIT 1) AS class_name
         FROM person p LEFT JOIN structure st ON st.id = p.structure_id WHERE p.id = ANY($1::uuid[])`, [personIds, spaceId]) : [],
      guestIds.length ? this.dataSource.query(
        `SELECT g.id, g.class_code AS class_name,
           coalesce((SELECT cps.name FROM convention_partner_structure cps WHERE cps.convention_id = g.convention_id AND cps.uai = g.uai),
                    (SELECT st.name FROM structure st WHERE st.uai = g.uai)) AS school_name
         FROM guest g WHERE g.id = ANY($1::uuid[])`, [guestIds]) : [],
    ]) as [{ id: string; school_name: string | null; class_name: string | null }[], { id: string; school_name: string | null; class_name: string | null }[]];
    const found = new Map<string, AuthorOrigin>();
    for (const row of people) found.set(`PERSON:${row.id}`, { className: row.class_name, schoolName: row.school_name });
    for (const row of guests) found.set(`GUEST:${row.id}`, { className: row.class_name, schoolName: row.school_name });
    return keys.map((key) => found.get(`${key.kind}:${key.id.toLowerCase()}`) ?? { className: null, schoolName: null });
  }

  private async query<T>(ids: string[], sql: string): Promise<T[]> {
    return ids.length ? this.dataSource.query(sql, [ids]) : [];
  }
}
