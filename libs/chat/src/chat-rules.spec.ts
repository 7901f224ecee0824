import { SpaceRole } from '@passerelle/spaces';
import {
  ADULT_PUPIL_REFUSED, ADULT_PUPIL_REFUSED_TO_PUPIL, ChatMessageFacts, ChatParty, checkChatText, checkRemovalReason, mayReadChatMessage, MAX_CHAT_TEXT, privateMessageDecision, removalDecision,
  removedNotice, sameSchool, CHAT_BURST, floods,
} from './chat-rules.js';

const SCHOOL_A = '0750001U';
const SCHOOL_B = '0930123X';

/** A pupil is a contributor here unless said otherwise (`pupil` is their profile, not their role). */
const party = (id: string, role: SpaceRole, schoolUai: string | null, kind: ChatParty['kind'] = 'PERSON', pupil = role === SpaceRole.CONTRIBUTOR)
  : ChatParty => ({ kind, id, role, schoolUai, pupil });
const pupilA = party('pupil-a', SpaceRole.CONTRIBUTOR, SCHOOL_A);
const pupilA2 = party('pupil-a2', SpaceRole.CONTRIBUTOR, SCHOOL_A);
const guestPupilB = party('guest-b', SpaceRole.CONTRIBUTOR, SCHOOL_B, 'GUEST');
const teacherA = party('teacher-a', SpaceRole.OWNER, SCHOOL_A);
const guestTeacherB = party('guest-teacher-b', SpaceRole.MODERATOR, SCHOOL_B, 'GUEST');
const parentA = party('parent-a', SpaceRole.READER, SCHOOL_A);
const unknownSchoolPupil = party('pupil-x', SpaceRole.CONTRIBUTOR, null, 'GUEST');
const teacherA2 = party('teacher-a2', SpaceRole.MODERATOR, SCHOOL_A);
/** A collège teacher added by name as a mere contributor: still an adult. */
const adultContributorB = party('adult-b', SpaceRole.CONTRIBUTOR, SCHOOL_B, 'GUEST', false);

const OPEN = { privateMessagesAllowed: true, crossSchoolPrivateMessages: false };
const CLOSED = { privateMessagesAllowed: false, crossSchoolPrivateMessages: false };
const CROSS = { privateMessagesAllowed: true, crossSchoolPrivateMessages: true };
/** Cross-school alone does not open private messages. */
const CROSS_ONLY = { privateMessagesAllowed: false, crossSchoolPrivateMessages: true };

describe('chat text', () => {
  it('keeps plain text, trimmed, with its line breaks', () => {
    expect(checkChatText('  Bonjour\r\nà tous !  ')).toEqual({ valid: true, value: 'Bonjour\nà tous !' });
  });

  it('keeps HTML as text (it is never interpreted)', () => {
    expect(checkChatText('<b>salut</b>')).toEqual({ valid: true, value: '<b>salut</b>' });
  });

  it('strips control and invisible characters (bidi overrides, zero-width)', () => {
    expect(checkChatText('a\u0000b\u0007c\u202Ed\u200Be\tf')).toEqual({ valid: true, value: 'abcde\tf' });
  });

  it('caps runs of empty lines', () => {
    expect(checkChatText('a\n\n\n\n\n\nb')).toEqual({ valid: true, value: 'a\n\n\nb' });
  });

  it('refuses an empty message, or one that is only blanks and control characters', () => {
    expect(checkChatText('')).toEqual({ valid: false, reason: 'Le message est vide.' });
    expect(checkChatText(' \n\u0000\u200B ')).toEqual({ valid: false, reason: 'Le message est vide.' });
  });

  it('accepts 1000 characters (counted as characters, not bytes) and refuses 1001', () => {
    expect(checkChatText('é'.repeat(MAX_CHAT_TEXT))).toMatchObject({ valid: true });
    expect(checkChatText('🙂'.repeat(MAX_CHAT_TEXT))).toMatchObject({ valid: true });
    expect(checkChatText('a'.repeat(MAX_CHAT_TEXT + 1))).toEqual({ valid: false, reason: 'Le message ne doit pas dépasser 1000 caractères.' });
  });

  it('refuses what is not text', () => {
    expect(checkChatText(42)).toEqual({ valid: false, reason: 'Le message doit être un texte.' });
  });
});

