// Browser tests of the desk: Debian's chromium, driven by playwright-core through
// executablePath (no browser is downloaded), against a real `dangan serve` on a fresh archive.
// This file sets up the archive, the accounts and the server; each part of the desk has its
// tests in its own file (desk.mjs, forms.mjs, registers.mjs, imports.mjs, appraisals.mjs, stats.mjs), run in that order
// against the same server, each given the harness `h` (test, expect, shot, newPage, signIn …).
//
//   node tests/browser/run.mjs [PART …]   (after the build; scripts/test.sh runs them all)
//
// Environment: DANGAN_BIN (default build/cli/dangan), CHROMIUM (default: chromium on PATH),
// SCREENSHOTS (default build/screenshots). Exits non-zero when any test fails or when the tests
// cannot run at all (no chromium, no dangan, the server does not start): never a silent skip.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dangan = process.env.DANGAN_BIN || path.join(root, 'build/cli/dangan');
const shots = process.env.SCREENSHOTS || path.join(root, 'build/screenshots');
const password = '浏览器测试密码abc123';
const scans = path.join(root, 'samples/legacy/scans');

function fail(message) {
  console.error(`浏览器测试无法运行：${message}`);
  process.exit(2);
}

function findChromium() {
  if (process.env.CHROMIUM) return process.env.CHROMIUM;
  for (const name of ['chromium', 'chromium-browser']) {
    const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
    if (found.status === 0 && found.stdout.trim()) return found.stdout.trim();
  }
  return '';
}

// Runs the command line on the test archive; `input` goes to standard input (passwords).
function run(args, input = '') {
  const r = spawnSync(dangan, args, {
    input,
    encoding: 'utf8',
    env: { ...process.env, DANGAN_ARCHIVE: archive, DANGAN_CLEARANCE: '机密' },
  });
  if (r.status !== 0) fail(`dangan ${args.join(' ')} 退出码 ${r.status}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

if (!fs.existsSync(dangan)) fail(`找不到 ${dangan}（先编译）`);
const executablePath = findChromium();
if (!executablePath) fail('找不到 chromium（scripts/setup.sh 会安装）');
fs.mkdirSync(shots, { recursive: true });

// ---- a fresh archive with accounts and demo items ----------------------------------------
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dangan-browser-'));
const archive = path.join(work, 'archive');
run(['init', '--archive', archive, '--fonds', 'Z109', '--company', '华东精密机械有限公司']);
const accounts = [
  ['档案员甲', '档案员', '机密'],
  ['经办人乙', '经办人', '内部'],
  ['审计员丙', '审计员', '机密'],
  ['管理员丁', '管理员', '内部'],
];
for (const [name, role, clearance] of accounts) {
  run(['user', 'add', name, '--role', role, '--clearance', clearance, '--dept', 'BGS', '--archive', archive],
    `${password}\n`);
}
function fileItem(scan, title, secrecy, extra = []) {
  const out = run(['file', path.join(scans, scan), '--archive', archive, '--title', title, '--year', '2024',
    '--dept', 'BGS', '--secrecy', secrecy, '--date', '2024-03-05', '--no-ocr', '--json', ...extra]);
  return JSON.parse(out)['档号'];
}
const contract = fileItem('Z109-WS·2015-Y-BGS-0001.pdf', '与华东机械公司的购销合同', '内部');
fileItem('Z109-WS·2015-Y-BGS-0004.pdf', '关于办公用品采购的请示', '公开');
const secret = fileItem('Z109-WS·2016-D10-BGS-0008.pdf', '新产品研发合作协议', '机密');

// ---- the server ---------------------------------------------------------------------------
const server = spawn(dangan, ['serve', '--archive', archive, '--listen', '127.0.0.1:0'], {
  env: { ...process.env, DANGAN_ARCHIVE: archive },
  stdio: ['ignore', 'pipe', 'pipe'],
});
let serverLog = '';
server.stderr.on('data', (d) => { serverLog += d; });
const base = await new Promise((resolve) => {
  let out = '';
  const timer = setTimeout(() => resolve(''), 20000);
  server.stdout.on('data', (d) => {
    out += d;
    const m = out.match(/https?:\/\/[^\s/]+\//);
    if (m) {
      clearTimeout(timer);
      resolve(m[0].replace(/\/$/, ''));
    }
  });
  server.on('exit', () => resolve(''));
});
if (!base) {
  server.kill('SIGTERM');
  fail(`dangan serve 没有打印地址\n${serverLog}`);
}

// ---- the tests ----------------------------------------------------------------------------
let browser;
try {
  browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox'] });
} catch (e) {
  server.kill('SIGTERM');
  fail(`chromium 启动失败：${e.message}`);
}

const results = [];
async function test(name, body) {
  const started = Date.now();
  try {
    await body();
    results.push([name, true]);
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (e) {
    results.push([name, false]);
    console.log(`FAIL ${name}\n     ${String(e.stack || e).split('\n').slice(0, 4).join('\n     ')}`);
  }
}
function expect(condition, message) {
  if (!condition) throw new Error(message);
}
async function shot(page, name) {
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
}
async function newPage() {
  const context = await browser.newContext({
    viewport: { width: 1366, height: 768 },
    acceptDownloads: true,
    locale: 'zh-CN',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  page.on('pageerror', (e) => console.log(`     页面脚本错误：${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') console.log(`     控制台错误：${m.text()}`);
  });
  return page;
}
async function signIn(page, user) {
  await page.goto(`${base}/`);
  await page.fill('input[name="user"]', user);
  await page.fill('input[name="password"]', password);
  await Promise.all([
    page.waitForURL((url) => !url.pathname.startsWith('/login') && url.pathname !== '/'),
    page.click('button[type="submit"]'),
  ]);
}
const itemUrl = (danghao) => `${base}/items/${encodeURIComponent(danghao)}`;

const h = {
  root, base, archive, password, scans, shots, work, contract, secret,
  run, test, expect, shot, newPage, signIn, itemUrl,
};
// Issue 16 added the appraisal and destruction pages and the statistics page.
const allParts = ['desk', 'forms', 'registers', 'imports', 'appraisals', 'stats', 'lending', 'transfer'];
const parts = process.argv.slice(2).length ? process.argv.slice(2) : allParts;
for (const part of parts) {
  const file = path.join(path.dirname(fileURLToPath(import.meta.url)), `${part}.mjs`);
  if (!fs.existsSync(file)) fail(`找不到测试文件 ${file}`);
  console.log(`== ${part}`);
  const module = await import(file);
  await module.default(h);
}


await browser.close();
server.kill('SIGTERM');
await new Promise((resolve) => server.on('exit', resolve));
fs.rmSync(work, { recursive: true, force: true });

const passed = results.filter((r) => r[1]).length;
const failed = results.length - passed;
console.log(`截图在 ${path.relative(root, shots)}/`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
