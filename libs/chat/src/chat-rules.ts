import { can, SpaceAction, SpaceRole } from '@passerelle/spaces';

/**
 * The rules of the chat, as pure functions (no Nest, no database): what a message may say, who may write privately
 * to whom, who sees a message, who may take one back. The permissions table (READ_CHAT, CHAT, MODERATE) says what a
 * role may do at all; these rules add what depends on the message and on the two people.
 */

export const MAX_CHAT_TEXT = 1000;
export const MAX_REMOVAL_REASON = 500;

export type ChatActorKind = 'HUB_ADMIN' | 'PERSON' | 'GUEST';

export type TextCheck = { readonly valid: true; readonly value: string } | { readonly valid: false; readonly reason: string };

/**
 * Control characters (but line feeds and tabs) and the invisible characters that reorder or hide text (bidi
 * overrides, zero-width), which a child could not see but a message could carry.
 */
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;

/**
 * A chat message is plain text: line breaks normalised, invisible and control characters removed, trimmed, at
 * most three line breaks in a row, 1 to 1000 characters. It is never HTML: clients show it as text.
 */
export function checkChatText(raw: unknown): TextCheck {
  if (typeof raw !== 'string') return { valid: false, reason: 'Le message doit être un texte.' };
  const value = raw.replace(/\r\n?/g, '\n').replace(INVISIBLE, '').replace(/\n{4,}/g, '\n\n\n').trim();
  const length = Array.from(value).length;
  if (length === 0) return { valid: false, reason: 'Le message est vide.' };
  if (length > MAX_CHAT_TEXT) return { valid: false, reason: `Le message ne doit pas dépasser ${MAX_CHAT_TEXT} caractères.` };
  return { valid: true, value };
}

/** A moderator's reason for a removal: optional, trimmed, at most 500 characters (blank is no reason). */
export function checkRemovalReason(raw: string | null | undefined)
  : { readonly valid: true; readonly value: string | null } | { readonly valid: false; readonly reason: string } {
  if (raw === undefined || raw === null) return { valid: true, value: null };
  const value = raw.replace(INVISIBLE, '').trim();
  if (Array.from(value).length > MAX_REMOVAL_REASON) {
    return { valid: false, reason: `La raison ne doit pas dépasser ${MAX_REMOVAL_REASON} caractères.` };
  }
  return { valid: true, value: value.length ? value : null };
}

/**
 * One end of a private message: who, their role in the space, their school (UAI; null when unknown) and whether they
 * are a pupil (their profile, not their role in the space: an adult added as a contributor is still an adult).
 */
export interface ChatParty {
  readonly kind: ChatActorKind;
  readonly id: string;
  readonly role: SpaceRole;
  readonly schoolUai: string | null;
  readonly pupil: boolean;
}

export interface PrivateMessageSettings {
  readonly privateMessagesAllowed: boolean;
  readonly crossSchoolPrivateMessages: boolean;
}

export type ChatDecision = { readonly allowed: true } | { readonly allowed: false; readonly code: string; readonly message: string };

const ALLOWED: ChatDecision = { allowed: true };

/** Two schools are the same only when both are known and their UAIs match (an unknown school is never "the same"). */
export function sameSchool(a: string | null, b: string | null): boolean {
  return a !== null && b !== null && a.trim().toUpperCase() === b.trim().toUpperCase();
}

/**
 * Whether `sender` may write privately to `recipient`, both members of the space (the caller has checked that the
 * sender may chat and that the recipient is a member):
 * - never to oneself;
 * - only where the space allows private messages;
 * - only to a member who may chat (parents, who only read, receive none);
 * - between an adult and a pupil, only of the same school, whatever the space's settings (ADR 0018): no adult holds
 *   a private conversation with a child of another school, which the child's own teachers could not read; they write
 *   in the space's channel, which the space's owners and moderators read and moderate;
 * - between two pupils, only of the same school, unless the space allows private messages across schools too.
 * An unknown school is never "the same". Two adults follow the private-messages setting alone.
 */
