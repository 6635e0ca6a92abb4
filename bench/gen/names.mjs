// Names for services, tables and identifiers of the generated shop.

const DOMAINS = [
  'orders', 'payments', 'inventory', 'shipping', 'users', 'auth', 'catalog', 'cart', 'checkout',
  'notifications', 'search', 'recommendations', 'reviews', 'pricing', 'billing', 'invoices',
  'ledger', 'fraud', 'gateway', 'accounts', 'subscriptions', 'promotions', 'loyalty', 'returns',
  'warehouse', 'fulfillment', 'tax', 'currency', 'media', 'profiles', 'sessions', 'audit',
  'reporting', 'analytics', 'emails', 'sms', 'webhooks', 'partners', 'vendors', 'contracts',
];
const SUFFIXES = ['', '-worker', '-api', '-sync', '-admin', '-events'];

/** `count` unique service names, deterministic. */
export function serviceNames(count) {
  const names = [];
  for (let s = 0; names.length < count; s++) {
    for (const d of DOMAINS) {
      if (names.length === count) break;
      names.push(s < SUFFIXES.length ? d + SUFFIXES[s] : `${d}-${s}`);
    }
  }
  return names;
}

/** The domain word of a service name: `orders-worker` -> `orders`. */
export const domainOf = (name) => name.split('-')[0];

const singular = (w) => (w.endsWith('ies') ? w.slice(0, -3) + 'y' : w.endsWith('s') ? w.slice(0, -1) : w);

/** Tables a service owns. */
export function tablesOf(name) {
  const d = domainOf(name).replace(/-/g, '_');
  const one = singular(d);
  return [d, `${one}_items`, `${one}_events`, `${one}_audit`];
}

export const COLUMNS = [
  'id', 'tenant_id', 'status', 'created_at', 'updated_at', 'amount_cents', 'currency', 'user_id',
  'external_ref', 'version', 'payload', 'region', 'quantity', 'sku', 'email', 'deleted_at',
];

export const NOUNS = ['order', 'payment', 'item', 'user', 'invoice', 'event', 'batch', 'quote',
  'refund', 'session', 'token', 'report', 'rule', 'slot', 'route', 'label', 'plan', 'offer'];
export const VERBS = ['load', 'save', 'sync', 'build', 'check', 'resolve', 'apply', 'compute',
  'publish', 'fetch', 'merge', 'expire', 'validate', 'render', 'schedule', 'retry'];

export const camel = (...parts) =>
  parts.map((p, i) => (i === 0 ? p : p[0].toUpperCase() + p.slice(1))).join('').replace(/-(\w)/g, (_, c) => c.toUpperCase());
export const pascal = (...parts) => { const c = camel(...parts); return c[0].toUpperCase() + c.slice(1); };
export const envName = (service, what) => `${service.toUpperCase().replace(/-/g, '_')}_${what}`;
