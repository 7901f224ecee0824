import { Controller, Get, Param, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Public } from '@passerelle/access';
import { CalendarFeedService } from './calendar-feed.service.js';

/**
 * A member's secret agenda feed for calendar applications (ADR 0023): no session, the token in the URL is the
 * credential. Never cached by anyone; refusals are the same 404 as an unknown token.
 */
@Controller('agenda')
export class CalendarFeedController {
  constructor(private readonly feeds: CalendarFeedService) {}

  @Public()
  @Get(':file')
  async feed(@Param('file') file: string, @Res() reply: FastifyReply): Promise<void> {
    reply.header('Cache-Control', 'private, no-store').header('Referrer-Policy', 'no-referrer').header('X-Robots-Tag', 'noindex');
    const body = await this.feeds.feed(file);
    reply.status(200).header('Content-Type', 'text/calendar; charset=utf-8')
      .header('Content-Disposition', 'inline; filename="agenda.ics"').send(body);
  }
}
