import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { AllowRoles, Authenticated, CurrentPrincipal, Principal, Role } from '@passerelle/access';
import { AuditEventConnection, AuditService, toAuditEvent } from '@passerelle/audit';
import { LoaderContext, Structure, structureByIdLoader, StructuresService } from '@passerelle/directory';
import { NotFoundError } from '@passerelle/errors';
import { mapConnection, PageArgs, parsePage } from '@passerelle/graphql-kit';
import { ConventionDetailsService } from './convention-details.service.js';
import { ConventionLifecycleService } from './convention-lifecycle.service.js';
import {
  AmendConventionArgs, ConventionReasonArgs, ConventionsArgs, CreateConventionArgs, EstimateGuestQuotaArgs, SetGuestQuotaArgs,
  UpdateConventionArgs,
} from './convention.inputs.js';
import {
  Convention, ConventionConnection, ConventionPartnerStructure, ConventionSignatory, ConventionVersion, GuestQuotaEstimate, ProfileQuota,
} from './convention.type.js';
import { requestLoader } from './conventions.loaders.js';
import { toConvention, toConventionVersion, toPartnerStructure, toProfileQuota, toSignatory } from './conventions.mapper.js';
import { ConventionsService } from './conventions.service.js';
import { toPartner } from './partners.mapper.js';
import { PARTNER_NOT_FOUND, PartnersService } from './partners.service.js';
import { Partner } from './partner.type.js';
import { estimateGuestQuota } from './quota-estimate.js';

/**
 * Conventions: hub administrators manage all of them, a director those hosted by their school (decided in the use
 * cases: a foreign convention is NOT_FOUND); everyone else is refused at the gate. Each field calls one use case.
 */
@Resolver()
@AllowRoles(Role.HUB_ADMIN, Role.DIRECTOR)
export class ConventionsResolver {
  constructor(private readonly useCases: ConventionsService, private readonly lifecycle: ConventionLifecycleService) {}

  @Query(() => ConventionConnection, { description: 'Conventions the caller manages, oldest first.' })
  async conventions(@CurrentPrincipal() principal: Principal, @Args() { filter, ...page }: ConventionsArgs): Promise<ConventionConnection> {
    return mapConnection(await this.useCases.listConventions(principal, filter ?? {}, parsePage(page)), toConvention);
  }

  @Query(() => Convention, { nullable: true, description: 'A convention; NOT_FOUND when there is none the caller manages with this id.' })
  async convention(@CurrentPrincipal() principal: Principal, @Args('id', { type: () => ID }) id: string): Promise<Convention> {
    return toConvention(await this.useCases.getConvention(principal, id));
  }

  @Query(() => GuestQuotaEstimate, { description: 'Guests needed per profile for the partner classes planned, with the breakdown.' })
  estimateGuestQuota(@Args() { input }: EstimateGuestQuotaArgs): GuestQuotaEstimate {
    const estimate = estimateGuestQuota(input);
    return { profiles: estimate.profiles.map((p) => ({ ...p })), marginPercent: input.margin, breakdown: [...estimate.breakdown] };
  }

  @Mutation(() => Convention, { description: 'Creates a DRAFT convention (version 1).' })
  async createConvention(@CurrentPrincipal() actor: Principal, @Args() { input }: CreateConventionArgs): Promise<Convention> {
    return toConvention(await this.useCases.createConvention(actor, input));
  }

  @Mutation(() => Convention, { description: 'Changes a DRAFT convention; an agreed one changes by amendConvention.' })
  async updateConvention(@CurrentPrincipal() actor: Principal, @Args() { id, input }: UpdateConventionArgs): Promise<Convention> {
    return toConvention(await this.useCases.updateConvention(actor, id, input));
  }

  @Mutation(() => Convention, { description: 'DRAFT → ACTIVE, once complete; provisions the guest pools.' })
  async activateConvention(@CurrentPrincipal() actor: Principal, @Args('id', { type: () => ID }) id: string): Promise<Convention> {
    return toConvention(await this.lifecycle.activate(actor, id));
  }

  @Mutation(() => Convention, { description: 'ACTIVE → SUSPENDED: every guest suspended at once.' })
  async suspendConvention(@CurrentPrincipal() actor: Principal, @Args() { id, reason }: ConventionReasonArgs): Promise<Convention> {
    return toConvention(await this.lifecycle.suspend(actor, id, reason));
  }

  @Mutation(() => Convention, { description: 'SUSPENDED → ACTIVE.' })
  async resumeConvention(@CurrentPrincipal() actor: Principal, @Args('id', { type: () => ID }) id: string): Promise<Convention> {
    return toConvention(await this.lifecycle.resume(actor, id));
  }

