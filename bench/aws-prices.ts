/**
 * Public on-demand list prices the cost model multiplies the measured counts by, for ONE region.
 *
 * Source: the AWS pricing pages of each service (aws.amazon.com/<service>/pricing), region
 * EU (Ireland) eu-west-1, first usage tier, no free tier, no savings plans. Written from the
 * author's knowledge of those pages as of the date below — NOT fetched by the benchmark.
 * CHECK THEM against the pricing pages (or the AWS Price List API) before quoting a cost, and
 * update `pricesAsOf` when you do.
 */

export const pricingRegion = 'eu-west-1 (EU Ireland)';

/** When these prices were last checked against the public pricing pages. */
export const pricesAsOf = '2025-01 (author knowledge, to be re-checked)';

export interface UnitPrice {
  /** USD per `per` units. */
  readonly usd: number;
  readonly per: number;
  readonly unit: string;
  readonly source: string;
}

export const awsPrices = {
  apiGatewayRestRequest: {
    usd: 3.5,
    per: 1_000_000,
    unit: 'REST API request',
    source: 'aws.amazon.com/api-gateway/pricing (REST APIs, first 333 million)',
  },
  lambdaRequest: {
    usd: 0.2,
    per: 1_000_000,
    unit: 'Lambda invocation',
    source: 'aws.amazon.com/lambda/pricing (requests)',
  },
  lambdaArmGbSecond: {
    usd: 0.0000133334,
    per: 1,
    unit: 'GB-second (arm64)',
    source: 'aws.amazon.com/lambda/pricing (Arm, first 7.5 billion GB-s)',
  },
  dynamodbWriteRequestUnit: {
    usd: 0.7068,
    per: 1_000_000,
    unit: 'on-demand write request unit',
    source:
      'aws.amazon.com/dynamodb/pricing/on-demand (Standard table class, after the November 2024 reduction)',
  },
  dynamodbReadRequestUnit: {
    usd: 0.1415,
    per: 1_000_000,
    unit: 'on-demand read request unit',
    source:
      'aws.amazon.com/dynamodb/pricing/on-demand (Standard table class, after the November 2024 reduction)',
  },
  dynamodbStreamsReadRequestUnit: {
    usd: 0.0226,
    per: 100_000,
    unit: 'DynamoDB Streams read request unit',
    source: 'aws.amazon.com/dynamodb/pricing/on-demand (DynamoDB Streams)',
  },
  eventBridgePipesRequest: {
    usd: 0.4,
    per: 1_000_000,
    unit: 'EventBridge Pipes request (64 KB chunk)',
    source: 'aws.amazon.com/eventbridge/pricing (Pipes)',
  },
  eventBridgeCustomEvent: {
    usd: 1.0,
    per: 1_000_000,
    unit: 'custom event published (64 KB chunk)',
    source: 'aws.amazon.com/eventbridge/pricing (event bus, custom events)',
  },
  sqsStandardRequest: {
    usd: 0.4,
    per: 1_000_000,
    unit: 'SQS standard request (64 KB chunk)',
    source: 'aws.amazon.com/sqs/pricing (standard queues, after the free tier)',
  },
  s3PutRequest: {
    usd: 0.005,
    per: 1_000,
    unit: 'S3 PUT/COPY/POST/LIST request',
    source: 'aws.amazon.com/s3/pricing (S3 Standard)',
  },
  s3GetRequest: {
    usd: 0.0004,
    per: 1_000,
    unit: 'S3 GET/SELECT request',
    source: 'aws.amazon.com/s3/pricing (S3 Standard)',
  },
  wafRequest: {
    usd: 0.6,
    per: 1_000_000,
    unit: 'WAF web request inspected',
    source: 'aws.amazon.com/waf/pricing (requests, up to 1,500 WCU)',
  },
  wafWebAclMonth: {
    usd: 5,
    per: 1,
    unit: 'WAF web ACL-month',
    source: 'aws.amazon.com/waf/pricing (web ACL)',
  },
  wafRuleMonth: {
    usd: 1,
    per: 1,
    unit: 'WAF rule-month',
    source: 'aws.amazon.com/waf/pricing (rule or managed rule group)',
  },
  cloudWatchAlarmMonth: {
    usd: 0.1,
    per: 1,
    unit: 'standard-resolution metric alarm-month',
    source: 'aws.amazon.com/cloudwatch/pricing (alarms)',
  },
  secretMonth: {
    usd: 0.4,
    per: 1,
    unit: 'secret-month',
    source: 'aws.amazon.com/secrets-manager/pricing',
  },
} as const satisfies Record<string, UnitPrice>;

export type PriceName = keyof typeof awsPrices;
