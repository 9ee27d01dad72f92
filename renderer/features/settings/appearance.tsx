/** Appearance: light, dark, or as the system is. Saved through `settings:set`. DOM. */
import { useEffect, useState } from 'react';
import { useAppServices } from '../../app-services.tsx';
import { useBridge } from '../../bridge/bridge-context.tsx';

type Theme = 'system' | 'light' | 'dark';
const themes: { id: Theme; label: string }[] = [
  { id: 'system', label: 'As the system' },
  { id: 'light', label: 'Light' },
  { id: 'dark', label: 'Dark' },
];

/** Three radios. */
export function Appearance() {
  const bridge = useBridge();
  const { applyTheme } = useAppServices();
  const [theme, setTheme] = useState<Theme>('system');
  useEffect(() => {
    void bridge.invoke('settings:get', {}).then((r) => r.ok && setTheme(r.value.settings.theme));
  }, [bridge]);
  const choose = async (t: Theme) => {
    setTheme(t);
    applyTheme(t);
    await bridge.invoke('settings:set', { patch: { theme: t } });
  };
  return (
    <section className="panel" aria-labelledby="settings-appearance">
      <h2 id="settings-appearance">Appearance</h2>
      <fieldset className="row" style={{ border: 0, padding: 0 }}>
        <legend className="visually-hidden">Theme</legend>
        {themes.map((t) => (
          <label key={t.id}>
            <input
              type="radio"
              name="theme"
              checked={theme === t.id}
              onChange={() => void choose(t.id)}
            />{' '}
            {t.label}
          </label>
        ))}
      </fieldset>
    </section>
  );
}
