export { silentLogger, type Logger as LinkLogger } from '../../protocol/logger.ts';
