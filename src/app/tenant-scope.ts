declare const scopeBrand: unique symbol;

/**
 * The organisation whose records a query may return, as the policy granted
 * it. Repositories that hold one organisation's private records take a scope
 * instead of an id, and only `authorize` (src/app/policy.ts) makes one: a
 * query without a decision behind it does not compile (tenant isolation by
 * construction). Its own module so that the ports can name it.
 */
export interface TenantScope {
  readonly organisationId: string;
  readonly [scopeBrand]: true;
}
