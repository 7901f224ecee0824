import { Injectable } from '@nestjs/common';
import { HandlesJob, JobHandler, JobPayloads } from '@passerelle/jobs';
import { AgendaRepository, can, reminderStillDue, SpaceAction, SpaceMembersService, systemScope } from '@passerelle/spaces';
import { NotificationKind } from './notification-kinds.js';
import { SpaceFanOut } from './space-fan-out.js';

/**
 * Reminds the members of a space (every reader, the teacher who planned it too) that an event starts soon. Planned by
 * the agenda when an event is created or moved, for 24 h before its start. Skips when the event was deleted, moved
 * (its new start has its own job) or has started; a re-run adds nothing (dedupe key per event and start).
 */
@Injectable()
@HandlesJob('event-reminder')
export class EventReminderHandler implements JobHandler<'event-reminder'> {
  constructor(private readonly agenda: AgendaRepository, private readonly members: SpaceMembersService, private readonly fanOut: SpaceFanOut) {}

  async handle({ spaceId, eventId, startsAt }: JobPayloads['event-reminder']): Promise<void> {
    const scope = systemScope(spaceId);
    const now = new Date();
    const planned = new Date(startsAt);
    const event = await this.agenda.findEvent(scope, eventId);
    if (!reminderStillDue(event, planned, now)) return;
    const recipients = (await this.members.members(scope, now)).filter((member) => can(member.role, SpaceAction.READ));
    await this.fanOut.deliver(recipients, NotificationKind.EVENT_REMINDER, `${NotificationKind.EVENT_REMINDER}.${eventId}.${planned.getTime()}`,
      { spaceId, eventId, startsAt });
  }
}