  @Mutation(() => Convention, { description: 'ACTIVE or SUSPENDED → ENDED: guests suspended, deprovisioned after retention.' })
  async terminateConvention(@CurrentPrincipal() actor: Principal, @Args() { id, reason }: ConventionReasonArgs): Promise<Convention> {
    return toConvention(await this.lifecycle.terminate(actor, id, reason));
  }

  @Mutation(() => Convention, { description: 'Amends an ACTIVE or SUSPENDED convention: a new version, the old ones kept.' })
  async amendConvention(@CurrentPrincipal() actor: Principal, @Args() { id, input, reason }: AmendConventionArgs): Promise<Convention> {
    return toConvention(await this.useCases.amendConvention(actor, id, input, reason));
  }

  @Mutation(() => Convention, { description: 'Sets the guest quota of the profiles listed (an estimate applied or an override).' })
  async setGuestQuota(@CurrentPrincipal() actor: Principal, @Args() { conventionId, quotas, reason }: SetGuestQuotaArgs): Promise<Convention> {
    return toConvention(await this.useCases.setGuestQuota(actor, conventionId, quotas, reason));
  }
}

/** Fields of Convention that need another query, batched per request. Access was decided by the query that returned it. */
@Resolver(() => Convention)
export class ConventionFieldsResolver {
  constructor(
    private readonly details: ConventionDetailsService,
    private readonly partners: PartnersService,
    private readonly structures: StructuresService,
    private readonly audit: AuditService,
  ) {}

  @Authenticated()
  @ResolveField(() => Partner)
  partner(@Parent() convention: Convention, @Context() context: LoaderContext): Promise<Partner> {
    return requestLoader<string, Partner>(context, 'partnerById', async (ids) =>
      (await this.partners.findPartnersByIds(ids)).map((entity) => (entity ? toPartner(entity) : new NotFoundError(PARTNER_NOT_FOUND))))
      .load(convention.partnerId);
  }

  @Authenticated()
  @ResolveField(() => [Structure], { description: 'Our schools hosting the partner users.' })
  async hostingStructures(@Parent() convention: Convention, @Context() context: LoaderContext): Promise<Structure[]> {
    const ids = await requestLoader<string, string[]>(context, 'conventionHostingIds', (keys) => this.details.hostingStructureIds(keys))
      .load(convention.id);
    return Promise.all(ids.map((id) => structureByIdLoader(context, this.structures).load(id)));
  }

  @Authenticated()
  @ResolveField(() => [ConventionPartnerStructure], { description: "The partner's schools, by UAI." })
  async partnerStructures(@Parent() convention: Convention, @Context() context: LoaderContext): Promise<ConventionPartnerStructure[]> {
    const rows = await requestLoader(context, 'conventionPartnerStructures', (keys: readonly string[]) => this.details.partnerStructures(keys))
      .load(convention.id);
    return rows.map(toPartnerStructure);
  }

  @Authenticated()
  @ResolveField(() => [ProfileQuota], { description: 'Allowed profiles and their guest quotas.' })
  async quotas(@Parent() convention: Convention, @Context() context: LoaderContext): Promise<ProfileQuota[]> {
    const rows = await requestLoader(context, 'conventionQuotas', (keys: readonly string[]) => this.details.quotas(keys)).load(convention.id);
    return rows.map(toProfileQuota);
  }

  @Authenticated()
  @ResolveField(() => [ConventionSignatory])
  async signatories(@Parent() convention: Convention, @Context() context: LoaderContext): Promise<ConventionSignatory[]> {
    const rows = await requestLoader(context, 'conventionSignatories', (keys: readonly string[]) => this.details.signatories(keys))
      .load(convention.id);
    return rows.map(toSignatory);
  }

  @Authenticated()
  @ResolveField(() => [ConventionVersion], { description: 'Every version, oldest first.' })
  async versions(@Parent() convention: Convention, @Context() context: LoaderContext): Promise<ConventionVersion[]> {
    const rows = await requestLoader(context, 'conventionVersions', (keys: readonly string[]) => this.details.versions(keys)).load(convention.id);
    return rows.map(toConventionVersion);
  }

  @Authenticated()
  @ResolveField(() => AuditEventConnection, { description: "This convention's audit trail, oldest first." })
  async auditEvents(@Parent() convention: Convention, @Args() page: PageArgs): Promise<AuditEventConnection> {
    return mapConnection(await this.audit.list({ conventionId: convention.id }, parsePage(page)), toAuditEvent);
  }
}
