export { silentLogger, type Logger as BusLogger } from '../protocol/logger.ts';
