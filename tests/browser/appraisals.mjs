// Browser tests of appraisal and destruction (issue 16): an archivist starts an appraisal of three
// items due (filed here with the command line as items of 2012, 定期10年; one of them held),
// decides each (the held one cannot be proposed), records the group's opinion and the leader's
// approval, names the approver as a witness first (refused, next to the step), then two others,
// destroys, sees 已销毁 on the item page and downloads the 销毁清册 PDF.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export default async function appraisalsTests(h) {
  const { base, run, scans, work, test, expect, shot, newPage, signIn, itemUrl } = h;
  const dom = { waitUntil: 'domcontentloaded' };

  function fileOld(scan, title) {
    const out = run(['file', path.join(scans, scan), '--archive', h.archive, '--title', title, '--year', '2012',
      '--retention', 'D10', '--dept', 'BGS', '--secrecy', '内部', '--date', '2012-06-08', '--no-ocr', '--json']);
    return JSON.parse(out)['档号'];
  }
  const proposed = fileOld('Z109-WS·2015-Y-BGS-0004.pdf', '关于2012年办公用品采购的请示');
  const kept = fileOld('Z109-WS.2016-Y-BGS-0002.pdf', '2012年公司印章启用登记');
  const held = fileOld('会议照片2016.pdf', '2012年设备维修合同');
  const row = (danghao) => `table.appraisal-items tr:has(input[name="danghao"][value="${danghao}"])`;

  const page = await newPage();
  let appraisalUrl = '';

  await test('an archivist starts an appraisal of items due from the list of items due', async () => {
    await signIn(page, '档案员甲');
    await Promise.all([page.waitForURL(/\/appraisals/, dom), page.click('header nav a:text-is("鉴定销毁")')]);
    for (const d of [proposed, kept, held]) {
      expect(await page.locator(`table.due input[value="${d}"]`).count() === 1, `${d} is not offered as due`);
    }
    expect((await page.inputValue('#start-name')).includes('年第'), 'no default name');
    await page.fill('#start-name', '2026年第1次鉴定');
    for (const d of [proposed, kept, held]) await page.check(`table.due input[value="${d}"]`);
    await shot(page, '70-appraisals-due');
    await Promise.all([page.waitForLoadState('domcontentloaded'), page.click('button:text-is("对勾选的档案开始鉴定")')]);
    if (!/\/appraisals\/\d+\?done=start/.test(page.url())) {
      await shot(page, '70-appraisals-refused');
      throw new Error(`not started: ${await page.textContent('main .notice')}`);
    }
    appraisalUrl = page.url().replace(/\?.*$/, '');
    expect((await page.textContent('h1')).includes('鉴定中'), 'not 鉴定中');
    expect(await page.locator('table.appraisal-items tbody tr').count() === 3, 'not three items');
    // A hold placed after the start (a lawsuit comes up): the item can only be kept.
    run(['hold', held, '--reason', '合同纠纷诉讼未结', '--archive', h.archive]);
    await page.reload(dom);
    expect(await page.locator(`${row(held)} button[value="拟销毁"]`).isDisabled(), 'a held item may be proposed');
    expect(await page.locator('#step-approve fieldset[disabled]').count() === 1, 'approval is open before the opinion');
    await shot(page, '71-appraisal-started');
  });

  await test('each item is decided: 拟销毁, 续存 with a longer period and a reason', async () => {
    await Promise.all([page.waitForURL(/done=decide/, dom), page.click(`${row(proposed)} button[value="拟销毁"]`)]);
    await page.selectOption(`${row(kept)} select[name="new_retention"]`, 'Y');
    await page.fill(`${row(kept)} input[name="reason"]`, '印章启用记录，需永久保存');
    await Promise.all([page.waitForURL(/done=decide/, dom), page.click(`${row(kept)} button[value="续存"]`)]);
    await page.selectOption(`${row(held)} select[name="new_retention"]`, 'D30');
    await page.fill(`${row(held)} input[name="reason"]`, '诉讼未结，继续保存');
    await Promise.all([page.waitForURL(/done=decide/, dom), page.click(`${row(held)} button[value="续存"]`)]);
    expect((await page.textContent(row(proposed))).includes('拟销毁'), 'not proposed');
    expect((await page.textContent(row(kept))).includes('续存为永久'), 'not kept as 永久');
    expect((await page.textContent('p.decisions')).includes('拟销毁 1 件，续存 2 件'), 'counts wrong');
    await shot(page, '72-appraisal-decided');
  });

  await test('the group opinion and the leader approval are recorded in order', async () => {
    await page.fill('#opinion-members', '张三、李四、王五');
    await page.fill('#opinion-text', '经逐件鉴定，所列一件已无保存价值，同意销毁；其余两件续存。');
    await Promise.all([page.waitForURL(/done=opinion/, dom), page.click('#step-opinion button[type="submit"]')]);
    expect((await page.textContent('h1')).includes('待批准'), 'not 待批准');
    expect(await page.locator('#step-approve fieldset[disabled]').count() === 0, 'approval is not open');
    expect(await page.locator('#step-witness fieldset[disabled]').count() === 1, 'witnesses open before approval');
    await page.fill('#approve-who', '王总经理');
    await page.fill('#approve-text', '同意销毁。');
    await shot(page, '73-appraisal-approve');
    await Promise.all([page.waitForURL(/done=approve/, dom), page.click('button:text-is("批准销毁")')]);
    expect((await page.textContent('#step-approve dl.recorded')).includes('王总经理'), 'approver not shown');
  });

  await test('the approver named as a 监销人 is refused next to the step, then two others are recorded', async () => {
    await page.fill('#witness-1', '王总经理');
    await page.fill('#witness-2', '赵六');
    await page.fill('#witness-place', '公司档案室');
    await page.click('#step-witness button[type="submit"]');
    await page.waitForSelector('#step-witness .notice.error');
    const refusal = await page.textContent('#step-witness .notice.error');
    expect(refusal.includes('王总经理'), `the refusal does not name the approver: ${refusal}`);
    expect((await page.inputValue('#witness-place')) === '公司档案室', 'the place typed is lost');
    await shot(page, '74-appraisal-witness-refused');
    await page.fill('#witness-1', '钱七');
    await Promise.all([page.waitForURL(/done=witness/, dom), page.click('#step-witness button[type="submit"]')]);
    expect((await page.textContent('#step-witness dl.recorded')).includes('钱七、赵六'), 'witnesses not shown');
    expect((await page.textContent('button.destroy')).includes('销毁 1 件'), 'the count is not named');
    await shot(page, '75-appraisal-ready');
  });

  let listDanghao = '';
  await test('destroying marks the item 已销毁 and files the 清册 as a 永久 item', async () => {
    await page.check('#step-destroy input[name="confirm"]');
    await Promise.all([page.waitForURL(/done=destroy/, dom), page.click('button.destroy')]);
    expect((await page.textContent('h1')).includes('已销毁'), 'not 已销毁');
    listDanghao = (await page.textContent('.destroyed-done a')).trim();
    expect(listDanghao.startsWith('Z109-'), `no 清册 档号: ${listDanghao}`);
    await shot(page, '76-appraisal-destroyed');
    await page.goto(itemUrl(proposed), dom);
    const notice = await page.textContent('.destroyed-notice');
    expect(notice.includes('已销毁') && notice.includes(listDanghao), `item page: ${notice}`);
    expect(await page.locator('iframe.viewer').count() === 0, 'the destroyed item still shows its file');
    await shot(page, '77-item-destroyed');
    await Promise.all([page.waitForURL(/\/items\//, dom), page.click('.destroyed-notice a')]);
    expect((await page.textContent('table.meta')).includes('永久'), 'the 清册 is not 永久');
    await page.goto(itemUrl(held), dom);
    expect((await page.textContent('table.meta')).includes('定期30年'), 'the held item was not kept 30 years');
  });

  await test('the 清册 PDF downloads and lists the destroyed item with the witnesses', async () => {
    await page.goto(appraisalUrl, dom);
    const href = await page.getAttribute('a:text-is("销毁清册 PDF")', 'href');
    const answer = await page.request.get(`${base}${href}`);
    const body = await answer.body();
    expect(answer.ok() && body.subarray(0, 5).toString() === '%PDF-', 'no PDF');
    const file = path.join(work, '销毁清册.pdf');
    fs.writeFileSync(file, body);
    const text = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, '');
    expect(text.includes('档案销毁清册'), 'no title in the PDF');
    expect(text.includes(proposed.replace(/\s+/g, '')), `the PDF does not list ${proposed}`);
    expect(text.includes('钱七') && text.includes('赵六'), 'the witnesses are not in the PDF');
    spawnSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', file, path.join(h.shots, '78-destruction-list')]);
  });

  await page.context().close();
}
