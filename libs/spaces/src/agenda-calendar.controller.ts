import { Controller, Get, Param, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Authenticated, CurrentPrincipal, Principal } from '@passerelle/access';
import { toICalendar } from './agenda-calendar.js';
import { AgendaService } from './agenda.service.js';
import { SpaceViewers } from './space-viewer.js';

/** A space's agenda as iCalendar, for members (a foreign or missing space: 404, the same answer). */
@Controller('spaces')
export class AgendaCalendarController {
  constructor(private readonly viewers: SpaceViewers, private readonly agenda: AgendaService) {}

  @Authenticated()
  @Get(':id/calendar.ics')
  async calendar(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Res() reply: FastifyReply): Promise<void> {
    const { granted, events } = await this.agenda.calendar(this.viewers.of(principal), id);
    const body = await toICalendar(granted.space.title, events);
    reply.status(200).header('Content-Type', 'text/calendar; charset=utf-8').header('Cache-Control', 'private, no-store')
      .header('Content-Disposition', 'attachment; filename="agenda.ics"').send(body);
  }
}
