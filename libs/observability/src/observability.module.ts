import { Module } from '@nestjs/common';
import { HealthController } from './health.controller.js';
import { MetricsController } from './metrics.controller.js';

/** Health probes and the Prometheus endpoint. */
@Module({ controllers: [HealthController, MetricsController] })
export class ObservabilityModule {}
