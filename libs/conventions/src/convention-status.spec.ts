import { DomainError } from '@passerelle/errors';
import {
  allowedTransitions, assertAmendable, assertEditable, CONVENTION_TRANSITIONS, ConventionStatus, ConventionTransition, isInForce, nextStatus,
} from './convention-status.js';

const { DRAFT, ACTIVE, SUSPENDED, ENDED } = ConventionStatus;
const { ACTIVATE, SUSPEND, RESUME, END } = ConventionTransition;

describe('convention status machine', () => {
  it.each([
    [DRAFT, ACTIVATE, ACTIVE],
    [ACTIVE, SUSPEND, SUSPENDED],
    [SUSPENDED, RESUME, ACTIVE],
    [ACTIVE, END, ENDED],
    [SUSPENDED, END, ENDED],
  ])('moves %s by %s to %s', (from, transition, to) => {
    expect(nextStatus(from, transition)).toBe(to);
  });

  const legal = new Set(['DRAFT ACTIVATE', 'ACTIVE SUSPEND', 'SUSPENDED RESUME', 'ACTIVE END', 'SUSPENDED END']);
  const illegal = Object.values(ConventionStatus).flatMap((from) => Object.values(ConventionTransition)
    .filter((transition) => !legal.has(`${from} ${transition}`)).map((transition) => [from, transition] as const));

  it('lists exactly the legal moves as data', () => {
    const fromData = Object.entries(CONVENTION_TRANSITIONS).flatMap(([transition, rule]) => rule.from.map((from) => `${from} ${transition}`));
    expect(new Set(fromData)).toEqual(legal);
    expect(illegal).toHaveLength(4 * 4 - 5);
  });

  it.each(illegal)('refuses %s by %s with ILLEGAL_TRANSITION naming both states in French', (from, transition) => {
    let error: unknown;
    try {
      nextStatus(from, transition);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('ILLEGAL_TRANSITION');
    const labels = { DRAFT: 'brouillon', ACTIVE: 'active', SUSPENDED: 'suspendue', ENDED: 'terminée' };
    const to = CONVENTION_TRANSITIONS[transition].to;
    expect((error as DomainError).message).toBe(`Une convention ${labels[from]} ne peut pas devenir ${labels[to]}.`);
    expect((error as DomainError).details).toEqual({ from, to });
  });

  it('says which moves a state allows', () => {
    expect(allowedTransitions(DRAFT)).toEqual([ACTIVATE]);
    expect(allowedTransitions(ACTIVE)).toEqual([SUSPEND, END]);
    expect(allowedTransitions(SUSPENDED)).toEqual([RESUME, END]);
    expect(allowedTransitions(ENDED)).toEqual([]);
  });

  it('amends only ACTIVE and SUSPENDED conventions, edits only drafts', () => {
    expect(() => assertAmendable(ACTIVE)).not.toThrow();
    expect(() => assertAmendable(SUSPENDED)).not.toThrow();
    expect(() => assertAmendable(DRAFT)).toThrow(expect.objectContaining({ code: 'ILLEGAL_TRANSITION' }));
    expect(() => assertAmendable(ENDED)).toThrow(expect.objectContaining({ code: 'ILLEGAL_TRANSITION' }));
    expect(() => assertEditable(DRAFT)).not.toThrow();
    expect(() => assertEditable(ACTIVE)).toThrow(expect.objectContaining({ code: 'CONVENTION_NOT_EDITABLE' }));
  });

  it('is in force only ACTIVE and inside [validFrom, validUntil)', () => {
    const window = { validFrom: new Date('2026-09-01T00:00:00Z'), validUntil: new Date('2027-07-01T00:00:00Z') };
    expect(isInForce({ status: ACTIVE, ...window }, new Date('2026-09-01T00:00:00Z'))).toBe(true);
    expect(isInForce({ status: ACTIVE, ...window }, new Date('2027-07-01T00:00:00Z'))).toBe(false);
    expect(isInForce({ status: ACTIVE, ...window }, new Date('2026-08-31T23:59:59Z'))).toBe(false);
    expect(isInForce({ status: SUSPENDED, ...window }, new Date('2026-10-01T00:00:00Z'))).toBe(false);
  });
});