describe('removal reason', () => {
  it('is optional; blank is none; at most 500 characters', () => {
    expect(checkRemovalReason(undefined)).toEqual({ valid: true, value: null });
    expect(checkRemovalReason('   ')).toEqual({ valid: true, value: null });
    expect(checkRemovalReason(' Propos blessants ')).toEqual({ valid: true, value: 'Propos blessants' });
    expect(checkRemovalReason('x'.repeat(501))).toEqual({ valid: false, reason: 'La raison ne doit pas dépasser 500 caractères.' });
  });
});

describe('same school', () => {
  it('compares UAIs, case-insensitively; an unknown school is never the same', () => {
    expect(sameSchool(SCHOOL_A, SCHOOL_A.toLowerCase())).toBe(true);
    expect(sameSchool(SCHOOL_A, SCHOOL_B)).toBe(false);
    expect(sameSchool(null, SCHOOL_A)).toBe(false);
    expect(sameSchool(null, null)).toBe(false);
  });
});

describe('private messages', () => {
  const refusal = (code: string) => expect.objectContaining({ allowed: false, code });

  it('refuses every private message where the space does not allow them, whoever writes', () => {
    for (const [sender, recipient] of [[pupilA, pupilA2], [teacherA, pupilA], [pupilA, teacherA], [guestTeacherB, guestPupilB]]) {
      expect(privateMessageDecision(CLOSED, sender, recipient)).toEqual({
        allowed: false, code: 'PRIVATE_MESSAGES_DISABLED', message: 'Les messages privés ne sont pas autorisés dans cet espace.' });
      expect(privateMessageDecision(CROSS_ONLY, sender, recipient)).toEqual(refusal('PRIVATE_MESSAGES_DISABLED'));
    }
  });

  it('lets two pupils of the same school write to each other where private messages are allowed', () => {
    expect(privateMessageDecision(OPEN, pupilA, pupilA2)).toEqual({ allowed: true });
  });

  it('refuses private messages between pupils of different schools unless the space allows that too', () => {
    expect(privateMessageDecision(OPEN, pupilA, guestPupilB)).toEqual({ allowed: false, code: 'PRIVATE_MESSAGES_CROSS_SCHOOL',
      message: "Les messages privés entre élèves d'écoles différentes ne sont pas autorisés dans cet espace." });
    expect(privateMessageDecision(OPEN, guestPupilB, pupilA)).toEqual(refusal('PRIVATE_MESSAGES_CROSS_SCHOOL'));
    expect(privateMessageDecision(CROSS, pupilA, guestPupilB)).toEqual({ allowed: true });
    expect(privateMessageDecision(CROSS, guestPupilB, pupilA)).toEqual({ allowed: true });
  });

  it('treats a pupil whose school is unknown as from another school', () => {
    expect(privateMessageDecision(OPEN, pupilA, unknownSchoolPupil)).toEqual(refusal('PRIVATE_MESSAGES_CROSS_SCHOOL'));
    expect(privateMessageDecision(CROSS, unknownSchoolPupil, pupilA)).toEqual({ allowed: true });
  });

  it('refuses a partner collège teacher writing privately to a CM2 pupil, even where the space allows private messages across schools', () => {
    for (const settings of [OPEN, CROSS]) {
      expect(privateMessageDecision(settings, guestTeacherB, pupilA)).toEqual({
        allowed: false, code: 'PRIVATE_MESSAGES_ADULT_PUPIL_CROSS_SCHOOL', message: ADULT_PUPIL_REFUSED });
      expect(privateMessageDecision(settings, teacherA, guestPupilB)).toEqual(refusal('PRIVATE_MESSAGES_ADULT_PUPIL_CROSS_SCHOOL'));
    }
    expect(ADULT_PUPIL_REFUSED).toBe("Vous ne pouvez pas écrire en privé à un élève d'une autre école : écrivez-lui dans la messagerie de l'espace, "
      + 'que ses enseignants lisent aussi.');
  });

  it('refuses a pupil writing privately to an adult of another school, in words for a pupil', () => {
    expect(privateMessageDecision(CROSS, pupilA, guestTeacherB)).toEqual({
      allowed: false, code: 'PRIVATE_MESSAGES_ADULT_PUPIL_CROSS_SCHOOL', message: ADULT_PUPIL_REFUSED_TO_PUPIL });
    expect(ADULT_PUPIL_REFUSED_TO_PUPIL).toMatch(/^Tu ne peux pas écrire en privé à un adulte d'une autre école/);
    expect(privateMessageDecision(OPEN, guestPupilB, teacherA)).toEqual(refusal('PRIVATE_MESSAGES_ADULT_PUPIL_CROSS_SCHOOL'));
  });

  it('decides adult or pupil from the profile, not the role: an adult added as a contributor is still an adult', () => {
    expect(privateMessageDecision(CROSS, adultContributorB, pupilA)).toEqual(refusal('PRIVATE_MESSAGES_ADULT_PUPIL_CROSS_SCHOOL'));
    expect(privateMessageDecision(OPEN, adultContributorB, teacherA)).toEqual({ allowed: true });
  });

  it('treats an adult or a pupil whose school is unknown as from another school', () => {
    expect(privateMessageDecision(CROSS, teacherA, unknownSchoolPupil)).toEqual(refusal('PRIVATE_MESSAGES_ADULT_PUPIL_CROSS_SCHOOL'));
    expect(privateMessageDecision(CROSS, party('t', SpaceRole.OWNER, null), pupilA)).toEqual(refusal('PRIVATE_MESSAGES_ADULT_PUPIL_CROSS_SCHOOL'));
  });

  it('keeps private messages between a pupil and the adults of their own school, both ways, on the private-messages setting', () => {
    expect(privateMessageDecision(OPEN, teacherA, pupilA)).toEqual({ allowed: true });
    expect(privateMessageDecision(OPEN, pupilA, teacherA2)).toEqual({ allowed: true });
    expect(privateMessageDecision(OPEN, guestTeacherB, guestPupilB)).toEqual({ allowed: true });
    expect(privateMessageDecision(OPEN, guestPupilB, guestTeacherB)).toEqual({ allowed: true });
    expect(privateMessageDecision(OPEN, teacherA, { ...pupilA, schoolUai: ' 0750001u ' })).toEqual({ allowed: true });
  });

  it('lets adults of different schools write to each other on the private-messages setting alone', () => {
    expect(privateMessageDecision(OPEN, teacherA, guestTeacherB)).toEqual({ allowed: true });
    expect(privateMessageDecision(OPEN, guestTeacherB, teacherA)).toEqual({ allowed: true });
  });

  it('refuses a hub administrator (no school) writing privately to a pupil', () => {
    expect(privateMessageDecision(CROSS, party('admin', SpaceRole.MODERATOR, null, 'HUB_ADMIN'), guestPupilB))
      .toEqual(refusal('PRIVATE_MESSAGES_ADULT_PUPIL_CROSS_SCHOOL'));
  });

  it('never sends a private message to a parent (readers do not chat)', () => {
    expect(privateMessageDecision(CROSS, teacherA, parentA)).toEqual({ allowed: false, code: 'PRIVATE_MESSAGE_RECIPIENT_REFUSED',
      message: 'Ce membre ne peut pas recevoir de message privé.' });
    expect(privateMessageDecision(CROSS, pupilA, parentA)).toEqual(refusal('PRIVATE_MESSAGE_RECIPIENT_REFUSED'));
  });

  it('refuses a message to oneself', () => {
    expect(privateMessageDecision(OPEN, pupilA, { ...pupilA, id: 'PUPIL-A' })).toEqual({ allowed: false, code: 'BAD_USER_INPUT',
      message: 'Vous ne pouvez pas vous écrire à vous-même.' });
    expect(privateMessageDecision(OPEN, pupilA, { ...pupilA, kind: 'GUEST' })).toEqual({ allowed: true });
  });
});

describe('who sees a message', () => {
  const channel: ChatMessageFacts = { authorKind: 'PERSON', authorId: 'pupil-a', recipientKind: null, recipientId: null, removed: false };
  const whisper: ChatMessageFacts = { authorKind: 'PERSON', authorId: 'pupil-a', recipientKind: 'GUEST', recipientId: 'guest-b', removed: false };

  it('shows channel messages to every reader of the channel', () => {
    expect(mayReadChatMessage(channel, { kind: 'GUEST', id: 'someone' })).toBe(true);
  });

  it('shows a private message to its author and its recipient only, not to moderators', () => {
    expect(mayReadChatMessage(whisper, { kind: 'PERSON', id: 'pupil-a' })).toBe(true);
    expect(mayReadChatMessage(whisper, { kind: 'GUEST', id: 'GUEST-B' })).toBe(true);
    expect(mayReadChatMessage(whisper, { kind: 'PERSON', id: 'teacher-a' })).toBe(false);
    // Same id, other kind: someone else.
    expect(mayReadChatMessage(whisper, { kind: 'PERSON', id: 'guest-b' })).toBe(false);
  });
});

describe('removal', () => {
  const channel: ChatMessageFacts = { authorKind: 'GUEST', authorId: 'guest-b', recipientKind: null, recipientId: null, removed: false };
  const whisper: ChatMessageFacts = { authorKind: 'PERSON', authorId: 'pupil-a', recipientKind: 'PERSON', recipientId: 'pupil-a2', removed: false };

  it('lets the author take back their own message, channel or private', () => {
    expect(removalDecision(channel, { kind: 'GUEST', id: 'guest-b' }, SpaceRole.CONTRIBUTOR)).toEqual({ allowed: true, as: 'AUTHOR' });
    expect(removalDecision(whisper, { kind: 'PERSON', id: 'pupil-a' }, SpaceRole.CONTRIBUTOR)).toEqual({ allowed: true, as: 'AUTHOR' });
  });

  it('lets owners and moderators remove anyone\'s channel message', () => {
    expect(removalDecision(channel, { kind: 'PERSON', id: 'teacher-a' }, SpaceRole.OWNER)).toEqual({ allowed: true, as: 'MODERATOR' });
    expect(removalDecision(channel, { kind: 'GUEST', id: 'guest-teacher-b' }, SpaceRole.MODERATOR)).toEqual({ allowed: true, as: 'MODERATOR' });
  });

  it('refuses a pupil removing someone else\'s channel message', () => {
    expect(removalDecision(channel, { kind: 'PERSON', id: 'pupil-a' }, SpaceRole.CONTRIBUTOR)).toEqual({ allowed: false, code: 'FORBIDDEN',
      message: "Seuls les modérateurs de l'espace peuvent retirer le message d'un autre membre." });
  });

  it('answers NOT_FOUND to a moderator for a private message they cannot read', () => {
    expect(removalDecision(whisper, { kind: 'PERSON', id: 'teacher-a' }, SpaceRole.OWNER)).toMatchObject({ allowed: false, code: 'NOT_FOUND' });
  });

  it('refuses the recipient of a private message removing it', () => {
    expect(removalDecision(whisper, { kind: 'PERSON', id: 'pupil-a2' }, SpaceRole.CONTRIBUTOR)).toEqual({ allowed: false, code: 'FORBIDDEN',
      message: 'Seul son auteur peut retirer un message privé.' });
  });

  it('says who removed a message in French', () => {
    expect(removedNotice(false)).toBe('Message retiré par un modérateur.');
    expect(removedNotice(true)).toBe('Message supprimé par son auteur.');
  });
});

describe('flood', () => {
  it('lets a member write up to 10 messages in 10 seconds in a space, not 11', () => {
    expect(CHAT_BURST).toEqual({ messages: 10, seconds: 10 });
    expect(floods(9)).toBe(false);
    expect(floods(10)).toBe(true);
  });
});
