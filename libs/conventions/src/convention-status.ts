import { DomainError } from '@passerelle/errors';

/** DRAFT → ACTIVE ⇄ SUSPENDED → ENDED. Only an ACTIVE, in-date convention grants anything. */
export enum ConventionStatus {
  DRAFT = 'DRAFT',
  ACTIVE = 'ACTIVE',
  SUSPENDED = 'SUSPENDED',
  ENDED = 'ENDED',
}

/** The explicit moves between states (the end of the window is an END done by the hub). */
export enum ConventionTransition {
  ACTIVATE = 'ACTIVATE',
  SUSPEND = 'SUSPEND',
  RESUME = 'RESUME',
  END = 'END',
}

/** The state machine, as data: for each transition, the states it leaves from and the state it reaches. */
export const CONVENTION_TRANSITIONS: Readonly<Record<ConventionTransition, { readonly from: readonly ConventionStatus[]; readonly to: ConventionStatus }>> = {
  [ConventionTransition.ACTIVATE]: { from: [ConventionStatus.DRAFT], to: ConventionStatus.ACTIVE },
  [ConventionTransition.SUSPEND]: { from: [ConventionStatus.ACTIVE], to: ConventionStatus.SUSPENDED },
  [ConventionTransition.RESUME]: { from: [ConventionStatus.SUSPENDED], to: ConventionStatus.ACTIVE },
  [ConventionTransition.END]: { from: [ConventionStatus.ACTIVE, ConventionStatus.SUSPENDED], to: ConventionStatus.ENDED },
};

/** How French people call each state, in messages. */
export const CONVENTION_STATUS_LABELS: Readonly<Record<ConventionStatus, string>> = {
  [ConventionStatus.DRAFT]: 'brouillon',
  [ConventionStatus.ACTIVE]: 'active',
  [ConventionStatus.SUSPENDED]: 'suspendue',
  [ConventionStatus.ENDED]: 'terminée',
};

/** States in which the convention is changed by amendment (a new version) rather than edited. */
export const AMENDABLE_STATUSES: readonly ConventionStatus[] = [ConventionStatus.ACTIVE, ConventionStatus.SUSPENDED];

export function canTransition(from: ConventionStatus, transition: ConventionTransition): boolean {
  return CONVENTION_TRANSITIONS[transition].from.includes(from);
}

/** The state a transition reaches from `from`; ILLEGAL_TRANSITION (naming both states, in French) when it is not allowed. */
export function nextStatus(from: ConventionStatus, transition: ConventionTransition): ConventionStatus {
  const rule = CONVENTION_TRANSITIONS[transition];
  if (!rule.from.includes(from)) {
    throw new DomainError('ILLEGAL_TRANSITION',
      `Une convention ${CONVENTION_STATUS_LABELS[from]} ne peut pas devenir ${CONVENTION_STATUS_LABELS[rule.to]}.`,
      undefined, { from, to: rule.to });
  }
  return rule.to;
}

/** The transitions allowed from a state, in the order of the enum (for clients that show buttons). */
export function allowedTransitions(from: ConventionStatus): ConventionTransition[] {
  return Object.values(ConventionTransition).filter((transition) => canTransition(from, transition));
}

/** Whether a convention in this state is changed by amendment; ILLEGAL_TRANSITION otherwise. */
export function assertAmendable(status: ConventionStatus): void {
  if (!AMENDABLE_STATUSES.includes(status)) {
    throw new DomainError('ILLEGAL_TRANSITION',
      `Une convention ${CONVENTION_STATUS_LABELS[status]} ne peut pas être amendée : seule une convention active ou suspendue peut l'être.`,
      undefined, { from: status });
  }
}

/** Whether a convention in this state may still be edited in place (only a DRAFT). */
export function assertEditable(status: ConventionStatus): void {
  if (status !== ConventionStatus.DRAFT) {
    throw new DomainError('CONVENTION_NOT_EDITABLE',
      `Une convention ${CONVENTION_STATUS_LABELS[status]} ne se modifie plus directement : passez par un avenant (amendConvention).`,
      undefined, { status });
  }
}

/** Whether a convention grants access at `at`: ACTIVE and inside its window [validFrom, validUntil). */
export function isInForce(convention: { status: ConventionStatus | string; validFrom: Date; validUntil: Date }, at: Date): boolean {
  return convention.status === ConventionStatus.ACTIVE && convention.validFrom.getTime() <= at.getTime()
    && at.getTime() < convention.validUntil.getTime();
}
