import { Args, ID, Mutation, Resolver } from '@nestjs/graphql';
import { AllowRoles, CurrentPrincipal, Principal, Role } from '@passerelle/access';
import { Person, toPerson } from '@passerelle/directory';
import { HomePeopleAdminService } from './home-people-admin.service.js';

/** Home-ENT people: what hub administrators do for them. Each field calls one use case. */
@Resolver()
@AllowRoles(Role.HUB_ADMIN)
export class HomePeopleResolver {
  constructor(private readonly useCases: HomePeopleAdminService) {}

  @Mutation(() => Person, {
    description: "Moves a home-ENT person to another school (a sign-in never does): their former school's classes and spaces "
      + 'memberships go, their sessions end. NOT_FOUND for an unknown person or school.',
  })
  async moveHomePerson(@CurrentPrincipal() actor: Principal, @Args('personId', { type: () => ID }) personId: string,
    @Args('structureId', { type: () => ID }) structureId: string): Promise<Person> {
    return toPerson(await this.useCases.moveHomePerson(actor, personId, structureId));
  }
}
