import type * as MqttJs from 'mqtt';
import { lazyPackage } from '../../base/lazy-package.ts';

/** mqtt.js (~75 ms to load with mqtt-packet): Central on its embedded broker and a process on Kafka only never load it. */
export const loadMqttJs = lazyPackage<typeof MqttJs>('mqtt');
