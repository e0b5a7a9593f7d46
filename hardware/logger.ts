export { silentLogger as silentHardwareLogger, type Logger as HardwareLogger } from '../protocol/logger.ts';
