// Vendors the parts of KRDS (krds-uiux) and Pretendard GOV that the portal uses
// into ../wwwroot/lib. Plain Node, no bundler, no network.
//
//   npm ci && npm run build     rewrite wwwroot/lib/krds, wwwroot/lib/pretendard-gov and the PDF fonts in
//                               ../../Petition.Infrastructure/Documents/Fonts
//   npm run check               rebuild in memory and fail (exit 1) if wwwroot/lib differs
//
// The output is a pure function of the two pinned packages: files are written
// with LF line endings, in sorted order, with no timestamps, so the same input
// gives byte-identical output (a CI job can run `npm run check`).

import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const nodeModules = path.join(here, 'node_modules');
const libRoot = path.resolve(here, '..', 'wwwroot', 'lib');
const checkOnly = process.argv.includes('--check');

// Directories under wwwroot/lib that this script owns (and deletes/recreates).
const OWNED_DIRS = ['krds', 'pretendard-gov'];

// KRDS uses only Regular (400) and Bold (700) – see --krds-font-weight-* in its CSS.
const FONT_WEIGHTS = [
  { weight: 400, file: 'PretendardGOV-Regular.subset.woff2' },
  { weight: 700, file: 'PretendardGOV-Bold.subset.woff2' },
];

function fail(message) {
  console.error(`build.mjs: ${message}`);
  process.exit(1);
}

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

function normaliseText(text) {
  return text.replace(/\r\n?/g, '\n').replace(/\s+$/, '') + '\n';
}

// ---------------------------------------------------------------------------
// 0. Make sure node_modules holds exactly the pinned versions.
const manifest = readJson(path.join(here, 'package.json'));
const pinned = manifest.dependencies ?? {};
const versions = {};
for (const name of ['krds-uiux', 'pretendard-gov']) {
  const pkgFile = path.join(nodeModules, name, 'package.json');
  if (!fs.existsSync(pkgFile)) fail(`${name} is not installed; run \`npm ci\` first.`);
  const installed = readJson(pkgFile).version;
  if (installed !== pinned[name]) {
    fail(`${name}@${installed} is installed but package.json pins ${pinned[name]}; run \`npm ci\`.`);
  }
  versions[name] = installed;
}

/** @type {Map<string, Buffer>} relative path (posix, under wwwroot/lib) -> content */
const out = new Map();
const emitText = (rel, text) => out.set(rel, Buffer.from(normaliseText(text), 'utf8'));
const emitCopy = (rel, src) => {
  if (!fs.existsSync(src)) fail(`missing source file ${path.relative(here, src)}`);
  out.set(rel, fs.readFileSync(src));
};

// ---------------------------------------------------------------------------
// 1. KRDS: tokens + the combined common/component stylesheet, and only the icons it references.
const krdsRes = path.join(nodeModules, 'krds-uiux', 'resources');
const tokensCss = fs.readFileSync(path.join(krdsRes, 'css', 'token', 'krds_tokens.css'), 'utf8');
let krdsCss = fs.readFileSync(path.join(krdsRes, 'css', 'component', 'output.css'), 'utf8');