export function privateMessageDecision(settings: PrivateMessageSettings, sender: ChatParty, recipient: ChatParty): ChatDecision {
  if (sender.kind === recipient.kind && sender.id.toLowerCase() === recipient.id.toLowerCase()) {
    return { allowed: false, code: 'BAD_USER_INPUT', message: 'Vous ne pouvez pas vous écrire à vous-même.' };
  }
  if (!settings.privateMessagesAllowed) {
    return { allowed: false, code: 'PRIVATE_MESSAGES_DISABLED', message: "Les messages privés ne sont pas autorisés dans cet espace." };
  }
  if (!can(recipient.role, SpaceAction.CHAT)) {
    return { allowed: false, code: 'PRIVATE_MESSAGE_RECIPIENT_REFUSED', message: 'Ce membre ne peut pas recevoir de message privé.' };
  }
  const school = sameSchool(sender.schoolUai, recipient.schoolUai);
  if (sender.pupil !== recipient.pupil && !school) {
    return { allowed: false, code: 'PRIVATE_MESSAGES_ADULT_PUPIL_CROSS_SCHOOL', message: sender.pupil ? ADULT_PUPIL_REFUSED_TO_PUPIL : ADULT_PUPIL_REFUSED };
  }
  if (sender.pupil && recipient.pupil && !settings.crossSchoolPrivateMessages && !school) {
    return {
      allowed: false, code: 'PRIVATE_MESSAGES_CROSS_SCHOOL',
      message: "Les messages privés entre élèves d'écoles différentes ne sont pas autorisés dans cet espace.",
    };
  }
  return ALLOWED;
}

/** The refusal an adult reads (« vous ») when writing privately to a pupil of another school. */
export const ADULT_PUPIL_REFUSED = "Vous ne pouvez pas écrire en privé à un élève d'une autre école : écrivez-lui dans la messagerie de l'espace, "
  + 'que ses enseignants lisent aussi.';
/** The refusal a pupil reads (« tu ») when writing privately to an adult of another school. */
export const ADULT_PUPIL_REFUSED_TO_PUPIL = "Tu ne peux pas écrire en privé à un adulte d'une autre école : écris-lui dans la messagerie de l'espace, "
  + 'que tes enseignants lisent aussi.';

/** What the rules need to know about a message. */
export interface ChatMessageFacts {
  readonly authorKind: ChatActorKind;
  readonly authorId: string;
  readonly recipientKind: 'PERSON' | 'GUEST' | null;
  readonly recipientId: string | null;
  readonly removed: boolean;
}

export interface ChatViewer {
  readonly kind: ChatActorKind;
  readonly id: string;
}

function same(kind: string, id: string, viewer: ChatViewer): boolean {
  return kind === viewer.kind && id.toLowerCase() === viewer.id.toLowerCase();
}

export function isChatAuthor(message: ChatMessageFacts, viewer: ChatViewer): boolean {
  return same(message.authorKind, message.authorId, viewer);
}

export function isPrivate(message: ChatMessageFacts): boolean {
  return message.recipientId !== null;
}

/**
 * Whether a member who may read the channel sees this message: every channel message; a private one only by its
 * two parties (moderators do not read private messages).
 */
export function mayReadChatMessage(message: ChatMessageFacts, viewer: ChatViewer): boolean {
  if (!isPrivate(message)) return true;
  return isChatAuthor(message, viewer) || same(message.recipientKind!, message.recipientId!, viewer);
}

export type RemovalDecision =
  | { readonly allowed: true; readonly as: 'AUTHOR' | 'MODERATOR' }
  | { readonly allowed: false; readonly code: 'NOT_FOUND' | 'FORBIDDEN'; readonly message: string };

/**
 * Who may take a message back (it stays as a tombstone, its text erased): its author, always (the use case checks
 * CHAT, so not in an archived space); a moderator, for channel messages only. A private message a moderator cannot
 * read is, for them, a message that does not exist (NOT_FOUND); its recipient may not remove it (FORBIDDEN).
 */
export function removalDecision(message: ChatMessageFacts, viewer: ChatViewer, role: SpaceRole): RemovalDecision {
  if (!mayReadChatMessage(message, viewer)) return { allowed: false, code: 'NOT_FOUND', message: CHAT_MESSAGE_NOT_FOUND };
  if (isChatAuthor(message, viewer)) return { allowed: true, as: 'AUTHOR' };
  if (isPrivate(message)) return { allowed: false, code: 'FORBIDDEN', message: 'Seul son auteur peut retirer un message privé.' };
  if (can(role, SpaceAction.MODERATE)) return { allowed: true, as: 'MODERATOR' };
  return { allowed: false, code: 'FORBIDDEN', message: "Seuls les modérateurs de l'espace peuvent retirer le message d'un autre membre." };
}

/** At most this many messages by one member in one space within the window: a flood is refused, not moderated. */
export const CHAT_BURST = { messages: 10, seconds: 10 } as const;

/** Whether one more message is too many, given how many the sender wrote in this space during the last window. */
export function floods(recentCount: number): boolean {
  return recentCount >= CHAT_BURST.messages;
}

export const CHAT_MESSAGE_NOT_FOUND = "Ce message n'existe pas ou vous n'y avez pas accès.";

/** What every member reads in place of a removed message. */
export function removedNotice(removedByAuthor: boolean): string {
  return removedByAuthor ? 'Message supprimé par son auteur.' : 'Message retiré par un modérateur.';
}
