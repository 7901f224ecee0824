import { Address } from '@passerelle/errors';
import { NotificationKind, notificationMessage, parseKind } from './notification-kinds.js';

const say = (kind: NotificationKind, payload: Record<string, unknown>, title: string | null, address: Address = 'VOUS') =>
  notificationMessage(kind, payload, title, address);

describe('notification messages', () => {
  it('name the space when the reader may still see it', () => {
    expect(say(NotificationKind.POST_PUBLISHED, {}, 'Défi lecture')).toBe('Nouveau message dans « Défi lecture ».');
    expect(say(NotificationKind.POST_PUBLISHED, {}, null)).toBe('Nouveau message.');
  });

  it('tell a pupil whether their post was published, without the reason (it is on the post), with « tu »', () => {
    expect(say(NotificationKind.MODERATION_DECISION, { decision: 'APPROVE' }, 'Sciences', 'TU'))
      .toBe('Ton message dans « Sciences » a été publié.');
    expect(say(NotificationKind.MODERATION_DECISION, { decision: 'REJECT' }, 'Sciences', 'TU'))
      .toBe("Ton message dans « Sciences » n'a pas été publié. Ouvre-le pour lire pourquoi.");
  });

  it('tell an adult whether their post, comment or document was published, with « vous »', () => {
    expect(say(NotificationKind.MODERATION_DECISION, { decision: 'APPROVE' }, 'Sciences'))
      .toBe('Votre message dans « Sciences » a été publié.');
    expect(say(NotificationKind.MODERATION_DECISION, { decision: 'APPROVE', subject: 'COMMENT' }, 'Sciences'))
      .toBe('Votre commentaire dans « Sciences » a été publié.');
    expect(say(NotificationKind.MODERATION_DECISION, { decision: 'REJECT', subject: 'DOCUMENT' }, null))
      .toBe("Votre document n'a pas été publié. Ouvrez-le pour lire pourquoi.");
  });

  it('tell a pupil whether their comment or document was published', () => {
    expect(say(NotificationKind.MODERATION_DECISION, { decision: 'APPROVE', subject: 'COMMENT' }, 'Sciences', 'TU'))
      .toBe('Ton commentaire dans « Sciences » a été publié.');
    expect(say(NotificationKind.MODERATION_DECISION, { decision: 'REJECT', subject: 'DOCUMENT' }, null, 'TU'))
      .toBe("Ton document n'a pas été publié. Ouvre-le pour lire pourquoi.");
  });

  it('tell moderators how many of the pupils\' contributions wait, in one notification per space', () => {
    expect(say(NotificationKind.MODERATION_PENDING, { count: 1 }, 'Sciences'))
      .toBe("Une publication d'élève attend votre validation dans « Sciences ».");
    expect(say(NotificationKind.MODERATION_PENDING, { count: 12 }, 'Sciences'))
      .toBe("12 publications d'élèves attendent votre validation dans « Sciences ».");
    expect(say(NotificationKind.MODERATION_PENDING, { count: 0 }, null)).toBe("Plus rien n'attend votre validation.");
    expect(say(NotificationKind.MODERATION_PENDING, { count: 2 }, null, 'TU')).toBe("2 publications d'élèves attendent ta validation.");
  });

  it('speak to each reader in their form for every kind: « tu/ton/ta » to a pupil, « vous/votre » to an adult, never the other', () => {
    const payloads: Partial<Record<NotificationKind, Record<string, unknown>>> = {
      [NotificationKind.MODERATION_PENDING]: { count: 3 }, [NotificationKind.MODERATION_DECISION]: { decision: 'REJECT' },
      [NotificationKind.STRUCTURE_CREATED]: { name: 'École Pasteur', uai: '0693456G' },
      [NotificationKind.CONVENTION_ALERT]: { alert: 'GUEST_POOL_EXHAUSTED', profile: 'National_ENS' },
    };
    const adultWords = /\b(vous|votre|vos|ouvrez)\b/i;
    const pupilWords = /\b(tu|t'|ton|ta|tes|ouvre)\b/i;
    const expected: Partial<Record<NotificationKind, [string, string]>> = {
      [NotificationKind.POST_PENDING]: ['Un message attend ta validation.', 'Un message attend votre validation.'],
      [NotificationKind.MENTION]: ["On t'a mentionné·e.", 'On vous a mentionné·e.'],
    };
    for (const kind of Object.values(NotificationKind)) {
      const pupil = say(kind, payloads[kind] ?? {}, null, 'TU');
      const adult = say(kind, payloads[kind] ?? {}, null, 'VOUS');
      expect({ kind, pupilUsesVous: adultWords.test(pupil), adultUsesTu: pupilWords.test(adult.replace(/Rappel/, '')) })
        .toEqual({ kind, pupilUsesVous: false, adultUsesTu: false });
      if (expected[kind]) expect([pupil, adult]).toEqual(expected[kind]);
    }
  });

  it('tell a new document from a new version, and remind of an event', () => {
    expect(say(NotificationKind.DOCUMENT_ADDED, { version: 1 }, 'Sciences')).toBe('Nouveau document dans « Sciences ».');
    expect(say(NotificationKind.DOCUMENT_ADDED, { version: 3 }, 'Sciences')).toBe("Nouvelle version d'un document dans « Sciences ».");
    expect(say(NotificationKind.EVENT_REMINDER, {}, null)).toBe("Rappel : un évènement de l'agenda commence bientôt.");
  });

  it('explain convention alerts', () => {
    expect(say(NotificationKind.CONVENTION_ALERT, { alert: 'GUEST_POOL_LOW', profile: 'National_ELV' }, null))
      .toBe("Les comptes invités d'une convention (élèves) sont presque tous utilisés.");
  });

  it('read an unknown kind as OTHER', () => {
    expect(parseKind('SOMETHING_NEW')).toBe(NotificationKind.OTHER);
    expect(parseKind('MENTION')).toBe(NotificationKind.MENTION);
    expect(say(NotificationKind.OTHER, {}, null)).toBe('Nouvelle notification.');
  });

  it('tell an author what a moderator did to their post, « tu » to a pupil, « vous » to an adult', () => {
    expect(say(NotificationKind.POST_HIDDEN, { postId: 'p' }, 'Sciences', 'TU'))
      .toBe('Un modérateur a masqué ton message dans « Sciences ». Ouvre-le pour lire pourquoi.');
    expect(say(NotificationKind.POST_HIDDEN, { postId: 'p' }, 'Sciences'))
      .toBe('Un modérateur a masqué votre message dans « Sciences ». Ouvrez-le pour lire pourquoi.');
    expect(say(NotificationKind.POST_UNHIDDEN, {}, 'Sciences', 'TU')).toBe('Ton message dans « Sciences » est de nouveau visible.');
    expect(say(NotificationKind.POST_UNHIDDEN, {}, null)).toBe('Votre message est de nouveau visible.');
    expect(say(NotificationKind.POST_EDITED_BY_MODERATOR, {}, 'Sciences', 'TU')).toBe('Un modérateur a modifié ton message dans « Sciences ».');
    expect(say(NotificationKind.POST_EDITED_BY_MODERATOR, {}, 'Sciences')).toBe('Un modérateur a modifié votre message dans « Sciences ».');
  });
});
