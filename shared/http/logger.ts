/**
 * The one structured JSON logger of every function (Powertools). Tenant and correlation ids
 * are log keys, never metric dimensions (each dimension value would be a billed metric).
 */
import { Logger } from '@aws-lambda-powertools/logger';

export const logger = new Logger({ serviceName: 'guichet' });
