import { Field, GraphQLISODateTime, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection, connectionType } from '@passerelle/graphql-kit';
import { JsonScalar } from './json.scalar.js';

export enum AuditActorKindValue {
  HUB_ADMIN = 'HUB_ADMIN',
  PERSON = 'PERSON',
  GUEST = 'GUEST',
  SYSTEM = 'SYSTEM',
  ANONYMOUS = 'ANONYMOUS',
}

registerEnumType(AuditActorKindValue, {
  name: 'AuditActorKind',
  description: 'Who acted.',
  valuesMap: {
    HUB_ADMIN: { description: 'A hub administrator.' },
    PERSON: { description: 'A person of the directory (e.g. a director).' },
    GUEST: { description: 'A guest of a partner ENT.' },
    SYSTEM: { description: 'The hub itself (a job, the end of a validity window).' },
    ANONYMOUS: { description: 'Nobody signed in.' },
  },
});

@ObjectType('AuditActor', { description: 'Who acted: a kind and an id, nothing else.' })
export class AuditActorView {
  @Field(() => AuditActorKindValue)
  kind: AuditActorKindValue;

  @Field(() => ID, { nullable: true })
  id: string | null;
}

@ObjectType('AuditEvent', { description: 'One line of the append-only audit trail. Ids only, never personal data of pupils.' })
export class AuditEvent {
  @Field(() => ID)
  id: string;

  @Field(() => GraphQLISODateTime)
  occurredAt: Date;

  @Field(() => AuditActorView)
  actor: AuditActorView;

  @Field({ description: 'What happened, e.g. convention.activated.' })
  action: string;

  @Field({ description: 'Kind of the thing acted on, e.g. convention, partner, guest.' })
  subjectType: string;

  @Field(() => ID, { nullable: true })
  subjectId: string | null;

  @Field(() => ID, { nullable: true })
  conventionId: string | null;

  @Field(() => ID, { nullable: true })
  partnerId: string | null;

  @Field(() => ID, { nullable: true })
  guestId: string | null;

  @Field(() => JsonScalar, { nullable: true, description: 'State before a change (e.g. a convention snapshot).' })
  before: Record<string, unknown> | null;

  @Field(() => JsonScalar, { nullable: true, description: 'State after a change.' })
  after: Record<string, unknown> | null;

  @Field(() => JsonScalar, { description: 'Facts about the event (a reason, a count...).' })
  details: Record<string, unknown>;
}

export const AuditEventConnection = connectionType(AuditEvent);
export type AuditEventConnection = Connection<AuditEvent>;
