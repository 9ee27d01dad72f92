/**
 * React context carrying the `Bridge` (core/ipc/bridge.ts). Components read it with `useBridge()`;
 * only the composition root (main.tsx) or a test decides which bridge it is. DOM.
 */
import { createContext, useContext, type ReactNode } from 'react';
import type { Bridge } from '../../core/ipc/bridge.ts';

const BridgeContext = createContext<Bridge | null>(null);

/** Provides the bridge to everything below. */
export function BridgeProvider(props: { bridge: Bridge; children: ReactNode }) {
  return <BridgeContext value={props.bridge}>{props.children}</BridgeContext>;
}

/** The bridge of the nearest provider; a missing provider is a programming error. */
export function useBridge(): Bridge {
  const bridge = useContext(BridgeContext);
  if (bridge === null) throw new Error('useBridge() needs a <BridgeProvider> above it.');
  return bridge;
}
