import { Module } from '@nestjs/common';
import { resolve } from 'node:path';
import { AppConfig } from '@passerelle/config';
import { WebAppController } from './web-app.controller.js';
import { WebAppFiles } from './web-app-files.js';

/** Serves the built web app (dist/web) from memory; the portal uses WebAppFiles to answer `/` to a signed-in person. */
@Module({
  controllers: [WebAppController],
  providers: [{ provide: WebAppFiles, inject: [AppConfig], useFactory: (config: AppConfig) => WebAppFiles.load(resolve(config.WEB_DIR)) }],
  exports: [WebAppFiles],
})
export class WebAppModule {}
