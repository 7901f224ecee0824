import { Module } from '@nestjs/common';
import { DirectoryModule } from '@passerelle/directory';
import { SpacesModule } from '@passerelle/spaces';
import { WebAppModule } from '@passerelle/web-app';
import { PortalController } from './portal.controller.js';
import { PortalService } from './portal.service.js';

/**
 * The server-rendered sign-in and home pages (HTTP API only). Uses identity (global: sessions, local sign-in, the
 * federation's partner list and logout), spaces and the directory; nothing depends on it.
 */
@Module({
  imports: [DirectoryModule, SpacesModule, WebAppModule],
  controllers: [PortalController],
  providers: [PortalService],
})
export class PortalModule {}
