// Bundles the browser signing code (src/pages.js + src/npki.js with pkijs, asn1js, kisa-seed and
// fflate) into ../wwwroot/js/npki.bundle.js, so `dotnet run` needs no Node.
//   node bundle.mjs           write the bundle
//   node bundle.mjs --check   rebuild in memory; exit 1 if the committed bundle is stale
// The output is deterministic: same sources and pinned packages give the same bytes.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const target = path.resolve(here, '..', 'wwwroot', 'js', 'npki.bundle.js');
const checkOnly = process.argv.includes('--check');

const result = await build({
  entryPoints: [path.join(here, 'src', 'pages.js')],
  bundle: true,
  format: 'iife',
  globalName: 'PetitionNpki',
  platform: 'browser',
  target: ['chrome110', 'firefox110', 'safari16'],
  minify: true,
  legalComments: 'eof',
  charset: 'utf8',
  write: false,
  logLevel: 'warning',
});
const banner = '/* Petition portal: NPKI signing in the browser. Built by ClientApp/bundle.mjs; do not edit. */\n';
const output = Buffer.concat([Buffer.from(banner, 'utf8'), Buffer.from(result.outputFiles[0].contents)]);

if (checkOnly) {
  if (!fs.existsSync(target) || !fs.readFileSync(target).equals(output)) {
    console.error('bundle.mjs: wwwroot/js/npki.bundle.js is out of date; run `npm run build` in src/Petition.Web/ClientApp.');
    process.exit(1);
  }
  console.log(`wwwroot/js/npki.bundle.js is up to date (${output.length} bytes).`);
} else {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, output);
  console.log(`wrote wwwroot/js/npki.bundle.js (${(output.length / 1024).toFixed(0)} KiB)`);
}
