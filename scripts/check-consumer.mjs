#!/usr/bin/env node
// The package as a user's project gets it: `npm pack` (which builds), then a fresh project that
// installs the tarball alone (none of the optional integrations) with zod 3 and then zod 4, compiles
// a TypeScript file written like the README tour with `strict`, `exactOptionalPropertyTypes` and
// `skipLibCheck: false`, runs it against the OpenAI wire server, require()s the package, and checks
// the message for a missing optional integration (library and CLI).
//
//   node scripts/check-consumer.mjs
//
// Each check prints one line; the script exits 1 if any failed. Installs reuse the npm cache
// (--prefer-offline). Only the npm registry is reached, for what the cache lacks.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'smolagents-consumer-'));
const app = join(work, 'app');
const tsc = join(repo, 'node_modules', 'typescript', 'bin', 'tsc');
const failures = [];
let server;

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options, env: { ...cleanEnv(), ...options.env } });
  return { code: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

/** This environment without npm's own variables (when run from `npm run`) or install workarounds. */
function cleanEnv() {
  const env = { ...process.env };
  for (const name of Object.keys(env)) if (name.startsWith('npm_') || name.startsWith('ONNXRUNTIME_')) delete env[name];
  delete env.OPENAI_API_KEY;
  delete env.OPENAI_BASE_URL;
  return env;
}

function check(name, ok, detail = '') {
  console.log(`consumer: ${ok ? 'ok  ' : 'FAIL'} ${name}${ok || !detail ? '' : `\n${indent(detail)}`}`);
  if (!ok) failures.push(name);
  return ok;
}

function indent(text) {
  return text.trim().split('\n').slice(-40).map((line) => `    ${line}`).join('\n');
}

function npm(args, cwd) {
  return run('npm', [...args, '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], { cwd });
}

function filesUnder(directory) {
  return readdirSync(directory).flatMap((entry) => {
    const path = join(directory, entry);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

async function startWireServer(replies) {
  const repliesPath = join(work, `replies-${Date.now()}.json`);
  const logPath = `${repliesPath}.log`;
  writeFileSync(repliesPath, JSON.stringify(replies));
  const child = spawn(process.execPath, ['--import', 'tsx', join(repo, 'test/support/serve-openai-wire.ts'), repliesPath, logPath, '300'], {
    cwd: repo,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise((resolve, reject) => {
    let text = '';
    child.stdout.on('data', (chunk) => {
      text += chunk;
      if (text.includes('\n')) resolve(text.split('\n')[0]);
    });
    child.once('exit', (code) => reject(new Error(`the wire server exited (${code})`)));
  });
  const requests = () => JSON.parse(readFileSync(logPath, 'utf8'));
  return { url, requests, close: () => child.kill('SIGTERM') };
}

try {
  // 1. The tarball: `npm pack` runs `prepare`, which builds.
  const packed = run('npm', ['pack', '--json', '--pack-destination', work, '--loglevel=error'], { cwd: repo });
  const tarball = packed.code === 0 ? join(work, JSON.parse(packed.stdout.slice(packed.stdout.indexOf('[')))[0].filename) : undefined;
  if (!check('npm pack builds and packs', tarball !== undefined && existsSync(tarball), packed.stderr + packed.stdout)) throw new Error('no tarball');
  const unpacked = join(work, 'unpacked');
  run('mkdir', ['-p', unpacked]);
  run('tar', ['-xzf', tarball, '-C', unpacked]);
  const root = join(unpacked, 'package');
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const license = existsSync(join(root, 'LICENSE')) ? readFileSync(join(root, 'LICENSE'), 'utf8') : '';
  check('the tarball has the Apache-2.0 LICENSE and a repository field', /Apache License\s+Version 2\.0/.test(license) && manifest.license === 'Apache-2.0' && typeof manifest.repository?.url === 'string');
  const files = filesUnder(root).map((file) => relative(root, file));
  check('the tarball has dist/ (index.js, index.d.ts, the CLI) and index.cjs', ['dist/index.js', 'dist/index.d.ts', 'dist/cli/smolagent.js', 'index.cjs'].every((file) => files.includes(file)));
  const unresolvable = files
    .filter((file) => file.endsWith('.map'))
    .flatMap((file) => {
      const map = JSON.parse(readFileSync(join(root, file), 'utf8'));
      return map.sources.filter((source, index) => typeof map.sourcesContent?.[index] !== 'string' && !existsSync(join(root, file, '..', source))).map((source) => `${file} → ${source}`);
    });
  check('every source map resolves (its sources are inlined or shipped)', unresolvable.length === 0, unresolvable.slice(0, 5).join('\n'));
  // zod is the one peer every user has (tool schemas are written with it); the rest are optional.
  const requiredPeers = ['zod'];
  check('zod is a required peer (^3.25 || ^4), not a dependency', manifest.peerDependencies?.zod === '^3.25 || ^4' && !manifest.dependencies?.zod);
  const optional = Object.keys(manifest.peerDependencies ?? {}).filter((name) => !requiredPeers.includes(name));
  check(
    'optional integrations are optional peers with ranges, not dependencies',
    optional.length >= 10 &&
      optional.every((name) => manifest.peerDependenciesMeta?.[name]?.optional === true && /\d/.test(manifest.peerDependencies[name]) && !manifest.dependencies?.[name]),
  );

  // 2. A fresh project that installs the tarball alone, with zod 3 first.
  run('mkdir', ['-p', app]);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, type: 'module' }, null, 2));
  const installed = npm(['install', tarball, 'zod@^3.25', '@types/node@^20'], app);
  check('npm install <tarball> zod@3 in a fresh project', installed.code === 0, installed.stderr);
  const present = optional.filter((name) => existsSync(join(app, 'node_modules', name)));
  check('no optional integration was installed with it', present.length === 0, present.join(', '));
  // A zod 3 schema is converted to JSON Schema by the AI SDK's converter, an optional peer that
  // docs/tools.md tells zod 3 users to install.
  const converter = npm(['install', '@ai-sdk/provider-utils@^4'], app);
  check('npm install @ai-sdk/provider-utils (what docs/tools.md asks of zod 3 users)', converter.code === 0, converter.stderr);

  writeFileSync(join(app, 'tsconfig.json'), JSON.stringify(
    {
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        lib: ['ES2023'],
        types: ['node'],
        strict: true,
        exactOptionalPropertyTypes: true,
        skipLibCheck: false,
        outDir: 'out',
      },
      include: ['tour.ts'],
    },
    null,
    2,
  ));
  writeFileSync(join(app, 'tsconfig.errors.json'), JSON.stringify({ extends: './tsconfig.json', compilerOptions: { noEmit: true }, include: ['expect-errors.ts'] }));
  writeFileSync(join(app, 'tour.ts'), readFileSync(join(repo, 'scripts/consumer/tour.ts'), 'utf8'));
  writeFileSync(join(app, 'expect-errors.ts'), readFileSync(join(repo, 'scripts/consumer/expect-errors.ts'), 'utf8'));
  writeFileSync(join(app, 'require-check.cjs'), readFileSync(join(repo, 'scripts/consumer/require-check.cjs'), 'utf8'));

  const replies = [
    "Thought: ask the tools.\n```js\nconst minutes = await get_travel_duration({ from: 'Louvre', to: 'Montmartre', mode: 'walking' });\nconst loud = await shout({ text: `${minutes} minutes` });\nfinal_answer(loud);\n```",
    { content: '', toolCalls: [{ name: 'get_travel_duration', arguments: { from: 'Louvre', to: 'Montmartre' } }] },
    { content: '', toolCalls: [{ name: 'final_answer', arguments: { answer: 16 } }] },
  ];
  for (const zod of ['3', '4']) {
    if (zod === '4') {
      const upgraded = npm(['install', 'zod@^4'], app);
      check('npm install zod@4 in the same project', upgraded.code === 0, upgraded.stderr);
    }
    const compiled = run(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: app });
    check(`zod ${zod}: the tour compiles (strict, exactOptionalPropertyTypes, skipLibCheck false)`, compiled.code === 0, compiled.stdout + compiled.stderr);
    const flagged = run(process.execPath, [tsc, '-p', 'tsconfig.errors.json'], { cwd: app });
    check(`zod ${zod}: tool() typing flags a wrong argument and a wrong result type`, flagged.code === 0, flagged.stdout + flagged.stderr);
    server = await startWireServer(replies);
    const ran = run(process.execPath, ['out/tour.js'], { cwd: app, env: { OPENAI_API_KEY: 'sk-consumer', OPENAI_BASE_URL: server.url, NO_COLOR: '1' } });
    const lines = ran.stdout.trim().split('\n');
    check(
      `zod ${zod}: the tour runs against the wire server (code agent, class and tool() tools, tool-calling stream)`,
      ran.code === 0 && lines.includes('answer: 48 MINUTES') && lines.includes('calling get_travel_duration {"from":"Louvre","to":"Montmartre"}') && lines.includes('result: 16'),
      ran.stdout + ran.stderr,
    );
    check(`zod ${zod}: verbosity 'normal' prints the step log on stderr`, /━━ Step 1/.test(ran.stderr) && /Final answer: 48 MINUTES/.test(ran.stderr), ran.stderr);
    const sent = server.requests();
    check(
      `zod ${zod}: the model saw the tools' signatures`,
      sent.length === 3 && JSON.stringify(sent[0]?.body?.messages?.[0]).includes('get_travel_duration') && JSON.stringify(sent[0]?.body?.messages?.[0]).includes('shout'),
      JSON.stringify(sent).slice(0, 2000),
    );
    server.close();
    server = undefined;
  }

  // 3. require() from the same project: the same classes as import.
  const required = run(process.execPath, ['require-check.cjs'], { cwd: app });
  check("require('smolagents-ts') works and gives the same classes as import", required.code === 0 && required.stdout.trim() === 'require ok', required.stdout + required.stderr);

  // 4. A missing optional integration: the library's typed error, and the CLI's line before any request.
  const missing = run(process.execPath, [
    '--input-type=module',
    '-e',
    "import { PyodideExecutor, MissingDependencyError } from 'smolagents-ts'; try { new PyodideExecutor(); console.log('constructed'); } catch (error) { console.log(error instanceof MissingDependencyError, error.message); }",
  ], { cwd: app });
  check(
    'new PyodideExecutor() without pyodide: MissingDependencyError naming `npm install pyodide`',
    missing.stdout.trim() === "true PyodideExecutor needs the optional package 'pyodide', which is not installed. Run `npm install pyodide`.",
    missing.stdout + missing.stderr,
  );
  server = await startWireServer(['```py\nfinal_answer(1)\n```']);
  const cli = run('npx', ['smolagent', 'What is 2**100?', '--executor', 'pyodide', '--api-base', server.url, '--model-id', 'm'], { cwd: app });
  check(
    'npx smolagent --executor pyodide without pyodide: one line, exit 1, no model request',
    cli.code === 1 && cli.stderr.trim() === "smolagent: PyodideExecutor needs the optional package 'pyodide', which is not installed. Run `npm install pyodide`." && server.requests().length === 0,
    `exit ${cli.code}\n${cli.stderr}`,
  );
} catch (error) {
  check('the consumer check ran to the end', false, String(error?.stack ?? error));
} finally {
  server?.close();
  rmSync(work, { recursive: true, force: true });
}
console.log(`consumer: ${failures.length === 0 ? 'all checks passed' : `${failures.length} failed: ${failures.join('; ')}`}`);
process.exit(failures.length === 0 ? 0 : 1);
