import { Field, GraphQLISODateTime, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { connectionType, Connection } from '@passerelle/graphql-kit';
import { SpaceAction, SpaceRole } from './space-permissions.js';
import { SpaceStatus } from './space.entity.js';
import type { GrantedSpace } from './space-viewer.js';

registerEnumType(SpaceStatus, {
  name: 'SpaceStatus',
  valuesMap: { OPEN: { description: 'Members read and write.' }, ARCHIVED: { description: 'Read only; an owner may reopen it.' } },
});
registerEnumType(SpaceRole, {
  name: 'SpaceRole',
  description: "A member's role in a space (see the permissions table).",
  valuesMap: {
    OWNER: { description: 'Runs the space: members, settings, moderation.' },
    MODERATOR: { description: 'Teachers, home or guest: moderation and announcements.' },
    CONTRIBUTOR: { description: 'Pupils, home or guest: posts, comments, reactions.' },
    READER: { description: 'Parents, when the space lets them read.' },
  },
});
registerEnumType(SpaceAction, { name: 'SpaceAction', description: 'What a role may do in a space.' });

export enum ActorKindEnum {
  HUB_ADMIN = 'HUB_ADMIN',
  PERSON = 'PERSON',
  GUEST = 'GUEST',
}
registerEnumType(ActorKindEnum, {
  name: 'ActorKind',
  valuesMap: {
    HUB_ADMIN: { description: 'A hub administrator.' },
    PERSON: { description: 'A person of the home ENT.' },
    GUEST: { description: 'A guest from a partner ENT, under a convention.' },
  },
});

@ObjectType('SpaceSettings')
export class SpaceSettings {
  @Field({ description: 'Posts by members who cannot moderate (pupils) wait for approval.' })
  pupilPostsNeedApproval: boolean;

  @Field({ description: 'Members may write private messages to each other (chat).' })
  privateMessagesAllowed: boolean;

  @Field({ description: 'Private messages between pupils of different schools are allowed too (only with privateMessagesAllowed). '
    + 'Never between an adult and a pupil of another school, whatever the settings (ADR 0018).' })
  crossSchoolPrivateMessages: boolean;

  @Field({ description: 'Parents who are members may read the space.' })
  parentsMayRead: boolean;
}

@ObjectType('Space', { description: 'A shared space (espace de travail collaboratif) of a school.' })
export class Space {
  @Field(() => ID)
  id: string;

  @Field()
  title: string;

  @Field()
  description: string;

  @Field(() => ID, { description: 'The owning school.' })
  structureId: string;

  @Field(() => SpaceStatus)
  status: SpaceStatus;

  @Field(() => SpaceSettings)
  settings: SpaceSettings;

  @Field(() => SpaceRole, { description: "The caller's role here." })
  myRole: SpaceRole;

  @Field(() => [SpaceAction], { description: 'What the caller may do here (from the permissions table).' })
  myPermissions: SpaceAction[];

  @Field(() => [ID], { description: 'Conventions that cover the space: their guests may come in while the convention is in force.' })
  conventionIds: string[];

  @Field(() => GraphQLISODateTime)
  createdAt: Date;

  @Field(() => GraphQLISODateTime, { nullable: true })
  archivedAt: Date | null;

  /** Not a field: the access decision, for the fields that need a scope. */
  granted: GrantedSpace;
}

export const SpaceConnection = connectionType(Space);
export type SpaceConnection = Connection<Space>;

@ObjectType('Author', { description: 'Who wrote something. The name is the current one (a deprovisioned guest shows a pseudonym).' })
export class Author {
  @Field(() => ID)
  id: string;

  @Field(() => ActorKindEnum)
  kind: ActorKindEnum;

  @Field()
  displayName: string;
}

@ObjectType('SpaceGuestCohort', { description: 'The bound guests of a convention (of one partner class when classCode is set).' })
export class SpaceGuestCohort {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  conventionId: string;

  @Field(() => String, { nullable: true, description: 'Partner class, as the partner ENT names it (e.g. "6e B"); null: every guest.' })
  classCode: string | null;
}
