/**
 * Billing's demo data: the engagements' billing terms and price books of the demo world
 * (acme and globex engaged by servicedesk-pro; acme-it the in-house desk of acme), written to
 * the `PLATFORM#BILLING#ENGAGEMENTS` items billing reads until the tenancy context's
 * engagement directory (#3) replaces them.
 */
import type { DynamoDbEngagementTerms } from '../shared/adapters/dynamodb/dynamodb-engagement-terms.ts';
import type { EngagementTerms } from '../shared/domain/billing/engagement-terms.ts';

type SeededTerms = Omit<EngagementTerms, 'priceBook'> & { readonly priceBook: unknown };

const SINCE = '2024-01-01T00:00:00.000Z';

const servicedeskProBook = (priceBookId: string, minimum: string) => ({
  priceBookId,
  currency: 'EUR',
  minimumMonthlyCommitment: minimum,
  prices: {
    'tickets.created': {
      model: 'graduated',
      includedQuantity: '10',
      tiers: [
        { upTo: '100', unitPrice: '4.50' },
        { upTo: '1000', unitPrice: '3.75' },
        { upTo: null, unitPrice: '2.90' },
      ],
    },
    'api.calls': {
      model: 'volume',
      includedQuantity: '1000',
      tiers: [
        { upTo: '100000', unitPrice: '0.0004' },
        { upTo: null, unitPrice: '0.00025' },
      ],
    },
    'catalogue.fulfilments': { model: 'flat', unitPrice: '12.00' },
    'agent.handling_minutes': { model: 'flat', unitPrice: '1.15' },
  },
});

export const demoBillingEngagements: readonly SeededTerms[] = [
  {
    engagementId: 'eng-acme-servicedesk-pro',
    tenantId: 'acme',
    tenantName: 'Acme Corporation',
    providerId: 'servicedesk-pro',
    providerName: 'ServiceDesk Pro (outsourced)',
    validFrom: SINCE,
    validTo: null,
    // The contracted outsourced desk is acme's single point of contact: it wins over the in-house desk.
    precedence: 1,
    priceBook: servicedeskProBook('sdp-acme-2024', '250.00'),
  },
  {
    engagementId: 'eng-globex-servicedesk-pro',
    tenantId: 'globex',
    tenantName: 'Globex',
    providerId: 'servicedesk-pro',
    providerName: 'ServiceDesk Pro (outsourced)',
    validFrom: SINCE,
    validTo: null,
    precedence: 1,
    priceBook: servicedeskProBook('sdp-globex-2024', '0'),
  },
  {
    engagementId: 'eng-acme-acme-it',
    tenantId: 'acme',
    tenantName: 'Acme Corporation',
    providerId: 'acme-it',
    providerName: 'Acme IT (in-house)',
    validFrom: SINCE,
    validTo: null,
    // In-house charge-back: covers what the outsourced desk does not price (seats, storage),
    // and tickets only when no engagement of higher precedence is active.
    precedence: 2,
    priceBook: {
      priceBookId: 'acme-it-chargeback',
      currency: 'EUR',
      minimumMonthlyCommitment: '0',
      prices: {
        'tickets.created': { model: 'flat', unitPrice: '2.00' },
        'seats.active': { model: 'flat', unitPrice: '3.00', includedQuantity: '5' },
        'storage.gb_month': { model: 'flat', unitPrice: '0.023' },
      },
    },
  },
];

export const seedBillingDemo = async (terms: DynamoDbEngagementTerms): Promise<void> => {
  for (const engagement of demoBillingEngagements) await terms.put(engagement);
};
