import { Field, ID, ObjectType, Query, registerEnumType, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal, Principal, Public, Role } from '@passerelle/access';

registerEnumType(Role, { name: 'Role', description: 'What the signed-in principal may do at the gate' });

@ObjectType('Viewer', { description: 'Who is signed in' })
export class ViewerType {
  @Field(() => ID) id: string;
  @Field({ description: 'HUB_ADMIN or PERSON' }) kind: string;
  @Field() displayName: string;
  @Field(() => [Role]) roles: Role[];
}

@Resolver(() => ViewerType)
export class ViewerResolver {
  @Public()
  @Query(() => ViewerType, { nullable: true, description: 'The signed-in principal, or null when anonymous' })
  me(@CurrentPrincipal() principal: Principal | null): ViewerType | null {
    return principal && { id: principal.id, kind: principal.kind, displayName: principal.displayName, roles: [...principal.roles] };
  }
}
