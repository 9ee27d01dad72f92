// Module hooks for component tests of screens that import Vite assets: a stylesheet import
// becomes an empty module and a `?url` import a module exporting its name, as Vite would give a
// URL. Registered by load-screens.ts before the screens are imported. node, tests only.
export async function resolve(specifier, context, next) {
  if (specifier.endsWith('.css')) {
    return { url: 'data:text/javascript,export{}', shortCircuit: true };
  }
  if (specifier.endsWith('?url')) {
    const name = specifier.slice(0, -'?url'.length).split('/').pop() ?? 'asset';
    return {
      url: `data:text/javascript,export default ${encodeURIComponent(JSON.stringify(`./${name}`))}`,
      shortCircuit: true,
    };
  }
  return next(specifier, context);
}
