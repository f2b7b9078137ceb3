// Browser tests of importing by upload (issue 15): a legacy .xls uploaded as a register, its dry
// run (mapping, samples, problems), one column's mapping changed and checked again, the import
// with the bad rows skipped, and the rejected rows downloaded and read.
// Run by run.mjs, which gives the harness `h`.
import fs from 'node:fs';
import path from 'node:path';

export default async function importsTests(h) {
  const { base, root, work, test, expect, shot, newPage, signIn } = h;
  const page = await newPage();
  const sample = path.join(root, 'samples/legacy/用印登记表2019.xls');

  await test('an archivist uploads a legacy .xls as a register and sees its dry run', async () => {
    await signIn(page, '档案员甲');
    await page.goto(`${base}/imports`);
    await shot(page, 'imports-01-upload');
    await page.setInputFiles('#i-file', sample);
    await page.selectOption('#i-into', 'register:S-04');
    await page.fill('#i-volume', '2019');
    await Promise.all([page.waitForURL(/\/imports\/[0-9T]+-[0-9a-f]+$/), page.click('#import-form button[type="submit"]')]);
    // imports.js reloads the page once the check is done.
    await page.waitForSelector('#import-counts', { timeout: 30000 });
    expect((await page.textContent('#import-state')) === '预检完成', 'the dry run did not finish');
    const counts = await page.textContent('#import-counts');
    expect(counts.includes('可新增38') && counts.includes('有问题2'), `counts: ${counts}`);
    const problems = await page.textContent('table.problems');
    expect(problems.includes('「2019.06.31」不是有效的日期'), 'the bad date is not among the problems');
    expect(problems.includes('「经办人」必填'), 'the missing 经办人 is not among the problems');
    const samples = await page.textContent('table.mapping');
    expect(samples.includes('李娜'), 'no sample values');
    await shot(page, 'imports-02-dry-run');
  });

  await test('changing one column to 不导入 and checking again shows the new mapping', async () => {
    const select = page.locator('select[aria-label="列「备注」导入为"]');
    expect((await select.inputValue()) === '备注', 'the 备注 column was not mapped to 备注');
    await select.selectOption('');
    expect(await select.evaluate((el) => el.classList.contains('changed')), 'the change is not marked');
    await Promise.all([page.waitForURL(/\/imports\/[^/]+$/), page.click('text=重新预检')]);
    await page.waitForSelector('#import-counts', { timeout: 30000 });
    const again = page.locator('select[aria-label="列「备注」导入为"]');
    expect((await again.inputValue()) === '', 'the 备注 column is still imported');
    const row = page.locator('table.mapping tr', { has: page.locator('th[scope="row"]', { hasText: '备注' }) });
    const how = await row.locator('td.muted').textContent();
    expect(how === '忽略', `the column is not shown as ignored: ${how}`);
    await shot(page, 'imports-03-remapped');
  });

  await test('the import skips the bad rows, shows its result and the rejected rows download', async () => {
    const skip = page.locator('input[name="skip_bad_rows"]');
    if (!(await skip.isChecked())) await skip.check();
    await Promise.all([page.waitForURL(/\/imports\/[^/]+$/), page.click('#import-run')]);
    await page.waitForSelector('.import-result', { timeout: 60000 });
    const result = await page.textContent('.import-result');
    expect(result.includes('新增 38 行') && result.includes('拒绝 2 行'), `result: ${result}`);
    await shot(page, 'imports-04-done');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-rejected')]);
    expect(download.suggestedFilename() === '用印登记表2019.未导入的行.csv',
      `file name ${download.suggestedFilename()}`);
    const saved = path.join(work, 'rejected.csv');
    await download.saveAs(saved);
    const text = fs.readFileSync(saved, 'utf8');
    expect(text.charCodeAt(0) === 0xfeff, 'no BOM: Excel would not read it as Chinese');
    const lines = text.trim().split(/\r\n/);
    expect(lines.length === 3, `expected a header and 2 rows, got ${lines.length}`);
    expect(lines[0].includes('经办人') && lines[0].includes('导入问题'), `header: ${lines[0]}`);
    expect(lines[1].includes('2019.06.31'), `first rejected row: ${lines[1]}`);
    expect(lines[2].includes('第 35 行'), `second rejected row: ${lines[2]}`);
    // The result stays: the page read again later still shows it.
    await page.goto(`${base}/imports`);
    const list = await page.textContent('table.imports');
    expect(list.includes('用印登记表2019.xls') && list.includes('完成'), `list: ${list}`);
    await shot(page, 'imports-05-list');
  });

  await test('a catalogue CSV with a mapping file shows its values before and after normalisation', async () => {
    await page.goto(`${base}/imports`);
    await page.setInputFiles('#i-file', path.join(root, 'samples/legacy/归档文件目录2015-2016.csv'));
    await page.selectOption('#i-into', 'catalogue');
    await page.setInputFiles('#i-mapping', path.join(root, 'samples/legacy/mapping-example.yaml'));
    await Promise.all([page.waitForURL(/\/imports\/[0-9T]+-[0-9a-f]+$/), page.click('#import-form button[type="submit"]')]);
    await page.waitForSelector('#import-counts', { timeout: 30000 });
    const dates = await page.locator('table.mapping tr', { has: page.locator('th[scope="row"]', { hasText: '日期' }) })
      .locator('ul.samples').textContent();
    expect(/2015\.1\.20 → 2015-01-20/.test(dates), `dates: ${dates}`);
    const problems = await page.textContent('table.problems');
    expect(problems.includes('2015-02-30'), 'the bad date of line 18 is not among the problems');
    await shot(page, 'imports-06-catalogue-dry-run');
  });

  await test('an empty file is refused on the form and a broken one fails naming the file and row', async () => {
    await page.goto(`${base}/imports`);
    await page.setInputFiles('#i-file', { name: '空表.csv', mimeType: 'text/csv', buffer: Buffer.from('') });
    await page.click('#import-form button[type="submit"]');
    await page.waitForSelector('.notice.error');
    const refusal = await page.textContent('.notice.error');
    expect(refusal.includes('空表.csv') && refusal.includes('是空的'), `refusal: ${refusal}`);
    await shot(page, 'imports-07-refused');
    const broken = '档号,年度,题名\nZ109-WS·2015-Y-BGS-0001,2015,"没有结束\n';
    await page.setInputFiles('#i-file', { name: '坏目录.csv', mimeType: 'text/csv', buffer: Buffer.from(broken) });
    await Promise.all([page.waitForURL(/\/imports\/[0-9T]+-[0-9a-f]+$/), page.click('#import-form button[type="submit"]')]);
    await page.waitForSelector('.notice.error', { timeout: 30000 });
    expect((await page.textContent('#import-state')) === '失败', 'the broken file did not fail');
    const message = await page.textContent('.notice.error');
    expect(message.includes('坏目录.csv') && message.includes('第 2 行'), `message: ${message}`);
    expect(!message.includes('/imports/'), `the server's path shows: ${message}`);
    expect(await page.locator('#import-run').count() === 0, 'a failed check offers to import');
    await shot(page, 'imports-08-failed');
  });
}
