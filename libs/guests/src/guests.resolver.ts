import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { AllowRoles, Authenticated, CurrentPrincipal, Principal, Role } from '@passerelle/access';
import { mapConnection, parsePage } from '@passerelle/graphql-kit';
import { Guest, GuestConnection, GuestPool } from './guest.type.js';
import { GuestPoolArgs, GuestsArgs, ObjectToContributionRetentionArgs } from './guests.inputs.js';
import { toGuest } from './guests.mapper.js';
import { GuestsService } from './guests.service.js';

/** Guest pools and guests of a convention. Each field calls one use case; access is decided there. */
@Resolver()
export class GuestsResolver {
  constructor(private readonly guestUseCases: GuestsService) {}

  @AllowRoles(Role.HUB_ADMIN, Role.DIRECTOR)
  @Query(() => GuestPool, { description: "A convention's guest accounts counted per profile and state (hub admins, directors of a hosting school)." })
  async guestPool(@Args() { conventionId }: GuestPoolArgs, @CurrentPrincipal() principal: Principal | null): Promise<GuestPool> {
    return { conventionId, profiles: [...await this.guestUseCases.guestPool(principal, conventionId)] };
  }

  @AllowRoles(Role.HUB_ADMIN, Role.DIRECTOR)
  @Query(() => GuestConnection, { description: "A convention's guest accounts, oldest first (hub admins, directors of a hosting school)." })
  async guests(@Args() { conventionId, filter, ...page }: GuestsArgs, @CurrentPrincipal() principal: Principal | null): Promise<GuestConnection> {
    const connection = await this.guestUseCases.listGuests(principal, conventionId, filter ?? {}, parsePage(page));
    return mapConnection(connection, (guest) => toGuest(guest, { managesConvention: true }));
  }

  @Authenticated()
  @Mutation(() => Guest, { description: 'The guest refuses that their contributions be kept after the convention (the guest themself, a teacher of one of their spaces, or a hub admin).' })
  async objectToContributionRetention(@Args() { guestId }: ObjectToContributionRetentionArgs,
    @CurrentPrincipal() principal: Principal | null): Promise<Guest> {
    const { guest, managesConvention } = await this.guestUseCases.objectToContributionRetention(principal, guestId);
    return toGuest(guest, { managesConvention });
  }
}
