import { Controller, Get, Header } from '@nestjs/common';
import { Public } from '@passerelle/access';
import { metricsRegistry } from './metrics.js';

/** Prometheus scrape endpoint. Expose it to the monitoring network only (see docs/operations.md). */
@Controller('metrics')
export class MetricsController {
  @Public()
  @Get()
  @Header('Content-Type', metricsRegistry.contentType)
  metrics(): Promise<string> {
    return metricsRegistry.metrics();
  }
}
