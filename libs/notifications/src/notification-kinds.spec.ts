import { NotificationKind, notificationMessage, parseKind } from './notification-kinds.js';

describe('notification messages', () => {
  it('name the space when the reader may still see it', () => {
    expect(notificationMessage(NotificationKind.POST_PUBLISHED, {}, 'Défi lecture')).toBe('Nouveau message dans « Défi lecture ».');
    expect(notificationMessage(NotificationKind.POST_PUBLISHED, {}, null)).toBe('Nouveau message.');
  });

  it('tell a pupil whether their post was published, without the reason (it is on the post)', () => {
    expect(notificationMessage(NotificationKind.MODERATION_DECISION, { decision: 'APPROVE' }, 'Sciences'))
      .toBe('Votre message dans « Sciences » a été publié.');
    expect(notificationMessage(NotificationKind.MODERATION_DECISION, { decision: 'REJECT' }, 'Sciences'))
      .toBe("Votre message dans « Sciences » n'a pas été publié. Ouvrez-le pour lire pourquoi.");
  });

  it('tell a pupil whether their comment or document was published', () => {
    expect(notificationMessage(NotificationKind.MODERATION_DECISION, { decision: 'APPROVE', subject: 'COMMENT' }, 'Sciences'))
      .toBe('Votre commentaire dans « Sciences » a été publié.');
    expect(notificationMessage(NotificationKind.MODERATION_DECISION, { decision: 'REJECT', subject: 'DOCUMENT' }, null))
      .toBe("Votre document n'a pas été publié. Ouvrez-le pour lire pourquoi.");
  });

  it('tell moderators how many of the pupils\' contributions wait, in one notification per space', () => {
    expect(notificationMessage(NotificationKind.MODERATION_PENDING, { count: 1 }, 'Sciences'))
      .toBe("Une publication d'élève attend votre validation dans « Sciences ».");
    expect(notificationMessage(NotificationKind.MODERATION_PENDING, { count: 12 }, 'Sciences'))
      .toBe("12 publications d'élèves attendent votre validation dans « Sciences ».");
    expect(notificationMessage(NotificationKind.MODERATION_PENDING, { count: 0 }, null)).toBe("Plus rien n'attend votre validation.");
  });

  it('tell a new document from a new version, and remind of an event', () => {
    expect(notificationMessage(NotificationKind.DOCUMENT_ADDED, { version: 1 }, 'Sciences')).toBe('Nouveau document dans « Sciences ».');
    expect(notificationMessage(NotificationKind.DOCUMENT_ADDED, { version: 3 }, 'Sciences')).toBe("Nouvelle version d'un document dans « Sciences ».");
    expect(notificationMessage(NotificationKind.EVENT_REMINDER, {}, null)).toBe("Rappel : un évènement de l'agenda commence bientôt.");
  });

  it('explain convention alerts', () => {
    expect(notificationMessage(NotificationKind.CONVENTION_ALERT, { alert: 'GUEST_POOL_LOW', profile: 'National_ELV' }, null))
      .toBe("Les comptes invités d'une convention (élèves) sont presque tous utilisés.");
  });

  it('read an unknown kind as OTHER', () => {
    expect(parseKind('SOMETHING_NEW')).toBe(NotificationKind.OTHER);
    expect(parseKind('MENTION')).toBe(NotificationKind.MENTION);
    expect(notificationMessage(NotificationKind.OTHER, {}, null)).toBe('Nouvelle notification.');
  });
});
