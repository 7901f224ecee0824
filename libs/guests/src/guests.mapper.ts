import { Profile } from '@passerelle/directory';
import { GuestEntity } from './guest.entity.js';
import { Guest } from './guest.type.js';

/**
 * What the API shows of a guest: every exposed field is listed here. Never the partner identity (issuer, subject),
 * the school or the class; the display name only to those who manage the convention.
 */
export function toGuest(entity: GuestEntity, viewer: { readonly managesConvention: boolean }): Guest {
  return {
    id: entity.id,
    conventionId: entity.conventionId,
    login: entity.login,
    profile: entity.profile as Profile,
    state: entity.state,
    displayName: viewer.managesConvention ? entity.displayName : null,
    boundAt: entity.boundAt,
    suspendedAt: entity.suspendedAt,
    suspensionReason: entity.suspensionReason,
    deprovisionedAt: entity.deprovisionedAt,
    objectedToRetentionAt: entity.objectedToRetentionAt,
  };
}
