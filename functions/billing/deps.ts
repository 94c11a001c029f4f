/** Composition root of the billing functions. */
import { S3Client } from '@aws-sdk/client-s3';
import { createDataClients } from '../../shared/adapters/aws/dynamodb-clients.ts';
import { S3BillingExports } from '../../shared/adapters/aws/s3-billing-exports.ts';
import { DynamoDbEngagementTerms } from '../../shared/adapters/dynamodb/dynamodb-engagement-terms.ts';
import { DynamoDbOrganisationDirectory } from '../../shared/adapters/dynamodb/dynamodb-organisation-directory.ts';
import { DynamoDbPriceBooks } from '../../shared/adapters/dynamodb/dynamodb-price-books.ts';
import { DynamoDbStorageInventory } from '../../shared/adapters/dynamodb/dynamodb-storage-inventory.ts';
import {
  DynamoDbStatementStore,
  DynamoDbUsageLedger,
} from '../../shared/adapters/dynamodb/dynamodb-usage-ledger.ts';
import { systemClock } from '../../shared/adapters/system-clock.ts';
import { loadRuntimeConfig } from '../../shared/config/runtime-config.ts';
import { BillingService } from '../../shared/domain/billing/billing-service.ts';
import type { EngagementTermsDirectory } from '../../shared/domain/billing/engagement-terms.ts';
import { parseStatement } from '../../shared/domain/billing/statement-schema.ts';
import {
  CombinedEngagementTerms,
  RecentEngagementTerms,
  TenancyEngagementTerms,
} from '../../shared/domain/billing/tenancy-engagement-terms.ts';

/** How long the aggregator trusts a tenant's engagement terms (documented in docs/billing.md). */
const METERING_TERMS_TTL_MS = 2_000;

const config = loadRuntimeConfig();
const { base, tenantData } = createDataClients(config);
const clientForTenant = async (tenantId: string) =>
  tenantData.documentClientFor({ kind: 'tenant', tenantId });

// Billing (#6): price books by reference, and the engagement terms derived from tenancy's
// engagements; billing's own terms items (demo seed, test hook) fill in the engagement ids
// tenancy does not answer.
export const priceBooks = new DynamoDbPriceBooks({
  tableName: config.GUICHET_TABLE_NAME,
  client: base.documentClient,
});
const directory = new DynamoDbOrganisationDirectory({
  tableName: config.GUICHET_TABLE_NAME,
  client: base.documentClient,
});
const tenancyTerms = new TenancyEngagementTerms({
  tenancy: {
    engagementsOfTenant: (tenantId) => directory.engagementsOfTenant(tenantId),
    engagementsOfProvider: (providerId) => directory.engagementsOfProvider(providerId),
    tenantName: async (tenantId) => (await directory.getTenant(tenantId))?.name,
    providerName: async (providerId) => (await directory.getProvider(providerId))?.name,
  },
  priceBooks,
  now: () => Date.now(),
});

const engagementTerms = new CombinedEngagementTerms([
  tenancyTerms,
  new DynamoDbEngagementTerms({ tableName: config.GUICHET_TABLE_NAME, client: base.documentClient }),
]);

const billingWith = (engagements: EngagementTermsDirectory) =>
  new BillingService({
    engagements,
    ledger: new DynamoDbUsageLedger({ tableName: config.GUICHET_TABLE_NAME, clientForTenant }),
    statements: new DynamoDbStatementStore({
      tableName: config.GUICHET_TABLE_NAME,
      clientForTenant,
      parseStatement,
    }),
    clock: systemClock,
    // Billing meters (#6): the attachments each tenant stores, for carried storage (GB-month).
    storage: new DynamoDbStorageInventory({ tableName: config.GUICHET_TABLE_NAME, clientForTenant }),
  });

/** Finance reads and period close: engagement terms as they are now. */
export const billing = billingWith(engagementTerms);

/** The usage aggregator: a tenant's terms reused for a few seconds across a burst of its events. */
export const metering = billingWith(
  new RecentEngagementTerms({ inner: engagementTerms, ttlMs: METERING_TERMS_TTL_MS, now: () => Date.now() }),
);

export const exports = new S3BillingExports({
  s3: new S3Client({
    region: config.AWS_REGION,
    ...(config.GUICHET_S3_ENDPOINT === undefined
      ? {}
      : { endpoint: config.GUICHET_S3_ENDPOINT, forcePathStyle: true }),
  }),
  bucket: config.GUICHET_BUCKET_NAME,
});

/** How long a presigned export link stays valid. */
export const EXPORT_LINK_TTL_SECONDS = 900;
