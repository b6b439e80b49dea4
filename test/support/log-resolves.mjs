// `node --import ./test/support/log-resolves.mjs ...`: prints "resolved: <specifier>" to stderr for
// every bare package import, so a test can tell which packages a program actually loaded.
import { register } from 'node:module';

const hooks = `
export async function resolve(specifier, context, next) {
  if (!specifier.startsWith('.') && !specifier.startsWith('/') && !specifier.startsWith('node:') && !specifier.startsWith('file:')) {
    process.stderr.write('resolved: ' + specifier + '\\n');
  }
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
