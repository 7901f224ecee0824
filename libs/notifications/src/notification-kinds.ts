import { Address, speak } from '@passerelle/errors';

/** Kinds of notification and what they say, in French, built when read (never stored). */
export enum NotificationKind {
  POST_PUBLISHED = 'POST_PUBLISHED',
  POST_PENDING = 'POST_PENDING',
  /** Posts, comments or documents wait for a moderator in a space: one per moderator and space, with how many. */
  MODERATION_PENDING = 'MODERATION_PENDING',
  COMMENT_ADDED = 'COMMENT_ADDED',
  MENTION = 'MENTION',
  MODERATION_DECISION = 'MODERATION_DECISION',
  STRUCTURE_CREATED = 'STRUCTURE_CREATED',
  CONVENTION_ALERT = 'CONVENTION_ALERT',
  HOMEWORK_CREATED = 'HOMEWORK_CREATED',
  EVENT_CREATED = 'EVENT_CREATED',
  DOCUMENT_ADDED = 'DOCUMENT_ADDED',
  EVENT_REMINDER = 'EVENT_REMINDER',
  /** A moderator hid my post (with a reason I read on the post), showed it again, or rewrote it: always told, not switched off. */
  POST_HIDDEN = 'POST_HIDDEN',
  POST_UNHIDDEN = 'POST_UNHIDDEN',
  POST_EDITED_BY_MODERATOR = 'POST_EDITED_BY_MODERATOR',
  /** A kind this version does not know (written by a newer one). */
  OTHER = 'OTHER',
}

/** The kinds a person may switch off (the fan-out of space activity honours them). */
export const CONFIGURABLE_KINDS: readonly NotificationKind[] = [
  NotificationKind.POST_PUBLISHED, NotificationKind.POST_PENDING, NotificationKind.MODERATION_PENDING, NotificationKind.COMMENT_ADDED, NotificationKind.MENTION,
  NotificationKind.MODERATION_DECISION, NotificationKind.HOMEWORK_CREATED, NotificationKind.EVENT_CREATED,
  NotificationKind.DOCUMENT_ADDED, NotificationKind.EVENT_REMINDER,
];

export function parseKind(kind: string): NotificationKind {
  return (Object.values(NotificationKind) as string[]).includes(kind) ? kind as NotificationKind : NotificationKind.OTHER;
}

const PROFILE_WORDS: Record<string, string> = { National_ELV: 'élèves', National_ENS: 'enseignants' };

/**
 * What a notification says to its reader, who is always its recipient: « tu/ton/ta » to a pupil, « vous/votre » to an
 * adult (`address`: addressOf the reader). Kinds that address nobody (« Nouveau message ») read the same for both.
 * `spaceTitle` is the space's current title when the reader may still see the space (null otherwise: the message then
 * names no space).
 */
export function notificationMessage(kind: NotificationKind, payload: Record<string, unknown>, spaceTitle: string | null, address: Address): string {
  const where = spaceTitle ? ` dans « ${spaceTitle} »` : '';
  const your = speak(address, { tu: 'ta', vous: 'votre' });
  switch (kind) {
    case NotificationKind.POST_PUBLISHED:
      return `Nouveau message${where}.`;
    case NotificationKind.POST_PENDING:
      return `Un message attend ${your} validation${where}.`;
    case NotificationKind.MODERATION_PENDING: {
      const count = Number(payload.count ?? 0);
      if (count <= 0) return `Plus rien n'attend ${your} validation${where}.`;
      return count === 1 ? `Une publication d'élève attend ${your} validation${where}.`
        : `${count} publications d'élèves attendent ${your} validation${where}.`;
    }
    case NotificationKind.COMMENT_ADDED:
      return `Nouveau commentaire${where}.`;
    case NotificationKind.MENTION:
      return speak(address, { tu: `On t'a mentionné·e${where}.`, vous: `On vous a mentionné·e${where}.` });
    case NotificationKind.MODERATION_DECISION: {
      const what = payload.subject === 'COMMENT' ? 'commentaire' : payload.subject === 'DOCUMENT' ? 'document' : 'message';
      const yours = speak(address, { tu: `Ton ${what}`, vous: `Votre ${what}` });
      return payload.decision === 'REJECT'
        ? `${yours}${where} n'a pas été publié. ${speak(address, { tu: 'Ouvre-le', vous: 'Ouvrez-le' })} pour lire pourquoi.`
        : `${yours}${where} a été publié.`;
    }
    case NotificationKind.POST_HIDDEN:
      return speak(address, {
        tu: `Un modérateur a masqué ton message${where}. Ouvre-le pour lire pourquoi.`,
        vous: `Un modérateur a masqué votre message${where}. Ouvrez-le pour lire pourquoi.`,
      });
    case NotificationKind.POST_UNHIDDEN:
      return speak(address, { tu: `Ton message${where} est de nouveau visible.`, vous: `Votre message${where} est de nouveau visible.` });
    case NotificationKind.POST_EDITED_BY_MODERATOR:
      return speak(address, { tu: `Un modérateur a modifié ton message${where}.`, vous: `Un modérateur a modifié votre message${where}.` });
    case NotificationKind.HOMEWORK_CREATED:
      return `Nouveau travail à faire${where}.`;
    case NotificationKind.EVENT_CREATED:
      return `Nouvel évènement à l'agenda${where}.`;
    case NotificationKind.DOCUMENT_ADDED:
      return Number(payload.version ?? 1) > 1 ? `Nouvelle version d'un document${where}.` : `Nouveau document${where}.`;
    case NotificationKind.EVENT_REMINDER:
      return `Rappel : un évènement de l'agenda${where} commence bientôt.`;
    case NotificationKind.STRUCTURE_CREATED:
      return `Nouvel établissement dans l'annuaire : ${String(payload.name ?? '')} (${String(payload.uai ?? '')}).`;
    case NotificationKind.CONVENTION_ALERT: {
      const who = PROFILE_WORDS[String(payload.profile)] ?? 'invités';
      return payload.alert === 'GUEST_POOL_EXHAUSTED'
        ? `Une convention n'a plus de comptes invités libres (${who}) : une connexion a été refusée.`
        : `Les comptes invités d'une convention (${who}) sont presque tous utilisés.`;
    }
    default:
      return 'Nouvelle notification.';
  }
}
