export * from './notification.entity.js';
export * from './notifications.module.js';
import { NotificationEntity } from './notification.entity.js';
export const NOTIFICATIONS_ENTITIES = [NotificationEntity];
