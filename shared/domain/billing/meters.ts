/**
 * The meters Guichet bills by: what each counts, in which unit, and under which FOCUS
 * service/SKU names it is exported.
 */
export const meterIds = [
  'tickets.created',
  'catalogue.fulfilments',
  'agent.handling_minutes',
  'api.calls',
  'seats.active',
  'storage.gb_month',
] as const;

export type MeterId = (typeof meterIds)[number];

export interface MeterDefinition {
  readonly id: MeterId;
  readonly unit: string;
  readonly description: string;
  readonly serviceName: string;
}

export const meters: Readonly<Record<MeterId, MeterDefinition>> = {
  'tickets.created': {
    id: 'tickets.created',
    unit: 'Tickets',
    description: 'Tickets raised',
    serviceName: 'Service desk',
  },
  'catalogue.fulfilments': {
    id: 'catalogue.fulfilments',
    unit: 'Fulfilments',
    description: 'Service catalogue requests fulfilled',
    serviceName: 'Service catalogue',
  },
  'agent.handling_minutes': {
    id: 'agent.handling_minutes',
    unit: 'Minutes',
    description: 'Agent handling time logged on tickets',
    serviceName: 'Service desk',
  },
  'api.calls': { id: 'api.calls', unit: 'Requests', description: 'API calls', serviceName: 'API' },
  'seats.active': {
    id: 'seats.active',
    unit: 'Seats',
    description: 'Distinct active agents and requesters in the month',
    serviceName: 'Seats',
  },
  'storage.gb_month': {
    id: 'storage.gb_month',
    unit: 'GB-Mo',
    description: 'Attachment storage',
    serviceName: 'Storage',
  },
};

export const isMeterId = (value: string): value is MeterId => (meterIds as readonly string[]).includes(value);
