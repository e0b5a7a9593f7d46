import type * as KafkaJs from 'kafkajs';
import { lazyPackage } from '../../base/lazy-package.ts';

/** kafkajs (~30 ms to load): a process on MQTT only, Central on its embedded defaults or an Engine, never loads it. */
export const loadKafkaJs = lazyPackage<typeof KafkaJs>('kafkajs');
