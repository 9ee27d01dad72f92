/**
 * History handlers beyond the list and the report (app-handlers.ts): what the ledger says about a
 * site's server, such as the territories it is known to have (`history:known-territories`). node.
 */
import type { InvokeHandlers } from '../core/ipc/contract.ts';
import { ok } from '../core/ipc/result.ts';
import type { HostDeps } from './host-deps.ts';
import { knownTerritories } from './known-territories.ts';

/** The history part of the handler map. */
export function createHistoryHandlers(
  deps: Pick<HostDeps, 'ledger'>,
): Pick<InvokeHandlers, 'history:known-territories'> {
  return {
    'history:known-territories': ({ siteId }) =>
      Promise.resolve(ok(knownTerritories(deps.ledger.list(), siteId))),
  };
}
