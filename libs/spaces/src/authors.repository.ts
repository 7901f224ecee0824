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
    for (const row of people) names.set(`PERSON:${row.id}`, row.display_name);
    for (const row of guests) names.set(`GUEST:${row.id}`, row.display_name ?? guestPseudonym(row.profile, row.seq));
    for (const row of admins) names.set(`HUB_ADMIN:${row.id}`, row.display_name);
    return keys.map((key) => ({ kind: key.kind, id: key.id, displayName: names.get(`${key.kind}:${key.id.toLowerCase()}`) ?? UNKNOWN_AUTHOR }));
  }

  private async query<T>(ids: string[], sql: string): Promise<T[]> {
    return ids.length ? this.dataSource.query(sql, [ids]) : [];
  }
}
