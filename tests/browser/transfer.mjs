// Browser tests of 开放审核 (issue 17 §2): an archivist sees the items whose 年度 has passed 25
// years (filed here with the command line as items of 2000), ticks one and asks for 控制 without a
// reason (refused, the tick kept), then gives the reason; the item moves to the decided list with
// its decision, the item page shows it, and the register PDF lists it. Then the year 2000 is
// exported as a transfer package from /transfer, verified (every check 通过, the virus scan 未检测
// without signatures) and the report PDF downloaded.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export default async function transferTests(h) {
  const { base, run, scans, work, test, expect, shot, newPage, signIn, itemUrl } = h;
  const dom = { waitUntil: 'domcontentloaded' };

  function fileOld(scan, title, year) {
    const out = run(['file', path.join(scans, scan), '--archive', h.archive, '--title', title, '--year', String(year),
      '--dept', 'BGS', '--secrecy', '内部', '--date', `${year}-09-18`, '--no-ocr', '--json']);
    return JSON.parse(out)['档号'];
  }
  const controlled = fileOld('Z109-WS·2015-Y-BGS-0001.pdf', '二〇〇〇年与主要客户的价格协议', 2000);
  const opened = fileOld('Z109-WS·2015-Y-BGS-0004.pdf', '二〇〇〇年度公司工作总结', 2000);
  const due = (danghao) => `table.due input[name="danghao"][value="${danghao}"]`;
  const decidedRow = (danghao) => `table.decided tr:has(a:text-is("${danghao}"))`;

  const page = await newPage();

  await test('an archivist sees the items of 2000 due for 开放审核', async () => {
    await signIn(page, '档案员甲');
    await Promise.all([page.waitForURL(/\/open-review/, dom), page.click('header nav a:text-is("开放审核")')]);
    for (const d of [controlled, opened]) {
      expect(await page.locator(due(d)).count() === 1, `${d} is not offered as due`);
    }
    // Items of 2024 (filed by run.mjs) are not due for another 25 years.
    expect(await page.locator(due(h.contract)).count() === 0, 'an item of 2024 is offered');
    await shot(page, '90-open-review-due');
  });

  await test('控制 without a reason is refused with the tick kept, then recorded with one', async () => {
    await page.check(due(controlled));
    await page.check('input[name="status"][value="控制"]');
    await page.click('button:text-is("记录审核结论")');
    await page.waitForSelector('main .notice.error, main .problems, main [role="alert"]');
    const text = await page.textContent('main');
    expect(text.includes('理由') && text.includes(controlled), 'the refusal does not name the item and the reason');
    expect(await page.isChecked(due(controlled)), 'the tick is lost');
    await shot(page, '91-open-review-refused');
    await page.fill('#open-reason', '涉及客户商业秘密，暂不开放');
    await Promise.all([page.waitForURL(/done=decide/, dom), page.click('button:text-is("记录审核结论")')]);
    expect((await page.textContent(decidedRow(controlled))).includes('控制'), 'not 控制');
    expect((await page.textContent(decidedRow(controlled))).includes('涉及客户商业秘密'), 'no reason');
    expect(await page.locator(due(controlled)).count() === 0, 'still offered as due');
  });

  await test('the other item is opened and the register PDF lists both decisions', async () => {
    await page.check(due(opened));
    await page.check('input[name="status"][value="开放"]');
    await Promise.all([page.waitForURL(/done=decide/, dom), page.click('button:text-is("记录审核结论")')]);
    expect((await page.textContent(decidedRow(opened))).includes('开放'), 'not 开放');
    await shot(page, '92-open-review-decided');
    const href = await page.getAttribute('a:text-is("开放审核登记表（PDF）")', 'href');
    const answer = await page.request.get(`${base}${href}`);
    const body = await answer.body();
    expect(answer.ok() && body.subarray(0, 5).toString() === '%PDF-', 'no PDF');
    const file = path.join(work, '开放审核登记表.pdf');
    fs.writeFileSync(file, body);
    const text = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, '');
    expect(text.includes('档案开放审核登记表'), 'no title in the PDF');
    expect(text.includes(controlled.replace(/\s+/g, '')) && text.includes(opened.replace(/\s+/g, '')), 'an item is missing');
    expect(text.includes('涉及客户商业秘密'), 'the reason is not in the PDF');
    spawnSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', file, path.join(h.shots, '93-open-review-register')]);
  });

  await test('the item page shows the 开放审核 decision', async () => {
    await page.goto(itemUrl(controlled), dom);
    const meta = await page.textContent('main');
    expect(meta.includes('开放审核') && meta.includes('控制'), 'the item page does not show the decision');
    await shot(page, '94-item-open-review');
  });

  await test('the year 2000 is exported as a package and every check of the report passes', async () => {
    await Promise.all([page.waitForURL(/\/transfer$/, dom), page.click('header nav a:text-is("移交")')]);
    await page.fill('#export-year', '2000');
    await page.fill('#export-name', '2000年度移交');
    await shot(page, '95-transfer-export');
    await Promise.all([page.waitForURL(/done=export/, dom), page.click('button:text-is("导出数据包")')]);
    expect((await page.textContent('main .notice')).includes('已导出数据包：2 件'), 'not two items exported');
    expect((await page.textContent('h1')).includes('检测通过'), 'the package does not pass');
    const outcomes = await page.locator('table.checks td.outcome').allTextContents();
    expect(outcomes.length > 5, `only ${outcomes.length} checks`);
    expect(outcomes.every((o) => o.trim() === '通过' || o.trim() === '未检测'), `outcomes: ${outcomes.join(' ')}`);
    expect(outcomes.filter((o) => o.trim() === '通过').length >= outcomes.length - 1, 'more than the virus scan unchecked');
    await shot(page, '96-transfer-report');
    const href = await page.getAttribute('a:text-is("检测报告（PDF）")', 'href');
    const answer = await page.request.get(`${base}${href}`);
    const body = await answer.body();
    expect(answer.ok() && body.subarray(0, 5).toString() === '%PDF-', 'no report PDF');
    const file = path.join(work, '四性检测报告.pdf');
    fs.writeFileSync(file, body);
    const text = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, '');
    expect(text.includes('四性检测报告') && text.includes('2000年度移交'), 'the report PDF lacks its title or package');
    spawnSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', file, path.join(h.shots, '97-transfer-report-pdf')]);
    await page.goto(`${base}/transfer`, dom);
    expect((await page.textContent('table.packages')).includes('2000年度移交'), 'the package is not listed');
  });
}
