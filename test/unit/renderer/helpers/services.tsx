/**
 * Renders a piece of the app with a bridge and recorded AppServices (downloads, clipboard), as
 * main.tsx would provide them. node + DOM, tests only.
 */
import type { ReactNode } from 'react';
import { AppServicesContext, type AppServices } from '../../../../renderer/app-services.tsx';
import { BridgeProvider } from '../../../../renderer/bridge/bridge-context.tsx';
import type { FakeBridge } from '../../../../renderer/bridge/fake-bridge.ts';

export type Recorded = {
  services: AppServices;
  downloads: { name: string; text: string }[];
  copied: string[];
};

/** Services that record what they were asked to do. */
export function recordedServices(patch: Partial<AppServices> = {}): Recorded {
  const downloads: Recorded['downloads'] = [];
  const copied: string[] = [];
  return {
    downloads,
    copied,
    services: {
      applyTheme: () => undefined,
      download: (name, text) => void downloads.push({ name, text }),
      createCheckWorker: () => {
        throw new Error('this test checks no file');
      },
      now: () => Date.parse('2026-05-04T10:20:30Z'),
      copyText: (text) => (copied.push(text), Promise.resolve()),
      assetUrl: (relative) => new URL(relative, 'http://127.0.0.1/app/').href,
      ...patch,
    },
  };
}

/** `children` under a bridge and services provider. */
export function withApp(bridge: FakeBridge, services: AppServices, children: ReactNode) {
  return (
    <BridgeProvider bridge={bridge}>
      <AppServicesContext value={services}>{children}</AppServicesContext>
    </BridgeProvider>
  );
}