// output.css = @import tokens + common (reset, layout, icons) + all components.
// Flatten the paths: css/krds.css, css/krds_tokens.css, img/icon/*.svg.
const importRe = /@import\s+["']\.\.\/\.\.\/css\/token\/krds_tokens\.css["'];/;
if (!importRe.test(krdsCss)) fail('krds-uiux output.css no longer imports krds_tokens.css as expected');
krdsCss = krdsCss.replace(importRe, '@import "krds_tokens.css";');
krdsCss = krdsCss.replace(/\/\*# sourceMappingURL=[^*]*\*\/\s*$/, '');

const icons = new Set();
krdsCss = krdsCss.replace(/url\(\s*(['"]?)([^'")]+)\1\s*\)/g, (whole, _q, ref) => {
  if (ref.startsWith('data:')) return whole;
  const m = /^\.\.\/\.\.\/img\/component\/icon\/([A-Za-z0-9_.-]+\.svg)$/.exec(ref);
  if (!m) fail(`unexpected url() in krds-uiux output.css: ${ref}`);
  icons.add(m[1]);
  return `url(../img/icon/${m[1]})`;
});
if (/https?:\/\//.test(krdsCss.replace(/\/\*[\s\S]*?\*\//g, ''))) {
  fail('krds.css would reference an external URL');
}

const banner = (what) =>
  `/*! ${what} – vendored from krds-uiux@${versions['krds-uiux']} by ClientApp/build.mjs. Do not edit. */\n`;
emitText('krds/css/krds_tokens.css', banner('KRDS design tokens') + tokensCss.replace(/^@charset[^;]*;\s*/, ''));
emitText('krds/css/krds.css', '@charset "UTF-8";\n' + banner('KRDS common + component CSS') +
  krdsCss.replace(/^@charset[^;]*;\s*/, ''));
// The portal's own stylesheet may use further KRDS icons (callouts, receipt): include those too.
const siteCssPath = path.resolve(here, '..', 'wwwroot', 'css', 'site.css');
if (fs.existsSync(siteCssPath)) {
  const siteCss = fs.readFileSync(siteCssPath, 'utf8');
  for (const m of siteCss.matchAll(/\.\.\/lib\/krds\/img\/icon\/([A-Za-z0-9_.-]+\.svg)/g)) icons.add(m[1]);
}
for (const icon of [...icons].sort()) {
  emitCopy(`krds/img/icon/${icon}`, path.join(krdsRes, 'img', 'component', 'icon', icon));
}
emitText('krds/NOTICE.txt', [
  `KRDS – Korea Design System HTML component kit, npm package krds-uiux@${versions['krds-uiux']}.`,
  'Copied (not modified except for url()/@import paths) by src/Petition.Web/ClientApp/build.mjs:',
  '  css/krds_tokens.css  <- resources/css/token/krds_tokens.css',
  '  css/krds.css         <- resources/css/component/output.css',
  '  img/icon/*.svg       <- resources/img/component/icon/ (only the files krds.css or wwwroot/css/site.css reference)',
  'The package is published under the KRDS terms of use (https://www.krds.go.kr, 저작권 정책).',
].join('\n'));

// ---------------------------------------------------------------------------
// 2. Pretendard GOV: the KS X 1001 subset woff2 files for the weights KRDS uses.
const pdDist = path.join(nodeModules, 'pretendard-gov', 'dist');
const upstreamCss = fs.readFileSync(path.join(pdDist, 'web', 'static', 'pretendard-gov-subset.css'), 'utf8');
const licenceHeader = /^\/\*[\s\S]*?\*\//.exec(upstreamCss)?.[0];
if (!licenceHeader) fail('pretendard-gov-subset.css has no licence header');

const faces = FONT_WEIGHTS.map(({ weight, file }) => {
  if (!upstreamCss.includes(`./woff2-subset/${file}`)) fail(`pretendard-gov-subset.css does not reference ${file}`);
  emitCopy(`pretendard-gov/woff2-subset/${file}`, path.join(pdDist, 'web', 'static', 'woff2-subset', file));
  return [
    '@font-face {',
    "\tfont-family: 'Pretendard GOV';",
    '\tfont-style: normal;',
    `\tfont-weight: ${weight};`,
    '\tfont-display: swap;',
    `\tsrc: url(./woff2-subset/${file}) format('woff2');`,
    '}',
  ].join('\n');
});
emitText('pretendard-gov/pretendard-gov.css', [
  licenceHeader,
  '',
  `/*! Pretendard GOV ${versions['pretendard-gov']} (KS X 1001 subset, woff2) – generated by ClientApp/build.mjs from`,
  '    dist/web/static/pretendard-gov-subset.css; only the weights used by KRDS (400, 700). Do not edit. */',
  '',
  faces.join('\n\n'),
].join('\n'));
emitCopy('pretendard-gov/LICENSE.txt', path.join(pdDist, 'LICENSE.txt'));

// ---------------------------------------------------------------------------
// 2b. Pretendard GOV TTF (Regular, Bold) for the issued PDF documents: PDFsharp embeds a subset of the
//     glyphs it uses. Written to src/Petition.Infrastructure/Documents/Fonts (an embedded resource there),
//     compared by --check like wwwroot/lib.
const fontsRoot = path.resolve(here, '..', '..', 'Petition.Infrastructure', 'Documents', 'Fonts');
/** @type {Map<string, Buffer>} file name under fontsRoot -> content */
const fontsOut = new Map();
for (const file of ['PretendardGOV-Regular.ttf', 'PretendardGOV-Bold.ttf']) {
  const src = path.join(pdDist, 'public', 'static', 'alternative', file);
  if (!fs.existsSync(src)) fail(`missing source file ${path.relative(here, src)}`);
  fontsOut.set(file, fs.readFileSync(src));
}
fontsOut.set('LICENSE.txt', fs.readFileSync(path.join(pdDist, 'LICENSE.txt')));
fontsOut.set('VENDORED.txt', Buffer.from(normaliseText([
  '# Generated by src/Petition.Web/ClientApp/build.mjs from pretendard-gov ' + versions['pretendard-gov'] +
    ' (dist/public/static/alternative). Do not edit.',
  '# sha256  bytes  file',
  ...[...fontsOut.keys()].sort().map((f) =>
    `${crypto.createHash('sha256').update(fontsOut.get(f)).digest('hex')}  ${fontsOut.get(f).length}  ${f}`),
].join('\n')), 'utf8'));

// ---------------------------------------------------------------------------
// 3. A manifest with hashes, so reviewers and CI can see what is vendored.
const sha256 = (buf) => crypto.createHash('sha256').update(buf).digest('hex');
const files = [...out.keys()].sort();
const lines = [
  '# Generated by src/Petition.Web/ClientApp/build.mjs. Do not edit.',
  `# krds-uiux ${versions['krds-uiux']}, pretendard-gov ${versions['pretendard-gov']}`,
  '# sha256  bytes  path',
  ...files.map((f) => `${sha256(out.get(f))}  ${out.get(f).length}  ${f}`),
];
emitText('VENDORED.txt', lines.join('\n'));

// ---------------------------------------------------------------------------
// 4. Write or compare.
function listFiles(dir, base = dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? listFiles(p, base) : [path.relative(base, p).split(path.sep).join('/')];
  });
}

const expected = [...out.keys()].sort();
if (checkOnly) {
  const onDisk = [
    ...OWNED_DIRS.flatMap((d) => listFiles(path.join(libRoot, d)).map((f) => `${d}/${f}`)),
    ...(fs.existsSync(path.join(libRoot, 'VENDORED.txt')) ? ['VENDORED.txt'] : []),
  ].sort();
  const problems = [];
  for (const f of expected) {
    const p = path.join(libRoot, f);
    if (!fs.existsSync(p)) problems.push(`missing: ${f}`);
    else if (!fs.readFileSync(p).equals(out.get(f))) problems.push(`differs: ${f}`);
  }
  for (const f of onDisk) if (!out.has(f)) problems.push(`unexpected: ${f}`);
  for (const [f, content] of fontsOut) {
    const p = path.join(fontsRoot, f);
    if (!fs.existsSync(p)) problems.push(`missing: Petition.Infrastructure/Documents/Fonts/${f}`);
    else if (!fs.readFileSync(p).equals(content)) problems.push(`differs: Petition.Infrastructure/Documents/Fonts/${f}`);
  }
  for (const f of listFiles(fontsRoot)) if (!fontsOut.has(f)) problems.push(`unexpected: Petition.Infrastructure/Documents/Fonts/${f}`);
  if (problems.length) {
    console.error(problems.join('\n'));
    fail(`wwwroot/lib is out of date (${problems.length} problem(s)); run \`npm run build\`.`);
  }
  console.log(`wwwroot/lib is up to date (${expected.length} files).`);
} else {
  for (const d of OWNED_DIRS) fs.rmSync(path.join(libRoot, d), { recursive: true, force: true });
  let total = 0;
  for (const f of expected) {
    const p = path.join(libRoot, f);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, out.get(f));
    total += out.get(f).length;
  }
  console.log(`wrote ${expected.length} files, ${(total / 1024).toFixed(0)} KiB, to ${path.relative(process.cwd(), libRoot) || '.'}`);
  fs.rmSync(fontsRoot, { recursive: true, force: true });
  fs.mkdirSync(fontsRoot, { recursive: true });
  for (const [f, content] of fontsOut) fs.writeFileSync(path.join(fontsRoot, f), content);
  console.log(`wrote ${fontsOut.size} files to ${path.relative(process.cwd(), fontsRoot)}`);
}
