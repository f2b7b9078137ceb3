// Browser tests of the desk's forms pages (issue 15): the catalogue, filling O-09 with live
// checks, the draft kept across signing out, generating and filing.
import fs from 'node:fs';
import path from 'node:path';

export default async function formsTests(h) {
  const { base, test, expect, shot, newPage, signIn } = h;

  const row = (n, name) => `#rows tbody tr:nth-child(${n}) [name="${name}"]`;

  async function waitForText(page, selector, wanted, what) {
    try {
      await page.waitForFunction(
        ([sel, text]) => {
          const node = document.querySelector(sel);
          return node && node.textContent.includes(text);
        },
        [selector, wanted],
        { timeout: 8000 },
      );
    } catch (e) {
      const seen = await page.locator(selector).first().textContent().catch(() => '(none)');
      throw new Error(`${what}: expected 「${wanted}」 in ${selector}, saw 「${seen}」`);
    }
  }

  // O-09 with its header and two rows of supplies: 10 × 2.5 and 20 × 28, 585 元 in all.
  async function fillO09(page) {
    await page.fill('[name="申请日期"]', '2024-03-05');
    await page.selectOption('[name="申请类别"]', '领用');
    await page.fill(row(1, '物品名称'), '签字笔');
    await page.fill(row(1, '数量'), '10');
    await page.fill(row(1, '单价'), '2.5');
    await waitForText(page, '[data-computed="合计金额"]', '25.00', 'the total after one row');
    await page.fill(row(2, '物品名称'), '打印纸');
    await page.fill(row(2, '数量'), '20');
    await page.fill(row(2, '单价'), '28');
  }

  async function openO09(user) {
    const page = await newPage();
    await signIn(page, user);
    await page.goto(`${base}/forms/O-09`);
    await shot(page, 'forms-03-o09-opened');
    // The account's 机构 and name are given before the clerk types anything.
    await page.waitForFunction(() => document.querySelector('[name="申请人"]').value !== '', null, { timeout: 8000 })
      .catch(() => { throw new Error('申请人 was not filled in from the account'); });
    return page;
  }

  await test('a clerk lands on the forms, and the catalogue finds 用印登记表 by yydj', async () => {
    const page = await newPage();
    await signIn(page, '经办人乙');
    expect(new URL(page.url()).pathname === '/forms', `landed on ${page.url()}`);
    expect(await page.locator('section.regulation h2', { hasText: '《印章管理制度及流程》' }).count() === 1,
      'the catalogue is not grouped by regulation');
    await shot(page, 'forms-01-catalogue');
    await page.fill('#q', 'yydj');
    await waitForText(page, '#catalogue', '查找结果', 'searching by initials');
    const titles = await page.locator('#catalogue .form-title').allTextContents();
    expect(titles.includes('用印登记表'), `yydj found ${JSON.stringify(titles)}`);
    expect(titles.length < 5, `yydj found ${titles.length} forms`);
    const link = await page.locator('#catalogue a', { hasText: '用印登记表' }).first().getAttribute('href');
    expect(link.startsWith('/registers/'), `the register links to ${link}`);
    expect(new URL(page.url()).searchParams.get('q') === 'yydj', 'the search is not in the address');
    await shot(page, 'forms-02-search-yydj');
    await page.context().close();
  });

  await test('filling O-09 with two rows shows 合计, 大写金额 and the approval chain live', async () => {
    const page = await openO09('经办人乙');
    expect((await page.inputValue('[name="申请部门"]')) === 'BGS', '申请部门 is not the account\'s 机构');
    expect((await page.inputValue('[name="申请人"]')) === '经办人乙', '申请人 is not the account\'s name');
    await fillO09(page);
    await waitForText(page, '[data-computed="合计金额"]', '585.00', 'the total after two rows');
    await waitForText(page, 'fieldset.fields [data-capitals="合计金额"]', '伍佰捌拾伍元整', 'the 大写金额');
    expect((await page.locator('#rows tbody tr:nth-child(2) output[data-computed="金额"]').textContent())
      .includes('560.00'), 'the second row\'s 金额');
    await waitForText(page, '#approval-chain', '行政副总审批', 'the chain for 585 元');
    await waitForText(page, '#check-status', '检查通过', 'the check of a complete form');
    // A third row moves the amount over 3000 元: the chain the amount requires changes with it.
    await page.click('#add-row');
    await page.fill(row(3, '物品名称'), '碎纸机');
    await page.fill(row(3, '数量'), '1');
    await page.fill(row(3, '单价'), '3000');
    await waitForText(page, '[data-computed="合计金额"]', '3,585.00', 'the total after a third row');
    await waitForText(page, '#approval-chain', '总经理审批', 'the chain over 3000 元');
    await shot(page, 'forms-03-o09-live');
    // Removing it brings the total back.
    await page.click('#rows tbody tr:nth-child(3) .remove-row');
    await waitForText(page, '[data-computed="合计金额"]', '585.00', 'the total after removing a row');
    await page.context().close();
  });

  await test('a wrong date shows its problem at its field, and correcting it clears it', async () => {
    const page = await openO09('经办人乙');
    await fillO09(page);
    await page.fill('[name="申请日期"]', '2300-03-05');
    const date = page.locator('fieldset.fields [name="申请日期"]');
    await page.waitForFunction(() => document.querySelector('[name="申请日期"]').getAttribute('aria-invalid') === 'true',
      null, { timeout: 8000 }).catch(() => { throw new Error('申请日期 is not marked invalid'); });
    const message = page.locator('.field[data-name="申请日期"] p.problem');
    expect(await message.isVisible(), 'no message under 申请日期');
    expect((await message.textContent()).length > 2, 'an empty message');
    expect(!(await page.locator('#file-form').isEnabled()), '归档 is offered for a wrong form');
    await shot(page, 'forms-04-wrong-date');
    await date.fill('2024-03-06');
    await waitForText(page, '#check-status', '检查通过', 'the check after the correction');
    expect(!(await message.isVisible()), 'the message stays after the correction');
    // A row's problem is shown in its row: a 数量 of 0 is below the column's minimum.
    await page.fill(row(2, '数量'), '0');
    await page.waitForFunction(() => {
      const input = document.querySelector('#rows tbody tr:nth-child(2) [name="数量"]');
      return input.getAttribute('aria-invalid') === 'true';
    }, null, { timeout: 8000 }).catch(() => { throw new Error('row 2 数量 is not marked invalid'); });
    expect(await page.locator('#rows tbody tr:nth-child(1) [aria-invalid]').count() === 0, 'row 1 is marked too');
    await shot(page, 'forms-05-row-problem');
    await page.context().close();
  });

  await test('traditional characters and full-width digits are accepted', async () => {
    const page = await openO09('经办人乙');
    await page.fill('[name="申请部门"]', '辦公室');
    await page.fill('[name="申请日期"]', '2024-03-05');
    await page.selectOption('[name="申请类别"]', '采购');
    await page.fill(row(1, '物品名称'), '簽字筆');
    await page.fill(row(1, '数量'), '１２');
    await page.fill(row(1, '单价'), '２．５');
    await waitForText(page, '[data-computed="合计金额"]', '30.00', 'the total of full-width digits');
    await waitForText(page, '#check-status', '检查通过', 'the check of traditional characters');
    await shot(page, 'forms-06-traditional');
    await page.context().close();
  });

  let filed = '';
  await test('O-09 is previewed, downloaded, and filed: its 档号 is shown and its item page opens', async () => {
    const page = await openO09('经办人乙');
    await fillO09(page);
    await waitForText(page, '[data-computed="合计金额"]', '585.00', 'the total before filing');
    await waitForText(page, '#check-status', '检查通过', 'the check before filing');
    await page.waitForFunction(() => !!document.getElementById('preview').getAttribute('src'), null, { timeout: 8000 })
      .catch(() => { throw new Error('no preview'); });
    const previewUrl = await page.getAttribute('#preview', 'src');
    const pdf = await page.request.get(new URL(previewUrl, base).href);
    expect(pdf.status() === 200, `preview ${previewUrl}: ${pdf.status()}`);
    expect((await pdf.body()).subarray(0, 5).toString() === '%PDF-', 'the preview is not a PDF');
    expect((pdf.headers()['content-security-policy'] || '').includes("frame-ancestors 'self'"),
      'the preview may not be framed by the page');
    fs.writeFileSync(path.join(h.shots, 'forms-07-preview.pdf'), await pdf.body());  // to look at
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-xlsx')]);
    expect((await download.suggestedFilename()).endsWith('.xlsx'), `downloaded ${download.suggestedFilename()}`);
    await shot(page, 'forms-07-ready');
    await page.click('#file-form');
    await page.waitForSelector('#filed a.danghao', { timeout: 20000 });
    filed = await page.textContent('#filed a.danghao');
    expect(/^Z109-WS·2024-D10-BGS-\d{4}$/.test(filed), `档号 ${filed}`);
    expect(!new URL(page.url()).searchParams.has('draft'), 'the filed draft stays in the address');
    expect(await page.locator('#download-pdf[href]').count() === 0, 'the filed draft is still offered');
    await shot(page, 'forms-08-filed');
    await Promise.all([page.waitForURL(/\/items\//), page.click('#filed a.danghao')]);
    expect((await page.textContent('main')).includes('办公用品申请单'), 'the item page lacks the title');
    await shot(page, 'forms-09-filed-item');
    await page.context().close();
  });

  await test('a draft is resumed after signing out and in, and no other account sees it', async () => {
    let page = await openO09('经办人乙');
    await page.fill('[name="申请日期"]', '2024-04-01');
    await page.fill('[name="用途说明"]', '第二季度会议用品');
    await page.fill(row(1, '物品名称'), '白板笔');
    await page.fill(row(1, '数量'), '6');
    await waitForText(page, '#draft-status', '草稿已保存', 'the autosave');
    const draft = new URL(page.url()).searchParams.get('draft');
    expect(/^\d+$/.test(draft || ''), `the address has no draft: ${page.url()}`);
    await page.click('header.top button:has-text("退出")');
    await page.waitForURL(`${base}/`);
    await page.context().close();

    const other = await newPage();
    await signIn(other, '档案员甲');
    await other.goto(`${base}/forms`);
    expect(!(await other.textContent('section.my-drafts')).includes('O-09'), 'another account lists the draft');
    const foreign = await other.request.get(`${base}/api/drafts/${draft}`);
    expect(foreign.status() === 404, `another account reads the draft: ${foreign.status()}`);
    await other.context().close();

    page = await newPage();
    await signIn(page, '经办人乙');
    await page.goto(`${base}/forms`);
    const entry = page.locator(`li.draft[data-draft="${draft}"] a`);
    expect(await entry.count() === 1, 'the draft is not listed on the desk');
    await shot(page, 'forms-10-drafts');
    await Promise.all([page.waitForURL(/\/forms\/O-09\?draft=/), entry.click()]);
    await waitForText(page, '#draft-status', '已打开草稿', 'opening the draft');
    expect((await page.inputValue('[name="用途说明"]')) === '第二季度会议用品', 'the draft\'s 用途说明 is lost');
    expect((await page.inputValue(row(1, '数量'))) === '6', 'the draft\'s row is lost');
    expect((await page.inputValue('[name="申请日期"]')) === '2024-04-01', 'the draft\'s date is lost');
    // What the draft lacks is shown at once.
    await page.waitForFunction(() => document.querySelector('[name="申请类别"]').getAttribute('aria-invalid') === 'true',
      null, { timeout: 8000 }).catch(() => { throw new Error('the draft\'s missing 申请类别 is not shown'); });
    await shot(page, 'forms-11-draft-resumed');
    // Deleted from the desk, it is gone.
    await page.goto(`${base}/forms`);
    await Promise.all([page.waitForURL(`${base}/forms`), page.click(`li.draft[data-draft="${draft}"] button`)]);
    expect(await page.locator(`li.draft[data-draft="${draft}"]`).count() === 0, 'the deleted draft is listed');
    await page.context().close();
  });
}
