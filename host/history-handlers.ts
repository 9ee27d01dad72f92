/**
 * History handlers beyond the list and the report (app-handlers.ts): what the ledger says about a
 * site's server, such as the territories it is known to have (`history:known-territories`), and
 * the failed rows of an upload for "Fix the failed rows" (`history:failed-rows`). node.
 */
import type { InvokeHandlers } from '../core/ipc/contract.ts';
import { ok } from '../core/ipc/result.ts';
import { failedRowsOf } from './failed-rows.ts';
import type { HostDeps } from './host-deps.ts';
import type { HostKeyPrompts } from './host-key-prompts.ts';
import { knownTerritories } from './known-territories.ts';

/** The history part of the handler map. */
export function createHistoryHandlers(
  deps: HostDeps,
  prompts: HostKeyPrompts,
): Pick<InvokeHandlers, 'history:known-territories' | 'history:failed-rows'> {
  return {
    'history:known-territories': ({ siteId }) =>
      Promise.resolve(ok(knownTerritories(deps.ledger.list(), siteId))),
    'history:failed-rows': (request) => failedRowsOf(deps, prompts, request),
  };
}
