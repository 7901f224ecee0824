import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { AllowRoles, CurrentPrincipal, Principal, Role } from '@passerelle/access';
import { mapConnection, PageArgs, parsePage } from '@passerelle/graphql-kit';
import { CreatePartnerArgs, DiscoverOidcIssuerArgs, ImportSamlMetadataArgs, UpdatePartnerArgs } from './partner.inputs.js';
import { toPartner } from './partners.mapper.js';
import { PartnersService } from './partners.service.js';
import { Partner, PartnerConnection } from './partner.type.js';

/** Partner ENTs: hub administrators only. Each field calls one use case. */
@Resolver()
@AllowRoles(Role.HUB_ADMIN)
export class PartnersResolver {
  constructor(private readonly useCases: PartnersService) {}

  @Query(() => PartnerConnection, { description: 'Partner ENTs (and the home ENT), oldest first.' })
  async partners(@Args() page: PageArgs): Promise<PartnerConnection> {
    return mapConnection(await this.useCases.listPartners(parsePage(page)), toPartner);
  }

  @Query(() => Partner, { nullable: true, description: 'A partner ENT; NOT_FOUND when there is none with this id.' })
  async partner(@Args('id', { type: () => ID }) id: string): Promise<Partner> {
    return toPartner(await this.useCases.getPartner(id));
  }

  @Mutation(() => Partner, { description: 'Registers a partner ENT.' })
  async createPartner(@CurrentPrincipal() actor: Principal, @Args() { input }: CreatePartnerArgs): Promise<Partner> {
    return toPartner(await this.useCases.createPartner(actor, input));
  }

  @Mutation(() => Partner, { description: 'Changes a partner ENT (only the fields given).' })
  async updatePartner(@CurrentPrincipal() actor: Principal, @Args() { id, input }: UpdatePartnerArgs): Promise<Partner> {
    return toPartner(await this.useCases.updatePartner(actor, id, input));
  }

  @Mutation(() => Partner, { description: "Fills a SAML partner's settings from its IdP metadata; refuses expired certificates." })
  async importSamlMetadata(@CurrentPrincipal() actor: Principal, @Args() { partnerId, xml }: ImportSamlMetadataArgs): Promise<Partner> {
    return toPartner(await this.useCases.importSamlMetadata(actor, partnerId, xml));
  }

  @Mutation(() => Partner, { description: "Reads an OpenID provider's discovery document into an OIDC partner's settings." })
  async discoverOidcIssuer(@CurrentPrincipal() actor: Principal, @Args() { partnerId, url }: DiscoverOidcIssuerArgs): Promise<Partner> {
    return toPartner(await this.useCases.discoverOidcIssuer(actor, partnerId, url));
  }
}
