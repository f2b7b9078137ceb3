// Browser tests of the archivist's desk (issue 14): search, item pages, uploads, roles.
// Run by run.mjs, which gives the harness `h`.
import fs from 'node:fs';
import path from 'node:path';

export default async function deskTests(h) {
  const { base, password, scans, shots, work, contract, secret } = h;
  const { run, test, expect, shot, newPage, signIn, itemUrl } = h;
  const desk = await newPage();

  await test('the login page signs an archivist in and leads to the search', async () => {
    await desk.goto(`${base}/`);
    await shot(desk, '01-login');
    await desk.fill('input[name="user"]', '档案员甲');
    await desk.fill('input[name="password"]', '错误的密码0000');
    await desk.click('button[type="submit"]');
    expect((await desk.textContent('.notice.error')).includes('用户名或密码错误'), 'no error for a wrong password');
    await shot(desk, '02-login-failed');
    await signIn(desk, '档案员甲');
    expect((await desk.textContent('header .who')).includes('档案员甲'), 'the signed-in name is not shown');
  });

  await test('a search shows the hit with its 档号, snippet and total', async () => {
    await desk.fill('input[name="q"]', '购销合同');
    await Promise.all([desk.waitForURL(/\/search\?q=/), desk.press('input[name="q"]', 'Enter')]);
    const hits = await desk.locator('li.hit a.danghao').allTextContents();
    expect(hits.includes(contract), `the contract ${contract} is not among ${hits}`);
    expect((await desk.textContent('.count')).includes('共命中'), 'no total');
    expect(await desk.locator('li.hit mark').count() > 0, 'no marked term in the snippets');
    await shot(desk, '03-search');
  });

  await test('a pinyin query finds the same item', async () => {
    await desk.goto(`${base}/search?q=gouxiao`);
    const hits = await desk.locator('li.hit a.danghao').allTextContents();
    expect(hits.includes(contract), `pinyin gouxiao did not find ${contract}: ${hits}`);
  });

  await test('the filters list the items under them and keep their values', async () => {
    await desk.goto(`${base}/search`);
    await desk.selectOption('select[name="secrecy"]', '机密');
    await Promise.all([desk.waitForURL(/secrecy=/), desk.click('form.search button[type="submit"]')]);
    const hits = await desk.locator('li.hit a.danghao').allTextContents();
    expect(hits.length === 1 && hits[0] === secret, `the 机密 filter gave ${hits}`);
    expect((await desk.inputValue('select[name="secrecy"]')) === '机密', 'the filter lost its value');
    await shot(desk, '04-search-filtered');
  });

  await test('the item page shows the metadata, the file inline and the audit history', async () => {
    await desk.goto(`${base}/search?q=${encodeURIComponent('购销合同')}`);
    await Promise.all([desk.waitForURL(/\/items\//), desk.click(`li.hit a.danghao:text-is("${contract}")`)]);
    expect((await desk.textContent('h1')) === '与华东机械公司的购销合同', 'wrong title');
    expect((await desk.textContent('table.meta')).includes(contract), 'no 档号 in the metadata');
    const viewer = await desk.getAttribute('iframe.viewer', 'src');
    expect(viewer && viewer.endsWith('/files/1'), `no inline viewer of file 1: ${viewer}`);
    const file = await desk.request.get(`${base}${viewer}`);
    expect(file.ok(), `the file answers ${file.status()}`);
    expect((await file.body()).subarray(0, 5).toString() === '%PDF-', 'the file is not the PDF');
    expect((await desk.textContent('table.log')).includes('归档'), 'no filing in the audit history');
    await shot(desk, '05-item');
    // The PDF viewer (a frame of its own) is drawn only in view, some time after the load.
    await desk.locator('iframe.viewer').scrollIntoViewIfNeeded();
    await desk.waitForTimeout(2500);
    await desk.screenshot({ path: path.join(shots, '05b-item-viewer.png') });
  });

  await test('the copy for use downloads as a PDF after giving a reason', async () => {
    await desk.goto(itemUrl(contract));
    await desk.fill('input[name="reason"]', '合同纠纷查证');
    const [download] = await Promise.all([desk.waitForEvent('download'), desk.click('text=下载利用副本')]);
    const saved = path.join(work, 'copy.pdf');
    await download.saveAs(saved);
    const bytes = fs.readFileSync(saved);
    expect(bytes.subarray(0, 5).toString() === '%PDF-', 'the copy is not a PDF');
    expect(bytes.length > 1000, `the copy has only ${bytes.length} bytes`);
    await desk.reload();
    expect((await desk.textContent('table.log')).includes('出具利用副本'), 'the copy is not in the history');
  });

  await test('an edit through the item form changes the title', async () => {
    await desk.goto(itemUrl(contract));
    await desk.fill('#edit-1', '与华东机械公司的购销合同（修订）');
    await desk.fill('#edit-reason', '题名与合同原件不符');
    await Promise.all([desk.waitForURL(/done=edit/), desk.click('text=保存修改')]);
    expect((await desk.textContent('h1')) === '与华东机械公司的购销合同（修订）', 'the title did not change');
    expect((await desk.textContent('.notice.ok')).includes('已保存'), 'no confirmation');
    expect((await desk.textContent('table.log')).includes('修改原因：题名与合同原件不符'), 'no reason in the history');
    await shot(desk, '06-item-edited');
  });

  await test('several scans uploaded at once are each filed and shown', async () => {
    await desk.goto(`${base}/upload`);
    await shot(desk, '07-upload');
    await desk.setInputFiles('input[type="file"]', [
      path.join(scans, 'Z109-WS.2016-Y-BGS-0002.pdf'),
      path.join(scans, '会议照片2016.pdf'),
    ]);
    await desk.fill('input[name="title"]', '会议纪要扫描件');
    await desk.click('text=上传并归档');
    await desk.waitForFunction(() => document.querySelectorAll('#upload-results li.filed, #upload-results li.failed').length === 2,
      null, { timeout: 60000 });
    const failed = await desk.locator('#upload-results li.failed').allTextContents();
    expect(failed.length === 0, `upload failed: ${failed}`);
    const links = await desk.locator('#upload-results li.filed a').allTextContents();
    expect(links.length === 2, `filed items shown: ${links}`);
    await shot(desk, '08-upload-done');
    await Promise.all([desk.waitForURL(/\/items\//), desk.click('#upload-results li.filed a >> nth=0')]);
    expect((await desk.textContent('table.meta')).includes(links[0]), 'the filed item does not open');
  });

  await test('the retention, check and audit pages open for those allowed', async () => {
    await desk.goto(itemUrl(contract));
    await desk.fill('#hold-reason', '诉讼未结');
    await Promise.all([desk.waitForURL(/done=hold/), desk.click('button:text-is("冻结")')]);
    await desk.goto(`${base}/retention?as_of=2099-01-01`);
    expect((await desk.textContent('h1')) === '到期与冻结', 'no retention page');
    expect((await desk.locator('table.list').first().textContent()).includes(contract), 'the due list lacks the item');
    await Promise.all([desk.waitForURL(/holds=1/), desk.click('text=列出冻结中的档案')]);
    const holds = await desk.locator('table.list').nth(1).textContent();
    expect(holds.includes(contract) && holds.includes('诉讼未结'), `holds: ${holds}`);
    await shot(desk, '09-retention');
    await desk.goto(`${base}/check`);
    await desk.click('button[value="check"]');
    await desk.waitForSelector('.notice');
    expect((await desk.textContent('.notice')).includes('全部完好'), `check: ${await desk.textContent('.notice')}`);
    await shot(desk, '10-check');
    const auditor = await newPage();
    await auditor.goto(`${base}/`);
    await auditor.fill('input[name="user"]', '审计员丙');
    await auditor.fill('input[name="password"]', password);
    await Promise.all([auditor.waitForURL(`${base}/audit`), auditor.click('button[type="submit"]')]);
    await auditor.goto(`${base}/audit?danghao=${encodeURIComponent(contract)}`);
    expect((await auditor.textContent('table.log')).includes('出具利用副本'), 'the audit log lacks the copy');
    await shot(auditor, '11-audit');
    await auditor.context().close();
  });

  await test('a 内部 account sees none of a 机密 item: no hit, and its page is the 404 page', async () => {
    const clerk = await newPage();
    await signIn(clerk, '经办人乙');
    await clerk.goto(`${base}/search?q=${encodeURIComponent('研发合作协议')}`);
    expect(await clerk.locator('li.hit').count() === 0, 'the 机密 item is listed');
    expect(!(await clerk.content()).includes(secret), 'the 机密 档号 appears');
    await shot(clerk, '12-clerk-search');
    const response = await clerk.goto(itemUrl(secret));
    expect(response.status() === 404, `status ${response.status()}`);
    const secretPage = await clerk.textContent('main');
    const missing = await clerk.goto(itemUrl('Z109-WS·2024-Y-BGS-0999'));
    expect(missing.status() === 404, 'a missing item is not 404');
    expect((await clerk.textContent('main')) === secretPage, 'the 机密 item page differs from a missing one');
    await shot(clerk, '13-not-found');
    await clerk.context().close();
  });

  await test('an administrator adds an account in the browser, and it can sign in', async () => {
    const admin = await newPage();
    await admin.goto(`${base}/`);
    await admin.fill('input[name="user"]', '管理员丁');
    await admin.fill('input[name="password"]', password);
    await Promise.all([admin.waitForURL(`${base}/users`), admin.click('button[type="submit"]')]);
    await admin.fill('#u-name', '新文书戊');
    await admin.selectOption('#u-role', '经办人');
    await admin.fill('#u-dept', 'XZB');
    await admin.fill('#u-password', password);
    await Promise.all([admin.waitForURL(/done=add/), admin.click('form[action="/users"] button[type="submit"]')]);
    expect((await admin.textContent('table.log')).includes('新文书戊'), 'the new account is not listed');
    await shot(admin, '15-users');
    await admin.context().close();
    const newcomer = await newPage();
    await signIn(newcomer, '新文书戊');
    expect(newcomer.url().endsWith('/forms'), `the new clerk landed on ${newcomer.url()}`);  // a clerk's desk is the forms
    await newcomer.context().close();
  });

  await test('the page is usable by keyboard: the search field takes focus and shows it', async () => {
    await desk.goto(`${base}/retention`);
    // Other pages were opened since: this one must be the window in front to take the keys.
    await desk.bringToFront();
    await desk.keyboard.press('Tab');
    const first = await desk.evaluate(() => document.activeElement.textContent);
    expect(first.includes('跳到正文'), `the first Tab stop is ${first}`);
    await desk.goto(`${base}/search`);
    expect(await desk.evaluate(() => document.activeElement.name) === 'q', 'the search field has no focus');
    const outline = await desk.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    expect(outline !== 'none', 'no focus outline on the search field');
  });

  await test('the item page prints without the navigation and the forms', async () => {
    await desk.goto(itemUrl(contract));
    await desk.emulateMedia({ media: 'print' });
    const hidden = await desk.evaluate(() => ['header.top', '.item-side', 'iframe.viewer']
      .map((sel) => getComputedStyle(document.querySelector(sel)).display));
    expect(hidden.every((d) => d === 'none'), `shown in print: ${hidden}`);
    expect(await desk.isVisible('table.meta'), 'the metadata is not printed');
    await shot(desk, '14-item-print');
    await desk.emulateMedia({ media: 'screen' });
  });

  await test('signing out ends the session', async () => {
    await desk.goto(`${base}/search`);
    await Promise.all([desk.waitForURL(`${base}/`), desk.click('header .who button')]);
    await desk.goto(`${base}/search`);
    expect(desk.url() === `${base}/`, `after signing out /search shows ${desk.url()}`);
  });

}
